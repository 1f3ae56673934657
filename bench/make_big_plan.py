"""Build (or reuse) the benchmark workspace: one plan of 5,000 activities in a realistic tree.

Tree: 10 headings × 10 sub-headings × 50 rows = 5,000 activities and bullets (what the app
counts as "กิจกรรม"), plus 110 headings: 5,110 items. Every 7th activity carries two bullets.
Titles and deliverables are Thai phrases of 40–120 characters put together from the demo
plan's own wording; about 40 % of rows have a budget; each row has 1–4 marked months.

It goes through the real services (plans.create_plan, items.insert_item) inside ONE
transaction, so the file is a valid workspace (Alembic head, marker row) that
app.services.workspace.open_workspace opens; this takes about 8 s on the 2-core machine.

    python bench/make_big_plan.py            # reuse bench/out/big5000.plandesk if valid
    python bench/make_big_plan.py --force    # rebuild
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import BIG_WORKSPACE, OUT, remove_workspace  # noqa: E402

BE_YEAR = 2567
# The generator version is part of the title, so a cache made by an older generator is rebuilt.
PLAN_TITLE = f"แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. {BE_YEAR} ชุดทดสอบประสิทธิภาพ 5,000 กิจกรรม [bench-v1]"
UNIT_PARENT = ("สำนักงานเลขานุการกรม", "สลก.")
UNIT = ("กลุ่มพัฒนาระบบบริหาร", "กพร.")
HEADINGS, SUBHEADINGS, ROWS_PER_SUB = 10, 10, 50
BULLET_EVERY, BULLETS = 7, 2
ACTIVITIES = HEADINGS * SUBHEADINGS * ROWS_PER_SUB          # non-heading rows (activities + bullets)
TOTAL_ITEMS = ACTIVITIES + HEADINGS + HEADINGS * SUBHEADINGS
SEED = 2567

RESPONSIBLE = ("กลุ่มพัฒนาระบบบริหาร", "กพร./เจ้าภาพตัวชี้วัด", "ผู้บริหารกรมปศุสัตว์/เจ้าภาพตัวชี้วัด/กพร.",
               "กองแผนงาน", "กองคลัง", "กองการเจ้าหน้าที่", "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
               "สำนักกฎหมาย", "กลุ่มตรวจสอบภายใน", "สำนักงานปศุสัตว์เขต 1–9", "สำนักงานปศุสัตว์จังหวัด",
               "กลุ่มพัฒนาระบบบริหาร/กองแผนงาน")
SUFFIXES = (" ประจำปีงบประมาณ พ.ศ. 2567", " รอบ 6 เดือน", " รอบ 12 เดือน", " ไตรมาสที่ 1", " ไตรมาสที่ 2",
            " ไตรมาสที่ 3", " ไตรมาสที่ 4", " ครั้งที่ 1", " ครั้งที่ 2", " (ระดับกรม)", " (ระดับสำนัก/กอง)",
            " ผ่านระบบอิเล็กทรอนิกส์", " ให้หน่วยงานที่เกี่ยวข้องทราบ", " และรายงานผลให้ผู้บริหารทราบ")
REMARKS = ("", "", "", "", "", "งบประมาณจากโครงการพัฒนาระบบบริหาร", "ดำเนินการร่วมกับสำนักงาน ก.พ.ร.",
           "ตามปฏิทินของสำนักงาน ก.พ.ร.")


def _phrases() -> dict[str, list[str]]:
    from app.services.demo import demo_data

    found: dict[str, list[str]] = {"heading": [], "title": [], "deliverable": [], "related": []}

    def walk(nodes):
        for node in nodes:
            key = "heading" if node["kind"] == "heading" else "title"
            found[key].append(node["title"].strip())
            if node["deliverable"].strip():
                found["deliverable"].append(node["deliverable"].strip())
            if node["related"].strip():
                found["related"].append(node["related"].strip())
            walk(node["children"])

    walk(demo_data()["items"])
    return found


def _text(rng: random.Random, pool: list[str], low: int = 40, high: int = 120) -> str:
    """A phrase from the pool, lengthened with a realistic suffix or cut at a space, to low..high chars."""
    text = rng.choice(pool)
    while len(text) < low:
        text += rng.choice(SUFFIXES)
    if len(text) > high:
        cut = text.rfind(" ", low, high)
        text = text[:cut] if cut > 0 else text[:high]
    return text.strip()


def _months(rng: random.Random, window: list[dt.date]) -> list[dt.date]:
    return rng.sample(window, rng.randint(1, 4))


def _budget(rng: random.Random) -> Decimal | None:
    if rng.random() >= 0.4:
        return None
    return Decimal(rng.randrange(500, 50_000, 25)).quantize(Decimal("0.01"))


def build(path: Path) -> float:
    """Create the workspace at path (which must not exist); returns the seconds it took."""
    from app.models import ItemKind
    from app.services import fiscal, items, plans
    from app.services.workspace import open_workspace

    rng = random.Random(SEED)
    phrases = _phrases()
    started = time.perf_counter()
    ws = open_workspace(path)
    try:
        with ws.transaction() as session:
            parent = plans.get_or_create_unit(session, UNIT_PARENT[0], abbreviation=UNIT_PARENT[1])
            unit = plans.get_or_create_unit(session, UNIT[0], parent=parent, abbreviation=UNIT[1])
            plan_id = plans.create_plan(session, unit, BE_YEAR, PLAN_TITLE)
            info = plans.plan_info(session, plan_id)
            window = fiscal.month_range(info.window_start, info.window_end)

            def add(parent_id, index, kind, **fields):
                if kind != ItemKind.HEADING:
                    fields.update(months=_months(rng, window), budget=_budget(rng),
                                  deliverable=_text(rng, phrases["deliverable"], 40, 120),
                                  responsible=rng.choice(RESPONSIBLE), related=rng.choice(phrases["related"]),
                                  remark=rng.choice(REMARKS))
                return items.insert_item(session, plan_id, parent_id, index, kind, **fields).id

            for h in range(HEADINGS):
                heading = add(None, h, ItemKind.HEADING, title=_text(rng, phrases["heading"], 20, 90))
                for s in range(SUBHEADINGS):
                    sub = add(heading, s, ItemKind.HEADING, title=_text(rng, phrases["heading"], 40, 100))
                    made = position = 0
                    while made < ROWS_PER_SUB:
                        activity = add(sub, position, ItemKind.ACTIVITY, title=_text(rng, phrases["title"]))
                        made += 1
                        position += 1
                        if position % BULLET_EVERY == 3 and made + BULLETS <= ROWS_PER_SUB:
                            for b in range(BULLETS):
                                add(activity, b, ItemKind.BULLET, title=_text(rng, phrases["title"]))
                            made += BULLETS
    finally:
        ws.close()
    return time.perf_counter() - started


def check(path: Path) -> str | None:
    """None when path is a workspace holding the expected plan; otherwise why not."""
    from sqlalchemy import func, select

    from app.models import ItemKind, PlanItem, PlanItemMonth
    from app.services import plans
    from app.services.errors import PlanDeskError
    from app.services.workspace import open_workspace

    if not path.exists():
        return "missing"
    try:
        ws = open_workspace(path)
    except PlanDeskError as exc:
        return f"not a workspace: {exc.message}"
    try:
        with ws.session() as session:
            found = [p for p in plans.list_plans(session) if p.title == PLAN_TITLE]
            if len(found) != 1:
                return "the bench plan is not there (or made by another generator version)"
            plan_id = found[0].id
            total = session.scalar(select(func.count()).select_from(PlanItem).where(PlanItem.plan_id == plan_id))
            headings = session.scalar(select(func.count()).select_from(PlanItem).where(
                PlanItem.plan_id == plan_id, PlanItem.kind == ItemKind.HEADING.value))
            months = session.scalar(select(func.count()).select_from(PlanItemMonth).join(PlanItem).where(
                PlanItem.plan_id == plan_id))
    finally:
        ws.close()
    if found[0].activity_count != ACTIVITIES or total != TOTAL_ITEMS or headings != TOTAL_ITEMS - ACTIVITIES:
        return f"unexpected counts: {found[0].activity_count} activities, {total} items"
    if months < ACTIVITIES:
        return f"only {months} marked months"
    return None


def plan_id_of(path: Path) -> int:
    from app.services import plans
    from app.services.workspace import open_workspace

    ws = open_workspace(path)
    try:
        with ws.session() as session:
            return next(p.id for p in plans.list_plans(session) if p.title == PLAN_TITLE)
    finally:
        ws.close()


def ensure(path: Path = BIG_WORKSPACE, force: bool = False, quiet: bool = False) -> Path:
    """The big workspace at path, built when missing, invalid or forced."""
    reason = "forced" if force else check(path)
    if reason is None:
        if not quiet:
            print(f"reusing {path} ({ACTIVITIES:,} activities, {TOTAL_ITEMS:,} items)")
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    remove_workspace(tmp)
    if not quiet:
        print(f"building {path} ({reason}) …", flush=True)
    seconds = build(tmp)
    problem = check(tmp)
    if problem:
        raise SystemExit(f"make_big_plan: the built workspace is not valid: {problem}")
    remove_workspace(path)
    tmp.rename(path)
    if not quiet:
        size = path.stat().st_size / 1e6
        print(f"built {path}: {ACTIVITIES:,} activities, {TOTAL_ITEMS:,} items, {size:.1f} MB in {seconds:.1f} s")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when the cache is valid")
    parser.add_argument("--path", type=Path, default=BIG_WORKSPACE)
    args = parser.parse_args(argv)
    ensure(args.path, force=args.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
