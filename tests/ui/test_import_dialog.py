"""The import dialog driven through its widgets: preview of seed 000's workbook, a column remapped,
a refused file, and File › นำเข้าแผนจาก Excel… importing on the worker thread and opening the plan."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QFileDialog

from app.services import plans
from app.ui.import_dialog import ImportDialog
from tests.excel_support import office_workbook
from tests.ui.conftest import ARTIFACTS

pytestmark = pytest.mark.gui


@pytest.fixture
def seed_book(tmp_path):
    path = tmp_path / "แผน 2567.xlsx"
    office_workbook(path=path)
    return path


def messages(dialog):
    return [dialog.messages.item(i).text() for i in range(dialog.messages.count())]


def test_preview_shows_tree_columns_months_and_prefills(qtbot, window, seed_book):
    dialog = ImportDialog(window.ws, window)
    qtbot.addWidget(dialog)
    assert dialog.load_file(seed_book)
    model = dialog.tree_model
    assert model.rowCount() == 3
    first = model.item(0, 0)
    assert first.text() == "1) การยกระดับการอำนวยความสะดวกในการให้บริการ"
    leaf = first.child(0, 0).child(0, 0)
    assert leaf.text().startswith("1.1.1) เสนอคู่มือสำหรับประชาชน")
    third = model.item(2, 0).child(0, 0)
    sixth = third.child(5, 0)
    assert sixth.text().startswith("3.1.6)")
    assert third.child(5, 1).text() == "ธ.ค. 66 มี.ค. 67 มิ.ย. 67 ก.ย. 67"
    assert third.child(6, 2).text() == "3,500.00"
    assert "ก.ย. 66 – ต.ค. 67 (14 เดือน, คอลัมน์ B–O)" in dialog.months_label.text()
    table = dialog.columns_table
    assert [(table.item(r, 0).text(), table.cellWidget(r, 2).currentText()) for r in range(table.rowCount())] == [
        ("A", "กิจกรรม/ขั้นตอน"), ("P", "ผลลัพธ์ของงาน"), ("Q", "งบประมาณ"), ("R", "ผู้รับผิดชอบ"),
        ("S", "ผู้เกี่ยวข้อง"), ("T", "หมายเหตุ")]
    assert dialog.unit_combo.currentText() == "กลุ่มพัฒนาระบบบริหาร" and dialog.year_spin.value() == 2567
    assert "57 กิจกรรม" in dialog.summary.text() and "62,960.00" in dialog.summary.text()
    assert messages(dialog) == ["อ่านได้ครบ ไม่มีคำเตือน"]
    assert dialog.import_button.isEnabled()
    dialog.show()
    qtbot.waitExposed(dialog)
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "import_dialog.png"))


def test_remapping_a_column_reparses(qtbot, window, seed_book):
    dialog = ImportDialog(window.ws, window)
    qtbot.addWidget(dialog)
    dialog.load_file(seed_book)
    combo = dialog.mapping_combos[17]  # Q: งบประมาณที่ใช้
    combo.setCurrentIndex(combo.findData("remark"))
    combo.activated.emit(combo.currentIndex())
    plan = dialog.current_plan()
    assert plan.computed_total == Decimal("0.00")
    assert next(i for i in plan.walk() if i.number == "1.2.1").remark == "1,050.00"
    assert any("ซ้ำกับคอลัมน์ Q" in m for m in messages(dialog))  # T was remark too: not used now
    assert dialog.mapping_combos[17].currentData() == "remark"
    title = dialog.mapping_combos[1]
    title.setCurrentIndex(title.findData("ignore"))
    title.activated.emit(title.currentIndex())
    assert not dialog.import_button.isEnabled()
    assert any("ไม่พบคอลัมน์กิจกรรม/ขั้นตอน" in m for m in messages(dialog))


def test_refused_file_is_explained_and_cannot_be_imported(qtbot, window, tmp_path):
    bad = tmp_path / "เก่า.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    dialog = ImportDialog(window.ws, window)
    qtbot.addWidget(dialog)
    assert not dialog.load_file(bad)
    assert "บันทึกเป็น .xlsx ก่อน" in messages(dialog)[0]
    assert not dialog.import_button.isEnabled() and dialog.start_import() is None


def test_file_menu_imports_in_the_background_and_opens_the_plan(qtbot, window, seed_book, monkeypatch):
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "นำเข้าแผนจาก Excel…")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(seed_book), "")))
    imported = []

    def run_dialog(dialog):
        dialog.unit_combo.setCurrentText("กลุ่มทดสอบนำเข้า")
        dialog.year_spin.setValue(2568)
        task = dialog.start_import()
        assert task is not None
        qtbot.waitUntil(lambda: dialog.plan_id is not None, timeout=20000)
        imported.append(dialog.plan_id)
        return ImportDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", run_dialog)
    action.trigger()
    assert imported
    plan_id = imported[0]
    editor = window.current_editor()
    assert editor is not None and editor.model.plan_id == plan_id
    with window.ws.session() as session:
        info = plans.plan_info(session, plan_id)
        assert (info.be_year, info.unit_name) == (2568, "กลุ่มทดสอบนำเข้า")
        assert plans.plan_total(session, plan_id) == Decimal("62960.00")
    assert "นำเข้าแผน" in window.statusBar().currentMessage()
