"""Write bench/out/big5000.xlsx: a 5,000-activity plan in the office's Excel layout (title row,
merged BE-year band, header repeated every 40 rows, arrows and filled month cells, budgets as
numbers and as "1,050.00" text, รวมทั้งสิ้น), for bench_excel_import.py.

    python bench/make_big_workbook.py [--activities 5000] [--out bench/out/big5000.xlsx]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.excel_support import big_plan, office_workbook  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def make(activities: int = 5000, out: Path | None = None) -> Path:
    out = out or OUT / f"big{activities}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    office_workbook(big_plan(activities), out, repeat_every=40, split_title=None)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    path = make(args.activities, args.out)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
