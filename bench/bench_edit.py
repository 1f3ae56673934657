"""One cell edit to committed, with the 5,000-activity plan open in the main window.

One process, offscreen, a MainWindow on a scratch copy of bench/out/big5000.plandesk (shown;
the editor's signals reach the status bar as they do for a user). N edits cycle through
three kinds, on activities spread over the whole plan:

  title   model.setData(index of the title column, new text)          → SetFieldCommand
  budget  model.setData(index of the budget column, "1,234.00"-style)  → SetFieldCommand
  months  model.undo_stack.push(<month command>(model, …, months ^ {one month})): the command a
          click on a month cell pushes — MarkMonthsCommand(model, {id: months}, mark) in the
          current app/ui/plan_commands.py (SetMonthsCommand(model, id, months) in older ones)

Each is timed from the call to its return; PlanItemModel commits to the database before it
returns, so that is "edit to committed". Before each edit the grid scrolls to the row
(untimed, as a user would get there); after it, the time until the grid has repainted is
recorded too (secondary figure). After the run a brand-new engine and session read the last
edit of each kind back from the file.

    python bench/bench_edit.py [--edits 210] [--profile bench/out/edit.prof]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (BIG_WORKSPACE, TARGET_EDIT_S, ms, peak_rss_mb, scratch_copy,  # noqa: E402
                     summary, write_json)

KINDS = ("title", "budget", "months")
REPAINT_TIMEOUT_S = 5


def activity_ids(model) -> list[int]:
    """Every activity and bullet (rows with a budget and months of their own), in display order."""
    from app.models import ItemKind

    return [i for i in model.item_ids() if model.row(i).kind != ItemKind.HEADING]


def spread(ids: list[int], count: int) -> list[int]:
    step = max(1, len(ids) // max(count, 1))
    return [ids[(n * step) % len(ids)] for n in range(count)]


def wait_repaint(app, watch, before: int, timeout: float = REPAINT_TIMEOUT_S) -> bool:
    deadline = time.perf_counter() + timeout
    while watch.painted <= before:
        app.processEvents()
        if time.perf_counter() > deadline:
            return False
    return True


def do_edit(model, kind: str, item_id: int, n: int):
    """Run one edit; returns (ok, what was written)."""
    from PySide6.QtCore import Qt

    if kind == "title":
        value = f"{model.row(item_id).title[:70]} (แก้ไขครั้งที่ {n})"
        ok = model.setData(model.index_of(item_id, model.column_of("title")), value, Qt.ItemDataRole.EditRole)
        return ok and model.row(item_id).title == value, value
    if kind == "budget":
        value = f"{1234 + n:,}.00"
        ok = model.setData(model.index_of(item_id, model.column_of("budget")), value, Qt.ItemDataRole.EditRole)
        return ok and model.row(item_id).budget is not None, value
    month = model.months[n % len(model.months)]
    months = frozenset(model.row(item_id).months ^ {month})
    model.undo_stack.push(month_command(model, item_id, months, month in months))
    return model.row(item_id).months == months, months


def month_command(model, item_id: int, months: frozenset[dt.date], mark: bool):
    """The undo command for new months of one row, whichever the app version has."""
    from app.ui import plan_commands

    if hasattr(plan_commands, "MarkMonthsCommand"):
        try:
            return plan_commands.MarkMonthsCommand(model, {item_id: months}, mark)
        except TypeError:  # an older MarkMonthsCommand made of SetMonthsCommand children
            pass
    return plan_commands.SetMonthsCommand(model, item_id, months)


def verify(path, last: dict) -> list[str]:
    """Read the last edit of each kind back through a new engine and session; returns problems."""
    from decimal import Decimal

    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from app.models import PlanItem, PlanItemMonth

    problems = []
    engine = create_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            if "title" in last:
                item_id, value = last["title"]
                got = session.get(PlanItem, item_id).title
                if got != value:
                    problems.append(f"title of {item_id}: {got!r} in the database, {value!r} expected")
            if "budget" in last:
                item_id, value = last["budget"]
                got = session.get(PlanItem, item_id).budget
                if got != Decimal(value.replace(",", "")):
                    problems.append(f"budget of {item_id}: {got} in the database, {value} expected")
            if "months" in last:
                item_id, value = last["months"]
                got = set(session.scalars(select(PlanItemMonth.month).where(PlanItemMonth.item_id == item_id)))
                if got != set(value):
                    problems.append(f"months of {item_id}: {sorted(got)} in the database, {sorted(value)} expected")
    finally:
        engine.dispose()
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="one cell edit to committed on the big plan")
    parser.add_argument("--edits", type=int, default=210, help="timed edits, cycling title/budget/months")
    parser.add_argument("--warmup", type=int, default=3, help="untimed edits first (default 3)")
    parser.add_argument("--profile", help="write a cProfile of the timed edit calls to this file")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)

    import make_big_plan
    from bench_open_plan import PaintWatch, start_gui

    big = make_big_plan.ensure(BIG_WORKSPACE, quiet=True)
    workspace = scratch_copy(big)
    app, window = start_gui(workspace)
    editor = window.current_editor()
    model = editor.model
    targets = spread(activity_ids(model), args.warmup + args.edits)
    watch = PaintWatch(editor.view.viewport())

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    times = {k: [] for k in KINDS}
    repaint = {k: [] for k in KINDS}
    last: dict[str, tuple[int, object]] = {}
    missed_repaints = 0
    print(f"{args.edits} edits on the {make_big_plan.ACTIVITIES:,}-activity plan "
          f"(after {args.warmup} warm-up edits) …", flush=True)
    for n, item_id in enumerate(targets):
        kind = KINDS[n % len(KINDS)]
        timed = n >= args.warmup
        editor.select_item(item_id, model.column_of(kind) if kind != "months" else 1)
        app.processEvents()
        before_paint = watch.painted
        if profiler and timed:
            profiler.enable()
        t0 = time.perf_counter()
        ok, value = do_edit(model, kind, item_id, n)
        took = time.perf_counter() - t0
        if profiler and timed:
            profiler.disable()
        if not ok:
            raise SystemExit(f"bench_edit: the {kind} edit of item {item_id} was refused")
        painted = wait_repaint(app, watch, before_paint)
        until_paint = time.perf_counter() - t0
        if timed:
            times[kind].append(took)
            if painted:
                repaint[kind].append(until_paint)
            else:
                missed_repaints += 1
        last[kind] = (item_id, value)
    watch.remove()
    if profiler:
        profiler.dump_stats(args.profile)
        print(f"cProfile written to {args.profile}")

    problems = verify(workspace, last)
    results = {"edits": args.edits, "verified": not problems, "problems": problems,
               "peak_mb": peak_rss_mb(), "undo_count": model.undo_stack.count(),
               "missed_repaints": missed_repaints}
    for kind in KINDS:
        results[kind] = {"call": summary(times[kind]),
                         "until_repaint": summary(repaint[kind]) if repaint[kind] else None}
    all_calls = [t for k in KINDS for t in times[k]]
    results["all"] = {"call": summary(all_calls)}

    print()
    print(f"{'edit':8} {'n':>4} {'median':>10} {'p95':>10} {'max':>10} {'→ repainted (median)':>22}"
          f"   target {ms(TARGET_EDIT_S)} to committed")
    for kind in KINDS + ("all",):
        c = results[kind]["call"]
        r = results[kind].get("until_repaint")
        print(f"{kind:8} {c['n']:4d} {ms(c['median']):>10} {ms(c['p95']):>10} {ms(c['max']):>10} "
              f"{ms(r['median']) if r else '-':>22}")
    print("last edit of each kind read back through a new session: "
          + ("OK" if not problems else "MISMATCH\n  " + "\n  ".join(problems)))
    write_json(args.json, results)
    window.close()
    return 0 if not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
