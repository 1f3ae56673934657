"""`plandesk --selftest`: does this copy of PlanDesk work on this PC?

Run after installing (and by the installer smoke test on the PyInstaller bundle): it builds the
demo workspace in a temporary folder (so the Alembic migrations must be readable from disk),
shows the main window (Qt and its platform plugin), prints the demo plan with the bundled
Sarabun (fonts, HarfBuzz, pythainlp's word list) and checks the PDF. Nothing outside the
temporary folder is changed: Qt settings go there too, so the user's last workspace stays.

Exit code 0 when every step passes; otherwise 1 with a Thai message naming the failed step.
"""
from __future__ import annotations

import io
import os
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SHOW_SECONDS = 0.5


class SelftestError(Exception):
    """A check failed; the message is Thai and says what was found."""


@dataclass
class PdfFacts:
    pages: int
    text_checked: bool  # False when pypdf is not installed (the bundle leaves it out)


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def choose_platform() -> str | None:
    """Offscreen when there is no screen to show the window on (a server, CI); returns the choice."""
    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return os.environ.get("QT_QPA_PLATFORM")


_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b(.*?)\bendobj", re.S)
_TYPE_PAGES = re.compile(rb"/Type\s*/Pages\b")
_TYPE_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_COUNT = re.compile(rb"/Count\s+(\d+)")


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF read from its own structure (no PDF library needed): the /Count of the root
    page tree, which must agree with the number of page objects. Raises SelftestError."""
    if not data.startswith(b"%PDF-"):
        raise SelftestError(f"ไฟล์ที่ได้ไม่ใช่ PDF (ขึ้นต้นด้วย {data[:8]!r})")
    if b"%%EOF" not in data[-1024:]:
        raise SelftestError("ไฟล์ PDF ไม่สมบูรณ์ (ไม่พบ %%EOF ท้ายไฟล์)")
    roots, leaves = [], 0
    for match in _OBJECT.finditer(data):
        body = match.group(1)
        if _TYPE_PAGES.search(body):
            if b"/Parent" not in body:
                count = _COUNT.search(body)
                if count:
                    roots.append(int(count.group(1)))
        elif _TYPE_PAGE.search(body):
            leaves += 1
    if len(roots) != 1:
        raise SelftestError(f"โครงสร้างหน้าของ PDF ไม่ถูกต้อง (พบรากของหน้า {len(roots)} ชุด)")
    if roots[0] != leaves:
        raise SelftestError(f"จำนวนหน้าใน PDF ไม่ตรงกัน (/Count {roots[0]} แต่มีหน้า {leaves} หน้า)")
    return roots[0]


def _squeeze(text: str) -> str:
    # Extractors give ำ as its NFKC form ํ + า; compare both sides in that form.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def check_plan_pdf(data: bytes, reported_pages: int, title: str) -> PdfFacts:
    """The demo plan's PDF: a whole PDF, with the pages the printer reported, and (when pypdf is
    there) the plan's Thai title extractable from page 1 exactly as typed."""
    pages = pdf_page_count(data)
    if pages <= 0:
        raise SelftestError("PDF ไม่มีหน้าใดเลย")
    if pages != reported_pages:
        raise SelftestError(f"PDF มี {pages} หน้า แต่การพิมพ์รายงานว่า {reported_pages} หน้า")
    try:
        from pypdf import PdfReader
    except ImportError:
        return PdfFacts(pages, text_checked=False)
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text() or ""
    if _squeeze(title) not in _squeeze(first):
        raise SelftestError(f"ข้อความภาษาไทยในหน้าแรกของ PDF ไม่ตรงกับชื่อแผน “{title}” "
                            f"(อ่านได้: “{first[:80]}”)")
    return PdfFacts(pages, text_checked=True)


def _isolate_settings(folder: Path) -> None:
    """Qt settings of this run live in the temporary folder (MainWindow remembers the last
    workspace; a self-test must not replace the user's)."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))


def _show_window(ws, seconds: float) -> str:
    from PySide6.QtCore import QEventLoop, QTimer

    from app.ui.application import create_app
    from app.ui.main_window import MainWindow

    app = create_app()
    window = MainWindow(ws)
    try:
        window.show()
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        if not window.isVisible():
            raise SelftestError("หน้าต่างหลักไม่แสดง")
        if window.grab().isNull():
            raise SelftestError("วาดหน้าต่างหลักไม่ได้")
        if app.windowIcon().isNull():
            raise SelftestError("ไม่พบไอคอนของโปรแกรม (resources/icons/plandesk.png)")
        editor = window.current_editor()
        if editor is None or editor.model.rowCount() == 0:
            raise SelftestError("หน้าต่างหลักไม่ได้เปิดแผนตัวอย่าง")
        rows = editor.model.rowCount()
    finally:
        # MainWindow.closeEvent closes the workspace; keep it open for the PDF step.
        window.hide()
        window.deleteLater()
        app.processEvents()
    return f"{app.platformName()}, แผนตัวอย่าง {rows} แถว"


def _print_plan(ws, plan_id: int) -> tuple[bytes, int, str]:
    from app.services.demo import demo_data
    from app.services.printing.document import PrintOptions
    from app.services.printing.plan_pdf import write_plan_pdf

    buffer = io.BytesIO()
    with ws.session() as session:
        # The bundled Sarabun, not an installed TH Sarabun: the point is to test what was installed.
        pages = write_plan_pdf(session, plan_id, buffer, PrintOptions(prefer_th_sarabun=False))
    return buffer.getvalue(), pages, demo_data()["title"]


def run_selftest(show_seconds: float = SHOW_SECONDS, out=None, err=None) -> int:
    """Every step in order; prints one Thai line per step. Returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (out, err):
        # A Windows console on a non-Thai code page must not turn the report itself into a failure.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from app import __version__

    print(f"PlanDesk {__version__} — ทดสอบการทำงานของโปรแกรม", file=out)
    platform = choose_platform()
    step = "เตรียมโฟลเดอร์ชั่วคราว"
    started = time.perf_counter()
    ws = None
    try:
        with tempfile.TemporaryDirectory(prefix="plandesk-selftest-", ignore_cleanup_errors=True) as tmp:
            folder = Path(tmp)
            step = "สร้างพื้นที่ทำงานตัวอย่าง"
            from app.services.demo import build_demo_all
            from app.services.workspace import open_workspace

            ws = open_workspace(folder / "selftest.plandesk")
            with ws.transaction() as session:
                plan_id = build_demo_all(session)
            if plan_id is None:
                raise SelftestError("ไม่ได้สร้างแผนตัวอย่าง")
            print(f"  ✓ {step} ({folder / 'selftest.plandesk'})", file=out)

            step = "เปิดหน้าต่างหลัก"
            _isolate_settings(folder)
            shown = _show_window(ws, show_seconds)
            print(f"  ✓ {step} ({shown}; QT_QPA_PLATFORM={platform or 'ค่าเริ่มต้น'})", file=out)

            step = "พิมพ์แผนตัวอย่างเป็น PDF"
            data, pages, title = _print_plan(ws, plan_id)
            print(f"  ✓ {step} ({pages} หน้า, {len(data):,} ไบต์)", file=out)

            step = "ตรวจไฟล์ PDF"
            facts = check_plan_pdf(data, pages, title)
            note = "อ่านข้อความภาษาไทยกลับได้ตรง" if facts.text_checked else "ไม่ได้ตรวจข้อความ (ไม่มี pypdf)"
            print(f"  ✓ {step} ({facts.pages} หน้า; {note})", file=out)
            ws.close()
            ws = None
    except Exception as exc:  # every failure ends as a message, never a traceback dialog
        if ws is not None:
            ws.close()
        from app.services.errors import PlanDeskError

        if isinstance(exc, PlanDeskError):
            detail = exc.message
        elif isinstance(exc, SelftestError):
            detail = str(exc)
        else:  # unexpected: the exception's type tells a supporter most (a missing module, file)
            detail = f"{type(exc).__name__}: {exc}"
        print(f"plandesk: ทดสอบไม่ผ่าน — ขั้นตอน “{step}”: {detail}", file=err)
        return 1
    print(f"ผ่านทุกขั้นตอน ({time.perf_counter() - started:.1f} วินาที)", file=out)
    return 0
