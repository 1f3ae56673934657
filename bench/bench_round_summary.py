"""Round summary of 200 indicators (issue 5: computed ≤ 0.1 s, printed ≤ 2 s).

Builds an agreement with 200 indicators (levels 60…80 → 1…5, weight 0.5 each) and scored reports
in its two five-month rounds (a few left without a report or a score), then
times `round_summary.summarize` of the second round (with the first beside it) and the summary PDF.
Medians of several runs (default 7; at least 5).
Run: python bench/bench_round_summary.py [runs] [--json FILE]
"""
from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services import round_summary  # noqa: E402
from app.services.printing.document import PrintOptions  # noqa: E402
from app.services.printing.summary_pdf import write_summary_pdf  # noqa: E402
from app.services.workspace import open_workspace  # noqa: E402
from tests.round_support import build  # noqa: E402

COUNT = 200
TARGET_COMPUTE_S = 0.1
TARGET_PRINT_S = 2.0


def results(shift: int) -> list:
    out = []
    for i in range(COUNT):
        if i % 40 == 7:
            out.append(None)                          # no report
        elif i % 40 == 19:
            out.append("ทราบผล เดือน ก.ย. 67")          # a report without a score yet
        else:
            out.append(str(60 + (i * 7 + shift) % 21))
    return out


def main(runs: int = 7, json_path: str | None = None) -> int:
    runs = max(5, runs)
    with tempfile.TemporaryDirectory() as folder:
        ws = open_workspace(Path(folder) / "bench.plandesk")
        try:
            with ws.transaction() as s:
                built = build(s, COUNT, first=results(0), second=results(3))
            compute, printing, pages = [], [], 0
            for _ in range(runs):
                with ws.session() as s:
                    start = time.perf_counter()
                    summary = round_summary.summarize(s, built.second_round)
                    compute.append(time.perf_counter() - start)
                with ws.session() as s:
                    buffer = io.BytesIO()
                    start = time.perf_counter()
                    pages = write_summary_pdf(s, built.second_round, buffer, PrintOptions(prefer_th_sarabun=False))
                    printing.append(time.perf_counter() - start)
        finally:
            ws.close()
    c, p = statistics.median(compute), statistics.median(printing)
    print(f"round summary of {COUNT} indicators (total {summary.total}, {summary.missing} without a score), "
          f"{runs} runs")
    print(f"  computed: median {c * 1000:.1f} ms (min {min(compute) * 1000:.1f}, max {max(compute) * 1000:.1f}) "
          f"— target ≤ {TARGET_COMPUTE_S * 1000:.0f} ms {'OK' if c <= TARGET_COMPUTE_S else 'SLOW'}")
    print(f"  printed:  median {p:.2f} s ({pages} pages; min {min(printing):.2f}, max {max(printing):.2f}) "
          f"— target ≤ {TARGET_PRINT_S:.0f} s {'OK' if p <= TARGET_PRINT_S else 'SLOW'}")
    if json_path:
        import json

        Path(json_path).write_text(json.dumps({
            "compute": {"median": c, "min": min(compute), "max": max(compute), "runs": compute},
            "print": {"median": p, "min": min(printing), "max": max(printing), "runs": printing, "pages": pages},
            "indicators": COUNT}), encoding="utf-8")
    return 0 if c <= TARGET_COMPUTE_S and p <= TARGET_PRINT_S else 1


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=7)
    parser.add_argument("--runs", dest="runs_option", type=int, help="the same as the positional runs")
    parser.add_argument("--json", help="also write the medians to this file (for run_all.py)")
    cli = parser.parse_args()
    sys.exit(main(cli.runs_option or cli.runs, cli.json))
