"""The benchmark suite cannot rot silently: run_all knows every script and every target the issues
set, every script still starts and takes the flags run_all passes, and a real (tiny) run writes
the report with its figures, its verdicts and the machine's state. No timing is asserted here."""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"

# (issue, benchmark key in run_all, limit, unit): every target the issues name.
ISSUE_TARGETS = {
    (2, "startup", 1.0, "s"),          # cold start, demo
    (2, "open_plan", 0.3, "s"),        # open 5,000 activities to first paint
    (2, "edit", 20, "ms"),             # cell edit to committed
    (2, "open_plan", 250, "MB"),       # peak memory
    (3, "print", 0.8, "s"),            # demo plan PDF
    (3, "print", 1.5, "s"),            # 1,000 activities plan PDF
    (4, "scoring", 0.2, "s"),          # 10,000 indicators
    (4, "agreement", 3.0, "s"),        # agreement + 30 KPI templates
    (5, "round_summary", 100, "ms"),   # computed
    (5, "round_summary", 2.0, "s"),    # printed
    (5, "report_open", 100, "ms"),
    (6, "excel_import", 3.0, "s"),
    (6, "excel_export", 2.0, "s"),
}


@pytest.fixture(scope="module")
def run_all():
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("run_all")
    finally:
        sys.path.remove(str(BENCH))


def test_run_all_runs_every_bench_script(run_all):
    scripts = {p.name for p in BENCH.glob("bench_*.py")}
    assert scripts == {b.script for b in run_all.BENCHES}
    assert len({b.key for b in run_all.BENCHES}) == len(run_all.BENCHES)


def test_run_all_compares_every_target_the_issues_set(run_all):
    known = {(t.issue, t.bench, t.limit, t.unit) for t in run_all.TARGETS}
    assert ISSUE_TARGETS <= known, ISSUE_TARGETS - known
    keys = {b.key for b in run_all.BENCHES}
    assert {t.bench for t in run_all.TARGETS} <= keys
    # The start-up target is checked on both workspaces and every kind of edit.
    assert {t.path for t in run_all.TARGETS if t.bench == "startup"} == {("demo", "wall"), ("big", "wall")}
    assert {t.path[0] for t in run_all.TARGETS if t.bench == "edit"} == {"title", "budget", "months"}


def test_every_bench_script_starts_and_takes_the_flags_run_all_passes(run_all):
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    procs = {b.script: subprocess.Popen([sys.executable, str(BENCH / b.script), "--help"], cwd=REPO, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for b in run_all.BENCHES}
    for bench in run_all.BENCHES:
        out, err = procs[bench.script].communicate(timeout=60)
        assert procs[bench.script].returncode == 0, f"{bench.script} --help: {err[-1500:]}"
        for flag in [a for a in run_all.arguments(bench, 3, quick=True) if a.startswith("--")] + ["--json"]:
            assert flag in out, f"{bench.script} has no {flag}"


def test_list_names_every_command_and_target():
    out = subprocess.run([sys.executable, str(BENCH / "run_all.py"), "--list", "--quick"], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "python bench/bench_edit.py --edits 30" in out.stdout
    assert "python bench/bench_libreoffice.py --runs 1 --plans 1000" in out.stdout
    assert out.stdout.count("issue ") >= len(ISSUE_TARGETS)


def test_a_real_run_writes_the_report(run_all, tmp_path, monkeypatch):
    """bench_scoring really runs (one run); the other rows say they were not run; a busy machine is
    warned about; the figure in the table is the one the script wrote."""
    monkeypatch.setattr(run_all, "OUT", tmp_path / "out")       # never touch the real bench/out cache
    monkeypatch.setattr(run_all.os, "getloadavg", lambda: (3.5, 2.0, 1.0))
    doc = tmp_path / "PERFORMANCE.md"
    code = run_all.main(["--only", "scoring", "--runs", "1", "--write", str(doc)])
    assert code == 0
    text = doc.read_text(encoding="utf-8")
    saved = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    median = saved["results"]["scoring"]["result"]["median"]
    row = next(line for line in text.splitlines() if "Scoring 10,000 indicators" in line)
    assert f"{median:.3f} s" in row
    assert row.endswith("| OK |") or "**OVER**" in row
    assert "| ≤ 0.2 s |" in row
    assert "not run" in next(line for line in text.splitlines() if "Cold start" in line)
    assert "Warning: the machine was busy" in text and "3.50" in text
    assert "python bench/run_all.py --only scoring --runs 1 --write" in text
    for heading in ("## Machine", "## Versions", "## Method", "## Reproduce", "## LibreOffice, for scale"):
        assert heading in text
    for name in ("PySide6", "Qt", "SQLAlchemy", "reportlab", "openpyxl", "SQLite", "Python"):
        assert f"| {name} |" in text or f" {name} |" in text
    assert "CPU:" in text and "RAM:" in text and "OS:" in text


def test_figures_give_verdicts_over_and_failed(run_all):
    target = run_all.Target(9, "x", "b", ("t",), 20, "ms", scale=1000, p95=True)
    ok = run_all.figure(target, {"ok": True, "result": {"t": {"median": 0.010, "min": 0.008, "max": 0.030,
                                                                 "p95": 0.025, "n": 70}}})
    assert ok["status"] == "ok" and ok["verdict"] == "OK (p95 over)"
    assert ok["text"] == "10.0 ms (p95 25.0; min 8.0, max 30.0; n=70)"
    over = run_all.figure(target, {"ok": True, "result": {"t": {"median": 0.030, "min": 0.03, "max": 0.03}}})
    assert over["status"] == "over" and over["verdict"] == "**OVER** (1.50×)"
    failed = run_all.figure(target, {"ok": False, "result": None, "exit_code": 2})
    assert failed["status"] == "failed" and "exit 2" in failed["text"]
    missing = run_all.figure(target, {"ok": True, "result": {"other": 1}})
    assert missing["status"] == "failed" and "no figure" in missing["text"]
    assert run_all.figure(target, None)["status"] == "not run"


def test_libreoffice_comparison_is_skipped_with_a_note_when_not_installed(run_all, tmp_path, monkeypatch):
    sys.path.insert(0, str(BENCH))
    try:
        lo = importlib.import_module("bench_libreoffice")
    finally:
        sys.path.remove(str(BENCH))
    monkeypatch.setattr(lo.shutil, "which", lambda name: None)
    out = tmp_path / "lo.json"
    assert lo.main(["--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "not installed" in result["skipped"]
    section = run_all._libreoffice_section({"ok": True, "result": result, "exit_code": 0})
    assert "not installed" in section[0]


def test_stale_cached_workspaces_are_dropped_not_upgraded(run_all, tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setattr(run_all, "OUT", tmp_path)
    for name, revision in (("old.plandesk", "0001"), ("head.plandesk", "9999"), ("x.backup-r1.plandesk", "0001")):
        with sqlite3.connect(tmp_path / name) as db:
            db.execute("CREATE TABLE alembic_version (version_num TEXT)")
            db.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        db.close()
    dropped = run_all.drop_stale_workspaces("9999")
    assert dropped == ["old.plandesk (revision 0001, head 9999)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["head.plandesk", "x.backup-r1.plandesk"]
