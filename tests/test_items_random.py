"""Random sequences of edits, checked step by step against a plain in-memory model of the tree.

After every step: sibling positions are 0..n-1, the outline (numbers, order, nesting) equals the
model's, numbers are unique, and the plan total equals the sum of the model's budgets.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from app.models import ItemKind
from app.services import fiscal, items, plans
from app.services.errors import ValidationError
from app.services.numbering import compute_numbers
from tests.support import assert_tree_invariants, make_plan, outline

KINDS = [ItemKind.HEADING, ItemKind.ACTIVITY, ItemKind.ACTIVITY, ItemKind.BULLET]
WINDOW = fiscal.month_range(dt.date(2023, 10, 1), dt.date(2024, 9, 1))
PICK = st.integers(min_value=0, max_value=10**6)


class Model:
    """The tree as plain lists: children[parent] = ordered ids; facts[id] = (kind, title, budget, months)."""

    def __init__(self):
        self.children: dict[int | None, list[int]] = {None: []}
        self.facts: dict[int, tuple[ItemKind, str, Decimal | None, frozenset]] = {}
        self.parent: dict[int, int | None] = {}

    def ids(self) -> list[int]:
        return list(self.facts)

    def add(self, item_id, parent, index, facts):
        siblings = self.children.setdefault(parent, [])
        siblings.insert(max(0, min(index, len(siblings))), item_id)
        self.children.setdefault(item_id, [])
        self.facts[item_id], self.parent[item_id] = facts, parent

    def descendants(self, item_id) -> list[int]:
        found = [item_id]
        for child in self.children[item_id]:
            found.extend(self.descendants(child))
        return found

    def remove(self, item_id):
        self.children[self.parent[item_id]].remove(item_id)
        for gone in self.descendants(item_id):
            del self.facts[gone], self.parent[gone]
            self.children.pop(gone)

    def move(self, item_id, new_parent, index):
        self.children[self.parent[item_id]].remove(item_id)
        siblings = self.children[new_parent]
        siblings.insert(max(0, min(index, len(siblings))), item_id)
        self.parent[item_id] = new_parent

    def position(self, item_id) -> int:
        return self.children[self.parent[item_id]].index(item_id)

    def outline(self) -> list[str]:
        kinds = {i: f[0] for i, f in self.facts.items()}
        nums = compute_numbers(self.children, kinds)
        lines = []

        def walk(parent, depth):
            for child in self.children[parent]:
                lines.append(f"{'  ' * depth}{nums[child]} {self.facts[child][1]}")
                walk(child, depth + 1)
        walk(None, 0)
        return lines

    def total(self) -> Decimal:
        return sum((f[2] for f in self.facts.values() if f[2] is not None), Decimal("0.00"))


def make_machine(ws):
    class ItemEdits(RuleBasedStateMachine):
        @initialize()
        def new_plan(self):
            with ws.transaction() as s:
                self.plan = make_plan(s, title="แผนสุ่ม")
            self.model = Model()
            self.counter = 0
            self.last_deleted = None  # (snapshot) restorable only right after the delete

        def pick(self, n) -> int | None:
            ids = self.model.ids()
            return ids[n % len(ids)] if ids else None

        def pick_parent(self, n) -> int | None:
            ids = [None, *self.model.ids()]
            return ids[n % len(ids)]

        @rule(parent=PICK, index=st.integers(-1, 8), kind=st.sampled_from(KINDS),
              budget=st.one_of(st.none(), st.decimals(0, 99999, places=2)), months=st.sets(st.sampled_from(WINDOW)))
        def insert(self, parent, index, kind, budget, months):
            parent_id = self.pick_parent(parent)
            self.counter += 1
            title = f"n{self.counter}"
            if kind == ItemKind.HEADING:
                budget, months = None, set()
            with ws.transaction() as s:
                row = items.insert_item(s, self.plan, parent_id, index, kind=kind, title=title,
                                        budget=budget, months=months)
            self.model.add(row.id, parent_id, index, (kind, title, row.budget, frozenset(months)))
            assert row.position == self.model.position(row.id)
            self.last_deleted = None

        @rule(item=PICK)
        def delete(self, item):
            item_id = self.pick(item)
            if item_id is None:
                return
            with ws.transaction() as s:
                snapshot = items.delete_item(s, item_id)
            assert [n.row.id for n in snapshot.walk()] == self.model.descendants(item_id)
            self.last_deleted = (snapshot, self.model.parent[item_id], self.model.position(item_id),
                                 {i: self.model.facts[i] for i in self.model.descendants(item_id)},
                                 {i: list(self.model.children[i]) for i in self.model.descendants(item_id)})
            self.model.remove(item_id)

        @rule()
        def undo_delete(self):
            if self.last_deleted is None:
                return
            snapshot, parent, position, facts, kids = self.last_deleted
            with ws.transaction() as s:
                items.restore_subtree(s, self.plan, snapshot)
            root = snapshot.row.id
            self.model.add(root, parent, position, facts[root])
            for node_id, node_children in kids.items():
                for index, child in enumerate(node_children):
                    self.model.add(child, node_id, index, facts[child])
            self.last_deleted = None

        def _move(self, item_id, target):
            with ws.transaction() as s:
                new_parent, index = target(s)
                items.move_item(s, item_id, new_parent, index)
            return new_parent, index

        @rule(item=PICK, parent=PICK, index=st.integers(-1, 8))
        def move(self, item, parent, index):
            item_id, parent_id = self.pick(item), self.pick_parent(parent)
            if item_id is None:
                return
            self.last_deleted = None
            if parent_id is not None and parent_id in self.model.descendants(item_id):
                with pytest.raises(ValidationError), ws.transaction() as s:
                    items.move_item(s, item_id, parent_id, index)
                return
            with ws.transaction() as s:
                old = items.move_item(s, item_id, parent_id, index)
            assert old == (self.model.parent[item_id], self.model.position(item_id))
            self.model.move(item_id, parent_id, index)

        @rule(item=PICK)
        def indent(self, item):
            item_id = self.pick(item)
            if item_id is None:
                return
            self.last_deleted = None
            position = self.model.position(item_id)
            if position == 0:
                with pytest.raises(ValidationError, match="เยื้องเข้าไม่ได้"), ws.session() as s:
                    items.indent_target(s, item_id)
                return
            above = self.model.children[self.model.parent[item_id]][position - 1]
            assert self._move(item_id, lambda s: items.indent_target(s, item_id)) == \
                (above, len(self.model.children[above]))
            self.model.move(item_id, above, len(self.model.children[above]))

        @rule(item=PICK)
        def outdent(self, item):
            item_id = self.pick(item)
            if item_id is None:
                return
            self.last_deleted = None
            parent = self.model.parent[item_id]
            if parent is None:
                with pytest.raises(ValidationError, match="เยื้องออกไม่ได้"), ws.session() as s:
                    items.outdent_target(s, item_id)
                return
            target = (self.model.parent[parent], self.model.position(parent) + 1)
            assert self._move(item_id, lambda s: items.outdent_target(s, item_id)) == target
            self.model.move(item_id, *target)

        @rule(item=PICK, step=st.sampled_from([-1, 1]))
        def step(self, item, step):
            item_id = self.pick(item)
            if item_id is None:
                return
            self.last_deleted = None
            siblings = self.model.children[self.model.parent[item_id]]
            target = self.model.position(item_id) + step
            if not 0 <= target < len(siblings):
                with pytest.raises(ValidationError, match="เลื่อน"), ws.session() as s:
                    items.step_target(s, item_id, step)
                return
            self._move(item_id, lambda s: items.step_target(s, item_id, step))
            self.model.move(item_id, self.model.parent[item_id], target)

        @rule(item=PICK)
        def duplicate(self, item):
            item_id = self.pick(item)
            if item_id is None:
                return
            self.last_deleted = None
            with ws.transaction() as s:
                copy_id = items.duplicate_item(s, item_id)
                copy = items.subtree(s, copy_id)
            originals = self.model.descendants(item_id)
            copies = [n.row.id for n in copy.walk()]
            assert len(copies) == len(originals)
            mapping = dict(zip(originals, copies))
            parent = self.model.parent[item_id]
            self.model.add(copy_id, parent, self.model.position(item_id) + 1, self.model.facts[item_id])
            for original in originals:
                for index, child in enumerate(self.model.children[original]):
                    self.model.add(mapping[child], mapping[original], index, self.model.facts[child])

        @rule(item=PICK, budget=st.one_of(st.none(), st.decimals(0, 99999, places=2)))
        def set_budget(self, item, budget):
            item_id = self.pick(item)
            if item_id is None:
                return
            kind, title, _, months = self.model.facts[item_id]
            text = "-" if budget is None else f"{budget:,.2f}"
            if kind == ItemKind.HEADING and budget is not None:
                with pytest.raises(ValidationError), ws.transaction() as s:
                    items.update_item(s, item_id, budget=text)
                return
            with ws.transaction() as s:
                items.update_item(s, item_id, budget=text)
            self.model.facts[item_id] = (kind, title, budget, months)

        @invariant()
        def matches_model(self):
            if not hasattr(self, "plan"):
                return
            with ws.session() as s:
                assert_tree_invariants(s, self.plan)
                assert outline(s, self.plan) == self.model.outline()
                assert plans.plan_total(s, self.plan) == self.model.total()
                rows = plans.load_rows(s, self.plan)
            numbered = [line.split()[0] for line in self.model.outline() if not line.strip().startswith("-")]
            assert len(numbered) == len(set(numbered)), "two items share a number"
            for row in rows:
                assert row.months == self.model.facts[row.id][3]

    return ItemEdits


def test_random_edits_keep_tree_consistent(workspace):
    run_state_machine_as_test(make_machine(workspace), settings=settings(
        max_examples=12, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
