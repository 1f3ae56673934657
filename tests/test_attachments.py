"""Evidence files copied into the workspace by hash: deduplicated, checked when read back, locked
with their report, every change in the report's history."""
import hashlib
import os

import pytest
from sqlalchemy import func, select

from app.models import AttachmentBlob, ReportAttachment
from app.services import agreements, attachments, reports
from app.services.demo import build_demo_agreement
from app.services.errors import ValidationError


@pytest.fixture
def report(workspace):
    with workspace.transaction() as s:
        data = agreements.load_agreement(s, build_demo_agreement(s))
        report_id = reports.get_or_create(s, data.indicators[3].id, data.rounds[0].id)
        other_id = reports.get_or_create(s, data.indicators[4].id, data.rounds[0].id)
    return workspace, report_id, other_id


def blobs(ws) -> int:
    with ws.session() as s:
        return s.scalar(select(func.count()).select_from(AttachmentBlob))


def refused(ws, change, *fragments):
    with pytest.raises(ValidationError) as err:
        with ws.transaction() as s:
            change(s)
    for fragment in fragments:
        assert fragment in err.value.message, err.value.message


def test_a_file_is_copied_in_and_survives_the_original(report, tmp_path):
    ws, report_id, other_id = report
    original = tmp_path / "คำสั่ง ที่ 2-2567.pdf"
    payload = b"%PDF-1.4 order 2/2567 " * 100
    original.write_bytes(payload)
    with ws.transaction() as s:
        first = attachments.attach_file(s, report_id, original, "คำสั่งแต่งตั้งคณะทำงาน")
        again = attachments.attach_file(s, other_id, original)          # same bytes: stored once
    original.unlink()
    assert blobs(ws) == 1
    with ws.session() as s:
        name, data = attachments.attachment_data(s, first)
        view = reports.load_report(s, report_id)
        out = attachments.extract_attachment(s, first, tmp_path / "open")
        out2 = attachments.extract_attachment(s, first, tmp_path / "open")
    assert (name, data) == ("คำสั่ง ที่ 2-2567.pdf", payload)
    [shown] = view.attachments
    assert (shown.id, shown.file_name, shown.title, shown.size) == (first, name, "คำสั่งแต่งตั้งคณะทำงาน", len(payload))
    assert shown.sha256 == hashlib.sha256(payload).hexdigest() and shown.added_by == reports.current_user()
    assert shown.added_at is not None
    assert out.name == name and out.read_bytes() == payload and out2.name == "คำสั่ง ที่ 2-2567 (2).pdf"
    with ws.transaction() as s:
        attachments.remove_attachment(s, first)
    assert blobs(ws) == 1                      # the other report still uses it
    with ws.transaction() as s:
        attachments.remove_attachment(s, again)
    assert blobs(ws) == 0
    with ws.session() as s:
        lines = [line.text for line in reports.history_lines(s, report_id)]
    assert lines[1].startswith("แนบไฟล์ “คำสั่ง ที่ 2-2567.pdf”") and lines[2] == "ลบไฟล์แนบ “คำสั่ง ที่ 2-2567.pdf”"


def test_files_that_cannot_be_attached_say_why_and_nothing_is_saved(report, tmp_path, monkeypatch):
    ws, report_id, _ = report
    missing = tmp_path / "ไม่มี.pdf"
    refused(ws, lambda s: attachments.attach_file(s, report_id, missing), str(missing), "ไม่พบไฟล์")
    refused(ws, lambda s: attachments.attach_file(s, report_id, tmp_path), "เป็นโฟลเดอร์")
    empty = tmp_path / "ว่าง.txt"
    empty.write_bytes(b"")
    refused(ws, lambda s: attachments.attach_file(s, report_id, empty), "ว่าง.txt", "ไฟล์ว่าง")
    big = tmp_path / "ภาพถ่าย.jpg"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024)
    refused(ws, lambda s: attachments.attach_file(s, report_id, big), "ภาพถ่าย.jpg", "เกินขนาดที่แนบได้", "50 MB")
    monkeypatch.undo()
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "ลับ.pdf"
        locked.write_bytes(b"secret")
        locked.chmod(0)
        refused(ws, lambda s: attachments.attach_file(s, report_id, locked), "ลับ.pdf", "ไม่มีสิทธิ์อ่าน")
    assert blobs(ws) == 0
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(ReportAttachment)) == 0
        assert [e.action for e in reports.history(s, report_id)] == ["create"]


def test_a_damaged_copy_is_reported_not_opened(report, tmp_path):
    ws, report_id, _ = report
    source = tmp_path / "แผน.xlsx"
    source.write_bytes(b"plan" * 10)
    with ws.transaction() as s:
        attachment_id = attachments.attach_file(s, report_id, source)
    with ws.transaction() as s:
        blob = s.scalars(select(AttachmentBlob)).one()
        blob.data = b"PLAN" * 10
    with ws.session() as s:
        with pytest.raises(ValidationError, match="แผน.xlsx.*เสียหาย"):
            attachments.attachment_data(s, attachment_id)
        with pytest.raises(ValidationError, match="เสียหาย"):
            attachments.extract_attachment(s, attachment_id, tmp_path / "out")
    assert not (tmp_path / "out" / "แผน.xlsx").exists()


def test_a_locked_report_refuses_attachment_changes(report, tmp_path):
    ws, report_id, _ = report
    source = tmp_path / "หลักฐาน.png"
    source.write_bytes(b"\x89PNG evidence")
    with ws.transaction() as s:
        attachment_id = attachments.attach_file(s, report_id, source)
        attachments.update_attachment(s, attachment_id, "ภาพการประชุม")
        reports.update(s, report_id, result="100", actions="ก", preparer_name="ข")
        reports.submit(s, report_id)
        reports.review(s, report_id)
    refused(ws, lambda s: attachments.attach_file(s, report_id, source), "ล็อก")
    refused(ws, lambda s: attachments.remove_attachment(s, attachment_id), "ล็อก")
    refused(ws, lambda s: attachments.update_attachment(s, attachment_id, "อื่น"), "ล็อก")
    with ws.session() as s:
        assert attachments.attachment_data(s, attachment_id)[1] == b"\x89PNG evidence"   # still readable
        assert reports.load_report(s, report_id).attachments[0].title == "ภาพการประชุม"


def test_safe_file_names():
    assert attachments.safe_file_name("..\\..\\evil:name?.pdf") == "evil_name_.pdf"
    assert attachments.safe_file_name("   ") == "ไฟล์แนบ"
