"""Memos of a round: the defaults word subject and body as seed 003 does, filled from the round."""
import pytest

from app.services import appeals, memos, round_summary
from app.services.errors import ValidationError
from tests.round_support import build, d

PERIOD = "๑ ตุลาคม ๒๕๖๖ - ๒๔ กุมภาพันธ์ ๒๕๖๗"


@pytest.fixture
def first_round(workspace):
    with workspace.transaction() as s:
        b = build(s, 3, first=["67.5", "70", "80"], parent="กรมอนามัย")
        appeals.set_round_dates(s, b.first_round, d("2024-03-14"), d("2024-03-21"))
    return workspace, b


def test_default_announcement_after_appeal_as_seed_003(first_round):
    ws, b = first_round
    with ws.session() as s:
        fields = memos.default_announcement(s, b.first_round)
    assert fields["urgency"] == "ด่วนที่สุด" and fields["department"] == "กลุ่มพัฒนาระบบบริหาร"
    assert fields["subject"] == ("แจ้งคะแนนผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการของหน่วยงานในสังกัดกรมอนามัย "
                                 "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ รอบ ๕ เดือนแรก (คะแนนหลังการอุทธรณ์)")
    first, second = fields["paragraphs"]
    assert first.startswith("ตามที่กลุ่มพัฒนาระบบบริหาร ได้แจ้งคะแนนผลการปฏิบัติราชการ")
    assert "ภายในวันที่ ๒๑ มีนาคม ๒๕๖๗ หากพ้นกำหนดวันดังกล่าว" in first and first.endswith("นั้น")
    assert second.startswith("กลุ่มพัฒนาระบบบริหารขอแจ้งให้หน่วยงานทราบว่า ขณะนี้เจ้าภาพตัวชี้วัดได้พิจารณา")
    assert fields["closing"] == "จึงเรียนมาเพื่อโปรดทราบ"
    assert (fields["signer_name"], fields["signer_position"]) == ("นายทดสอบ ใจดี", "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร")
    with ws.session() as s:
        before = memos.default_announcement(s, b.first_round, after_appeal=False)
    assert before["subject"].endswith(f"รอบ ๕ เดือนแรก ({PERIOD})")


def test_default_appeal_names_the_announcement_and_counts_indicators(first_round):
    ws, b = first_round
    with ws.transaction() as s:
        memos.create_memo(s, b.first_round, **{**memos.default_announcement(s, b.first_round, after_appeal=False),
                                               "number": "สธ ๐๙๒๖.๐๒/ว ๒๒๖", "dated": d("2024-03-14")})
        report_ids = [r.report_id for r in round_summary.summarize(s, b.first_round).rows]
        appeals.file_appeal(s, report_ids[0], "3", "เหตุผล", filed_on=d("2024-03-20"))
        appeals.file_appeal(s, report_ids[0], "4", "อีกประเด็น", filed_on=d("2024-03-20"))
        appeals.file_appeal(s, report_ids[2], "4", "เหตุผล", filed_on=d("2024-03-21"))
    with ws.session() as s:
        fields = memos.default_appeal(s, b.first_round, "กองทดสอบ")
        listed = memos.appealed_indicators(s, b.first_round)
    assert fields["subject"] == ("ขออุทธรณ์คะแนนผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการของหน่วยงานในสังกัดกรมอนามัย "
                                 f"ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ รอบ ๕ เดือนแรก ({PERIOD})")
    assert fields["addressee"] == "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร" and fields["department"] == "กองทดสอบ"
    first, second = fields["paragraphs"]
    assert "ด่วนที่สุด ที่ สธ ๐๙๒๖.๐๒/ว ๒๒๖ ลงวันที่ ๑๔ มีนาคม ๒๕๖๗ เรื่อง แจ้งคะแนน" in first
    assert second == (f"ในกรณีนี้ กองทดสอบ ขออุทธรณ์คะแนนผลการปฏิบัติราชการตามคำรับรองฯ รอบ ๕ เดือนแรก ({PERIOD}) "
                      "จำนวน ๒ ตัวชี้วัด ดังนี้")
    assert listed == [("4.1", "ตัวชี้วัดทดสอบที่ 1"), ("4.3", "ตัวชี้วัดทดสอบที่ 3")]


def test_create_update_list_and_refusals(first_round):
    ws, b = first_round
    with ws.transaction() as s:
        memo_id = memos.create_memo(s, b.first_round, "announcement", subject="  เรื่องทดสอบ ",
                                    paragraphs=["ย่อหน้าแรก", "  ", "ย่อหน้าสอง"], dated=d("2024-03-26"))
        memos.update_memo(s, memo_id, number="สธ ๐๙๒๖.๐๒/ว ๒๕๔", closing="จึงเรียนมาเพื่อโปรดทราบ")
    for bad, message in ((dict(subject=""), "กรุณาระบุเรื่อง"), (dict(colour="red"), "ไม่มีช่องชื่อ"),
                         (dict(dated="26/3/2567"), "วันที่")):
        with pytest.raises(ValidationError, match=message):
            with ws.transaction() as s:
                memos.update_memo(s, memo_id, **bad)
    with pytest.raises(ValidationError, match="announcement หรือ appeal"):
        with ws.transaction() as s:
            memos.create_memo(s, b.first_round, "letter", subject="x")
    with ws.session() as s:
        [memo] = memos.list_memos(s, b.first_round)
        assert memos.list_memos(s, b.first_round, "appeal") == []
    assert (memo.subject, memo.paragraphs, memo.number) == ("เรื่องทดสอบ", ("ย่อหน้าแรก", "ย่อหน้าสอง"),
                                                            "สธ ๐๙๒๖.๐๒/ว ๒๕๔")
    with ws.transaction() as s:
        memos.delete_memo(s, memo_id)
    with ws.session() as s:
        assert memos.list_memos(s, b.first_round) == []
