"""`plandesk export round-reports`: the whole round (or one indicator) in one file, Arabic digits
unless asked, and clear Thai refusals that leave no file behind."""
from __future__ import annotations

import io

import pypdf

from app.services.demo import build_demo_all
from app.services.workspace import open_workspace
from tests.print_support import nfkc, squash
from tests.test_agreement_pdf import run_cli


def _demo_db(tmp_path):
    db = tmp_path / "demo.plandesk"
    ws = open_workspace(db)
    with ws.transaction() as s:
        build_demo_all(s)
    ws.close()
    return db


def _texts(path) -> list[str]:
    return [squash(nfkc(p.extract_text())) for p in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_round_reports_from_the_command_line(tmp_path):
    db = _demo_db(tmp_path)
    out = tmp_path / "รอบ6.pdf"
    result = run_cli("export", "round-reports", "--db", db, "--year", "2567", "--round", "รอบ ๖ เดือน",
                     "--unit", "สำนักงานเลขานุการกรม", "--out", out, "--bundled-font", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "รายงานผลตัวชี้วัด" in result.stdout and str(out) in result.stdout and "หน้า" in result.stdout
    pages = _texts(out)
    whole = "".join(pages)
    assert squash("รายงานผลตัวชี้วัดบทบาทภารกิจรายบุคคลด้านการปรับปรุงกระบวนการงาน") in pages[0]
    assert squash("5550.25") in whole and not any("๐" <= ch <= "๙" for ch in whole)

    thai = tmp_path / "thai.pdf"
    result = run_cli("export", "round-reports", "--db", db, "--year", "2567", "--round", "รอบ 6 เดือน",
                     "--unit", "สำนักงานเลขานุการกรม", "--thai-digits", "--out", thai, "--bundled-font",
                     home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert squash("๕๕๕๐.๒๕") in "".join(_texts(thai))


def test_refusals_say_what_is_wrong_and_write_nothing(tmp_path):
    db = _demo_db(tmp_path)
    out = tmp_path / "none.pdf"
    common = ("export", "round-reports", "--db", db, "--out", out, "--bundled-font")
    for args, message in (
            (("--year", "2567"), "ต้องระบุรอบด้วย --round"),
            (("--round", "รอบ 6 เดือน"), "ระบุปีงบประมาณ"),
            (("--year", "2567", "--round", "รอบ 9 เดือน", "--unit", "สำนักงานเลขานุการกรม"), "ไม่พบรอบ “รอบ 9 เดือน”"),
            (("--year", "2567", "--round", "รอบ 6 เดือน", "--unit", "สำนักงานเลขานุการกรม", "--indicator", "7"),
             "ไม่พบตัวชี้วัดเลขที่ “7”")):
        result = run_cli(*common, *args, home=tmp_path)
        assert result.returncode != 0, args
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert not out.exists()
