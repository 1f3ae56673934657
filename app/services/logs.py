"""Log files: rotating, in the user log directory (platformdirs), and the hooks that log crashes.

PLANDESK_LOG_DIR overrides the directory (tests, a portable install). No Qt here: the crash
dialog (app/ui/crash_dialog.py) registers itself as the `on_crash` callback.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Callable

from app import APP_NAME, __version__

LOG_DIR_ENV = "PLANDESK_LOG_DIR"
LOG_NAME = "plandesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"

log = logging.getLogger("plandesk")
_handler: RotatingFileHandler | None = None
_previous_hooks: tuple | None = None

_reporting = threading.local()
CrashCallback = Callable[[str, str], None]  # (one-line summary, full traceback)


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    """Where the current log is (or will be) written."""
    if _handler is not None:
        return Path(_handler.baseFilename)
    return log_dir() / LOG_NAME


def setup_logging(directory: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the root logger to a rotating file (1 MB × 5); idempotent. Returns the log file.
    If the directory cannot be written, logging goes to stderr only and the app still starts."""
    global _handler
    root = logging.getLogger()
    if _handler is not None:
        if directory is None or Path(_handler.baseFilename).parent == Path(directory):
            return Path(_handler.baseFilename)
        shutdown_logging()
    folder = Path(directory) if directory is not None else log_dir()
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError as exc:
        print(f"plandesk: เขียนบันทึกการทำงานที่ {folder} ไม่ได้: {exc}", file=sys.stderr)
        return path
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    _handler = handler
    return path


def shutdown_logging() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def log_start(workspace: str = "") -> None:
    log.info("PlanDesk %s started (Python %s, %s) %s", __version__, sys.version.split()[0], sys.platform, workspace)


def log_stop(code: int = 0) -> None:
    log.info("PlanDesk stopped (exit code %s)", code)
    if _handler is not None:
        _handler.flush()


def format_exception(exc_type, exc, tb) -> tuple[str, str]:
    summary = "".join(traceback.format_exception_only(exc_type, exc)).strip()
    return summary, "".join(traceback.format_exception(exc_type, exc, tb))


def install_excepthooks(on_crash: CrashCallback | None = None) -> None:
    """Log every uncaught exception (main thread and other threads) with its traceback, then
    call on_crash(summary, details). KeyboardInterrupt keeps Python's usual behaviour."""
    global _previous_hooks
    if _previous_hooks is None:
        _previous_hooks = (sys.excepthook, threading.excepthook)

    def report(exc_type, exc, tb, where: str) -> None:
        summary, details = format_exception(exc_type, exc, tb)
        log.critical("uncaught exception in %s: %s", where, summary, exc_info=(exc_type, exc, tb))
        if _handler is not None:
            _handler.flush()
        if on_crash is not None and not getattr(_reporting, "active", False):
            # A crash while showing a crash (in a slot the report runs) is logged, never reported again.
            _reporting.active = True
            try:
                on_crash(summary, details)
            except Exception:  # noqa: BLE001 — a failing crash report must not crash again
                log.exception("showing the crash report failed")
            finally:
                _reporting.active = False

    def excepthook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            return _previous_hooks[0](exc_type, exc, tb)
        report(exc_type, exc, tb, "main thread")
        _previous_hooks[0](exc_type, exc, tb)  # still on stderr for whoever started it from a console

    def thread_hook(args):
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        report(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")
        _previous_hooks[1](args)

    sys.excepthook = excepthook
    threading.excepthook = thread_hook


def uninstall_excepthooks() -> None:
    global _previous_hooks
    if _previous_hooks is not None:
        sys.excepthook, threading.excepthook = _previous_hooks
        _previous_hooks = None
