"""File > ส่งออก Excel… exports whatever is on screen: the plan, the agreement's framework, a round's scores."""
import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

pytestmark = pytest.mark.gui


def _export(qtbot, window, monkeypatch, target, asked: list):
    def fake_dialog(parent, title, suggested, filters):
        asked.append((title, suggested, filters))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    window.act_export_excel.trigger()
    written = target.with_suffix(".xlsx")
    qtbot.waitUntil(lambda: written.exists() and written.stat().st_size > 0, timeout=30_000)
    qtbot.waitUntil(lambda: "Excel แล้ว" in window.statusBar().currentMessage(), timeout=30_000)
    return openpyxl.load_workbook(written).active


def test_export_excel_follows_the_screen_on_view(qtbot, window, tmp_path, monkeypatch):
    from app.services import agreements
    from app.services.demo import build_demo_agreement

    assert window.current_editor() is not None and window.act_export_excel.isEnabled()
    asked = []
    plan = _export(qtbot, window, monkeypatch, tmp_path / "แผน", asked)  # no extension typed: .xlsx added
    assert plan["A1"].value == "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มพัฒนาระบบบริหาร"
    assert plan["A2"].value == "กิจกรรม/ขั้นตอน" and plan["B4"].value == "ก.ย."
    assert "แผนปฏิบัติการ_2567_กลุ่มพัฒนาระบบบริหาร.xlsx" in asked[-1][1] and "*.xlsx" in asked[-1][2]

    with window.ws.transaction() as s:
        agreement_id = build_demo_agreement(s)
    window.refresh_navigator()
    assert window.open_agreement(agreement_id) is not None and window.act_export_excel.isEnabled()
    framework = _export(qtbot, window, monkeypatch, tmp_path / "framework.xlsx", asked)
    assert framework["B2"].value == "องค์ประกอบ / ตัวชี้วัด"
    assert "กรอบการประเมิน_2566" in asked[-1][1]

    with window.ws.session() as s:
        round_id = agreements.load_agreement(s, agreement_id).rounds[0].id
    assert window.open_round(round_id) is not None and window.act_export_excel.isEnabled()
    scores = _export(qtbot, window, monkeypatch, tmp_path / "scores.xlsx", asked)
    assert scores["F2"].value == "คะแนนถ่วงน้ำหนัก" and "รอบ" in scores["A1"].value
    assert "ผลคะแนน_" in asked[-1][1]


def test_cancelling_the_dialog_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.act_export_excel.trigger()
    qtbot.wait(200)
    assert list(tmp_path.glob("*.xlsx")) == []
