"""Plan progress (seed 003): each activity's target, result, actual months and the two status pairs.

A progress report groups a plan's activities under measures (มาตรการ): the plan's top-level
HEADING items. Activities are the ACTIVITY items below a measure (at any depth, in reading
order), numbered 1, 2, 3 … continuously across measures as the seed does; activities outside
any heading come first, under no measure row.

Periods: the planned period is the first to the last planned month ("ต.ค.66 - ก.ค.67"), one month
alone prints "ต.ค.66", none "-". The same for the actual months. Months in between that are not
marked do not split the period: the seed writes "ต.ค.66 - ก.ค.67" for an activity done 4 times.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app.models import ItemKind, Plan, PlanItem, PlanItemActualMonth, PlanItemMonth, PlanItemProgress
from app.services import fiscal, plans
from app.services.errors import NotFoundError, ValidationError
from app.services.plan_data import PlanInfo
from app.services.reports import audit

FIELDS = ("target_quantity", "target_unit", "result", "done", "on_target")
FIELD_LABELS = {"target_quantity": "เป้าหมาย (จำนวน)", "target_unit": "หน่วยนับ",
                "result": "ผลการดำเนินงาน", "done": "สถานะการดำเนินการ",
                "on_target": "การเป็นไปตามเป้าหมาย"}
DONE_LABELS = ("ดำเนินการแล้ว", "ยังไม่ดำเนินการ")
TARGET_LABELS = ("เป็นไปตามเป้าหมาย", "ไม่เป็นไปตามเป้าหมาย")
MAX_LENGTH = {"target_quantity": 50, "target_unit": 100, "result": 4000}
_THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_QUANTITY = re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$")
_ACT = PlanItemActualMonth.__table__
_MEASURE_PREFIX = "มาตรการ"


@dataclass(frozen=True)
class ItemProgress:
    """One item's progress as plain data (defaults when nothing was recorded yet)."""

    item_id: int
    target_quantity: str = ""
    target_unit: str = ""
    result: str = ""
    done: bool | None = None
    on_target: bool | None = None
    updated_on: dt.date | None = None
    actual_months: frozenset[dt.date] = frozenset()

    @property
    def target_text(self) -> str:
        """"4 ครั้ง" (either part may be missing)."""
        return " ".join(part for part in (self.target_quantity, self.target_unit) if part)

    def fields(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}


@dataclass(frozen=True)
class ProgressRow:
    number: int                       # 1, 2, 3 … continuous across measures
    item_id: int
    title: str
    target_text: str                  # "4 ครั้ง"
    result: str
    planned_months: frozenset[dt.date]
    actual_months: frozenset[dt.date]
    planned_period: str               # "ต.ค.66 - ก.ค.67", "ต.ค.66" or "-"
    actual_period: str
    done: bool | None
    on_target: bool | None


@dataclass(frozen=True)
class Measure:
    item_id: int | None               # None: activities under no heading
    number: int                       # 1, 2 … (0 for the no-heading group)
    title: str
    label: str                        # "มาตรการที่ 1 พัฒนาระบบ …" ("" for the no-heading group)
    rows: tuple[ProgressRow, ...] = ()


@dataclass(frozen=True)
class ProgressCounts:
    activities: int = 0
    done: int = 0
    not_done: int = 0
    on_target: int = 0
    off_target: int = 0

    @property
    def unstated(self) -> int:
        return self.activities - self.done - self.not_done


@dataclass
class ProgressReport:
    info: PlanInfo
    measures: list[Measure] = field(default_factory=list)
    counts: ProgressCounts = ProgressCounts()

    @property
    def rows(self) -> list[ProgressRow]:
        return [row for measure in self.measures for row in measure.rows]


# ---- period texts -------------------------------------------------------------------------

def month_short(d: dt.date) -> str:
    """"ต.ค.66": the abbreviation and the two-digit BE year with no space, as seed 003 writes it."""
    return f"{fiscal.MONTH_ABBR[d.month - 1]}{fiscal.to_be(d.year) % 100:02d}"


def period_text(months: Iterable[dt.date]) -> str:
    """First to last month ("ต.ค.66 - ก.ค.67"), one month ("ต.ค.66"), or "-" for none."""
    ordered = sorted(months)
    if not ordered:
        return "-"
    if ordered[0] == ordered[-1]:
        return month_short(ordered[0])
    return f"{month_short(ordered[0])} - {month_short(ordered[-1])}"


def status_text(done: bool | None, on_target: bool | None) -> str:
    """Concise status for the grid: "✓ดำเนินการแล้ว · ตามเป้า", "ยังไม่ดำเนินการ", "" when unstated."""
    parts = []
    if done is not None:
        parts.append("✓ดำเนินการแล้ว" if done else "ยังไม่ดำเนินการ")
    if on_target is not None:
        parts.append("ตามเป้า" if on_target else "ไม่ตามเป้า")
    return " · ".join(parts)


# ---- reading ------------------------------------------------------------------------------

def _item(session: Session, item_id: int) -> PlanItem:
    item = session.get(PlanItem, item_id)
    if item is None:
        raise NotFoundError("ไม่พบรายการนี้ในแผน (อาจถูกลบไปแล้ว)")
    return item


def _actual_months(session: Session, plan_id: int | None = None, item_id: int | None = None
                   ) -> dict[int, set[dt.date]]:
    query = select(_ACT.c.item_id, _ACT.c.month)
    if item_id is not None:
        query = query.where(_ACT.c.item_id == item_id)
    else:
        query = query.join(PlanItem.__table__, PlanItem.__table__.c.id == _ACT.c.item_id) \
            .where(PlanItem.__table__.c.plan_id == plan_id)
    months: dict[int, set[dt.date]] = defaultdict(set)
    for iid, month in session.execute(query):
        months[iid].add(month)
    return months


def _to_data(record: PlanItemProgress | None, item_id: int, months: Iterable[dt.date]) -> ItemProgress:
    if record is None:
        return ItemProgress(item_id=item_id, actual_months=frozenset(months))
    return ItemProgress(item_id=item_id, target_quantity=record.target_quantity or "",
                        target_unit=record.target_unit or "", result=record.result or "",
                        done=record.done, on_target=record.on_target, updated_on=record.updated_on,
                        actual_months=frozenset(months))


def get_progress(session: Session, item_id: int) -> ItemProgress:
    _item(session, item_id)
    return _to_data(session.get(PlanItemProgress, item_id), item_id,
                    _actual_months(session, item_id=item_id).get(item_id, ()))


def plan_progress(session: Session, plan_id: int) -> dict[int, ItemProgress]:
    """Every item of the plan that has progress or actual months (two queries; for the grid)."""
    months = _actual_months(session, plan_id=plan_id)
    records = {r.item_id: r for r in session.scalars(
        select(PlanItemProgress).join(PlanItem, PlanItem.id == PlanItemProgress.item_id)
        .where(PlanItem.plan_id == plan_id))}
    return {item_id: _to_data(records.get(item_id), item_id, months.get(item_id, ()))
            for item_id in set(records) | set(months)}


def measure_label(number: int, title: str) -> str:
    """"มาตรการที่ 1 …"; a heading already written "มาตรการ…" prints as it is."""
    title = title.strip()
    return title if title.startswith(_MEASURE_PREFIX) else f"มาตรการที่ {number} {title}".strip()


def load_progress(session: Session, plan_id: int) -> ProgressReport:
    """The plan's activities grouped by measure, with periods, statuses and counts."""
    rows = plans.load_rows(session, plan_id)   # raises NotFoundError for a deleted plan
    info = plans.plan_info(session, plan_id)
    progress = plan_progress(session, plan_id)
    top_of: dict[int, int | None] = {}
    for row in rows:  # parents come first
        top_of[row.id] = (row.id if row.kind == ItemKind.HEADING else None) if row.parent_id is None \
            else top_of[row.parent_id]
    grouped: dict[int | None, list] = defaultdict(list)
    for row in rows:
        if row.kind == ItemKind.ACTIVITY:
            grouped[top_of[row.id]].append(row)
    measures: list[Measure] = []
    number = 0
    done = not_done = on_target = off_target = 0

    def make_rows(items) -> tuple[ProgressRow, ...]:
        nonlocal number, done, not_done, on_target, off_target
        out = []
        for row in items:
            number += 1
            p = progress.get(row.id) or ItemProgress(item_id=row.id)
            done += p.done is True
            not_done += p.done is False
            on_target += p.on_target is True
            off_target += p.on_target is False
            out.append(ProgressRow(number=number, item_id=row.id, title=row.title, target_text=p.target_text,
                                   result=p.result, planned_months=row.months, actual_months=p.actual_months,
                                   planned_period=period_text(row.months), actual_period=period_text(p.actual_months),
                                   done=p.done, on_target=p.on_target))
        return tuple(out)

    if grouped.get(None):
        measures.append(Measure(item_id=None, number=0, title="", label="", rows=make_rows(grouped[None])))
    measure_number = 0
    for row in rows:
        if row.parent_id is None and row.kind == ItemKind.HEADING:
            measure_number += 1
            measures.append(Measure(item_id=row.id, number=measure_number, title=row.title,
                                    label=measure_label(measure_number, row.title),
                                    rows=make_rows(grouped.get(row.id, ()))))
    counts = ProgressCounts(activities=number, done=done, not_done=not_done, on_target=on_target,
                            off_target=off_target)
    return ProgressReport(info=info, measures=measures, counts=counts)


def has_progress(session: Session, plan_id: int) -> bool:
    """Whether anything of the plan's progress was recorded (picks the plan for a progress export)."""
    return bool(session.scalar(select(PlanItemProgress.item_id).join(PlanItem, PlanItem.id == PlanItemProgress.item_id)
                               .where(PlanItem.plan_id == plan_id).limit(1))
                or session.scalar(select(_ACT.c.item_id).join(PlanItem.__table__,
                                                              PlanItem.__table__.c.id == _ACT.c.item_id)
                                  .where(PlanItem.__table__.c.plan_id == plan_id).limit(1)))


# ---- changing -----------------------------------------------------------------------------

def _where(item: PlanItem) -> str:
    title = (item.title or "").strip()
    return f"“{title[:40]}{'…' if len(title) > 40 else ''}”" if title else "รายการนี้"


def _check_activity(item: PlanItem, what: str) -> None:
    if item.kind == ItemKind.HEADING.value:
        raise ValidationError(f"หัวข้อ {_where(item)} เป็นมาตรการ/หัวข้อ ไม่มี{what}ของตัวเอง "
                              f"— บันทึกที่กิจกรรมภายใต้หัวข้อ")
    if item.kind != ItemKind.ACTIVITY.value:
        raise ValidationError(f"{_where(item)} เป็นรายการย่อย (-) — บันทึก{what}ที่กิจกรรมที่มีเลขลำดับ")


def normalize_quantity(value) -> str:
    """"๔" → "4", "1,000" stays; refuses words, negatives and other non-numbers (Thai message)."""
    if value is None:
        return ""
    text = str(value).strip().translate(_THAI_TO_ARABIC)
    if text and not _QUANTITY.match(text):
        raise ValidationError(f"เป้าหมาย (จำนวน) “{str(value).strip()}” ต้องเป็นตัวเลข เช่น 4 หรือ ๔ "
                              "— ใส่หน่วย (ครั้ง, ฉบับ) ในช่องหน่วยนับ")
    return text


def _clean(fields: dict) -> dict:
    clean = {}
    for name, value in fields.items():
        if name not in FIELDS:
            raise ValidationError(f"ไม่มีช่องชื่อ “{name}” ในผลการดำเนินงาน")
        if name in ("done", "on_target"):
            if value is not None and not isinstance(value, bool):
                raise ValidationError(f"{FIELD_LABELS[name]} ต้องเป็น ใช่/ไม่ใช่ หรือยังไม่ระบุ")
            clean[name] = value
            continue
        if value is not None and not isinstance(value, str):
            if name == "target_quantity" and isinstance(value, int):
                value = str(value)
            else:
                raise ValidationError(f"ข้อมูลช่อง {FIELD_LABELS[name]} ต้องเป็นข้อความ")
        text = normalize_quantity(value) if name == "target_quantity" else (value or "").strip()
        if len(text) > MAX_LENGTH[name]:
            raise ValidationError(f"ข้อความในช่อง {FIELD_LABELS[name]} ยาวเกิน {MAX_LENGTH[name]:,} ตัวอักษร")
        clean[name] = text
    return clean


def set_progress(session: Session, item_id: int, **fields) -> ItemProgress:
    """Change an activity's target, result or statuses; refused input changes nothing.

    Give only the fields that change: target_quantity ("4", "๔"), target_unit, result,
    done / on_target (True, False, or None = not stated).
    """
    item = _item(session, item_id)
    clean = _clean(fields)
    _check_activity(item, "ผลการดำเนินงาน")
    record = session.get(PlanItemProgress, item_id)
    before = _to_data(record, item_id, ()).fields()
    if record is None:
        record = PlanItemProgress(item_id=item_id, target_quantity="", target_unit="", result="")
        session.add(record)
    changed = {name: value for name, value in clean.items() if before[name] != value}
    for name, value in clean.items():
        setattr(record, name, value)
    if changed:
        record.updated_on = dt.date.today()
        session.flush()
        audit(session, "plan_item", item_id, "progress",
              before={k: before[k] for k in changed}, after=changed)
    session.flush()
    return get_progress(session, item_id)


def set_actual_months(session: Session, item_id: int, months: Iterable[dt.date]) -> frozenset[dt.date]:
    """Replace the months the activity was actually carried out in (each inside the plan window)."""
    item = _item(session, item_id)
    plan = session.get(Plan, item.plan_id)
    wanted = set()
    for month in months:
        month = fiscal.first_of_month(month)
        if not plan.window_start <= month <= plan.window_end:
            raise ValidationError(
                f"เดือนที่ดำเนินการ {fiscal.month_label_long(month)} ของ {_where(item)} อยู่นอกช่วงเดือนของแผน "
                f"({fiscal.month_label(plan.window_start)} – {fiscal.month_label(plan.window_end)})")
        wanted.add(month)
    current = _actual_months(session, item_id=item_id).get(item_id, set())
    if wanted:
        _check_activity(item, "เดือนที่ดำเนินการ")
    removed, added = current - wanted, wanted - current
    if removed:
        session.execute(delete(_ACT).where(_ACT.c.item_id == item_id, _ACT.c.month.in_(removed)))
    if added:
        session.execute(insert(_ACT), [{"item_id": item_id, "month": m} for m in sorted(added)])
    if removed or added:
        audit(session, "plan_item", item_id, "actual_months",
              before=sorted(current), after=sorted(wanted))
    return frozenset(wanted)


def planned_months(session: Session, item_id: int) -> frozenset[dt.date]:
    return frozenset(session.scalars(select(PlanItemMonth.month).where(PlanItemMonth.item_id == item_id)))


def snapshot(session: Session, item_ids: Iterable[int]) -> list[ItemProgress]:
    """The progress of items about to be deleted, so undoing the delete can bring it back."""
    ids = list(item_ids)
    out = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        months: dict[int, set[dt.date]] = defaultdict(set)
        for iid, month in session.execute(select(_ACT.c.item_id, _ACT.c.month).where(_ACT.c.item_id.in_(chunk))):
            months[iid].add(month)
        records = {r.item_id: r for r in session.scalars(select(PlanItemProgress)
                                                         .where(PlanItemProgress.item_id.in_(chunk)))}
        out += [_to_data(records.get(i), i, months.get(i, ())) for i in chunk if i in records or i in months]
    return out


def restore(session: Session, saved: Iterable[ItemProgress]) -> None:
    """Put back progress taken by `snapshot` (the items exist again with the same ids)."""
    for data in saved:
        record = session.get(PlanItemProgress, data.item_id) or PlanItemProgress(item_id=data.item_id)
        for name in FIELDS:
            setattr(record, name, getattr(data, name))
        record.updated_on = data.updated_on
        session.add(record)
        session.execute(delete(_ACT).where(_ACT.c.item_id == data.item_id))
        if data.actual_months:
            session.execute(insert(_ACT), [{"item_id": data.item_id, "month": m} for m in sorted(data.actual_months)])
    session.flush()
