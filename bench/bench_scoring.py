"""Scoring 10,000 indicators (target ≤ 0.2 s): level schemes on both scales, interpolated and whole,
lower-is-better, milestones and percentages, each weighted, then the total. Medians of 7 runs.
Run: python bench/bench_scoring.py
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services import scoring  # noqa: E402


def workload(n: int, seed: int = 2567):
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        kind = i % 5
        weight = Decimal(rng.choice([5, 10, 15, 20]))
        if kind in (0, 1):
            base = rng.randint(40, 80)
            step = rng.choice([2, 2.5, 5])
            targets = [Decimal(str(base + step * k)) for k in range(5 if kind == 0 else 3)]
            cases.append(("levels", (targets, kind == 0), Decimal(str(round(rng.uniform(30, 110), 2))), weight))
        elif kind == 2:
            targets = [Decimal(30 - 5 * k) for k in range(5)]
            cases.append(("lower", targets, Decimal(str(round(rng.uniform(0, 40), 1))), weight))
        elif kind == 3:
            cases.append(("steps", [rng.random() < 0.7 for _ in range(5)], None, weight))
        else:
            cases.append(("percent", None, Decimal(str(round(rng.uniform(0, 100), 2))), weight))
    return cases


def score_all(cases) -> Decimal:
    weighted = []
    for kind, spec, result, weight in cases:
        if kind == "levels":
            targets, interpolate = spec
            value = scoring.LevelScheme.of(targets, interpolate=interpolate).score(result)
        elif kind == "lower":
            value = scoring.LevelScheme.of(spec, direction=scoring.Direction.LOWER).score(result)
        elif kind == "steps":
            value = scoring.milestone_score(spec)
        else:
            value = scoring.percent_score(result)
        weighted.append(scoring.weighted(value, weight))
    return scoring.total(weighted)


def main(argv=None) -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", help="also write the medians to this file (for run_all.py)")
    args = parser.parse_args(argv)
    cases = workload(10_000)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        score_all(cases)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"scoring 10,000 indicators (schemes built and validated each time): median {median:.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}) — target ≤ 0.2 s: {'OK' if median <= 0.2 else 'OVER'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"median": median, "min": min(times), "max": max(times),
                                               "runs": times}), encoding="utf-8")


if __name__ == "__main__":
    main()
