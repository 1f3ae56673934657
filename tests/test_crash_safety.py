"""A PlanDesk process killed mid-edit must leave a sound workspace holding every edit it committed.

A child process edits a workspace as fast as it can and prints one line per committed unit of
work; the parent kills it with SIGKILL at a random moment, then checks the file.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pytest

from app.services import items
from app.services.workspace import open_workspace
from tests.support import assert_tree_invariants, make_plan

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = textwrap.dedent('''
    import datetime as dt, sys
    from decimal import Decimal
    from app.models import ItemKind
    from app.services import items
    from app.services.workspace import open_workspace

    path, plan_id = sys.argv[1], int(sys.argv[2])
    ws = open_workspace(path)
    first, later = [dt.date(2023, 10, 1)], [dt.date(2023, 12, 1), dt.date(2024, 3, 1)]
    print("ready", flush=True)
    parent = None
    for k in range(100000):
        # Each item gets exactly three edits, in order, and is never touched again, so every
        # reported value must still be there after the crash.
        with ws.transaction() as s:
            row = items.insert_item(s, plan_id, parent, 0, kind=ItemKind.ACTIVITY, title=f"item {k}",
                                    months=first)
        print("insert", row.id, f"item {k}", flush=True)
        with ws.transaction() as s:
            items.set_months(s, row.id, later)
        print("months", row.id, flush=True)
        with ws.transaction() as s:
            items.update_item(s, row.id, budget=f"{k},{k % 1000:03d}.{k % 100:02d}")
        print("budget", row.id, f"{k}{k % 1000:03d}.{k % 100:02d}", flush=True)
        if k % 7 == 6:
            parent = row.id  # grow some depth too
''')

FIRST = {dt.date(2023, 10, 1)}
LATER = {dt.date(2023, 12, 1), dt.date(2024, 3, 1)}


def run_and_kill(path: Path, plan_id: int, script: Path, lines_before_kill: int, extra_delay: float) -> list[str]:
    proc = subprocess.Popen([sys.executable, str(script), str(path), str(plan_id)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    reported = []
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        while len(reported) < lines_before_kill:
            line = proc.stdout.readline()
            assert line, f"child stopped early: {proc.stderr.read()}"
            reported.append(line.strip())
        time.sleep(extra_delay)  # land the kill anywhere, mid-transaction included
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    # Lines already in the pipe were committed before they were printed: they count too. A
    # last line the kill cut short (no newline) was never fully reported, so it does not.
    rest = proc.stdout.read().split("\n")[:-1]
    reported.extend(line.strip() for line in rest if line.strip())
    proc.stdout.close()
    proc.stderr.close()
    return reported


def test_killed_editor_leaves_sound_workspace_with_every_reported_edit(tmp_path):
    script = tmp_path / "editor.py"
    script.write_text(CHILD, encoding="utf-8")
    path = tmp_path / "crash.plandesk"
    ws = open_workspace(path)
    with ws.transaction() as s:
        plan_id = make_plan(s)
    ws.close()

    rng = random.Random(int(os.environ.get("PLANDESK_CRASH_SEED", "2567")))
    expected: dict[int, dict] = {}
    for _ in range(5):
        reported = run_and_kill(path, plan_id, script, rng.randint(1, 60), rng.uniform(0, 0.02))
        for line in reported:
            kind, item_id, *rest = line.split(" ", 2)
            facts = expected.setdefault(int(item_id), {})
            if kind == "insert":
                facts["title"] = rest[0]
            elif kind == "months":
                facts["months"] = LATER
            else:
                facts["budget"] = Decimal(rest[0])

        con = sqlite3.connect(path)  # the file as a fresh process finds it after the crash
        try:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            con.close()
        ws = open_workspace(path)
        try:
            with ws.session() as s:
                assert_tree_invariants(s, plan_id)
                for item_id, facts in expected.items():
                    row = items.get_row(s, item_id)  # raises if a reported insert was lost
                    assert row.title == facts["title"]
                    assert row.months == facts.get("months", row.months)
                    assert row.months in (FIRST, LATER)  # never half of a set_months
                    if "budget" in facts:
                        assert row.budget == facts["budget"]
        finally:
            ws.close()
    assert len(expected) >= 5
