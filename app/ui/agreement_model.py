"""One agreement on screen: its data, its undo stack, and the framework tree model.

`AgreementModel` is the framework editor's item model (categories with their indicators under
them; columns องค์ประกอบ/ตัวชี้วัด and น้ำหนัก) and also the one place where the agreement screen
changes data. Each `apply_*` method runs one service call in its own transaction (committed when
it returns), then reads the agreement again and tells the views. A refusal changes nothing and is
reported as `sig_error`. Undo commands in `agreement_commands` call these methods.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from app.services import agreements, scoring
from app.services.agreements import AgreementData, CategoryData, IndicatorData
from app.services.errors import PlanDeskError
from app.services.workspace import Workspace

NAME_COLUMN, WEIGHT_COLUMN = 0, 1
HEADERS = ("องค์ประกอบ/ตัวชี้วัด", "น้ำหนัก")
CATEGORY_BACKGROUND = QColor("#eef3fa")
KIND_ROLE = Qt.ItemDataRole.UserRole + 1     # "category" or "indicator"
ID_ROLE = Qt.ItemDataRole.UserRole + 2       # the category's or the indicator's id
FAILED = object()


def plain_number(value: Decimal | None) -> str:
    """20.00 → "20", 7.50 → "7.5" (weights and points as people write them)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def indicator_label(indicator: IndicatorData) -> str:
    return f"{indicator.number} {indicator.name}".strip()


class AgreementModel(QAbstractItemModel):
    """Top-level rows are categories (internal id 0); an indicator row's internal id is its
    category's id, which is how `parent()` finds the category again."""

    sig_error = Signal(str, str, int, str)   # Thai message, "category"/"indicator"/"round", id, field
    sig_changed = Signal()                   # something was committed; totals and names may differ

    def __init__(self, workspace: Workspace, agreement_id: int, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.agreement_id = agreement_id
        self.undo_stack = QUndoStack(self)
        self.last_error = ""   # the Thai message of the latest refusal
        self._bold = QFont()
        self._bold.setBold(True)
        self.agreement: AgreementData = self._load()

    def _load(self) -> AgreementData:
        with self.ws.session() as session:
            return agreements.load_agreement(session, self.agreement_id)

    # ---- queries -----------------------------------------------------------------------
    @property
    def categories(self) -> list[CategoryData]:
        return self.agreement.categories

    def category(self, category_id: int) -> CategoryData:
        return next(c for c in self.agreement.categories if c.id == category_id)

    def indicator(self, indicator_id: int) -> IndicatorData:
        return next(i for i in self.agreement.indicators if i.id == indicator_id)

    def has_indicator(self, indicator_id: int) -> bool:
        return any(i.id == indicator_id for i in self.agreement.indicators)

    def round_target(self, indicator_id: int, round_id: int) -> tuple[str, tuple[str, ...]]:
        for target in self.indicator(indicator_id).round_targets:
            if target.round_id == round_id:
                return target.goal, target.steps
        return "", ()

    def weight_problems(self) -> list[str]:
        return self.agreement.weight_problems()

    def total_weight(self) -> Decimal:
        return self.agreement.total_weight()

    def title(self) -> str:
        return f"คำรับรองการปฏิบัติราชการ {self.agreement.unit_name} ปีงบประมาณ พ.ศ. {self.agreement.be_year}"

    # ---- QAbstractItemModel ------------------------------------------------------------
    def _category_row(self, category_id: int) -> int:
        return next(r for r, c in enumerate(self.agreement.categories) if c.id == category_id)

    def index_of(self, kind: str, item_id: int, column: int = NAME_COLUMN) -> QModelIndex:
        for row, category in enumerate(self.agreement.categories):
            if kind == "category" and category.id == item_id:
                return self.createIndex(row, column, 0)
            for child_row, indicator in enumerate(category.indicators):
                if kind == "indicator" and indicator.id == item_id:
                    return self.createIndex(child_row, column, category.id)
        return QModelIndex()

    def entry(self, index: QModelIndex) -> CategoryData | IndicatorData | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self.agreement.categories[index.row()]
        category = self.agreement.categories[self._category_row(index.internalId())]
        return category.indicators[index.row()]

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(HEADERS)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.agreement.categories)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.agreement.categories[parent.row()].indicators)
        return 0

    def index(self, row, column, parent=QModelIndex()) -> QModelIndex:
        if not 0 <= column < len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self.agreement.categories) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        category = self.agreement.categories[parent.row()]
        return self.createIndex(row, column, category.id) if row < len(category.indicators) else QModelIndex()

    def parent(self, index=QModelIndex()) -> QModelIndex:
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(self._category_row(index.internalId()), 0, 0)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        entry = self.entry(index)
        if entry is None:
            return None
        is_category = isinstance(entry, CategoryData)
        column = index.column()
        if role == KIND_ROLE:
            return "category" if is_category else "indicator"
        if role == ID_ROLE:
            return entry.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == WEIGHT_COLUMN:
                return plain_number(entry.weight)
            return entry.name if is_category else indicator_label(entry)
        if role == Qt.ItemDataRole.EditRole:
            return plain_number(entry.weight) if column == WEIGHT_COLUMN else entry.name
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME_COLUMN and not is_category:
            return indicator_label(entry)
        if role == Qt.ItemDataRole.FontRole and is_category:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and is_category:
            return QBrush(CATEGORY_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == WEIGHT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """An in-place edit of a name or a weight, pushed as an undoable command."""
        from app.ui.agreement_commands import SetCategoryCommand, SetIndicatorCommand, push

        entry = self.entry(index)
        if role != Qt.ItemDataRole.EditRole or entry is None:
            return False
        field = "weight" if index.column() == WEIGHT_COLUMN else "name"
        text = str(value if value is not None else "").strip()
        if field == "weight":
            try:
                if scoring.decimal(text, "น้ำหนัก") == entry.weight:
                    return True
            except PlanDeskError:
                pass  # the service refuses it below, with the same message, and says where
        elif text == entry.name:
            return True
        if isinstance(entry, CategoryData):
            return push(self.undo_stack, SetCategoryCommand(self, entry.id, field, text))
        return push(self.undo_stack, SetIndicatorCommand(self, entry.id, {field: text}))

    # ---- changes (each commits one unit of work) ---------------------------------------
    def _run(self, action, kind: str, item_id: int, field: str):
        try:
            with self.ws.transaction() as session:
                return action(session)
        except PlanDeskError as exc:
            self.last_error = exc.message
            self.sig_error.emit(exc.message, kind, item_id, field)
            return FAILED

    def _refresh(self) -> None:
        """Read the agreement again after a committed change; rows and their order stay."""
        self.agreement = self._load()
        if self.agreement.categories:
            last = self.index(len(self.agreement.categories) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            for row, category in enumerate(self.agreement.categories):
                if category.indicators:
                    parent = self.index(row, 0)
                    self.dataChanged.emit(self.index(0, 0, parent),
                                          self.index(len(category.indicators) - 1, len(HEADERS) - 1, parent))
        self.sig_changed.emit()

    def apply_category(self, category_id: int, **fields) -> bool:
        field = next(iter(fields))
        if self._run(lambda s: agreements.update_category(s, category_id, **fields),
                     "category", category_id, field) is FAILED:
            return False
        self._refresh()
        return True

    def apply_indicator(self, indicator_id: int, **fields) -> bool:
        field = next(iter(fields))
        if self._run(lambda s: agreements.update_indicator(s, indicator_id, **fields),
                     "indicator", indicator_id, field) is FAILED:
            return False
        self._refresh()
        return True

    def apply_round_target(self, indicator_id: int, round_id: int, goal: str, steps: list[str]) -> bool:
        if self._run(lambda s: agreements.set_round_target(s, indicator_id, round_id, goal, steps),
                     "round", indicator_id, str(round_id)) is FAILED:
            return False
        self._refresh()
        return True

    def apply_delete(self, kind: str, item_id: int) -> dict | None:
        """Delete a category (with its indicators) or an indicator; returns the snapshot for undo."""
        action = agreements.delete_category if kind == "category" else agreements.delete_indicator
        snapshot = self._run(lambda s: action(s, item_id), kind, item_id, "name")
        if snapshot is FAILED:
            return None
        self.beginResetModel()
        self.agreement = self._load()
        self.endResetModel()
        self.sig_changed.emit()
        return snapshot

    def apply_restore(self, kind: str, snapshot: dict) -> bool:
        action = agreements.restore_category if kind == "category" else agreements.restore_indicator
        key = "category" if kind == "category" else "indicator"
        if self._run(lambda s: action(s, snapshot), kind, snapshot[key]["id"], "name") is FAILED:
            return False
        self.beginResetModel()
        self.agreement = self._load()
        self.endResetModel()
        self.sig_changed.emit()
        return True

    def add_category(self, name: str, weight) -> int | None:
        """Appended last."""
        new_id = self._run(lambda s: agreements.add_category(s, self.agreement_id, name, weight),
                           "category", 0, "name")
        if new_id is FAILED:
            return None
        row = len(self.agreement.categories)
        self.beginInsertRows(QModelIndex(), row, row)
        self.agreement = self._load()
        self.endInsertRows()
        self.sig_changed.emit()
        return new_id

    def add_indicator(self, category_id: int, number: str, name: str, weight) -> int | None:
        """Appended last in its category (its position is after every other indicator)."""
        new_id = self._run(lambda s: agreements.add_indicator(s, self.agreement_id, category_id, number, name,
                                                              weight), "category", category_id, "name")
        if new_id is FAILED:
            return None
        parent = self.index(self._category_row(category_id), 0)
        row = len(self.category(category_id).indicators)
        self.beginInsertRows(parent, row, row)
        self.agreement = self._load()
        self.endInsertRows()
        self.sig_changed.emit()
        return new_id

    def next_indicator_number(self) -> str:
        """One more than the largest whole number in use ("6" after 1–5)."""
        numbers = [int(i.number) for i in self.agreement.indicators if i.number.strip().isdigit()]
        return str(max(numbers, default=0) + 1)

    # ---- the agreement's own data (parties, signing, clauses, context) and its rounds ------
    AGREEMENT_SETTERS = {
        "parties": lambda s, aid, v: agreements.set_parties(s, aid, **v),
        "signing": lambda s, aid, v: agreements.set_signing(s, aid, **v),
        "clauses": lambda s, aid, v: agreements.set_clauses(s, aid, v),
        "context": lambda s, aid, v: agreements.set_context(s, aid, v),
    }

    def agreement_value(self, field: str):
        """What `apply_agreement(field, …)` takes back, as stored now."""
        a = self.agreement
        if field == "parties":
            return {"receiver_name": a.receiver.name if a.receiver else "", "receiver_position": a.receiver_position,
                    "maker_name": a.maker.name if a.maker else "", "maker_position": a.maker_position}
        if field == "signing":
            return {"receiver": a.receiver_signed, "maker": a.maker_signed}
        if field == "clauses":
            return list(a.clauses)
        return [dict(entry) for entry in a.context]

    def apply_agreement(self, field: str, value) -> bool:
        setter = self.AGREEMENT_SETTERS[field]
        if self._run(lambda s: setter(s, self.agreement_id, value), "agreement", self.agreement_id,
                     field) is FAILED:
            return False
        self._refresh()
        return True

    def standard_clauses(self) -> list[str] | None:
        try:
            with self.ws.session() as session:
                return agreements.standard_clauses_for(session, self.agreement_id)
        except PlanDeskError as exc:
            self.last_error = exc.message
            return None

    def add_rounds(self, rounds: list[tuple] | None = None, preset: str | None = None) -> list[int] | None:
        """Custom rounds (label, start, cut-off, due) or a preset's, in one transaction."""
        def add(session):
            if preset is not None:
                return agreements.add_preset_rounds(session, self.agreement_id, preset)
            return [agreements.add_round(session, self.agreement_id, *r) for r in rounds]
        ids = self._run(add, "agreement", self.agreement_id, "rounds")
        if ids is FAILED:
            return None
        self._refresh()
        return ids

    def apply_round(self, round_id: int, **fields) -> bool:
        if self._run(lambda s: agreements.update_round(s, round_id, **fields), "agreement", self.agreement_id,
                     "rounds") is FAILED:
            return False
        self._refresh()
        return True

    def apply_delete_rounds(self, round_ids: list[int]) -> list[dict] | None:
        snapshots = self._run(lambda s: [agreements.delete_round(s, rid) for rid in round_ids], "agreement",
                              self.agreement_id, "rounds")
        if snapshots is FAILED:
            return None
        self._refresh()
        return snapshots

    def apply_restore_rounds(self, snapshots: list[dict]) -> bool:
        def restore(session):
            for snapshot in snapshots:
                agreements.restore_round(session, snapshot)
        if self._run(restore, "agreement", self.agreement_id, "rounds") is FAILED:
            return False
        self._refresh()
        return True
