"""Undo commands against the item model and a bare QUndoStack: no widgets involved."""
import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtGui import QUndoStack

from app.models import ItemKind
from app.services import plans
from app.services.workspace import open_workspace
from app.ui.plan_commands import (DeleteCommand, InsertCommand, MarkMonthsCommand, MoveCommand,
                                  SetFieldCommand, WindowCommand)
from app.ui.undo import push
from app.ui.plan_model import PlanItemModel

D = dt.date


@pytest.fixture
def model(qapp, demo_file):
    path, plan_id = demo_file
    ws = open_workspace(path)
    yield PlanItemModel(ws, plan_id)
    ws.close()


def by_number(model, number):
    return next(i for i in model.item_ids() if model.number(i) == number)


def stored(model):
    with model.ws.session() as session:
        return {r.id: r for r in plans.load_rows(session, model.plan_id)}


def test_set_field_undo_redo(model):
    stack = QUndoStack()
    item = by_number(model, "1.2.1)")
    stack.push(SetFieldCommand(model, item, "budget", Decimal("2000.00")))
    assert stored(model)[item].budget == Decimal("2000.00")
    assert model.total() == Decimal("63910.00")
    stack.undo()
    assert stored(model)[item].budget == Decimal("1050.00")
    stack.redo()
    assert stored(model)[item].budget == Decimal("2000.00")


def test_refused_command_never_enters_the_history(model):
    stack = QUndoStack()
    heading = by_number(model, "1)")
    errors = []
    model.sig_error.connect(lambda *args: errors.append(args))
    assert not push(stack, SetFieldCommand(model, heading, "budget", Decimal("5.00")))
    assert stack.count() == 0
    assert errors and "หัวข้อ" in errors[0][0]
    assert stored(model)[heading].budget is None


def test_insert_then_undo_then_redo_restores_the_same_row(model):
    stack = QUndoStack()
    parent = by_number(model, "1.1)")
    command = InsertCommand(model, parent, 1, ItemKind.ACTIVITY, title="แทรกใหม่")
    stack.push(command)
    new_id = command.item_id
    assert model.number(new_id) == "1.1.2)"
    assert model.number(by_number(model, "1.1.3)")) == "1.1.3)"
    stack.undo()
    assert new_id not in stored(model)
    stack.redo()
    assert stored(model)[new_id].title == "แทรกใหม่"
    assert model.number(new_id) == "1.1.2)"


def test_delete_subtree_and_move_round_trip(model):
    stack = QUndoStack()
    before = stored(model)
    heading = by_number(model, "2.2)")
    stack.push(DeleteCommand(model, [heading]))
    assert heading not in stored(model)
    assert model.total() == Decimal("62960.00") - Decimal("3430.00")
    item = by_number(model, "3.1.1)")
    stack.push(MoveCommand(model, item, None, 0, "ย้าย"))
    assert model.number(item) == "1)"
    stack.undo()
    stack.undo()
    assert stored(model) == before


def test_mark_months_macro_and_window(model):
    stack = QUndoStack()
    a, b = by_number(model, "1.1.1)"), by_number(model, "1.1.2)")
    stack.push(MarkMonthsCommand(model, {a: frozenset({D(2024, 8, 1)}), b: frozenset()}, mark=True))
    rows = stored(model)
    assert rows[a].months == {D(2024, 8, 1)} and rows[b].months == set()
    assert stack.count() == 1
    stack.undo()
    rows = stored(model)
    assert rows[a].months == {D(2023, 10, 1)} and rows[b].months == {D(2023, 11, 1)}
    # Narrowing the window over marked months is refused; widening works and is undoable.
    assert not push(stack, WindowCommand(model, D(2023, 10, 1), D(2024, 9, 1)))
    assert stack.count() == 1 and model.month_count == 14  # the refused change left the history alone
    stack.push(WindowCommand(model, D(2023, 7, 1), D(2024, 10, 1)))
    assert model.month_count == 16 and model.columnCount() == 1 + 16 + 5 + 1  # + the progress status column
    stack.undo()
    assert model.month_count == 14
