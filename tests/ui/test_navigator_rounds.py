"""Adding, renaming or removing a round on the agreement screen shows in the navigator's รอบการรายงาน at
once, without rebuilding the tree (the other items stay the very same objects)."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from app.services.workspace import open_workspace
from app.ui.navigator import ROUND_ID_ROLE, ROUNDS_GROUP, ROUNDS_GROUP_ROLE


@pytest.fixture
def full_window(qtbot, tmp_path, sqlite_full_demo_template):
    from PySide6.QtCore import QSettings

    from app.ui.application import create_app
    from app.ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    path = tmp_path / "full.plandesk"
    shutil.copyfile(sqlite_full_demo_template, path)
    create_app()
    win = MainWindow(open_workspace(path))
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def round_labels(win, agreement_id) -> list[str]:
    item = win.navigator.agreement_item(agreement_id)
    groups = [item.child(i) for i in range(item.childCount()) if item.child(i).data(0, ROUNDS_GROUP_ROLE)]
    if not groups:
        return []
    assert len(groups) == 1 and groups[0].text(0) == ROUNDS_GROUP and groups[0].isExpanded()
    return [groups[0].child(i).text(0) for i in range(groups[0].childCount())]


def test_round_changes_reach_the_navigator(qtbot, full_window):
    win = full_window
    nav = win.navigator
    agreement_id = next(a for a in nav.agreement_ids() if round_labels(win, a))
    before = round_labels(win, agreement_id)
    plan_item = next(i for i in nav._items() if i.data(0, ROUND_ID_ROLE) is None and i.childCount() == 0)
    screen = win.open_agreement(agreement_id)
    editor = screen.header.rounds
    a = screen.model.agreement
    editor.label_edit.setText("รอบ ๑๑ เดือน")
    editor.start_edit.set_date_value(a.period_start)
    editor.cutoff_edit.set_date_value(dt.date(a.period_end.year, 8, 31))
    assert editor.add_custom() is True
    assert round_labels(win, agreement_id) == [*before, "รอบ ๑๑ เดือน"]
    assert any(i is plan_item for i in nav._items())   # not rebuilt
    new_id = screen.model.agreement.rounds[-1].id
    assert nav.round_item(new_id) is not None and "รอบ ๑๑ เดือน" in nav.round_item(new_id).toolTip(0)

    # open the new round from the navigator, then rename it and remove it on the agreement screen
    nav.setCurrentItem(nav.round_item(new_id))
    assert win.stack.currentWidget() is win.round_screens[new_id]
    win.open_agreement(agreement_id)
    editor.choose(new_id)
    editor.label_edit.setText("รอบ ๑๑ เดือน (ทดลอง)")
    assert editor.save_chosen() is True
    assert round_labels(win, agreement_id)[-1] == "รอบ ๑๑ เดือน (ทดลอง)"
    assert nav.currentItem().data(0, ROUND_ID_ROLE) == new_id    # the selected round stays selected
    assert editor.delete_chosen() is True
    assert round_labels(win, agreement_id) == before
    assert new_id not in win.round_screens            # its screen closed with it
    assert win.stack.currentWidget() is screen
    assert nav.currentItem() is nav.agreement_item(agreement_id)   # quietly: the agreement stays on screen

    # undo (Edit › เลิกทำ) brings the round back into the navigator
    win.act_undo.trigger()
    assert round_labels(win, agreement_id) == [*before, "รอบ ๑๑ เดือน (ทดลอง)"]
