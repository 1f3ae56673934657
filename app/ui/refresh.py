"""Other users' changes on screen (issue 7): มุมมอง › รีเฟรช (F5) reads the screen again from the
database, and on a SQLite workspace a cheap poll of PRAGMA data_version notices commits made by
another window or process and says so in the status bar.

Refreshing keeps what can be kept (the current plan row, the report on screen); whatever was
typed and not committed yet is committed first by the screens' own flush, so nothing typed is lost.
"""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import event

from app.services.workspace import Workspace

POLL_MS = 2000
NOTICE = "มีการแก้ไขจากผู้ใช้อื่นในพื้นที่ทำงานนี้ — กด F5 (มุมมอง › รีเฟรช) เพื่อแสดงข้อมูลล่าสุด"


def refresh_widget(widget) -> bool:
    """Read one screen again from the database; False when it has nothing to refresh."""
    from app.ui.plan_editor import PlanEditor

    if isinstance(widget, PlanEditor):
        current = widget.current_item_id()
        widget.model.reload()
        if current is not None and widget.model.has_item(current):
            widget.select_item(current)
        return True
    editor = getattr(widget, "editor", None)
    if hasattr(widget, "round_id") and editor is not None:        # the round screen
        editor.flush()
        widget.model.reload()
        editor.reload()
        dashboard = getattr(widget, "dashboard", None)
        if dashboard is not None and hasattr(dashboard, "refresh"):
            dashboard.refresh()
        return True
    model = getattr(widget, "model", None)
    if model is not None and hasattr(model, "agreement") and hasattr(model, "_load"):   # an agreement
        model.beginResetModel()
        model.agreement = model._load()
        model.endResetModel()
        for part in ("indicator_editor", "header"):
            child = getattr(widget, part, None)
            if child is not None and hasattr(child, "reload"):
                child.reload()
        if hasattr(widget, "_refresh_heading"):
            widget._refresh_heading()
        return True
    for name in ("refresh", "reload"):                             # strategy screen and others
        method = getattr(widget, name, None)
        if callable(method):
            method()
            return True
    return False


class DataVersionWatcher(QObject):
    """Notices commits to a SQLite workspace made by other connections (another window, process or PC).

    PRAGMA data_version on one long-lived connection changes when any OTHER connection commits;
    this app's own commits count too (they use other connections), so they are counted through
    the engine's commit event and not reported. Not for PostgreSQL (refresh with F5 there)."""

    sig_external_change = Signal()

    def __init__(self, ws: Workspace, parent=None, interval_ms: int = POLL_MS):
        super().__init__(parent)
        self.ws = ws
        self._conn: sqlite3.Connection | None = None
        self._own_commits = 0
        self._seen_commits = 0
        self._last: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        path = ws.path
        if path is None:
            return
        try:
            self._conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._last = self._version()
        except sqlite3.Error:
            self._conn = None
            return
        event.listen(ws.engine, "commit", self._on_own_commit)
        self.timer.start()

    def _on_own_commit(self, _conn) -> None:
        self._own_commits += 1

    def _version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def poll(self) -> bool:
        """True (and the signal) when another connection committed since the last poll and this app did not."""
        if self._conn is None:
            return False
        try:
            version = self._version()
        except sqlite3.Error:
            return False
        changed, self._last = version != self._last, version
        own, self._seen_commits = self._own_commits != self._seen_commits, self._own_commits
        if changed and not own:
            self.sig_external_change.emit()
            return True
        return False

    def stop(self) -> None:
        self.timer.stop()
        if self._conn is not None:
            event.remove(self.ws.engine, "commit", self._on_own_commit)
            self._conn.close()
            self._conn = None
