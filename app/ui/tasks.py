"""Background tasks: run a function on the one worker thread, show its progress, and deliver its
result or its exception on the GUI thread (STYLE: long work off the GUI thread).

    task = run_task(work, parent=window, label="กำลังส่งออก PDF…")
    task.sig_done.connect(on_result)        # GUI thread: the function's return value
    task.sig_failed.connect(on_error)       # GUI thread: the exception it raised

`work(progress)` runs on the worker thread and must not touch widgets or share a database
session with the GUI: it opens its own (`with workspace.session() as session:`). As it goes it
calls `progress(done, total=0, text="")` (total 0: unknown, the dialog shows a busy bar); after
`task.cancel()` that call raises `Cancelled`, which ends the task quietly (sig_cancelled).
`progress.deliver(item)` hands a partial result to the GUI thread (sig_item) and waits while
two earlier ones are still unhandled, so a producer of large items (printed pages) stays a
page or two ahead of the GUI instead of filling memory.

Every signal is emitted on the GUI thread, from the event loop: never before `run_task` or
`Task.start` has returned, so connecting right after starting is safe.
"""
from __future__ import annotations

import itertools
import logging
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05   # at most ~20 progress updates a second reach the GUI
ITEMS_AHEAD = 2              # deliver() waits while this many items are unhandled
SHOW_AFTER_MS = 400          # quick tasks finish before their progress dialog appears


class Cancelled(Exception):
    """Raised by progress() once the task was cancelled; ends the task without an error."""


class Progress:
    """What the worker function gets: call it with (done, total, text); .deliver(item)."""

    def __init__(self, task_id: int):
        self._task_id = task_id
        self._cancel = threading.Event()
        self._room = threading.Semaphore(ITEMS_AHEAD)
        self._last_post = 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        self.check()
        now = time.monotonic()
        if now - self._last_post >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_post = now
            _post(self._task_id, "progress", (int(done), int(total), text))

    def deliver(self, item: Any) -> None:
        while not self._room.acquire(timeout=0.1):
            self.check()
        self.check()
        _post(self._task_id, "item", item)


class _Dispatcher(QObject):
    """Lives on the GUI thread; the worker emits sig_post, the slot runs in the event loop."""

    sig_post = Signal(int, str, object)

    def __init__(self):
        super().__init__()
        self.sig_post.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    @Slot(int, str, object)
    def _dispatch(self, task_id: int, kind: str, payload: object) -> None:
        task = _running.get(task_id)
        if task is not None:
            task._receive(kind, payload)


# Only the GUI thread touches these; the worker knows a task by its id alone, so the last
# reference to a Task (a QObject) is always dropped on the GUI thread.
_running: dict[int, "Task"] = {}
_ids = itertools.count(1)
_dispatcher: _Dispatcher | None = None
_pool: QThreadPool | None = None


def _post(task_id: int, kind: str, payload: object) -> None:
    _dispatcher.sig_post.emit(task_id, kind, payload)


def worker_pool() -> QThreadPool:
    """The one worker thread: tasks run one after another, in the order started."""
    global _dispatcher, _pool
    if _pool is None:
        app = QCoreApplication.instance()
        assert app is not None, "tasks need a QApplication"
        _dispatcher = _Dispatcher()
        _pool = QThreadPool(app)
        _pool.setMaxThreadCount(1)
        app.aboutToQuit.connect(cancel_all)
    return _pool


def cancel_all(wait_ms: int = 10_000) -> bool:
    """Cancel every task and wait for the worker (on quit: no Python left running on it)."""
    for task in list(_running.values()):
        task.cancel()
    return _pool.waitForDone(wait_ms) if _pool is not None else True


class _Runnable(QRunnable):
    def __init__(self, task_id: int, function: Callable[[Progress], Any], progress: Progress):
        super().__init__()
        self._task_id, self._function, self._progress = task_id, function, progress

    def run(self) -> None:
        task_id, progress = self._task_id, self._progress
        try:
            progress.check()
            result = self._function(progress)
        except Cancelled:
            _post(task_id, "cancelled", None)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread, which decides
            if progress.cancelled:
                _post(task_id, "cancelled", None)
            else:
                log.debug("background task failed", exc_info=exc)
                _post(task_id, "failed", exc)
        else:
            _post(task_id, "done", result)
        finally:
            self._function = None


class Task(QObject):
    """One function run on the worker thread; all signals arrive on the GUI thread."""

    sig_progress = Signal(int, int, str)   # done, total (0 = unknown), text
    sig_item = Signal(object)              # something progress.deliver() handed over
    sig_done = Signal(object)              # the function's return value
    sig_failed = Signal(object)            # the exception it raised
    sig_cancelled = Signal()
    sig_finished = Signal()                # after sig_done, sig_failed or sig_cancelled

    def __init__(self, function: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.id = next(_ids)
        self.function = function
        self.progress = Progress(self.id)
        self.state = "new"   # new → running → done / failed / cancelled
        self.result: Any = None
        self.error: BaseException | None = None

    def start(self) -> "Task":
        assert self.state == "new", "a task runs once"
        pool = worker_pool()
        self.state = "running"
        _running[self.id] = self
        pool.start(_Runnable(self.id, self.function, self.progress))
        self.function = None
        return self

    def cancel(self) -> None:
        """Ask the function to stop: its next progress() call raises Cancelled."""
        self.progress._cancel.set()

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed", "cancelled")

    def _receive(self, kind: str, payload: object) -> None:
        if kind == "progress":
            if not self.progress.cancelled:
                self.sig_progress.emit(*payload)
            return
        if kind == "item":
            try:
                if not self.progress.cancelled:
                    self.sig_item.emit(payload)
            finally:
                self.progress._room.release()
            return
        _running.pop(self.id, None)
        self.state = kind
        if kind == "done":
            self.result = payload
            self.sig_done.emit(payload)
        elif kind == "failed":
            self.error = payload
            self.sig_failed.emit(payload)
        else:
            self.sig_cancelled.emit()
        self.sig_finished.emit()


class TaskProgressDialog(QProgressDialog):
    """Window-modal progress for one task: a busy bar while the total is unknown, a cancel
    button, shown only if the task takes longer than SHOW_AFTER_MS; closes itself at the end.

    The bar is updated directly: QProgressDialog.setValue() on a modal dialog runs a nested
    processEvents(), which could deliver the task's end while the update is still running."""

    def __init__(self, task: Task, label: str, parent: QWidget | None, cancellable: bool = True):
        super().__init__(label, "ยกเลิก", 0, 0, parent)
        self.label = label
        self.task = task
        self.setWindowTitle("โปรดรอสักครู่")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(380)
        self._bar = QProgressBar(self)
        self._bar.setRange(0, 0)
        self._bar.setTextVisible(False)
        self.setBar(self._bar)
        if not cancellable:
            self.setCancelButton(None)
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setValue(0)  # (re)starts the show-after timer with SHOW_AFTER_MS; no events run
        self.canceled.connect(self._cancel)
        task.sig_progress.connect(self._on_progress)
        task.sig_finished.connect(self._close)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self._bar.setRange(0, total)
            self._bar.setValue(min(done, total))
            self._bar.setTextVisible(True)
        else:
            self._bar.setRange(0, 0)
        self.setLabelText(f"{self.label}\n{text}" if text else self.label)

    def _cancel(self) -> None:
        self.task.cancel()

    def _close(self) -> None:
        self.canceled.disconnect(self._cancel)
        self.reset()
        self.hide()
        self.deleteLater()


def run_task(function: Callable[[Progress], Any], parent: QWidget | None = None, label: str = "",
             *, dialog: bool = True, cancellable: bool = True) -> Task:
    """Start `function(progress)` on the worker thread; with dialog, show a progress dialog
    over `parent` (after SHOW_AFTER_MS) whose cancel button cancels the task."""
    task = Task(function)
    if dialog:
        TaskProgressDialog(task, label or "กำลังทำงาน…", parent, cancellable)
    return task.start()
