"""Smoke test of the installer's bundle: build installer/plandesk.spec with PyInstaller (Linux) and
run `plandesk --selftest` from the built folder, away from the source tree.

The build takes about a minute on two cores and happens once per test session (module-scoped
fixture, into a temporary folder). The tests take no database fixture, so they run once, not
once per backend. PyInstaller comes with the [test] extra; without it the tests are skipped,
except in CI where a missing PyInstaller is a failure.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "plandesk.spec"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the smoke test builds the Linux bundle"),
]


def _require_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("PyInstaller is missing: pip install -e \".[test]\" installs it", pytrace=False)
        pytest.skip("PyInstaller is not installed (pip install -e \".[test]\")")


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


class Bundle:
    def __init__(self, folder: Path, seconds: float):
        self.folder = folder
        self.seconds = seconds
        self.internal = folder / "_internal"
        self.size = _folder_size(folder)

    def run(self, tmp: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        """The bundled `plandesk`, with no display, a cold user cache and its own home, started
        outside the repository so nothing can come from the source tree."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH")}
        home = tmp / "home"
        home.mkdir(exist_ok=True)
        env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_CONFIG_HOME=str(home / ".config"),
                   XDG_DATA_HOME=str(home / ".local" / "share"), XDG_STATE_HOME=str(home / ".local" / "state"))
        return subprocess.run([str(self.folder / "plandesk"), *args], capture_output=True, text=True, env=env,
                              cwd=tmp, timeout=timeout)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Bundle:
    _require_pyinstaller()
    work = tmp_path_factory.mktemp("pyinstaller")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
        capture_output=True, text=True, cwd=ROOT, timeout=900)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    built = Bundle(work / "dist" / "plandesk", seconds)
    print(f"\nPyInstaller bundle: built in {seconds:.0f} s, {built.size / 2**20:.0f} MiB "
          f"in {sum(1 for _ in built.folder.rglob('*'))} files and folders")
    return built


def test_selftest_passes_from_the_bundle(bundle, tmp_path, record_property):
    record_property("build_seconds", round(bundle.seconds, 1))
    record_property("bundle_mib", round(bundle.size / 2**20, 1))
    result = bundle.run(tmp_path, "--selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "QT_QPA_PLATFORM=offscreen" in out  # chose offscreen by itself: no display here
    assert "✓ สร้างพื้นที่ทำงานตัวอย่าง" in out  # migrations read from the bundle's files
    assert "✓ พิมพ์แผนตัวอย่างเป็น PDF" in out
    assert "ไม่มี pypdf" in out  # the test extra stayed out of the bundle
    assert out.rstrip().splitlines()[-1].startswith("ผ่านทุกขั้นตอน")
    # The cold cache made the line breaker read pythainlp's word list from the bundle.
    assert list((tmp_path / "home" / ".cache" / "PlanDesk").glob("thai_words-*.marshal"))


def test_bundled_cli_builds_and_prints_the_demo(bundle, tmp_path):
    """`plandesk export` ends with os._exit: the PDF must be whole all the same."""
    version = bundle.run(tmp_path, "--version")
    assert version.returncode == 0 and "PlanDesk" in version.stdout
    workspace = tmp_path / "demo.plandesk"
    made = bundle.run(tmp_path, "demo", "--db", str(workspace))
    assert made.returncode == 0, made.stderr
    listed = bundle.run(tmp_path, "info", "--db", str(workspace), "--json")
    assert listed.returncode == 0, listed.stderr
    plans = json.loads(listed.stdout)["plans"]
    plan = next(p for p in plans if p["title"] == "แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มพัฒนาระบบบริหาร")
    pdf = tmp_path / "plan.pdf"
    exported = bundle.run(tmp_path, "export", "plan", "--db", str(workspace), "--year", "2567",
                          "--plan", str(plan["id"]), "--bundled-font", "--out", str(pdf))
    assert exported.returncode == 0, exported.stderr
    assert "ส่งออกแผนเป็น" in exported.stdout
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"Sarabun" in data  # the bundled font, embedded


def test_bundle_holds_what_the_app_reads_and_not_more(bundle):
    internal = bundle.internal
    assert (bundle.folder / "plandesk-gui").is_file()
    resources = internal / "app" / "resources"
    for name in ("fonts/Sarabun-Regular.ttf", "fonts/Sarabun-Bold.ttf", "fonts/OFL.txt", "dict/user_words.txt",
                 "demo/plan_2567.json", "icons/plandesk.png", "icons/plandesk.ico", "__init__.py"):
        assert (resources / name).is_file(), name
    versions = sorted(p.name for p in (internal / "app" / "migrations" / "versions").glob("0*.py"))
    assert versions == sorted(p.name for p in (ROOT / "app" / "migrations" / "versions").glob("0*.py"))
    assert (internal / "app" / "migrations" / "env.py").is_file()
    corpus = internal / "pythainlp" / "corpus"
    assert (corpus / "words_th.txt").is_file()
    assert not list(corpus.glob("*.onnx")) and not (corpus / "tnc_freq.txt").exists()
    qt = internal / "PySide6" / "Qt"
    platforms = {p.name for p in (qt / "plugins" / "platforms").iterdir()}
    assert "libqoffscreen.so" in platforms and "libqwayland.so" not in platforms
    assert not (qt / "translations").exists()
    assert not list(internal.glob("**/libQt6Network.so*"))
    dangling = [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []
    for module in ("pypdf", "pytest", "hypothesis", "PyInstaller", "numpy"):
        assert not (internal / module).exists(), module


def test_inno_setup_script_matches_the_bundle_and_the_cli():
    """The .iss cannot be compiled here: check what it names against what the spec builds."""
    import re

    from app.cli import _parser
    from app.services.workspace import WORKSPACE_SUFFIX

    raw = (ROOT / "installer" / "plandesk.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads the Thai texts only from UTF-8 with a BOM
    iss = raw.decode("utf-8-sig")
    spec = SPEC.read_text("utf-8")
    defines = dict(re.findall(r'#define (\w+) "([^"]*)"', iss))
    assert defines["GuiExe"] == "plandesk-gui.exe" and 'name="plandesk-gui"' in spec
    assert defines["DistDir"].replace("\\", "/").endswith("dist/plandesk") and 'name="plandesk"' in spec
    icon = re.search(r"^SetupIconFile=(.+?)\s*$", iss, re.M).group(1).replace("\\", "/")
    assert (ROOT / "installer" / icon).resolve().is_file()
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}\s*$", iss, re.M)
    # The association: .plandesk → "PlanDesk workspace", opened through --db, which the CLI knows.
    assert f'Subkey: "Software\\Classes\\{WORKSPACE_SUFFIX}"' in iss
    assert 'ValueData: "PlanDesk workspace"' in iss
    command = re.search(r'shell\\open\\command"; .*ValueData: "(.+)"; Tasks', iss).group(1)
    assert command == '""{app}\\{#GuiExe}"" --db ""%1""'
    assert _parser().parse_args(["--db", r"C:\งาน\แผน 2568.plandesk"]).db.endswith("แผน 2568.plandesk")
    for section in ("[Icons]", "[Tasks]", "[Registry]", "[Files]"):
        assert section in iss
    assert "{group}\\{#AppName}" in iss and "{autodesktop}" in iss and "{uninstallexe}" in iss
