"""Cold start to a shown main window: N fresh `python -m app --db <workspace>` processes.

Each run is a new interpreter with QT_QPA_PLATFORM=offscreen and PLANDESK_EXIT_AFTER_SHOWN=1
(app/ui/application.py prints `shown_after_s=…` once the window is shown, then quits) and a
private XDG_CONFIG_HOME, so QSettings ("workspace/last") never touch the user's own settings.

Two numbers per run:
  wall     from just before Popen until the `shown_after_s` line arrives on the pipe:
           interpreter start, imports, workspace open, window, first plan opened — what the
           user waits for. This is the figure compared with the 1.0 s target.
  in-proc  the app's own shown_after_s: from the import of app.ui.application to the
           first event-loop turn after show(); it leaves out interpreter start and app.cli.

The window opens the first plan of the navigator at start-up, so with the big workspace the
start-up includes opening the 5,000-activity plan.

    python bench/bench_startup.py                      # demo and big workspaces, 7 runs each
    python bench/bench_startup.py --runs 11 --which big
    python -X importtime -m app --db …                 # see the README for the import profile
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (BIG_WORKSPACE, DEMO_WORKSPACE, OUT, REPO, TARGET_STARTUP_S, child_env,  # noqa: E402
                     summary, write_json)

TIMEOUT_S = 120


def ensure_demo(path: Path = DEMO_WORKSPACE) -> Path:
    """`python -m app demo --db bench/out/demo.plandesk` (a no-op when the demo plan is there)."""
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(path)], cwd=REPO, env=child_env(),
                       check=True, stdout=subprocess.DEVNULL)
    return path


def one_run(workspace: Path) -> tuple[float, float, int, str]:
    """(wall seconds, in-process shown_after_s, exit code, stderr tail) of one fresh start."""
    env = child_env(PLANDESK_EXIT_AFTER_SHOWN="1")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app", "--db", str(workspace)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    shown = None
    wall = None
    try:
        for line in proc.stdout:
            if line.startswith("shown_after_s="):
                wall = time.perf_counter() - started
                shown = float(line.strip().split("=", 1)[1])
                break
        proc.wait(timeout=TIMEOUT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = "\n".join(line for line in proc.stderr.read().splitlines() if "propagateSizeHints" not in line)
    if wall is None:
        raise RuntimeError(f"start-up run failed (exit {proc.returncode}): {err.strip()[-2000:]}")
    # The window was shown; a failure while quitting is reported but does not void the timing.
    return wall, shown, proc.returncode, err.strip()[-600:]


def bench(workspace: Path, runs: int, warmup: int) -> dict:
    for _ in range(warmup):  # page cache, .pyc files, font cache: not what a second start pays
        one_run(workspace)
    walls, shown, codes, last_err = [], [], [], ""
    for i in range(runs):
        wall, in_proc, code, err = one_run(workspace)
        walls.append(wall)
        shown.append(in_proc)
        codes.append(code)
        last_err = err if code else last_err
        note = "" if code == 0 else f"  (exit code {code} after the window was shown)"
        print(f"  run {i + 1}/{runs}: wall {wall:.3f} s, shown_after_s {in_proc:.3f} s{note}", flush=True)
    if last_err:
        print("  stderr of the last failing exit:\n    " + last_err.replace("\n", "\n    "))
    return {"workspace": str(workspace), "wall": summary(walls), "in_process": summary(shown),
            "wall_runs": walls, "in_process_runs": shown, "exit_codes": codes}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="cold start to a shown main window")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--which", choices=("demo", "big", "both"), default="both")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)

    targets = {}
    if args.which in ("demo", "both"):
        targets["demo"] = ensure_demo()
    if args.which in ("big", "both"):
        import make_big_plan

        targets["big"] = make_big_plan.ensure(BIG_WORKSPACE, quiet=True)
    results = {}
    for name, path in targets.items():
        print(f"start-up, {name} workspace ({path.name}), {args.runs} runs after {args.warmup} warm-up:",
              flush=True)
        results[name] = bench(path, args.runs, args.warmup)
    print()
    print(f"{'workspace':10} {'':8} {'median':>8} {'min':>8} {'max':>8}   target {TARGET_STARTUP_S:.1f} s (wall)")
    for name, r in results.items():
        for key, label in (("wall", "wall"), ("in_process", "in-proc")):
            s = r[key]
            print(f"{name:10} {label:8} {s['median']:8.3f} {s['min']:8.3f} {s['max']:8.3f}")
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
