"""The strategy screen driven through its real widgets: navigator › แผนกลยุทธ์ › the plan, edit a KPI."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.services import strategy
from app.services.demo_strategy import build_demo_strategy
from app.services.workspace import open_workspace
from app.ui.navigator import STRATEGY_GROUP, STRATEGY_ID_ROLE
from tests.ui.conftest import ARTIFACTS
from tests.ui.helpers import type_text


@pytest.fixture
def strategy_window(qtbot, demo_file, tmp_path):
    from PySide6.QtCore import QSettings

    from app.ui.application import create_app
    from app.ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    path, _ = demo_file
    ws = open_workspace(path)
    with ws.transaction() as session:
        build_demo_strategy(session)
    create_app()
    win = MainWindow(ws)
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def _strategy_item(navigator):
    for item in navigator._items():
        if item.data(0, STRATEGY_ID_ROLE) is not None:
            assert item.parent().text(0) == STRATEGY_GROUP
            return item
    raise AssertionError("no strategy plan in the navigator")


def test_edit_a_kpi_result_and_see_score_and_total_change(qtbot, strategy_window):
    win = strategy_window
    item = _strategy_item(win.navigator)
    assert item.text(0) == "แผนกลยุทธ์การบริหารทรัพยากรบุคคล"
    win.navigator.setCurrentItem(item)
    screen = win.stack.currentWidget()
    assert type(screen).__name__ == "StrategyScreen"
    screen.round_combo.setCurrentIndex(screen.round_combo.findText("รอบ ๖ เดือน"))
    assert screen.total_label.text() == "คะแนนHR Scorecard 28.83 จาก 100"

    kpi_id = next(k.id for k in screen.model.plan.kpis if k.number == "2.2")
    screen.select_kpi(kpi_id)
    editor = screen.editor
    assert editor.result_edit.text() == "ทราบผล เดือน ก.ย. ๖๖"
    assert editor.score_label.text().startswith("ยังไม่ทราบผล")
    editor.result_edit.setFocus()
    editor.result_edit.selectAll()
    qtbot.keyClicks(editor.result_edit, "85")
    assert editor.score_label.text() == "3 จาก 5"              # live, before it is saved
    qtbot.keyClick(editor.result_edit, Qt.Key.Key_Return)
    assert screen.total_label.text() == "คะแนนHR Scorecard 31.83 จาก 100"   # + 3/5 × 25 % × 20
    index = screen.model.kpi_index(kpi_id)
    assert index.siblingAtColumn(4).data() == "3" and index.siblingAtColumn(5).data() == "3"
    with win.ws.session() as session:
        assert strategy.get_result(session, kpi_id, screen.model.round_id).score == Decimal(3)

    # a refused result says why and leaves the saved one
    editor.result_edit.selectAll()
    type_text(editor.result_edit, "ดีมาก")
    qtbot.keyClick(editor.result_edit, Qt.Key.Key_Return)
    assert "ไม่ใช่ทั้งตัวเลข" in editor.error_label.text()
    assert editor.result_edit.text() == "85"

    # ticking a milestone step raises KPI 1.3 from level 2 to 3
    milestone = next(k.id for k in screen.model.plan.kpis if k.number == "1.3")
    screen.select_kpi(milestone)
    assert [c.isChecked() for c in editor.step_checks] == [True, True, False, False, False]
    editor.step_checks[2].setChecked(True)
    assert editor.result_edit.text() == "3"
    assert screen.total_label.text() == "คะแนนHR Scorecard 33.33 จาก 100"   # + 1/5 × 50 % × 15
    ARTIFACTS.mkdir(exist_ok=True)
    win.grab().save(str(ARTIFACTS / "strategy.png"))
