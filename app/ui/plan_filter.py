"""Filtering the plan grid by text and by responsible unit; matching rows keep their ancestors."""
from __future__ import annotations

import re

from PySide6.QtCore import QSortFilterProxyModel

from app.services.plan_data import TEXT_FIELDS
from app.ui.plan_model import PlanItemModel

_SPLIT = re.compile(r"\s*/\s*")


def responsible_parts(text: str) -> list[str]:
    """"กพร./เจ้าภาพตัวชี้วัด" → ["กพร.", "เจ้าภาพตัวชี้วัด"]."""
    return [part for part in _SPLIT.split(text.strip()) if part]


class PlanFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self._text = ""
        self._responsible = ""

    def _refilter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().casefold()))

    def set_responsible(self, unit: str) -> None:
        self._refilter(lambda: setattr(self, "_responsible", unit))

    @property
    def active(self) -> bool:
        return bool(self._text or self._responsible)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        if not self.active:
            return True
        model: PlanItemModel = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        row = model.row(model.item_id(index))
        if self._responsible and self._responsible not in responsible_parts(row.responsible):
            return False
        if self._text:
            haystack = " ".join([model.number(row.id)] + [getattr(row, f) for f in TEXT_FIELDS]).casefold()
            return self._text in haystack
        return True


def responsible_units(model: PlanItemModel) -> list[str]:
    units = {part for item_id in model.item_ids() for part in responsible_parts(model.row(item_id).responsible)}
    return sorted(units)
