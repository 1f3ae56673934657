"""Run every benchmark the issues name, compare the medians with their targets, write the report.

    python bench/run_all.py                                  # everything; about 6 minutes on the 2-core machine
    python bench/run_all.py --write docs/PERFORMANCE.md      # … and write the published report
    python bench/run_all.py --quick                          # fewer runs: checks the scripts work
    python bench/run_all.py --runs 11 --only print,scoring   # N runs of some of them
    python bench/run_all.py --list                           # what would run, and the targets; runs nothing
    python bench/run_all.py --clean-copy --write docs/PERFORMANCE.md   # the last commit, away from work in progress

Each benchmark runs in its own process (`python bench/<script> … --json FILE`), so one cannot
warm or bloat another; their own output goes to the terminal as they run. The table comes last;
all figures are also kept in bench/out/results.json. A benchmark that fails is reported as such
in the table (and the exit code is 1); one that is over its target is reported, not failed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import BENCH_DIR, OUT, REPO, OtherLoad, child_env  # noqa: E402

# A machine this busy at the start (1-minute load average per core) or other processes taking this
# share of the CPU during the run make the medians suspect: the report says so.
BUSY_LOAD_PER_CORE = 0.25
BUSY_OTHER_SHARE = 0.10


@dataclass(frozen=True)
class Bench:
    key: str                           # its name in results.json and for --only
    script: str
    runs: int                          # default number of timed runs
    quick_runs: int
    args: Callable[[int], list[str]]   # command-line arguments for N runs
    method: str                        # how it measures, for the report (cold/warm, what is timed)
    quick_extra: tuple[str, ...] = ()  # further arguments with --quick


@dataclass(frozen=True)
class Target:
    issue: int
    what: str
    bench: str
    path: tuple[str, ...]              # where the figure is in the bench's JSON
    limit: float                       # in `unit`
    unit: str                          # "s", "ms" or "MB"
    scale: float = 1.0                 # JSON value × scale = value in `unit`
    p95: bool = False                  # the figures have a meaningful p95 (many samples)
    extra: Callable[[dict], str] | None = field(default=None, compare=False)


def _runs(n: int) -> list[str]:
    return ["--runs", str(n)]


BENCHES: tuple[Bench, ...] = (
    Bench("startup", "bench_startup.py", 7, 3, _runs,
          "a fresh `python -m app --db …` process per run (offscreen, private settings) until the main window "
          "is shown, after one untimed start: a cold process on a warm disk cache and .pyc files"),
    Bench("open_plan", "bench_open_plan.py", 7, 3, _runs,
          "a running main window closes and reopens the 5,000-activity plan until the grid's first paint (warm "
          "process, one untimed open first); peak memory is a separate fresh process that opens the plan, "
          "scrolls to the end and edits 30 cells"),
    Bench("edit", "bench_edit.py", 210, 30, lambda n: ["--edits", str(n)],
          "edits of a title, a budget and a month cell on the open 5,000-activity plan, timed from the call "
          "to its return (committed to the file); the last of each is read back through a new session"),
    Bench("print", "bench_print.py", 11, 3, _runs,
          "`plandesk export plan --out X.pdf` as a whole process, Python start-up included, after one untimed "
          "run (warm disk cache, .pyc files)"),
    Bench("scoring", "bench_scoring.py", 7, 3, _runs,
          "10,000 indicators scored in one process (schemes built and validated each time)"),
    Bench("agreement", "bench_agreement_pdf.py", 7, 3, _runs,
          "the agreement and its 30 KPI templates: in one process (the first, cold run apart) and as the two "
          "`plandesk export` processes"),
    Bench("round_summary", "bench_round_summary.py", 7, 5, _runs,
          "200 indicators with scored reports in two rounds: the summary computed, then printed to memory, in "
          "one process (at least 5 runs)"),
    Bench("report_open", "bench_report_open.py", 9, 3, _runs,
          "the round screen of the demo, a click and double-click on the seed-001 report until the editor has "
          "painted, rebuilt each time (one untimed run first)"),
    Bench("excel_import", "bench_excel_import.py", 5, 1, _runs,
          "read a 5,000-activity office workbook and import it into a fresh migrated workspace in one "
          "transaction, in one process"),
    Bench("excel_export", "bench_excel_export.py", 7, 5, _runs,
          "write_plan_xlsx of the 5,000-activity plan to a file in one process after one untimed export; the "
          "`plandesk export plan --out X.xlsx` process is shown beside it (at least 5 runs)"),
    Bench("libreoffice", "bench_libreoffice.py", 5, 1, _runs,
          "LibreOffice `soffice --headless --convert-to pdf` of the plan exported as .xlsx (private profile, "
          "first conversion untimed) against `plandesk export plan --out X.pdf`; both whole processes",
          quick_extra=("--plans", "1000")),
)


def _startup_extra(r: dict) -> str:
    return f"in-process {r['in_process']['median']:.3f} s" + \
        (" · exit code ≠ 0 on quit" if any(r.get("exit_codes", [])) else "")


def _print_extra(r: dict) -> str:
    return f"{r['pages']} pages"


TARGETS: tuple[Target, ...] = (
    Target(2, "Cold start to a shown main window, demo workspace", "startup", ("demo", "wall"), 1.0, "s",
           extra=lambda r: _startup_extra(r["demo"])),
    Target(2, "Cold start to a shown main window, 5,000-activity workspace", "startup", ("big", "wall"), 1.0, "s",
           extra=lambda r: _startup_extra(r["big"])),
    Target(2, "Open the 5,000-activity plan to first paint", "open_plan", ("first_paint",), 0.3, "s",
           extra=lambda r: f"inside open_plan() {r['open_plan_call']['median']:.3f} s"),
    Target(2, "Cell edit to committed: title", "edit", ("title", "call"), 20, "ms", scale=1000, p95=True),
    Target(2, "Cell edit to committed: budget \"1,234.00\"", "edit", ("budget", "call"), 20, "ms", scale=1000,
           p95=True),
    Target(2, "Cell edit to committed: month toggle", "edit", ("months", "call"), 20, "ms", scale=1000, p95=True),
    Target(2, "Peak memory: open 5,000 activities, scroll to the end, 30 edits", "open_plan",
           ("memory", "after_edit_mb"), 250, "MB",
           extra=lambda r: f"ru_maxrss; VmHWM {r['memory'].get('vmhwm_mb') or 0:.0f} MB"),
    Target(3, "Plan PDF, whole process: demo plan (68 rows)", "print", ("demo",), 0.8, "s",
           extra=lambda r: _print_extra(r["demo"])),
    Target(3, "Plan PDF, whole process: 1,026 activities (seed 000 × 18)", "print", ("1000",), 1.5, "s",
           extra=lambda r: _print_extra(r["1000"])),
    Target(4, "Scoring 10,000 indicators", "scoring", (), 0.2, "s"),
    Target(4, "Agreement PDF + 30 KPI templates, the two export processes", "agreement", ("processes",), 3.0, "s",
           extra=lambda r: f"agreement {r['pages']['agreement']} + templates {r['pages']['templates']} pages"),
    Target(4, "Agreement PDF + 30 KPI templates, in one process (warm)", "agreement", ("in_process",), 3.0, "s",
           extra=lambda r: f"first, cold run {r['in_process']['cold']:.3f} s"),
    Target(5, "Round summary of 200 indicators, computed", "round_summary", ("compute",), 100, "ms", scale=1000),
    Target(5, "Round summary of 200 indicators, printed", "round_summary", ("print",), 2.0, "s",
           extra=lambda r: f"{r['print']['pages']} pages"),
    Target(5, "Open an indicator report in the round screen", "report_open", (), 100, "ms", scale=1000),
    Target(6, "Import a 5,000-activity workbook (read + import)", "excel_import", ("total",), 3.0, "s",
           extra=lambda r: f"of which reading {r['read']['median']:.2f} s"),
    Target(6, "Export the 5,000-activity plan as .xlsx", "excel_export", ("write_plan_xlsx",), 2.0, "s",
           extra=lambda r: f"`plandesk export plan --out X.xlsx` process {r['command']:.3f} s"),
)


# --- running ------------------------------------------------------------------------------------

def arguments(bench: Bench, runs: int, quick: bool) -> list[str]:
    return [*bench.args(runs), *(bench.quick_extra if quick else ())]


def run_bench(bench: Bench, runs: int, quick: bool = False) -> dict:
    """{"ok": bool, "result": the bench's JSON or None, "exit_code", "seconds", "command"}."""
    with tempfile.TemporaryDirectory(prefix="plandesk-bench-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, str(BENCH_DIR / bench.script), *arguments(bench, runs, quick), "--json", str(out)]
        shown = "python " + " ".join(shlex.quote(c) for c in
                                     [f"bench/{bench.script}", *arguments(bench, runs, quick)])
        print(f"\n$ {shown}", flush=True)
        started = time.perf_counter()
        # stdout streams to the terminal; stderr is kept too, so a failure's cause reaches the report.
        proc = subprocess.run(cmd, cwd=REPO, env=bench_env(), stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        sys.stderr.write(proc.stderr)
        result = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    error = ""
    if result is None:
        print(f"run_all: bench/{bench.script} failed (exit {proc.returncode}, no figures)", flush=True)
        lines = [line.strip() for line in proc.stderr.splitlines() if line.strip()]
        error = lines[-1][:300] if lines else ""
    return {"ok": result is not None, "result": result, "exit_code": proc.returncode, "seconds": seconds,
            "command": shown, "error": error}


def head_revision() -> str | None:
    done = subprocess.run([sys.executable, "-c", "from app.migrations import HEAD_REVISION; print(HEAD_REVISION)"],
                          cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=120)
    return done.stdout.strip() or None


def drop_stale_workspaces(head: str | None) -> list[str]:
    """Remove cached bench workspaces made at an older schema revision, so the scripts build them
    again at the head: otherwise the first timed open would include the upgrade and its backup
    copy, and the workload would be whatever the migration left of it."""
    import sqlite3

    dropped = []
    if head is None or not OUT.is_dir():
        return dropped
    for path in sorted(OUT.glob("*.plandesk")):
        if ".backup-" in path.name:
            continue
        try:
            with sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True) as db:
                revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        except (sqlite3.Error, TypeError):
            revision = None
        if revision != head:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            dropped.append(f"{path.name} (revision {revision}, head {head})")
    return dropped


def bench_env() -> dict[str, str]:
    """The benchmarks' environment: as child_env, and Python may write and use .pyc files as an
    installed app does; with PYTHONDONTWRITEBYTECODE (set in some shells) every start-up would
    compile the app's modules again and the cold-start figures would include it."""
    env = child_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wait_for_quiet(max_wait: float) -> None:
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + max_wait
    while os.getloadavg()[0] / cores >= BUSY_LOAD_PER_CORE and time.monotonic() < deadline:
        print(f"run_all: load average {os.getloadavg()[0]:.2f} on {cores} cores, waiting …", flush=True)
        time.sleep(min(20.0, max(0.0, deadline - time.monotonic())))


# --- figures ------------------------------------------------------------------------------------

def _dig(result: dict, path: tuple[str, ...]):
    for key in path:
        result = result[key]
    return result


def figure(target: Target, outcome: dict | None) -> dict:
    """The target's row: {"status": ok/over/failed/not run, "median", "text", "verdict"}."""
    if outcome is None:
        return {"status": "not run", "text": "not run", "verdict": "not run"}
    if not outcome["ok"]:
        return {"status": "failed", "text": f"failed (exit {outcome['exit_code']})", "verdict": "**FAILED**"}
    result = outcome["result"]
    try:
        value = _dig(result, target.path)
        if isinstance(value, dict):
            median, low, high = (value[k] * target.scale for k in ("median", "min", "max"))
            p95 = value.get("p95")
        else:
            median, low, high, p95 = value * target.scale, None, None, None
        extra = target.extra(result) if target.extra else ""
    except (KeyError, TypeError, IndexError) as exc:
        return {"status": "failed", "text": f"no figure ({type(exc).__name__}: {exc})", "verdict": "**FAILED**"}
    text = _fmt(median, target.unit)
    details = []
    if target.p95 and p95 is not None:
        details.append(f"p95 {_fmt(p95 * target.scale, target.unit, bare=True)}")
    if low is not None:
        details.append(f"min {_fmt(low, target.unit, bare=True)}, max {_fmt(high, target.unit, bare=True)}")
    if isinstance(value, dict) and "n" in value:
        details.append(f"n={value['n']}")
    if extra:
        details.append(extra)
    if details:
        text += " (" + "; ".join(details) + ")"
    over = median > target.limit
    verdict = f"**OVER** ({median / target.limit:.2f}×)" if over else "OK"
    if not over and target.p95 and p95 is not None and p95 * target.scale > target.limit:
        verdict += " (p95 over)"
    return {"status": "over" if over else "ok", "median": median, "text": text, "verdict": verdict}


def _fmt(value: float, unit: str, bare: bool = False) -> str:
    digits = {"s": 3, "ms": 1, "MB": 0}[unit]
    number = f"{value:,.{digits}f}"
    return number if bare else f"{number} {unit}"


def _limit(target: Target) -> str:
    return f"≤ {target.limit:.1f} s" if target.unit == "s" else f"≤ {target.limit:g} {target.unit}"


# --- machine and versions -----------------------------------------------------------------------

_VERSIONS_SCRIPT = r"""
import json, sqlite3, sys
out = {"Python": sys.version.split()[0]}
def put(name, get):
    try:
        out[name] = get()
    except Exception as exc:
        out[name] = f"? ({type(exc).__name__})"
def pyside():
    import PySide6
    return PySide6.__version__
def qt():
    from PySide6.QtCore import qVersion
    return qVersion()
def sqlalchemy():
    import sqlalchemy
    return sqlalchemy.__version__
def reportlab():
    import reportlab
    return reportlab.Version
def openpyxl():
    import openpyxl
    return openpyxl.__version__
def pypdf():
    import pypdf
    return pypdf.__version__
def plandesk():
    import app
    return app.__version__
put("PlanDesk", plandesk)
put("PySide6", pyside)
put("Qt", qt)
put("SQLAlchemy", sqlalchemy)
put("reportlab", reportlab)
put("openpyxl", openpyxl)
out["SQLite"] = sqlite3.sqlite_version
put("pypdf", pypdf)
print(json.dumps(out))
"""


def versions() -> dict[str, str]:
    """Library versions, read in a child process: importing Qt here would raise the children's
    ru_maxrss (it survives fork and exec on Linux) and so the peak-memory figure."""
    done = subprocess.run([sys.executable, "-c", _VERSIONS_SCRIPT], cwd=REPO, env=child_env(),
                          capture_output=True, text=True, timeout=120)
    try:
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        found = {"Python": platform.python_version(), "error": done.stderr.strip()[-300:]}
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        try:
            line = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=120).stdout
            found["LibreOffice"] = line.strip().splitlines()[0] if line.strip() else "?"
        except (OSError, subprocess.SubprocessError):
            found["LibreOffice"] = "?"
    else:
        found["LibreOffice"] = "not installed"
    return found


def machine() -> dict[str, str]:
    info = {"cpu": "?", "cores": str(os.cpu_count() or "?"), "ram": "?", "os": platform.platform()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
        mhz = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("cpu MHz")]
        if models:
            info["cpu"] = models[0] + (f" ({float(mhz[0]):,.0f} MHz)" if mhz else "")
        info["cores"] = f"{os.cpu_count()} logical cores ({len(models)} in /proc/cpuinfo)"
    except OSError:
        pass
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                info["ram"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        release = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        info["os"] = f"{release.get('PRETTY_NAME', '').strip(chr(34))}, kernel {platform.release()}"
    except OSError:
        pass
    return info


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
    return (head or "?") + (" with uncommitted changes in the tree" if dirty else "")


# --- the report ---------------------------------------------------------------------------------

def markdown(report: dict) -> str:
    rows, lines = report["rows"], []
    met = sum(r["status"] == "ok" for r in rows)
    over = [r for r in rows if r["status"] == "over"]
    failed = [r for r in rows if r["status"] == "failed"]
    lines += ["# PlanDesk performance", "",
              f"Measured {report['date']} on the machine below, commit {report['commit']}"
              + (" (a clean `git archive` copy of it)" if report.get("clean_copy") else "") + ", with",
              "", "```sh", report["command"], "```", "",
              f"**{met} of {len(rows)} targets met**"
              + (f"; {len(over)} over" if over else "") + (f"; {len(failed)} failed to run" if failed else "")
              + (f"; {sum(r['status'] == 'not run' for r in rows)} not run (--only)"
                 if any(r["status"] == "not run" for r in rows) else "") + ".", ""]
    if report["busy"]:
        lines += [f"> **Warning: the machine was busy.** {report['busy']} Other engineers' processes share its "
                  "cores; these medians are likely inflated. Run again on a quiet machine before drawing "
                  "conclusions.", ""]
    lines += ["## Targets", "",
              "Medians of the runs; times are wall-clock. The targets are the issues' own, for this 2-core machine.",
              "", "| issue | what | target | median | verdict |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {r['issue']} | {r['what']} | {r['target']} | {r['text']} | {r['verdict']} |" for r in rows]
    problems = report.get("problems") or []
    if problems:
        lines += ["", "Problems:", ""] + [f"- {p}" for p in problems]
    lines += ["", "## LibreOffice, for scale", ""] + _libreoffice_section(report["results"].get("libreoffice"))
    m, v = report["machine"], report["versions"]
    lines += ["", "## Machine", "",
              f"- CPU: {m['cpu']}, {m['cores']}",
              f"- RAM: {m['ram']}",
              f"- OS: {m['os']}",
              f"- Load average at the start: {report['load_start']} (1, 5, 15 min; {report['cores']} cores); "
              f"at the end: {report['load_end']}",
              f"- Other processes' share of the CPU while the benchmarks ran: {report['other_share']:.0%}",
              "", "## Versions", "", "| " + " | ".join(v) + " |", "|" + " --- |" * len(v),
              "| " + " | ".join(str(x) for x in v.values()) + " |", "",
              "## Method", "",
              f"- Every benchmark is a script in `bench/`, run by `bench/run_all.py` as its own process; each writes "
              f"its figures as JSON (`--json FILE`), all are kept in `bench/out/results.json`. The run took "
              f"{report['seconds'] / 60:.1f} minutes.",
              "- Figures are **medians** of N timed runs (N per benchmark below; `--runs N` sets it for all, the "
              "edit benchmark then makes 30 × N edits); min and max are shown beside them, and p95 where there are "
              "many samples (the edits). Untimed warm-up runs come first where the script says so.",
              "- *Cold start* means a new process (interpreter, imports, workspace, window) on a warm disk cache "
              "and compiled `.pyc` files, as a user's second start of the day; the first start after a reboot "
              "is not measured. Whole-process figures include Python's start-up; in-process figures do not.",
              "- GUI benchmarks run on Qt's offscreen platform with a private settings folder. "
              "`PYTHONDONTWRITEBYTECODE` is cleared for them: an installed app has its modules compiled.",
              "- The machine's state is recorded: the load average when the run started and ended, and the share "
              "of the CPU other processes used meanwhile (from /proc/stat). The report warns when the load was at "
              f"least {BUSY_LOAD_PER_CORE:g} per core at the start or other processes used "
              f"{BUSY_OTHER_SHARE:.0%} or more.",
              "", "| benchmark | runs | took | how it measures |", "| --- | --- | --- | --- |"]
    for bench in BENCHES:
        outcome = report["results"].get(bench.key)
        if outcome is None:
            continue
        runs = report["runs"][bench.key]
        took = f"{outcome['seconds']:.0f} s" + ("" if outcome["ok"] else f", failed (exit {outcome['exit_code']})")
        lines.append(f"| `{bench.script}` | {runs}{' edits' if bench.key == 'edit' else ''} | {took} "
                     f"| {bench.method} |")
    lines += ["", "## Reproduce", "", "From the repository root, with PlanDesk installed (`pip install -e .`):",
              "", "```sh", "python bench/run_all.py --clean-copy --write docs/PERFORMANCE.md   # the last commit, "
              "7 runs (print 11, edits 210)", "python bench/run_all.py --write docs/PERFORMANCE.md      # this tree "
              "as it is", "python bench/run_all.py --quick                          # a smoke check of the scripts",
              "```", "", "`--clean-copy` extracts the last commit with `git archive` into a scratch folder and "
              "measures that, so that uncommitted work in a shared tree neither breaks nor changes the figures.", "", "See `bench/README.md` for each script and for profiling.", ""]
    return "\n".join(lines)


def _libreoffice_section(outcome: dict | None) -> list[str]:
    if outcome is None:
        return ["Not run (`--only`)."]
    if not outcome["ok"]:
        return [f"The comparison failed (exit {outcome['exit_code']}); see the run's output."]
    result = outcome["result"]
    if "skipped" in result:
        return [result["skipped"] + "."]
    lines = [f"The same plan printed by PlanDesk and by {result['libreoffice_version']} converting the plan's "
             f"workbook (`plandesk export plan --out X.xlsx`) with `soffice --headless --convert-to pdf`. Both are "
             f"whole processes; medians of {result['runs']} runs. Not a target: LibreOffice prints the workbook's "
             "print set-up without PlanDesk's Thai line breaking, so the page counts differ.", "",
             "| plan | PlanDesk `export plan --out X.pdf` | LibreOffice xlsx → PDF | LibreOffice ÷ PlanDesk |",
             "| --- | --- | --- | --- |"]
    for r in result["plans"].values():
        ours, office = r["plandesk"], r["libreoffice"]
        lines.append(f"| {r['label']} | {ours['median']:.3f} s (min {ours['min']:.3f}, max {ours['max']:.3f}; "
                     f"{ours['pages']} pages) | {office['median']:.3f} s (min {office['min']:.3f}, max "
                     f"{office['max']:.3f}; {office['pages']} pages) | {r['ratio']:.1f}× |")
    first = [f"{r['label']} {r['libreoffice']['first_run_with_new_profile']:.1f} s"
             for r in result["plans"].values()]
    lines += ["", "LibreOffice's first conversion, which also creates its user profile, was not timed with the "
              "others: " + "; ".join(first) + "."]
    return lines


def run_in_clean_copy(argv: list[str], args) -> int:
    """Extract HEAD with `git archive` into a scratch folder, reuse the cached workspaces, and run
    run_all there; the report and results.json come back here."""
    import shutil
    import tarfile

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout.strip()
    tree = Path(tempfile.mkdtemp(prefix=f"plandesk-bench-{commit}-"))
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=REPO, capture_output=True,
                                 check=True).stdout
        import io

        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        (tree / "bench" / "out").mkdir(parents=True, exist_ok=True)
        for cached in list(OUT.glob("*.plandesk")) + list(OUT.glob("*.xlsx")):
            if ".backup-" not in cached.name:   # stale ones are dropped by the copy's own run
                shutil.copy2(cached, tree / "bench" / "out" / cached.name)
        rest, skip = [], False
        for a in argv:
            if skip:
                skip = False
            elif a == "--clean-copy":
                continue
            elif a == "--write":
                skip = True
            elif not a.startswith("--write="):
                rest.append(a)
        if args.write:
            rest += ["--write", str(Path(args.write) if Path(args.write).is_absolute() else REPO / args.write)]
        shown = "python bench/run_all.py " + " ".join(shlex.quote(a) for a in argv)
        print(f"run_all: measuring commit {commit} in {tree}", flush=True)
        code = subprocess.run([sys.executable, str(tree / "bench" / "run_all.py"), *rest, "--commit", commit,
                               "--as-command", shown], cwd=tree).returncode
        OUT.mkdir(parents=True, exist_ok=True)
        if (tree / "bench" / "out" / "results.json").exists():
            shutil.copy2(tree / "bench" / "out" / "results.json", OUT / "results.json")
        return code
    finally:
        shutil.rmtree(tree, ignore_errors=True)


# --- main ---------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="run every PlanDesk benchmark and compare with its target")
    parser.add_argument("--quick", action="store_true", help="few runs (3, 30 edits): checks the scripts work")
    parser.add_argument("--runs", type=int, help="timed runs of every benchmark (the edit bench: 30 × N edits)")
    parser.add_argument("--only", help="comma-separated benchmarks to run: " + ", ".join(b.key for b in BENCHES))
    parser.add_argument("--write", metavar="FILE", help="write the Markdown report here (e.g. docs/PERFORMANCE.md)")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="wait up to this long for the load average to drop before starting")
    parser.add_argument("--list", action="store_true", help="print the benchmarks, commands and targets; run nothing")
    parser.add_argument("--clean-copy", action="store_true",
                        help="measure the last commit in a fresh `git archive` copy of it, away from uncommitted "
                             "work in this tree (several people edit it at once)")
    parser.add_argument("--commit", help=argparse.SUPPRESS)     # set by --clean-copy for the copy's report
    parser.add_argument("--as-command", help=argparse.SUPPRESS)  # the command as the user typed it
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.clean_copy and not args.list:
        return run_in_clean_copy(argv, args)

    chosen = list(BENCHES)
    if args.only:
        keys = [k.strip() for k in args.only.split(",") if k.strip()]
        unknown = sorted(set(keys) - {b.key for b in BENCHES})
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
        chosen = [b for b in BENCHES if b.key in keys]
    runs = {b.key: (b.quick_runs if args.quick else (30 * args.runs if args.runs and b.key == "edit"
                                                      else args.runs or b.runs)) for b in chosen}

    if args.list:
        for b in chosen:
            print(f"{b.key:14} python bench/{b.script} {' '.join(arguments(b, runs[b.key], args.quick))}")
        print()
        for t in TARGETS:
            print(f"issue {t.issue}  {t.bench:14} {_limit(t):>10}  {t.what}")
        return 0

    if args.wait_quiet:
        wait_for_quiet(args.wait_quiet)
    command = args.as_command or "python bench/run_all.py " + " ".join(shlex.quote(a) for a in argv)
    load_start = os.getloadavg()
    started = time.perf_counter()
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    results: dict[str, dict] = {}
    for name in drop_stale_workspaces(head_revision()):
        print(f"run_all: removed the cached workspace {name}; it is built again at the current schema", flush=True)
    if {"startup", "open_plan", "edit", "excel_export", "libreoffice"} & {b.key for b in chosen}:
        # Built (about 8 s) or checked here, so that no benchmark's own time includes it.
        subprocess.run([sys.executable, str(BENCH_DIR / "make_big_plan.py")], cwd=REPO, env=child_env(), check=True)
    with OtherLoad() as load:
        for bench in chosen:
            results[bench.key] = run_bench(bench, runs[bench.key], args.quick)
    seconds = time.perf_counter() - started
    load_end = os.getloadavg()

    rows = []
    for target in TARGETS:
        row = figure(target, results.get(target.bench))
        rows.append({"issue": target.issue, "what": target.what, "target": _limit(target), **row})
    problems = []
    edit = (results.get("edit") or {}).get("result")
    if edit is not None and not edit.get("verified", False):
        problems.append("the last edits were NOT found in the database: " + "; ".join(edit.get("problems", [])))
    for key, outcome in results.items():
        if not outcome["ok"]:
            problems.append(f"`{outcome['command']}` failed with exit code {outcome['exit_code']}"
                            + (f": `{outcome['error']}`" if outcome.get("error") else ""))

    cores = os.cpu_count() or 1
    busy = []
    if load_start[0] / cores >= BUSY_LOAD_PER_CORE:
        busy.append(f"The 1-minute load average was {load_start[0]:.2f} on {cores} cores when the run started.")
    if load.share >= BUSY_OTHER_SHARE:
        busy.append(f"Other processes used {load.share:.0%} of the CPU while it ran.")
    report = {"date": date, "commit": args.commit or git_commit(), "clean_copy": bool(args.commit), "command": command, "rows": rows, "problems": problems,
              "results": results, "runs": runs, "seconds": seconds, "cores": cores,
              "load_start": ", ".join(f"{x:.2f}" for x in load_start),
              "load_end": ", ".join(f"{x:.2f}" for x in load_end), "other_share": load.share,
              "busy": " ".join(busy), "machine": machine(), "versions": versions()}
    text = markdown(report)
    print("\n" + text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps({k: v for k, v in report.items()}, ensure_ascii=False, indent=2,
                                                 default=str), encoding="utf-8")
    if args.write:
        path = Path(args.write)
        if not path.is_absolute():
            path = REPO / path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"\nrun_all: wrote {path}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
