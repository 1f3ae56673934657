"""Starting the GUI: one QApplication, a Thai-capable font, the workspace, the main window."""
from __future__ import annotations

import os
import sys
import time

from app import APP_NAME

_STARTED = time.perf_counter()
THAI_UI_FONTS = ("Leelawadee UI", "Tahoma", "Sarabun", "TH Sarabun New", "Noto Sans Thai", "Loma", "Garuda")


def _pick_font(app) -> None:
    from PySide6.QtGui import QFont, QFontDatabase

    families = set(QFontDatabase.families())
    for family in THAI_UI_FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSizeF(max(app.font().pointSizeF(), 10))
            app.setFont(font)
            return


def release_clipboard() -> None:
    """Hand copied rows over to a clipboard object Qt made itself, keeping the text for Excel.

    Copying rows puts a Python-made QMimeData on the clipboard; Qt would delete it after the
    interpreter has shut down, which crashes the process on exit.
    """
    from PySide6.QtGui import QClipboard, QGuiApplication

    clipboard = QGuiApplication.clipboard()
    if clipboard.ownsClipboard() or clipboard.mimeData(QClipboard.Mode.Clipboard) is not None:
        clipboard.setText(clipboard.text())


def create_app(argv=None):
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    if existing is None:
        app.aboutToQuit.connect(release_clipboard)
    _pick_font(app)
    _set_icon(app)
    return app


def _set_icon(app) -> None:
    from importlib import resources

    from PySide6.QtGui import QIcon

    icon = resources.files("app.resources").joinpath("icons", "plandesk.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def _workspace_arg(db, demo):
    from PySide6.QtCore import QSettings

    if demo:
        from app.services.demo import ensure_demo_workspace

        return ensure_demo_workspace()
    if db is not None:
        return db
    last = QSettings().value("workspace/last")
    return last if last and os.path.exists(str(last)) else None


def run_gui(db=None, demo: bool = False) -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QMessageBox

    from app.services.errors import PlanDeskError
    from app.services.workspace import open_workspace
    from app.ui.main_window import MainWindow

    from app.services import logs
    from app.ui.crash_dialog import install_crash_handler

    app = create_app()
    logs.setup_logging()
    install_crash_handler(app)
    try:
        workspace = open_workspace(_workspace_arg(db, demo))
    except PlanDeskError as exc:
        logs.log.warning("workspace not opened: %s", exc.message)
        QMessageBox.critical(None, APP_NAME, exc.message)
        print(f"plandesk: {exc.message}", file=sys.stderr)
        return 1
    logs.log_start(workspace.display_name)
    if workspace.path:
        QSettings().setValue("workspace/last", str(workspace.path))
    window = MainWindow(workspace)
    window.show()
    if os.environ.get("PLANDESK_EXIT_AFTER_SHOWN"):
        # For bench/: report when the first frame is on screen, then quit.
        def shown():
            print(f"shown_after_s={time.perf_counter() - _STARTED:.4f}", flush=True)
            app.quit()
        QTimer.singleShot(0, shown)
    code = app.exec()
    logs.log_stop(code)
    return code
