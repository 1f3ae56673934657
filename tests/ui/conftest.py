"""GUI fixtures: a copy of the demo workspace (SQLite) and the real main window on it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.services.workspace import open_workspace

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"


@pytest.fixture
def demo_file(tmp_path, sqlite_demo_template) -> tuple[Path, int]:
    template, plan_id = sqlite_demo_template
    path = tmp_path / "demo.plandesk"
    shutil.copyfile(template, path)
    return path, plan_id


@pytest.fixture
def window(qtbot, demo_file, monkeypatch, tmp_path):
    from PySide6.QtCore import QSettings

    from app.ui.application import create_app
    from app.ui.main_window import MainWindow

    # Keep the tests' QSettings away from the user's real ones.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    create_app()
    path, _ = demo_file
    win = MainWindow(open_workspace(path))
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def editor(window):
    editor = window.current_editor()
    assert editor is not None, "the demo plan should open on start"
    return editor
