"""Opening the 5,000-activity plan to the grid's first paint, and the peak memory of a session.

One process, offscreen QApplication (the app's own create_app, so the Thai UI font is the one
users get), a MainWindow on a scratch copy of bench/out/big5000.plandesk, shown. Each run:

  1. close the plan's cached editor (MainWindow._close_plan) and let Qt delete it;
  2. t0, then MainWindow.open_plan(plan_id) — the model loads the plan from the database and a
     new PlanEditor is built (what clicking the plan in the navigator does);
  3. processEvents until an event filter on editor.view.viewport() has seen a QEvent.Paint.

Reported: the median of t0 → first paint over N runs, with the part spent inside open_plan.

Peak memory is measured in a fresh process (`--memory-session`, started by this script), so N
repeated opens do not inflate it: the window opens the big plan, is shown and painted, the grid
is scrolled to the end and painted, 30 cells are edited (committed), and then ru_maxrss is read.
The timing process's own ru_maxrss after its N opens is printed as well.

    python bench/bench_open_plan.py [--runs 7] [--profile bench/out/open_plan.prof]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (BIG_WORKSPACE, REPO, TARGET_OPEN_PLAN_S, TARGET_PEAK_MB, child_env,  # noqa: E402
                     hwm_mb, peak_rss_mb, refs_dropped, scratch_copy, setup_qt_env, singleton_refs,
                     summary, write_json)

PAINT_TIMEOUT_S = 120


def start_gui(workspace_path):
    """QApplication + MainWindow on the workspace, shown and painted once."""
    setup_qt_env()
    from app.services.workspace import open_workspace
    from app.ui.application import create_app
    from app.ui.main_window import MainWindow

    app = create_app([sys.argv[0]])
    window = MainWindow(open_workspace(workspace_path))
    window.show()
    wait_for_paint(app, window.current_editor())
    return app, window


class PaintWatch:
    """Counts QEvent.Paint on a widget (an event filter that never swallows the event)."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint

        class Filter(QObject):
            painted = 0

            def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
                if event.type() == paint:
                    self.painted += 1
                return False

        self.filter = Filter()
        self.widget = widget
        widget.installEventFilter(self.filter)

    @property
    def painted(self) -> int:
        return self.filter.painted

    def remove(self) -> None:
        self.widget.removeEventFilter(self.filter)


def wait_for_paint(app, editor, watch: PaintWatch | None = None) -> None:
    """processEvents until the editor's grid viewport has been painted once more."""
    if editor is None:
        raise RuntimeError("no plan editor is open")
    own = watch is None
    watch = watch or PaintWatch(editor.view.viewport())
    before = 0 if not own else watch.painted
    deadline = time.perf_counter() + PAINT_TIMEOUT_S
    while watch.painted <= before:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise RuntimeError("the grid was not painted within the time-out")
    if own:
        watch.remove()


def close_plan(app, window, plan_id: int) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    window._close_plan(plan_id)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()


def timed_open(app, window, plan_id: int) -> tuple[float, float]:
    """(seconds to first paint, seconds inside open_plan) for a fresh editor."""
    close_plan(app, window, plan_id)
    t0 = time.perf_counter()
    editor = window.open_plan(plan_id)
    returned = time.perf_counter() - t0
    # Paint events are only delivered by the event loop, so the filter is in place in time.
    watch = PaintWatch(editor.view.viewport())
    wait_for_paint(app, editor, watch)
    painted = time.perf_counter() - t0
    watch.remove()
    return painted, returned


def memory_session(workspace_path) -> dict:
    """One user session on the big plan: open, show, scroll to the end, edit; then the peak RSS."""
    from PySide6.QtCore import Qt

    import bench_edit

    app, window = start_gui(workspace_path)
    after_open = peak_rss_mb()
    editor = window.current_editor()
    editor.view.scrollToBottom()
    wait_for_paint(app, editor)
    after_scroll = peak_rss_mb()
    model = editor.model
    ids = bench_edit.activity_ids(model)[-30:]
    for n, item_id in enumerate(ids):
        column = model.column_of("title" if n % 2 == 0 else "budget")
        value = f"แก้ไขเพื่อวัดหน่วยความจำ {n}" if n % 2 == 0 else f"{1000 + n:,}.00"
        if not model.setData(model.index_of(item_id, column), value, Qt.ItemDataRole.EditRole):
            raise RuntimeError("an edit was refused")
        app.processEvents()
    editor.view.viewport().update()
    wait_for_paint(app, editor)
    return {"after_open_mb": after_open, "after_scroll_mb": after_scroll, "after_edit_mb": peak_rss_mb(),
            "vmhwm_mb": hwm_mb()}


def run_memory_session(workspace) -> dict:
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--memory-session", str(workspace)],
                         cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=600)
    for line in out.stdout.splitlines():
        if line.startswith("MEMORY "):
            return json.loads(line[len("MEMORY "):])
    raise RuntimeError(f"memory session failed (exit {out.returncode}): {out.stderr.strip()[-2000:]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="open the 5,000-activity plan to first paint")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1, help="untimed opens first (default 1)")
    parser.add_argument("--profile", help="write a cProfile of the timed opens to this file")
    parser.add_argument("--no-memory", action="store_true", help="skip the separate peak-memory session")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--memory-session", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.memory_session:
        print("MEMORY " + json.dumps(memory_session(args.memory_session)), flush=True)
        return 0

    import make_big_plan

    big = make_big_plan.ensure(BIG_WORKSPACE, quiet=True)
    plan_id = make_big_plan.plan_id_of(big)
    workspace = scratch_copy(big)
    app, window = start_gui(workspace)

    for _ in range(args.warmup):
        timed_open(app, window, plan_id)
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    totals, inside, dropped_none = [], [], []
    print(f"open plan ({make_big_plan.ACTIVITIES:,} activities) to first paint, {args.runs} runs:", flush=True)
    for i in range(args.runs):
        refs = singleton_refs()
        if profiler:
            profiler.enable()
        total, returned = timed_open(app, window, plan_id)
        if profiler:
            profiler.disable()
        dropped_none.append(refs_dropped(refs)["None"])
        totals.append(total)
        inside.append(returned)
        print(f"  run {i + 1}/{args.runs}: first paint {total:.3f} s (open_plan returned after {returned:.3f} s)",
              flush=True)
    if profiler:
        profiler.dump_stats(args.profile)
        print(f"  cProfile written to {args.profile}")
    process_peak = peak_rss_mb()
    results = {"first_paint": summary(totals), "open_plan_call": summary(inside), "runs": totals,
               "none_refs_lost_per_open": summary(dropped_none),
               "timing_process_peak_mb": process_peak}
    if not args.no_memory:
        print("peak memory session (fresh process: open, show, scroll to the end, 30 edits) …", flush=True)
        results["memory"] = run_memory_session(scratch_copy(big))

    s = results["first_paint"]
    print()
    print(f"first paint   median {s['median']:.3f} s  min {s['min']:.3f}  max {s['max']:.3f}"
          f"   target {TARGET_OPEN_PLAN_S:.1f} s")
    c = results["open_plan_call"]
    print(f"  of which inside open_plan(): median {c['median']:.3f} s")
    print(f"references to None lost per open/close cycle (should be 0; see bench/README.md): "
          f"{results['none_refs_lost_per_open']['median']:,.0f}")
    print(f"ru_maxrss of this timing process after {args.warmup + args.runs} opens: {process_peak:.0f} MB")
    if "memory" in results:
        m = results["memory"]
        print(f"peak memory, one session: after open {m['after_open_mb']:.0f} MB, after scroll to end "
              f"{m['after_scroll_mb']:.0f} MB, after edits {m['after_edit_mb']:.0f} MB (ru_maxrss; "
              f"VmHWM {m['vmhwm_mb'] or 0:.0f} MB)   target {TARGET_PEAK_MB:.0f} MB")
    write_json(args.json, results)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
