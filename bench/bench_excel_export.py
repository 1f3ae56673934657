"""Exporting a plan of 5,000 activities as an Excel workbook (issue 6): target ≤ 2 s, median.

Times write_plan_xlsx in one process, from the plan's rows read out of the workspace to the
finished .xlsx file on disk (openpyxl's save included), and separately the `plandesk export plan
--out FILE.xlsx` command as a user runs it (Python start-up and imports included).

    python bench/bench_excel_export.py [--runs 7] [--json FILE]

Uses bench/out/big5000.plandesk (built by make_big_plan.py when missing).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import BIG_WORKSPACE, OUT  # noqa: E402

TARGET = 2.0


def ensure_big() -> Path:
    if not Path(BIG_WORKSPACE).exists():
        subprocess.run([sys.executable, str(REPO / "bench" / "make_big_plan.py")], check=True)
    return Path(BIG_WORKSPACE)


def time_in_process(db: Path, out: Path, runs: int) -> tuple[list[float], int]:
    from app.services import plans
    from app.services.excel_export import write_plan_xlsx
    from app.services.workspace import open_workspace

    ws = open_workspace(db, create=False)
    times = []
    try:
        with ws.session() as session:
            plan_id = plans.list_plans(session)[0].id
            activities = plans.list_plans(session)[0].activity_count
            write_plan_xlsx(session, plan_id, out)  # warm-up: imports, font of the first style
            for _ in range(runs):
                session.expire_all()
                start = time.perf_counter()
                write_plan_xlsx(session, plan_id, out)
                times.append(time.perf_counter() - start)
    finally:
        ws.close()
    return times, activities


def time_command(db: Path, out: Path, runs: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": tempfile.mkdtemp(prefix="plandesk-bench-")}
    command = [sys.executable, "-m", "app", "export", "plan", "--db", str(db), "--year", "2567", "--out", str(out)]
    subprocess.run(command, check=True, env=env, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", help="also write the medians to this file (for run_all.py)")
    args = parser.parse_args()
    runs = max(5, args.runs)
    OUT.mkdir(parents=True, exist_ok=True)
    db = ensure_big()
    out = Path(OUT) / "plan_5000.xlsx"
    inner, activities = time_in_process(db, out, runs)
    command = time_command(db, out, runs)
    size = out.stat().st_size
    medians = {"write_plan_xlsx": statistics.median(inner), "command": statistics.median(command)}
    print(f"Excel export of {activities:,} activities ({size / 1024:,.0f} KB), {runs} runs each:")
    for name, values in (("write_plan_xlsx", inner), ("plandesk export plan --out .xlsx", command)):
        print(f"  {name:<34} median {statistics.median(values):.3f} s  "
              f"(min {min(values):.3f}, max {max(values):.3f})")
    verdict = "OK" if medians["write_plan_xlsx"] <= TARGET else "OVER"
    print(f"target ≤ {TARGET:.1f} s (export itself): {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(medians, indent=2))


if __name__ == "__main__":
    main()
