"""The left-hand navigator: fiscal years › แผนปฏิบัติการ › plans, and › คำรับรองการปฏิบัติราชการ ›
each agreement (by unit) › its indicators."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from app.services.agreements import AgreementSummary
from app.services.money import format_money
from app.services.plan_data import PlanSummary

PLAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
AGREEMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
INDICATOR_ID_ROLE = Qt.ItemDataRole.UserRole + 3
ROUND_ID_ROLE = Qt.ItemDataRole.UserRole + 10      # a reporting round (its own items hold only this)
ROUNDS_GROUP_ROLE = Qt.ItemDataRole.UserRole + 11  # the "รอบการรายงาน" item under an agreement
STRATEGY_ID_ROLE = Qt.ItemDataRole.UserRole + 20   # a strategy plan (seed 004)
STRATEGY_GROUP = "แผนกลยุทธ์"
ROUNDS_GROUP = "รอบการรายงาน"
PLANS_GROUP = "แผนปฏิบัติการ"
AGREEMENTS_GROUP = "คำรับรองการปฏิบัติราชการ"

# An agreement with its indicators as (indicator id, "number name") for the tree.
AgreementEntry = tuple[AgreementSummary, list[tuple[int, str]]]


class Navigator(QTreeWidget):
    sig_plan_selected = Signal(int)
    sig_agreement_selected = Signal(int)
    sig_indicator_selected = Signal(int, int)   # agreement id, indicator id
    sig_round_selected = Signal(int)            # round id
    sig_strategy_selected = Signal(int)         # strategy plan id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setMinimumWidth(220)
        self.currentItemChanged.connect(self._on_current)

    def _year(self, years: dict[int, QTreeWidgetItem], be_year: int) -> QTreeWidgetItem:
        year = years.get(be_year)
        if year is None:
            year = QTreeWidgetItem([f"ปีงบประมาณ พ.ศ. {be_year}"])
            font = year.font(0)
            font.setBold(True)
            year.setFont(0, font)
            years[be_year] = year
        return year

    @staticmethod
    def _group(year: QTreeWidgetItem, title: str) -> QTreeWidgetItem:
        for i in range(year.childCount()):
            if year.child(i).text(0) == title:
                return year.child(i)
        return QTreeWidgetItem(year, [title])

    def show_plans(self, summaries: list[PlanSummary], select_plan_id: int | None = None,
                   agreements: list[AgreementEntry] = (), select_agreement_id: int | None = None,
                   rounds: dict[int, list[tuple[int, str, str]]] | None = None, strategies=()) -> None:
        self.blockSignals(True)
        self.clear()
        years: dict[int, QTreeWidgetItem] = {}
        chosen = None
        for summary in summaries:
            parent = self._group(self._year(years, summary.be_year), PLANS_GROUP)
            item = QTreeWidgetItem(parent, [summary.title])
            item.setData(0, PLAN_ID_ROLE, summary.id)
            item.setToolTip(0, f"{summary.title}\n{summary.unit_name}\n{summary.activity_count:,} กิจกรรม · "
                               f"รวม {format_money(summary.budget_total)} บาท")
            if summary.id == select_plan_id:
                chosen = item
        for summary, indicators in agreements:
            parent = self._group(self._year(years, summary.be_year), AGREEMENTS_GROUP)
            item = QTreeWidgetItem(parent, [summary.unit_name])
            item.setData(0, AGREEMENT_ID_ROLE, summary.id)
            item.setToolTip(0, f"คำรับรองการปฏิบัติราชการ {summary.unit_name}\n"
                               f"{summary.indicator_count:,} ตัวชี้วัด · น้ำหนักรวม {summary.total_weight.normalize():f}")
            self._fill_indicators(item, summary.id, indicators)
            self._fill_rounds(item, (rounds or {}).get(summary.id, ()))
            if summary.id == select_agreement_id:
                chosen = item
        for summary in strategies:   # strategy.PlanSummary
            item = QTreeWidgetItem(self._group(self._year(years, summary.be_year), STRATEGY_GROUP), [summary.title])
            item.setData(0, STRATEGY_ID_ROLE, summary.id)
            item.setToolTip(0, f"{summary.title}\n{summary.unit_name}")
        self.addTopLevelItems([years[be] for be in sorted(years, reverse=True)])
        self.expandAll()
        self.blockSignals(False)
        if chosen is not None:
            self.setCurrentItem(chosen)

    @staticmethod
    def _fill_indicators(item: QTreeWidgetItem, agreement_id: int, indicators: list[tuple[int, str]]) -> None:
        for indicator_id, label in indicators:
            child = QTreeWidgetItem(item, [f"ตัวชี้วัดที่ {label}"])
            child.setToolTip(0, label)
            child.setData(0, AGREEMENT_ID_ROLE, agreement_id)
            child.setData(0, INDICATOR_ID_ROLE, indicator_id)

    @staticmethod
    def _fill_rounds(item: QTreeWidgetItem, rounds) -> None:
        """รอบการรายงาน › each round (id, label, tooltip); round items carry no agreement id, so
        they never pass for the agreement itself."""
        if not rounds:
            return
        group = QTreeWidgetItem(item, [ROUNDS_GROUP])
        group.setData(0, ROUNDS_GROUP_ROLE, True)
        for round_id, label, tooltip in rounds:
            child = QTreeWidgetItem(group, [label])
            child.setToolTip(0, tooltip)
            child.setData(0, ROUND_ID_ROLE, round_id)

    def round_item(self, round_id: int) -> QTreeWidgetItem | None:
        return next((item for item in self._items() if item.data(0, ROUND_ID_ROLE) == round_id), None)

    def _items(self) -> list[QTreeWidgetItem]:
        out, stack = [], [self.topLevelItem(i) for i in reversed(range(self.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            out.append(item)
            stack.extend(item.child(i) for i in reversed(range(item.childCount())))
        return out

    def plan_ids(self) -> list[int]:
        return [item.data(0, PLAN_ID_ROLE) for item in self._items() if item.data(0, PLAN_ID_ROLE) is not None]

    def agreement_item(self, agreement_id: int) -> QTreeWidgetItem | None:
        return next((item for item in self._items() if item.data(0, AGREEMENT_ID_ROLE) == agreement_id
                     and item.data(0, INDICATOR_ID_ROLE) is None), None)

    def agreement_ids(self) -> list[int]:
        return [item.data(0, AGREEMENT_ID_ROLE) for item in self._items()
                if item.data(0, AGREEMENT_ID_ROLE) is not None and item.data(0, INDICATOR_ID_ROLE) is None]

    def set_indicators(self, agreement_id: int, indicators: list[tuple[int, str]]) -> None:
        """Show an agreement's indicators again (names and numbers changed), keeping the selection quiet."""
        item = self.agreement_item(agreement_id)
        if item is None:
            return
        current = self.currentItem()
        selected = current.data(0, INDICATOR_ID_ROLE) if current is not None else None
        self.blockSignals(True)
        was_inside = current is not None and current.parent() is item
        groups = [item.child(i) for i in range(item.childCount()) if item.child(i).data(0, ROUNDS_GROUP_ROLE)]
        item.takeChildren()
        self._fill_indicators(item, agreement_id, indicators)
        item.addChildren(groups)   # the rounds stay, after the indicators
        for group in groups:
            group.setExpanded(True)
        if current is not None and current.data(0, ROUND_ID_ROLE) is not None:
            self.setCurrentItem(current)
        item.setExpanded(True)
        if was_inside:
            match = next((item.child(i) for i in range(item.childCount())
                          if item.child(i).data(0, INDICATOR_ID_ROLE) == selected), item)
            self.setCurrentItem(match)
        self.blockSignals(False)

    def set_rounds(self, agreement_id: int, rounds) -> None:
        """Show an agreement's รอบการรายงาน again (a round added, renamed or removed) without
        rebuilding the tree; a selected round that is still there stays selected, quietly."""
        item = self.agreement_item(agreement_id)
        if item is None:
            return
        current = self.currentItem()
        selected = current.data(0, ROUND_ID_ROLE) if current is not None else None
        self.blockSignals(True)
        for group in [item.child(i) for i in range(item.childCount()) if item.child(i).data(0, ROUNDS_GROUP_ROLE)]:
            item.removeChild(group)
        self._fill_rounds(item, rounds)
        for i in range(item.childCount()):
            if item.child(i).data(0, ROUNDS_GROUP_ROLE):
                item.child(i).setExpanded(True)
        if selected is not None:
            self.setCurrentItem(self.round_item(selected) or item)
        self.blockSignals(False)

    def _on_current(self, current, _previous) -> None:
        if current is None:
            return
        plan_id = current.data(0, PLAN_ID_ROLE)
        agreement_id = current.data(0, AGREEMENT_ID_ROLE)
        indicator_id = current.data(0, INDICATOR_ID_ROLE)
        round_id = current.data(0, ROUND_ID_ROLE)
        if current.data(0, STRATEGY_ID_ROLE) is not None:
            self.sig_strategy_selected.emit(int(current.data(0, STRATEGY_ID_ROLE)))
        elif round_id is not None:
            self.sig_round_selected.emit(int(round_id))
        elif plan_id is not None:
            self.sig_plan_selected.emit(int(plan_id))
        elif indicator_id is not None:
            self.sig_indicator_selected.emit(int(agreement_id), int(indicator_id))
        elif agreement_id is not None:
            self.sig_agreement_selected.emit(int(agreement_id))
