"""The domain never imports Qt (STYLE: app/models and app/services import no PySide6)."""
import pkgutil
import subprocess
import sys
from pathlib import Path

import app.models
import app.services

ROOT = Path(__file__).resolve().parents[1]


def domain_modules() -> list[str]:
    names = ["app", "app.cli", "app.migrations"]
    for package in (app.models, app.services):
        names.append(package.__name__)
        names += [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    return names


def test_domain_modules_are_found():
    names = domain_modules()
    for expected in ("app.services.items", "app.services.workspace", "app.services.demo", "app.models.plan"):
        assert expected in names


def test_importing_domain_does_not_import_qt():
    modules = domain_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt imported by the domain: {result.stdout.strip()}"


def test_logic_tests_do_not_import_qt():
    """Only tests/ui may touch Qt, so the logic tests run on a machine with no display libraries."""
    offenders = []
    for path in (ROOT / "tests").glob("*.py"):
        if path.name == Path(__file__).name:
            continue
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("import PySide6", "from PySide6", "pytestqt", "qtbot")):
            offenders.append(path.name)
    assert offenders == []
