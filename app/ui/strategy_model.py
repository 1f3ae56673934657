"""The strategy tree as an item model: dimensions › goals (CSF) › projects › KPIs, with weights,
targets, the round's result, score and points (roll-ups on the dimension and goal rows)."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from app.services import strategy
from app.services.workspace import Workspace

COLUMNS = ("รายการ", "น้ำหนัก", "ค่าเป้าหมาย ๑–๕", "ผลการดำเนินงาน", "คะแนน", "คะแนนถ่วงน้ำหนัก")
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class Node:
    kind: str                 # "dimension", "goal", "project", "kpi"
    id: int
    texts: tuple
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0
    not_known: bool = False


class StrategyTreeModel(QAbstractItemModel):
    def __init__(self, ws: Workspace, plan_id: int, parent=None):
        super().__init__(parent)
        self.ws, self.plan_id = ws, plan_id
        self.round_id: int | None = None
        self.view: strategy.Overview | None = None
        self.roots: list[Node] = []
        with ws.session() as session:
            self.plan = strategy.load_plan(session, plan_id)
        if self.plan.rounds:
            self.set_round(self.plan.rounds[0].id)

    # ---- data ------------------------------------------------------------------------------------
    def set_round(self, round_id: int) -> None:
        self.round_id = round_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        with self.ws.session() as session:
            self.plan = strategy.load_plan(session, self.plan_id)
            self.view = strategy.overview(session, self.plan_id, self.round_id) if self.round_id else None
        self.roots = self._build()
        self.endResetModel()

    def _build(self) -> list[Node]:
        """The tree with the round's figures; without a round (a plan not given rounds yet) the
        structure alone, so that it can still be edited."""
        view, fmt = self.view, strategy.fmt_points
        plan = view.plan if view is not None else self.plan
        rows = {r.kpi.id: r for r in view.rows} if view is not None else {}

        def rolled(scores, points, row_id) -> tuple[str, str]:
            return ("", "") if view is None else (fmt(scores[row_id]), fmt(points[row_id]))

        roots = []
        for d_row, dim in enumerate(plan.dimensions):
            d = Node("dimension", dim.id, (f"มิติที่ {dim.number} {dim.name}", fmt(dim.weight), "", "",
                                           *rolled(view and view.dimension_scores, view and view.dimension_points,
                                                   dim.id)),
                     row=d_row)
            for g_row, goal in enumerate(dim.goals):
                g = Node("goal", goal.id, (f"CSF {goal.number}. {goal.name}", fmt(goal.weight), "", "",
                                           *rolled(view and view.goal_scores, view and view.goal_points, goal.id)),
                         parent=d, row=g_row)
                for p_row, project in enumerate(goal.projects):
                    p = Node("project", project.id, (f"{project.number}. {project.name}", "", "", "", "", ""),
                             parent=g, row=p_row)
                    for k_row, kpi in enumerate(project.kpis):
                        row = rows.get(kpi.id)
                        if row is None:
                            p.children.append(Node("kpi", kpi.id, (f"{kpi.number} {kpi.name}", fmt(kpi.weight),
                                                                   " ".join(kpi.targets), "", "", ""),
                                                   parent=p, row=k_row))
                            continue
                        score = "ยังไม่ทราบผล" if row.result.not_known else ("-" if row.score is None else fmt(row.score))
                        p.children.append(Node("kpi", kpi.id, (
                            f"{kpi.number} {kpi.name}", fmt(kpi.weight), " ".join(kpi.targets),
                            row.result.result or "-", score, fmt(row.points)), parent=p, row=k_row,
                            not_known=row.result.not_known))
                    g.children.append(p)
                d.children.append(g)
            roots.append(d)
        return roots

    def summary(self) -> str:
        if self.view is None:
            return ""
        return f"คะแนน{self.plan.scorecard_name or 'รวม'} {self.view.total_2dp} จาก 100"

    def kpi_index(self, kpi_id: int) -> QModelIndex:
        return self.node_index("kpi", kpi_id)

    def node_index(self, kind: str, row_id: int) -> QModelIndex:
        stack = list(self.roots)
        while stack:
            node = stack.pop()
            if node.kind == kind and node.id == row_id:
                return self.createIndex(node.row, 0, node)
            stack.extend(node.children)
        return QModelIndex()

    @staticmethod
    def ancestor(index: QModelIndex, kind: str) -> int | None:
        """The id of the `kind` node at or above `index` (None when there is none)."""
        node = index.internalPointer() if index.isValid() else None
        while node is not None and node.kind != kind:
            node = node.parent
        return None if node is None else node.id

    # ---- QAbstractItemModel ----------------------------------------------------------------------
    def _children(self, parent: QModelIndex) -> list[Node]:
        return parent.internalPointer().children if parent.isValid() else self.roots

    def index(self, row, column, parent=QModelIndex()):
        children = self._children(parent)
        if 0 <= row < len(children) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer().parent
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent=QModelIndex()):
        return len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return node.texts[index.column()]
        if role == KIND_ROLE:
            return node.kind
        if role == ID_ROLE:
            return node.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and node.kind in ("dimension", "goal"):
            from PySide6.QtGui import QFont
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and node.not_known and index.column() in (3, 4):
            from PySide6.QtGui import QColor
            return QColor("#8a6d00")
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
