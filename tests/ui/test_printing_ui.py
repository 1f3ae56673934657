"""The background-task helper (app/ui/tasks.py) that printing runs on."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from app.services.errors import PlanDeskError
from app.ui import tasks
from app.ui.tasks import Task, TaskProgressDialog, run_task


@pytest.fixture(autouse=True)
def idle_worker():
    """No test leaves work running on the worker thread for the next one."""
    yield
    assert tasks.cancel_all(20_000), "a background task did not stop"


# ---- the task helper --------------------------------------------------------------------
def test_task_runs_off_the_gui_thread_and_reports_on_it(qtbot):
    gui = threading.get_ident()
    progress_seen, done_seen = [], []

    def work(progress):
        for step in (1, 2, 3):
            progress(step, 3, f"ขั้นที่ {step}")
            time.sleep(tasks.PROGRESS_INTERVAL_S + 0.02)  # every step is reported
        return threading.get_ident()

    task = Task(work)
    task.sig_progress.connect(lambda done, total, text: progress_seen.append(
        (done, total, text, threading.get_ident())))
    task.sig_done.connect(lambda result: done_seen.append(threading.get_ident()))
    with qtbot.waitSignal(task.sig_done, timeout=10_000) as blocker:
        task.start()
    assert blocker.args[0] != gui, "the function ran on the GUI thread"
    assert task.state == "done" and task.result == blocker.args[0]
    assert [p[:3] for p in progress_seen] == [(1, 3, "ขั้นที่ 1"), (2, 3, "ขั้นที่ 2"), (3, 3, "ขั้นที่ 3")]
    assert {p[3] for p in progress_seen} == {gui} and done_seen == [gui]


def test_task_delivers_the_exception_on_the_gui_thread(qtbot):
    gui = threading.get_ident()
    handled_on = []

    def work(progress):
        raise PlanDeskError("ไม่พบแผนนี้")

    task = Task(work)
    task.sig_failed.connect(lambda exc: handled_on.append(threading.get_ident()))
    with qtbot.waitSignals([task.sig_failed, task.sig_finished], timeout=10_000):
        task.start()
    assert isinstance(task.error, PlanDeskError) and task.error.message == "ไม่พบแผนนี้"
    assert task.state == "failed" and task.result is None
    assert handled_on == [gui]


def test_cancel_ends_the_task_at_its_next_progress_call(qtbot):
    started = threading.Event()
    calls = []

    def work(progress):
        started.set()
        for step in range(1000):
            calls.append(step)
            progress(step)
            time.sleep(0.01)
        return "finished anyway"

    task = Task(work)
    with qtbot.assertNotEmitted(task.sig_done), qtbot.waitSignal(task.sig_cancelled, timeout=10_000):
        task.start()
        assert started.wait(5)
        task.cancel()
    assert task.state == "cancelled" and len(calls) < 1000


def test_delivered_items_arrive_in_order_and_the_worker_waits_for_the_gui(qtbot):
    unhandled = []   # items produced but not yet handled, seen by the worker
    received = []
    lock = threading.Lock()

    def work(progress):
        for item in range(8):
            with lock:
                unhandled.append(len(received) - item)
            progress.deliver(item)
        return "ok"

    def handle(item):
        time.sleep(0.02)  # a slow painter
        with lock:
            received.append(item)

    task = Task(work)
    task.sig_item.connect(handle)
    with qtbot.waitSignal(task.sig_done, timeout=10_000):
        task.start()
    assert received == list(range(8))
    assert max(-u for u in unhandled) <= tasks.ITEMS_AHEAD


def test_progress_dialog_is_busy_then_cancels_the_task(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def work(progress):
        while True:
            progress(0, 0, "ยังไม่ทราบจำนวน")
            time.sleep(0.01)

    task = run_task(work, parent, "กำลังทดสอบ…")
    dialog = parent.findChild(TaskProgressDialog)
    assert dialog is not None and not dialog.isVisible(), "a quick task shows no dialog"
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert (dialog.minimum(), dialog.maximum()) == (0, 0), "unknown total: a busy bar"
    assert "กำลังทดสอบ…" in dialog.labelText()
    with qtbot.waitSignal(task.sig_cancelled, timeout=10_000):
        dialog.canceled.emit()  # what the ยกเลิก button does
    qtbot.waitUntil(lambda: parent.findChild(TaskProgressDialog) is None, timeout=5000)
