"""The same plan printed by PlanDesk and by LibreOffice (issue 7): for scale, not a target.

For each plan (1,026 activities = seed 000 × 18, bench/out/print1000.plandesk; 5,000 activities,
bench/out/big5000.plandesk):

  1. `plandesk export plan --out plan.xlsx` once (untimed): the workbook LibreOffice converts;
  2. LibreOffice: `soffice --headless --convert-to pdf plan.xlsx` as a whole process, N runs,
     with a private user profile (-env:UserInstallation) so that a LibreOffice someone else has
     open is neither reused nor disturbed; the first conversion, which also creates the
     profile, is untimed and reported apart;
  3. PlanDesk: `plandesk export plan --out plan.pdf --bundled-font` as a whole process, N runs
     after one untimed run (Python start-up included, as in bench_print.py).

Reported: the medians, min and max of both, their pages, and LibreOffice ÷ PlanDesk. Both are
whole processes on warm disk caches. LibreOffice prints the workbook's own print set-up (A4
landscape, fit to width, header rows repeated) and does not wrap text the way PlanDesk does, so
the page counts differ; the figure says how long an office waits, not that the outputs are equal.

When neither `soffice` nor `libreoffice` is on PATH it says so (and writes {"skipped": …}).

    python bench/bench_libreoffice.py [--runs 5] [--plans 1000,5000] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import BIG_WORKSPACE, OUT, REPO  # noqa: E402

PLANS = {"1000": "1,026 activities (seed 000 × 18)", "5000": "5,000 activities (big5000)"}
TIMEOUT_S = 900


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


def app_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": tempfile.mkdtemp(prefix="plandesk-bench-")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed app: .pyc files are used
    return env


def workspace(name: str, env: dict[str, str]) -> Path:
    if name == "1000":
        path = OUT / "print1000.plandesk"
        if not path.exists():
            subprocess.run([sys.executable, str(REPO / "bench" / "make_print_plan.py")], check=True, env=env)
        return path
    import make_big_plan

    return make_big_plan.ensure(BIG_WORKSPACE, quiet=True)


def export(db: Path, out: Path, env: dict[str, str]) -> float:
    command = [sys.executable, "-m", "app", "export", "plan", "--db", str(db), "--year", "2567", "--out", str(out)]
    if out.suffix == ".pdf":
        command.append("--bundled-font")
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=TIMEOUT_S)
    return time.perf_counter() - start


def convert(binary: str, profile: Path, xlsx: Path, outdir: Path) -> float:
    command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", str(outdir), str(xlsx)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
    took = time.perf_counter() - start
    pdf = outdir / (xlsx.stem + ".pdf")
    if done.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice did not convert {xlsx.name} (exit {done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-800:]}")
    return took


def pages(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(str(pdf)).pages)


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def bench_plan(name: str, binary: str, runs: int, env: dict[str, str], scratch: Path) -> dict:
    db = workspace(name, env)
    folder = scratch / name
    (folder / "lo").mkdir(parents=True)
    xlsx, pdf = folder / f"plan_{name}.xlsx", folder / f"plan_{name}.pdf"
    export(db, xlsx, env)
    profile = scratch / "lo-profile"
    first = convert(binary, profile, xlsx, folder / "lo")
    office = []
    for i in range(runs):
        office.append(convert(binary, profile, xlsx, folder / "lo"))
        print(f"  {name}: LibreOffice run {i + 1}/{runs}: {office[-1]:.3f} s", flush=True)
    export(db, pdf, env)  # warm the disk cache, .pyc files and the word-list cache
    ours = []
    for i in range(runs):
        ours.append(export(db, pdf, env))
        print(f"  {name}: PlanDesk run {i + 1}/{runs}: {ours[-1]:.3f} s", flush=True)
    result = {"label": PLANS[name], "xlsx_kb": xlsx.stat().st_size / 1024,
              "libreoffice": {**stats(office), "first_run_with_new_profile": first,
                              "pages": pages(folder / "lo" / f"{xlsx.stem}.pdf")},
              "plandesk": {**stats(ours), "pages": pages(pdf)}}
    result["ratio"] = result["libreoffice"]["median"] / result["plandesk"]["median"]
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", default="1000,5000", help="which plans, comma-separated: 1000, 5000")
    parser.add_argument("--json", help="also write the figures to this file (for run_all.py)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.plans.split(",") if n.strip()]
    unknown = [n for n in names if n not in PLANS]
    if unknown:
        parser.error(f"unknown plan(s) {', '.join(unknown)}; choose from {', '.join(PLANS)}")
    binary = soffice_binary()
    if binary is None:
        note = "LibreOffice (soffice/libreoffice) is not installed on this machine: comparison skipped"
        print(note)
        if args.json:
            Path(args.json).write_text(json.dumps({"skipped": note}), encoding="utf-8")
        return 0
    version = soffice_version(binary)
    print(f"{version}; {args.runs} runs per plan, whole processes", flush=True)
    env = app_env()
    scratch = Path(tempfile.mkdtemp(prefix="plandesk-bench-lo-"))
    results = {"libreoffice_version": version, "binary": binary, "runs": args.runs, "plans": {}}
    try:
        for name in names:
            results["plans"][name] = bench_plan(name, binary, max(1, args.runs), env, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print()
    print("| plan | PlanDesk export plan → PDF | LibreOffice xlsx → PDF | LibreOffice ÷ PlanDesk |")
    print("| --- | --- | --- | --- |")
    for r in results["plans"].values():
        ours, office = r["plandesk"], r["libreoffice"]
        print(f"| {r['label']} | {ours['median']:.3f} s ({ours['pages']} pages) "
              f"| {office['median']:.3f} s ({office['pages']} pages) | {r['ratio']:.1f}× |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
