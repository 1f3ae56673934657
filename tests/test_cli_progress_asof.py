"""`plandesk export progress --as-of`: the "ประจำเดือน…" part of the round line, typed as 2024-03 or 03/2567."""
import datetime as dt
import gc
import io
import shutil

import pypdf
import pytest

from app.cli import _parser, main
from app.services.errors import ValidationError
from app.services.month_text import parse_month
from tests.print_support import nfkc, squash, unfold_am


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return squash(unfold_am(nfkc("\n".join(page.extract_text() for page in reader.pages))))


@pytest.mark.parametrize("typed", ["2024-03", "2024-3", "03/2567", "3/2567", "๐๓/๒๕๖๗", " 03 / 2567 ", "2567-03"])
def test_both_ways_of_writing_march_2567(typed):
    assert parse_month(typed) == dt.date(2024, 3, 1)


@pytest.mark.parametrize("typed, said", [("มีนาคม", "อ่านไม่ได้"), ("2024-13", "เดือนต้องเป็น 1 ถึง 12"),
                                         ("00/2567", "เดือนต้องเป็น 1 ถึง 12"), ("", "อ่านไม่ได้"),
                                         ("2024-03-05", "อ่านไม่ได้"), ("03/1200", "นอกช่วง")])
def test_anything_else_is_refused_in_thai(typed, said):
    with pytest.raises(ValidationError) as err:
        parse_month(typed, "เดือนของ --as-of")
    assert said in err.value.message and "เดือนของ --as-of" in err.value.message


def test_help_documents_the_option():
    text = _parser()._subparsers._group_actions[0].choices["export"].format_help()
    assert "--as-of" in text and "03/2567" in text and "2024-03" in text


@pytest.fixture
def full_demo_file(tmp_path, sqlite_full_demo_template):
    path = tmp_path / "demo.plandesk"
    shutil.copyfile(sqlite_full_demo_template, path)
    yield path
    gc.enable()   # the export command turns the collector off for its one-shot process; this one goes on


def test_export_progress_with_as_of(tmp_path, full_demo_file, capsys):
    out = tmp_path / "p.pdf"
    code = main(["export", "progress", "--db", str(full_demo_file), "--year", "2567", "--round",
                 "รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567)", "--as-of", "04/2567", "--bundled-font",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert squash("รอบ 5 เดือนหลัง (มีนาคม - กรกฎาคม 2567) ประจำเดือนเมษายน 2567") in text_of(out.read_bytes())

    iso = tmp_path / "iso.pdf"
    assert main(["export", "progress", "--db", str(full_demo_file), "--year", "2567", "--as-of", "2024-05",
                 "--bundled-font", "--out", str(iso)]) == 0
    assert squash("ประจำเดือนพฤษภาคม 2567") in text_of(iso.read_bytes())

    bad = tmp_path / "bad.pdf"
    capsys.readouterr()
    code = main(["export", "progress", "--db", str(full_demo_file), "--year", "2567", "--as-of", "เมษา",
                 "--out", str(bad)])
    err = capsys.readouterr().err
    assert code == 1 and "--as-of" in err and "03/2567" in err
    assert not bad.exists()
