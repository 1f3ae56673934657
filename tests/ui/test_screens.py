"""Every screen opens; the demo plan screenshot is saved for a human to look at."""
import datetime as dt

from PySide6.QtCore import Qt

from PySide6.QtWidgets import QDialog

from app.ui.dialogs import NewPlanDialog, WindowDialog
from tests.ui.conftest import ARTIFACTS


def test_demo_plan_in_the_editor_screenshot(qtbot, window, editor):
    model = editor.model
    assert window.windowTitle().startswith("PlanDesk — ")
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(1, 15)] == [
        "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค."]
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [
        "1) การยกระดับการอำนวยความสะดวกในการให้บริการ", "2) การสร้างภาพลักษณ์ให้แก่องค์กร",
        "3) การติดตามและประเมินผล"]
    assert window.total_label.text() == "รวมทั้งสิ้น 62,960.00 บาท · 57 กิจกรรม"
    ARTIFACTS.mkdir(exist_ok=True)
    image = window.grab().toImage()
    assert image.width() >= 1600 and not image.isNull()
    # A real grid was painted: the month bar colour appears in the picture.
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
               for y in range(0, image.height(), 3)}
    assert "#2f6fb3" in colours
    assert image.save(str(ARTIFACTS / "demo_plan.png"))


def test_dialogs_open_with_sensible_defaults(qtbot, window):
    dialog = NewPlanDialog(["กลุ่มพัฒนาระบบบริหาร"], "กลุ่มพัฒนาระบบบริหาร", 2570, window)
    qtbot.addWidget(dialog)
    assert dialog.values() == ("กลุ่มพัฒนาระบบบริหาร", 2570,
                               "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2570 ของกลุ่มพัฒนาระบบบริหาร")
    dialog = WindowDialog(2567, dt.date(2023, 9, 1), dt.date(2024, 10, 1), window)
    qtbot.addWidget(dialog)
    assert dialog.window() == (dt.date(2023, 9, 1), dt.date(2024, 10, 1))
    assert isinstance(dialog, QDialog)


def test_new_plan_from_the_menu(qtbot, window, monkeypatch):
    monkeypatch.setattr(NewPlanDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    before = set(window.navigator.plan_ids())
    window.act_new_plan.trigger()
    created = set(window.navigator.plan_ids()) - before
    assert len(created) == 1
    editor = window.current_editor()
    assert editor.model.plan_id in created
    assert editor.model.month_count == 12
    # An empty plan: "insert" starts with a heading.
    window.act_insert_below.trigger()
    assert editor.model.row(editor.current_item_id()).kind.value == "heading"
