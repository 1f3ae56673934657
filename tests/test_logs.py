"""Log files and crash hooks (app/services/logs.py); no display needed."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from app.services import logs


@pytest.fixture
def logged(tmp_path, monkeypatch):
    # pytest-qt's own excepthook fails a test on any exception it sees; the hooks chain to it.
    monkeypatch.setattr(sys, "excepthook", lambda *exc: None)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)
    path = logs.setup_logging(tmp_path / "log")
    yield path
    logs.uninstall_excepthooks()
    logs.shutdown_logging()


def test_log_file_is_in_the_user_log_directory_unless_overridden(monkeypatch, tmp_path):
    from platformdirs import user_log_path

    monkeypatch.delenv(logs.LOG_DIR_ENV, raising=False)
    assert logs.log_dir() == user_log_path("PlanDesk", appauthor=False)
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "portable"))
    assert logs.log_file() == tmp_path / "portable" / "plandesk.log"


def test_start_stop_and_errors_are_written(logged):
    assert logs.log_file() == logged
    logs.log_start("งานแผน.plandesk")
    logging.getLogger("app.services.x").error("บันทึกผิดพลาด %s", "ทดสอบ")
    logs.log_stop(0)
    text = logged.read_text("utf-8")
    assert "started" in text and "งานแผน.plandesk" in text
    assert "ERROR" in text and "บันทึกผิดพลาด ทดสอบ" in text
    assert "stopped (exit code 0)" in text


def test_setup_is_idempotent(logged):
    assert logs.setup_logging() == logged
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "baseFilename", None) == str(logged)]
    assert len(handlers) == 1


def test_files_rotate(logged, monkeypatch):
    handler = logs._handler
    monkeypatch.setattr(handler, "maxBytes", 2000)
    for i in range(200):
        logs.log.info("บรรทัดที่ %d %s", i, "ก" * 20)
    names = sorted(p.name for p in logged.parent.iterdir())
    assert "plandesk.log.1" in names and f"plandesk.log.{logs.BACKUP_COUNT}" in names
    assert f"plandesk.log.{logs.BACKUP_COUNT + 1}" not in names
    assert all(p.stat().st_size <= 2000 + 200 for p in logged.parent.iterdir())


def test_uncaught_exception_is_logged_and_reported(logged):
    seen = []
    logs.install_excepthooks(lambda summary, details: seen.append((summary, details)))
    try:
        raise ValueError("ค่าไม่ถูกต้อง")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert seen and seen[0][0] == "ValueError: ค่าไม่ถูกต้อง"
    assert "Traceback" in seen[0][1] and "test_uncaught_exception_is_logged_and_reported" in seen[0][1]
    text = logged.read_text("utf-8")
    assert "CRITICAL" in text and "ValueError: ค่าไม่ถูกต้อง" in text and "Traceback" in text


def test_exception_in_another_thread_is_reported(logged):
    seen = []
    logs.install_excepthooks(lambda summary, details: seen.append(summary))

    def work():
        raise RuntimeError("งานเบื้องหลังล้มเหลว")

    thread = threading.Thread(target=work, name="พิมพ์ PDF")
    thread.start()
    thread.join()
    assert seen == ["RuntimeError: งานเบื้องหลังล้มเหลว"]
    assert "thread พิมพ์ PDF" in logged.read_text("utf-8")


def test_a_failing_crash_callback_does_not_crash_again(logged):
    def broken(summary, details):
        raise OSError("no display")

    logs.install_excepthooks(broken)
    try:
        raise KeyError("x")
    except KeyError:
        sys.excepthook(*sys.exc_info())  # must not raise
    assert "showing the crash report failed" in logged.read_text("utf-8")


def test_hooks_are_restored(logged):  # (the ones the fixture put in place)
    before = (sys.excepthook, threading.excepthook)
    logs.install_excepthooks()
    assert sys.excepthook is not before[0]
    logs.uninstall_excepthooks()
    assert (sys.excepthook, threading.excepthook) == before


def test_real_process_crash_leaves_the_traceback_in_the_log(tmp_path):
    script = textwrap.dedent("""
        from app.services import logs
        logs.setup_logging()
        logs.install_excepthooks()
        logs.log_start()
        def deep():
            return 1 / 0
        deep()
    """)
    env = {**os.environ, logs.LOG_DIR_ENV: str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert proc.returncode == 1 and "ZeroDivisionError" in proc.stderr
    text = (tmp_path / "plandesk.log").read_text("utf-8")
    assert "ZeroDivisionError" in text and "in deep" in text
