"""`plandesk --selftest` from the source install, and the PDF checks it relies on."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from app.selftest import SelftestError, check_plan_pdf, pdf_page_count

ROOT = Path(__file__).resolve().parents[1]


def _pdf(pages: int, text: str = "PlanDesk") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for _ in range(pages):
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """No display and no platform chosen (the self-test must choose offscreen itself); the
    user's folders point into tmp_path so the test sees what the self-test leaves behind."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["TMPDIR"] = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    return env


@pytest.mark.parametrize("pages", [1, 3, 12])
def test_page_count_read_from_the_pdf_structure(pages):
    assert pdf_page_count(_pdf(pages)) == pages


def test_page_count_refuses_what_is_not_a_whole_pdf():
    data = _pdf(2)
    with pytest.raises(SelftestError, match="ไม่ใช่ PDF"):
        pdf_page_count(b"<html>" + data)
    with pytest.raises(SelftestError, match="ไม่สมบูรณ์"):
        pdf_page_count(data[: len(data) // 2])
    with pytest.raises(SelftestError, match="ไม่ตรงกัน"):
        pdf_page_count(data.replace(b"/Count 2", b"/Count 3"))


def test_plan_pdf_check_compares_pages_and_title():
    data = _pdf(2, "Plan 2567")
    assert check_plan_pdf(data, 2, "Plan 2567").pages == 2
    with pytest.raises(SelftestError, match="รายงานว่า 5 หน้า"):
        check_plan_pdf(data, 5, "Plan 2567")
    with pytest.raises(SelftestError, match="ไม่ตรงกับชื่อแผน"):
        check_plan_pdf(data, 2, "Plan 2568")


@pytest.mark.gui
def test_selftest_from_source_passes_offscreen_and_leaves_nothing_behind(tmp_path):
    env = _clean_env(tmp_path)
    result = subprocess.run([sys.executable, "-m", "app", "--selftest"], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "QT_QPA_PLATFORM=offscreen" in out
    assert "✓ พิมพ์แผนตัวอย่างเป็น PDF" in out
    assert "อ่านข้อความภาษาไทยกลับได้ตรง" in out  # pypdf is a test extra, so the text is checked here
    assert out.rstrip().splitlines()[-1].startswith("ผ่านทุกขั้นตอน")
    # The temporary workspace is gone and the user's settings were not touched.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "xdg_config_home").exists() or not any((tmp_path / "xdg_config_home").rglob("*.conf"))


@pytest.mark.gui
def test_selftest_failure_exits_non_zero_with_a_thai_message(tmp_path):
    """A printer that writes a broken file must fail the self-test, naming the step."""
    script = textwrap.dedent("""
        import sys
        from app.services.printing import plan_pdf

        def broken(session, plan_id, out, options=None, on_page=None):
            out.write(b"%PDF-1.4 broken")
            return 3

        plan_pdf.write_plan_pdf = broken
        from app.cli import main
        sys.exit(main(["--selftest"]))
        """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=_clean_env(tmp_path), cwd=ROOT, timeout=180)
    assert result.returncode == 1
    assert "ทดสอบไม่ผ่าน — ขั้นตอน “ตรวจไฟล์ PDF”" in result.stderr
    assert "ไม่สมบูรณ์" in result.stderr
    assert "ผ่านทุกขั้นตอน" not in result.stdout
