"""Quitting after copying rows must not crash (a Python-made QMimeData outlived Python)."""
import os
import subprocess
import sys
import textwrap


def test_quit_after_copying_rows_exits_cleanly(demo_file, tmp_path):
    path, _ = demo_file
    script = textwrap.dedent(f"""
        from PySide6.QtCore import QTimer
        from app.services.workspace import open_workspace
        from app.ui.application import create_app
        from app.ui.main_window import MainWindow

        app = create_app()
        window = MainWindow(open_workspace({str(path)!r}))
        window.show()

        def copy_and_quit():
            editor = window.current_editor()
            editor.select_item(editor.model.item_ids()[3])
            print("copied", editor.copy_rows())
            app.quit()

        QTimer.singleShot(0, copy_and_quit)
        app.exec()
        print("after quit:", app.clipboard().text().splitlines()[0])
        """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "copied 1" in result.stdout
    assert "after quit: 1.1.2) ปรับปรุงคู่มือสำหรับประชาชน" in result.stdout
