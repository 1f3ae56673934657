"""The left-hand navigator: fiscal years › plans (agreements and indicators join in later issues)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from app.services.money import format_money
from app.services.plan_data import PlanSummary

PLAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Navigator(QTreeWidget):
    sig_plan_selected = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setMinimumWidth(220)
        self.currentItemChanged.connect(self._on_current)

    def show_plans(self, summaries: list[PlanSummary], select_plan_id: int | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        years: dict[int, QTreeWidgetItem] = {}
        chosen = None
        for summary in summaries:
            year = years.get(summary.be_year)
            if year is None:
                year = QTreeWidgetItem(self, [f"ปีงบประมาณ พ.ศ. {summary.be_year}"])
                font = year.font(0)
                font.setBold(True)
                year.setFont(0, font)
                years[summary.be_year] = year
                QTreeWidgetItem(year, ["แผนปฏิบัติการ"])
            parent = year.child(0)
            item = QTreeWidgetItem(parent, [summary.title])
            item.setData(0, PLAN_ID_ROLE, summary.id)
            item.setToolTip(0, f"{summary.title}\n{summary.unit_name}\n{summary.activity_count:,} กิจกรรม · "
                               f"รวม {format_money(summary.budget_total)} บาท")
            if summary.id == select_plan_id:
                chosen = item
        self.expandAll()
        self.blockSignals(False)
        if chosen is not None:
            self.setCurrentItem(chosen)

    def plan_ids(self) -> list[int]:
        found = []
        for i in range(self.topLevelItemCount()):
            year = self.topLevelItem(i)
            for j in range(year.childCount()):
                group = year.child(j)
                found += [group.child(k).data(0, PLAN_ID_ROLE) for k in range(group.childCount())]
        return found

    def _on_current(self, current, _previous) -> None:
        plan_id = current.data(0, PLAN_ID_ROLE) if current is not None else None
        if plan_id is not None:
            self.sig_plan_selected.emit(int(plan_id))
