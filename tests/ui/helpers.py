"""Finding rows and cells of the plan grid the way a user sees them."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt

from app.services import plans


def item_by_number(editor, number: str) -> int:
    model = editor.model
    for item_id in model.item_ids():
        if model.number(item_id) == number:
            return item_id
    raise AssertionError(f"no row numbered {number}")


def item_by_title(editor, start: str) -> int:
    model = editor.model
    for item_id in model.item_ids():
        if model.row(item_id).title.startswith(start):
            return item_id
    raise AssertionError(f"no row titled {start}")


def cell_center(editor, item_id: int, column: int) -> QPoint:
    view = editor.view
    index = view.from_source(editor.model.index_of(item_id, column))
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), "cell is not visible"
    return rect.center()


def month_col(editor, year: int, month: int) -> int:
    return editor.model.month_column(dt.date(year, month, 1))


def stored_months(editor, item_id: int) -> set[dt.date]:
    """What the database holds right now, read through a fresh session."""
    with editor.model.ws.session() as session:
        rows = {r.id: r for r in plans.load_rows(session, editor.model.plan_id)}
    return set(rows[item_id].months)


def stored_row(editor, item_id: int):
    with editor.model.ws.session() as session:
        rows = {r.id: r for r in plans.load_rows(session, editor.model.plan_id)}
    return rows.get(item_id)


def drag(qtbot, editor, item_from: int, col_from: int, item_to: int, col_to: int) -> None:
    viewport = editor.view.viewport()
    start = cell_center(editor, item_from, col_from)
    end = cell_center(editor, item_to, col_to)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    steps = 4
    for i in range(1, steps + 1):
        point = QPoint(start.x() + (end.x() - start.x()) * i // steps, start.y() + (end.y() - start.y()) * i // steps)
        qtbot.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def type_text(widget, text: str) -> None:
    """Type any text (Thai included) as key events; QTest's keyClicks only knows ASCII keys."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
