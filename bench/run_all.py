"""Run every benchmark and print a Markdown table: what, target, median, verdict.

    python bench/run_all.py            # about 2 minutes on the 2-core machine
    python bench/run_all.py --quick    # fewer runs, for a smoke check of the scripts

Each benchmark runs in its own process (python bench/<script>.py --json …); their own
detailed output goes to the terminal as they run, the table comes last. Results are also
kept in bench/out/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (BENCH_DIR, OUT, REPO, OtherLoad, TARGET_EDIT_S, TARGET_OPEN_PLAN_S, TARGET_PEAK_MB,  # noqa: E402
                     TARGET_STARTUP_S, child_env)


def run(script: str, *args: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="plandesk-bench-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, str(BENCH_DIR / script), *args, "--json", str(out)]
        print(f"\n$ python bench/{script} {' '.join(args)}", flush=True)
        proc = subprocess.run(cmd, cwd=REPO, env=child_env())
        if not out.exists():
            raise SystemExit(f"run_all: bench/{script} failed (exit {proc.returncode})")
        result = json.loads(out.read_text(encoding="utf-8"))
        result["exit_code"] = proc.returncode
        return result


def verdict(value: float, target: float) -> str:
    return "OK" if value <= target else f"**OVER** ({value / target:.1f}×)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="run every PlanDesk benchmark")
    parser.add_argument("--quick", action="store_true", help="3 runs and 30 edits instead of 7 and 210")
    args = parser.parse_args(argv)
    runs = "3" if args.quick else "7"
    edits = "30" if args.quick else "210"

    subprocess.run([sys.executable, str(BENCH_DIR / "make_big_plan.py")], cwd=REPO, env=child_env(), check=True)
    with OtherLoad() as load:
        startup = run("bench_startup.py", "--runs", runs)
        open_plan = run("bench_open_plan.py", "--runs", runs)
        edit = run("bench_edit.py", "--edits", edits)
        printing = run("bench_print.py", "--runs", "11" if not args.quick else "3")

    rows = []
    for name, label in (("demo", "demo plan"), ("big", "5,000 activities")):
        s = startup[name]["wall"]
        extra = "" if not any(startup[name]["exit_codes"]) else " · exit code ≠ 0 on quit"
        rows.append((f"Cold start to shown window, {label}", f"≤ {TARGET_STARTUP_S:.1f} s",
                     f"{s['median']:.3f} s (min {s['min']:.3f}, max {s['max']:.3f}; "
                     f"in-process {startup[name]['in_process']['median']:.3f} s){extra}",
                     verdict(s["median"], TARGET_STARTUP_S)))
    s = open_plan["first_paint"]
    rows.append(("Open 5,000-activity plan to first paint", f"≤ {TARGET_OPEN_PLAN_S:.1f} s",
                 f"{s['median']:.3f} s (min {s['min']:.3f}, max {s['max']:.3f})",
                 verdict(s["median"], TARGET_OPEN_PLAN_S)))
    for kind, label in (("title", "title text"), ("budget", "budget \"1,234.00\""), ("months", "month toggle")):
        c = edit[kind]["call"]
        note = "" if c["p95"] <= TARGET_EDIT_S else " (p95 over)"
        rows.append((f"Cell edit to committed: {label}", f"≤ {TARGET_EDIT_S * 1000:.0f} ms",
                     f"{c['median'] * 1000:.1f} ms (p95 {c['p95'] * 1000:.1f} ms, n={c['n']})",
                     verdict(c["median"], TARGET_EDIT_S) + note))
    for name, label, target in (("demo", "demo plan (68 rows)", 0.8), ("1000", "1,026 activities", 1.5)):
        p = printing[name]
        rows.append((f"Plan PDF, whole process, {label}", f"≤ {target} s",
                     f"{p['median']:.3f} s (min {p['min']:.3f}, max {p['max']:.3f}; {p['pages']} pages)",
                     verdict(p["median"], target)))
    if "memory" in open_plan:
        m = open_plan["memory"]["after_edit_mb"]
        rows.append(("Peak memory (open big plan, scroll to end, edit)", f"≤ {TARGET_PEAK_MB:.0f} MB",
                     f"{m:.0f} MB ru_maxrss (VmHWM {open_plan['memory'].get('vmhwm_mb') or 0:.0f} MB)",
                     verdict(m, TARGET_PEAK_MB)))

    head = f"PlanDesk benchmarks — {platform.python_version()}, {os.cpu_count()} cores, " \
           f"medians ({runs} runs; {edits} edits)"
    lines = [head, f"Other processes used {load.share:.0%} of the machine's CPU meanwhile"
             + (" — medians may be inflated; run again on a quiet machine" if load.share >= 0.10 else ""),
             "", "| what | target | median | verdict |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    if not edit.get("verified", False):
        lines.append("\nWARNING: the last edits were NOT found in the database: " + "; ".join(edit["problems"]))
    print("\n" + "\n".join(lines))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps({"startup": startup, "open_plan": open_plan, "edit": edit, "print": printing},
                                                 ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if edit.get("verified", False) else 1


if __name__ == "__main__":
    raise SystemExit(main())
