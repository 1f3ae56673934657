"""Rows on the clipboard: plan items (with descendants) as JSON for PlanDesk and TSV for Excel."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation

from app.models import ItemKind
from app.services.errors import ValidationError
from app.services.money import format_money
from app.services.plan_data import TEXT_FIELDS, ItemRow, SubtreeNode

MIME_TYPE = "application/x-plandesk-rows"
FORMAT_VERSION = 1


def _node_dict(node: SubtreeNode) -> dict:
    row = node.row
    return {"kind": row.kind.value, **{f: getattr(row, f) for f in TEXT_FIELDS},
            "budget": None if row.budget is None else str(row.budget),
            "months": sorted(m.isoformat() for m in row.months),
            "children": [_node_dict(c) for c in node.children]}


def to_json(nodes: list[SubtreeNode]) -> str:
    return json.dumps({"plandesk_rows": FORMAT_VERSION, "rows": [_node_dict(n) for n in nodes]},
                      ensure_ascii=False)


def _node(data: dict, position: int) -> SubtreeNode:
    try:
        budget = None if data.get("budget") is None else Decimal(data["budget"])
        row = ItemRow(id=0, parent_id=None, position=position, kind=ItemKind(data["kind"]),
                      months=frozenset(dt.date.fromisoformat(m) for m in data.get("months", [])),
                      budget=budget, **{f: str(data.get(f, "")) for f in TEXT_FIELDS})
        children = tuple(_node(c, i) for i, c in enumerate(data.get("children", [])))
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise ValidationError(f"ข้อมูลแถวที่คัดลอกมาเสียหาย วางไม่ได้ ({exc})")
    return SubtreeNode(row, children)


def from_json(text: str) -> list[SubtreeNode]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise ValidationError("ข้อมูลแถวที่คัดลอกมาเสียหาย วางไม่ได้")
    if not isinstance(data, dict) or data.get("plandesk_rows") != FORMAT_VERSION:
        raise ValidationError("ข้อมูลที่คัดลอกมาไม่ใช่แถวของแผนจาก PlanDesk รุ่นนี้")
    return [_node(n, i) for i, n in enumerate(data.get("rows", []))]


def to_tsv(nodes: list[SubtreeNode], numbers: dict[int, str], months: list[dt.date]) -> str:
    """Tab-separated lines in grid order, for pasting into Excel: → in the marked months."""
    lines = []
    for root in nodes:
        for node in root.walk():
            row = node.row
            cells = [f"{numbers.get(row.id, '')} {row.title}".strip()]
            cells += ["→" if m in row.months else "" for m in months]
            cells += [row.deliverable, format_money(row.budget), row.responsible, row.related, row.remark]
            lines.append("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells))
    return "\n".join(lines)
