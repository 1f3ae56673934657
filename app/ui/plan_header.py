"""Two-row grid header: the BE year band above the month abbreviations, as the paper plan has it."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader

from app.services import fiscal
from app.ui.plan_model import MONTH_ROLE


class MonthBandHeader(QHeaderView):
    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def _month(self, logical: int):
        model = self.model()
        return model.headerData(logical, Qt.Orientation.Horizontal, MONTH_ROLE) if model else None

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        return QSize(base.width(), self.fontMetrics().height() * 2 + 12)

    def _paint_cell(self, painter: QPainter, rect: QRect, text: str, logical: int) -> None:
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical
        option.text = text
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.position = QStyleOptionHeader.SectionPosition.Middle
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        if not rect.isValid():
            return
        month = self._month(logical)
        text = self.model().headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""
        if month is None:
            self._paint_cell(painter, rect, text, logical)
            return
        half = rect.height() // 2
        self._paint_cell(painter, QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half),
                         text, logical)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None:
            return
        painter = QPainter(self.viewport())
        half = self.viewport().height() // 2
        # Group consecutive visible month sections by BE year and paint one band per group.
        groups: list[tuple[int, int, int]] = []  # (be_year, left, right)
        for visual in range(self.count()):
            logical = self.logicalIndex(visual)
            month = self._month(logical)
            if month is None or self.isSectionHidden(logical):
                continue
            left = self.sectionViewportPosition(logical)
            right = left + self.sectionSize(logical)
            year = fiscal.to_be(month.year)
            if groups and groups[-1][0] == year and groups[-1][2] == left:
                groups[-1] = (year, groups[-1][1], right)
            else:
                groups.append((year, left, right))
        for year, left, right in groups:
            rect = QRect(left, 0, right - left, half)
            self._paint_cell(painter, rect, f"พ.ศ. {year}" if right - left > 80 else str(year), 0)
        painter.end()
