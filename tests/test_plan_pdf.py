"""The annual plan PDF of the demo workspace, read back the way a person would check it."""
import io
import json
import re
import shutil
import subprocess
import sys

import pypdf
import pytest

from app.services.printing.document import LANDSCAPE_MARGINS, PrintOptions
from app.services.printing.plan_pdf import plan_layout, write_plan_pdf
from app.services.printing.thai_words import segmenter
from tests.print_support import chunks, column_lines, nfkc, squash, unfold_am

ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parent / "_artifacts"
BUNDLED = PrintOptions(prefer_th_sarabun=False)


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    """The demo plan printed once for the module: (pdf bytes, layout)."""
    from app.services.demo import build_demo
    from app.services.workspace import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("print") / "demo.plandesk")
    with ws.transaction() as session:
        plan_id = build_demo(session)
    with ws.session() as session:
        out = io.BytesIO()
        pages = write_plan_pdf(session, plan_id, out, BUNDLED)
        layout = plan_layout(session, plan_id, BUNDLED)
    ws.close()
    return out.getvalue(), layout, pages


def edges(layout) -> list[float]:
    x = LANDSCAPE_MARGINS[0]
    widths = layout.widths
    columns = ([widths["title"]] + [widths["month"]] * len(layout.months)
               + [widths[f] for f in ("deliverable", "budget", "responsible", "related", "remark")])
    result = [x]
    for w in columns:
        x += w
        result.append(x)
    return result


def field_columns(layout) -> dict[str, int]:
    n = len(layout.months)
    return {"title": 0, "deliverable": n + 1, "responsible": n + 3, "related": n + 4}


def test_every_activity_deliverable_and_party_is_in_the_pdf_exactly(demo_pdf):
    pdf, layout, _ = demo_pdf
    per_column = column_lines(chunks(pdf), edges(layout))
    for field, column in field_columns(layout).items():
        column_text = squash("".join(per_column[column]))
        for row in layout.rows:
            text = layout.cell_text(row, field)
            if text:
                assert squash(text) in column_text, f"{field} of {layout.numbers[row.id]} missing: {text}"
    # Each extracted line is a stretch of some cell as typed: no stray spaces or broken marks.
    all_text = {field: [nfkc(layout.cell_text(r, field)) for r in layout.rows] for field in field_columns(layout)}
    for field, column in field_columns(layout).items():
        for line in per_column[column]:
            if line in ("กิจกรรม/ขั้นตอน", "ผลลัพธ์ของงาน", "ผู้รับผิดชอบ", "ผู้เกี่ยวข้อง"):
                continue
            assert any(nfkc(line) in cell for cell in all_text[field]), f"{field}: {line!r}"


def test_no_line_of_any_cell_ends_inside_a_word(demo_pdf):
    pdf, layout, _ = demo_pdf
    per_column = column_lines(chunks(pdf), edges(layout))
    seg = segmenter()
    checked = 0
    for field, column in field_columns(layout).items():
        lines = [unfold_am(line) for line in per_column[column]]
        lines = [line for line in lines if line not in ("กิจกรรม/ขั้นตอน", "ผลลัพธ์ของงาน", "ผู้รับผิดชอบ",
                                                         "ผู้เกี่ยวข้อง")]
        cursor = 0
        for row in layout.rows:
            text = layout.cell_text(row, field)
            if not text:
                continue
            target = text.replace(" ", "")
            source_index = [i for i, ch in enumerate(text) if ch != " "]
            cuts = seg.boundaries(text)
            taken = ""
            while len(taken) < len(target):
                line = lines[cursor].replace(" ", "")
                cursor += 1
                assert target.startswith(taken + line), f"{field}: lines out of step at {text!r}"
                taken += line
                if len(taken) < len(target):
                    end = source_index[len(taken) - 1] + 1
                    assert end in cuts, f"{field} {layout.numbers[row.id]}: …{text[max(0, end - 10):end]}|{text[end:end + 10]}…"
                    checked += 1
    assert checked > 100  # the demo wraps a lot; make sure the check really ran


def test_header_repeats_and_pages_are_numbered(demo_pdf):
    pdf, layout, pages = demo_pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages > 1
    for number, page in enumerate(reader.pages, start=1):
        text = nfkc(page.extract_text())
        for header in ("กิจกรรม/ขั้นตอน", "ปี พ.ศ.", "2566", "2567", "ผลลัพธ์ของงาน", "ผู้รับผิดชอบ", "ก.ย.", "ต.ค."):
            assert nfkc(header) in text, (number, header)
        assert f"หน้า {number}/{pages}" in text
        assert page.mediabox.width > page.mediabox.height  # landscape
    first = nfkc(reader.pages[0].extract_text())
    assert nfkc("แผนการดำเนินการประจำปีงบประมาณ พ.ศ. 2567 ของกลุ่มพัฒนาระบบบริหาร") in first
    last = nfkc(reader.pages[-1].extract_text())
    assert "รวมทั้งสิ้น" in last and "62,960.00" in last


def test_arrows_sit_in_the_marked_months(demo_pdf):
    """3.1.6) is marked ธ.ค., มี.ค., มิ.ย., ก.ย.: its row has four arrow heads in those columns."""
    _, layout, _ = demo_pdf
    from app.services.printing.document import make_styles
    from app.services.printing.plan_pdf import MonthArrow, _body_rows

    rows = _body_rows(layout, make_styles(BUNDLED, body_pt=14), BUNDLED)
    index = next(i for i, r in enumerate(layout.rows) if layout.numbers[r.id] == "3.1.6)")
    cells = rows[index].cells[1:1 + len(layout.months)]
    heads = [layout.months[i].strftime("%Y-%m") for i, c in enumerate(cells) if isinstance(c, MonthArrow) and c.head]
    assert heads == ["2023-12", "2024-03", "2024-06", "2024-09"]
    # A run of consecutive months is one arrow: only its last month has a head.
    demo = next(i for i, r in enumerate(layout.rows) if layout.numbers[r.id] == "1.1.1)")
    assert sum(isinstance(c, MonthArrow) for c in rows[demo].cells) == 1


def test_thai_digits_and_heading_subtotals(tmp_path, demo_pdf):
    from app.services.demo import build_demo
    from app.services.workspace import open_workspace

    ws = open_workspace(tmp_path / "d.plandesk")
    with ws.transaction() as session:
        plan_id = build_demo(session)
    out = io.BytesIO()
    with ws.session() as session:
        write_plan_pdf(session, plan_id, out, PrintOptions(prefer_th_sarabun=False, thai_digits=True,
                                                           heading_subtotals=True))
    ws.close()
    text = nfkc("".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.getvalue())).pages))
    assert "๖๒,๙๖๐.๐๐" in text and "62,960.00" not in text
    assert "๓,๑๕๐.๐๐" in text          # heading 1)'s subtotal
    assert "๑.๑.๑)" in text and "หน้า ๑/" in text
    assert not any(ch.isascii() and ch.isdigit() for ch in text)


def test_a_rendered_page_for_a_person_to_look_at(demo_pdf):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf, _, _ = demo_pdf
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / "plan_demo.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(source), str(ARTIFACTS / "plan_page")],
                   check=True)
    produced = sorted(ARTIFACTS.glob("plan_page*.png"))
    assert produced and produced[0].stat().st_size > 20_000


def test_export_from_the_command_line(tmp_path):
    db = tmp_path / "demo.plandesk"
    run = lambda *args: subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,  # noqa: E731
                                       timeout=120, env={**__import__("os").environ, "HOME": str(tmp_path)})
    assert run("demo", "--db", str(db)).returncode == 0
    out = tmp_path / "plan.pdf"
    several = run("export", "plan", "--db", str(db), "--year", "2567", "--out", str(out))
    assert several.returncode != 0 and "มีหลายแผน" in several.stderr and "--plan" in several.stderr
    assert not out.exists()
    plan_id = next(p["id"] for p in json.loads(run("info", "--db", str(db), "--json").stdout)["plans"]
                   if p["activities"] == 57)  # seed 000's; the demo also holds seed 003's plan of 2567
    result = run("export", "plan", "--db", str(db), "--year", "2567", "--plan", str(plan_id), "--out", str(out),
                 "--thai-digits", "--bundled-font")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "๖๒,๙๖๐.๐๐" in nfkc(pypdf.PdfReader(str(out)).pages[-1].extract_text())
    missing = run("export", "plan", "--db", str(db), "--year", "2599", "--out", str(tmp_path / "x.pdf"))
    assert missing.returncode != 0 and "ไม่พบแผนปีงบประมาณ พ.ศ. 2599" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()
    wrong = run("export", "plan", "--db", str(db), "--year", "2567", "--out", str(tmp_path / "x.docx"))
    assert wrong.returncode != 0 and ".pdf" in wrong.stderr


def test_a_row_taller_than_a_page_splits_between_lines_and_loses_nothing(tmp_path):
    from app.models import ItemKind
    from app.services import items, plans
    from app.services.workspace import open_workspace

    long = " ".join(["ประชุมคณะอนุกรรมการพัฒนาระบบราชการเพื่อพิจารณาแนวทางการจัดทำคำรับรองการปฏิบัติราชการ"
                     f"ครั้งที่ {i}" for i in range(1, 42)])
    ws = open_workspace(tmp_path / "tall.plandesk")
    with ws.transaction() as session:
        plan_id = plans.create_plan(session, plans.get_or_create_unit(session, "กลุ่มทดสอบ"), 2567, "แผนทดสอบ")
        head = items.insert_item(session, plan_id, None, 0, ItemKind.HEADING, title="หัวข้อ")
        items.insert_item(session, plan_id, head.id, 0, ItemKind.ACTIVITY, title="กิจกรรมยาว", deliverable=long,
                          remark=long)
        items.insert_item(session, plan_id, head.id, 1, ItemKind.ACTIVITY, title="กิจกรรมถัดไป", budget="500")
    out = io.BytesIO()
    with ws.session() as session:
        pages = write_plan_pdf(session, plan_id, out, BUNDLED)
        layout = plan_layout(session, plan_id, BUNDLED)
    ws.close()
    assert pages >= 2
    per_column = column_lines(chunks(out.getvalue()), edges(layout))
    n = len(layout.months)
    for column in (n + 1, n + 5):  # deliverable and remark, split over the pages
        lines = [line for line in per_column[column]
                 if not re.fullmatch(r"หน้า \d+/\d+|ผลลัพธ์ของงาน|หมายเหตุ|แผนทดสอบ", line)]
        assert squash(long) in squash("".join(lines))
    assert squash("1.2)กิจกรรมถัดไป") in squash("".join(per_column[0]))
    assert "500.00" in "".join(per_column[n + 2])


def test_find_plan_by_unit_name_or_abbreviation(tmp_path):
    from app.services.demo import build_demo
    from app.services.errors import ValidationError
    from app.services.printing.plan_pdf import find_plan
    from app.services.workspace import open_workspace

    ws = open_workspace(tmp_path / "d.plandesk")
    with ws.transaction() as session:
        plan_id = build_demo(session)
    with ws.session() as session:
        assert find_plan(session, 2567, "กพร.") == plan_id
        assert find_plan(session, 2567, "กลุ่มพัฒนาระบบบริหาร") == plan_id
        with pytest.raises(ValidationError, match="ไม่พบแผนปีงบประมาณ พ.ศ. 2567 ของ สทส."):
            find_plan(session, 2567, "สทส.")
    ws.close()
