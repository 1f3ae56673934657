"""Importing a 5,000-activity plan workbook end to end: read_workbook (open, stream the sheet,
find the header, build the tree) + import_plan (one transaction into a fresh SQLite workspace).
Target (issue 6): ≤ 3 s, median of the runs.

    python bench/bench_excel_import.py [--runs 5] [--activities 5000] [--json FILE]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_big_workbook import make  # noqa: E402

from app.services.excel_import import import_plan, read_workbook  # noqa: E402
from app.services.workspace import open_workspace  # noqa: E402

TARGET_S = 3.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--json", help="also write the medians to this file (for run_all.py)")
    args = parser.parse_args()
    book = make(args.activities)
    scratch = Path(tempfile.mkdtemp(prefix="plandesk-bench-xlsx-"))
    template = scratch / "empty.plandesk"
    open_workspace(template).close()  # migrations are not part of an import
    reads, totals = [], []
    try:
        for run in range(args.runs):
            db = scratch / f"run{run}.plandesk"
            shutil.copyfile(template, db)
            ws = open_workspace(db)
            started = time.perf_counter()
            reading = read_workbook(book)
            read_done = time.perf_counter()
            with ws.transaction() as session:
                result = import_plan(session, reading)
            ended = time.perf_counter()
            ws.close()
            assert not reading.errors and result.activities == args.activities, (reading.errors[:3], result)
            reads.append(read_done - started)
            totals.append(ended - started)
            print(f"run {run + 1}: read {reads[-1]:.2f} s, read + import {totals[-1]:.2f} s "
                  f"({result.activities:,} activities, {result.headings:,} headings)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    median = statistics.median(totals)
    print(f"median read {statistics.median(reads):.2f} s; median read + import {median:.2f} s "
          f"(target ≤ {TARGET_S:.1f} s): {'OK' if median <= TARGET_S else 'TOO SLOW'}")
    if args.json:
        import json

        Path(args.json).write_text(json.dumps({
            "total": {"median": median, "min": min(totals), "max": max(totals), "runs": totals},
            "read": {"median": statistics.median(reads), "runs": reads}, "activities": args.activities}),
            encoding="utf-8")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
