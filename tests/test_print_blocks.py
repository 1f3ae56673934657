"""Form building blocks (app/services/printing/blocks.py): what a reader copies out of the PDF,
what is drawn where (checkbox ticks, fields on their line, blocks that keep together), and a
rendered sample page in tests/_artifacts/blocks_page1.png to look at."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from app.services.printing.blocks import (BLANK_DATE, Checkbox, FormLine, Signer, checkbox_row, memo_heading,
                                          signature_block, signature_pair)
from app.services.printing.document import PORTRAIT_MARGINS, PrintOptions, build_pdf, frame_width, make_styles

ARTIFACTS = Path(__file__).resolve().parent / "_artifacts"
SUBJECT = "แจ้งคะแนนผลการปฏิบัติราชการ รอบ 5 เดือนแรก (คะแนนหลังการอุทธรณ์)"
DEPARTMENT = "กลุ่มพัฒนาระบบบริหาร ฝ่ายพัฒนาระบบราชการ โทร. 0 2560 4313"
REFERENCE = "สธ 0926.02/6 2555"
TO = "ผู้อำนวยการสำนักทุกสำนัก ผู้อำนวยการกองทุกกอง"
MEMO_DATE = dt.date(2024, 3, 26)
RECEIVER = Signer("นางสาวนฤมล สงวนวงศ์", "ผู้ช่วยปลัดกระทรวงเกษตรและสหกรณ์", dt.date(2022, 12, 26), "ผู้รับคำรับรอง")
MAKER = Signer("นางสาวอัจฉริยา จันทรวงศ์", "ผู้อำนวยการสำนักพัฒนาระบบบริหาร", None, "ผู้ทำคำรับรอง")
ROUNDS = [("รอบ 6 เดือน", True), ("รอบ 12 เดือน", False)]
STATUS = [("ดำเนินการแล้ว", True), ("ยังไม่ดำเนินการ", False),
          ("เป็นไปตามเป้าหมาย", False), ("ไม่เป็นไปตามเป้าหมาย", True)]


def norm(text: str) -> str:
    """As a reader compares copied text: NFKC (ำ is ํ + า once copied), whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def sample_story(styles) -> list:
    story = memo_heading(styles, DEPARTMENT, REFERENCE, MEMO_DATE, SUBJECT, TO)
    story += [
        Spacer(1, 8),
        styles.para("ตามที่กลุ่มพัฒนาระบบบริหาร ได้แจ้งคะแนนผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ "
                    "ประจำปีงบประมาณ พ.ศ. 2567 รอบ 5 เดือนแรก นั้น", firstLineIndent=styles["body"].fontSize * 5),
        Spacer(1, 8),
        checkbox_row(styles, ROUNDS),
        Spacer(1, 6),
        checkbox_row(styles, STATUS, per_row=2, style="cell"),
        signature_block(styles, "นายอวีชชัย บุญเกิด", "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร", MEMO_DATE),
        Spacer(1, 12),
        signature_pair(styles, RECEIVER, MAKER),
    ]
    return story


def build_sample(thai_digits: bool) -> bytes:
    styles = make_styles(PrintOptions(thai_digits=thai_digits))
    out = io.BytesIO()
    pages = build_pdf(out, sample_story(styles), styles, is_landscape=False, title="blocks")
    assert pages == 1
    return out.getvalue()


@pytest.fixture(scope="module")
def sample_pdfs() -> dict[bool, bytes]:
    return {thai: build_sample(thai) for thai in (True, False)}


def page_text(pdf: bytes, page: int = 0) -> str:
    return norm(pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text())


def to_thai(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


# ---- text a reader copies ----------------------------------------------------------------

@pytest.mark.parametrize("thai", [True, False])
def test_labels_and_values_copy_out_exactly(sample_pdfs, thai):
    text = page_text(sample_pdfs[thai])
    d = to_thai if thai else (lambda s: s)
    expected = ["บันทึกข้อความ", "ส่วนราชการ", norm(d(DEPARTMENT)), d(REFERENCE), "วันที่", "เรื่อง",
                norm(d(SUBJECT)), f"เรียน {norm(TO)}",
                d("26 มีนาคม 2567"),                          # the memo's date after its label
                d("รอบ 6 เดือน"), d("รอบ 12 เดือน"), norm("ไม่เป็นไปตามเป้าหมาย"),
                "ลงชื่อ", "(นายอวีชชัย บุญเกิด)", norm("ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร"),
                d("วันที่ 26 เดือน มีนาคม พ.ศ. 2567"),
                "(นางสาวนฤมล สงวนวงศ์)", norm(RECEIVER.position), norm(RECEIVER.role_label),
                d("วันที่ 26 เดือน ธันวาคม พ.ศ. 2565"),
                "(นางสาวอัจฉริยา จันทรวงศ์)", norm(MAKER.position), norm(MAKER.role_label),
                BLANK_DATE]
    for item in expected:
        assert norm(item) in text, item
    assert "ลงชื่อ ........................................" in text


@pytest.mark.parametrize("thai", [True, False])
def test_digits_follow_the_document(sample_pdfs, thai):
    text = page_text(sample_pdfs[thai])
    arabic, thai_found = re.findall(r"[0-9]", text), re.findall(r"[๐-๙]", text)
    if thai:
        assert arabic == [] and thai_found
    else:
        assert thai_found == [] and arabic


def test_signature_date_digits_can_be_forced():
    styles = make_styles(PrintOptions(thai_digits=False))
    out = io.BytesIO()
    story = [signature_block(styles, "นาย ก", "ผู้อำนวยการ", dt.date(2022, 12, 26), thai=True),
             signature_block(styles, "นาย ข", "ผู้อำนวยการ", dt.date(2022, 12, 16), thai=False)]
    build_pdf(out, story, styles, is_landscape=False, title="t")
    text = page_text(out.getvalue())
    assert "วันที่ ๒๖ เดือน ธันวาคม พ.ศ. ๒๕๖๕" in text
    assert "วันที่ 16 เดือน ธันวาคม พ.ศ. 2565" in text


def test_blank_name_and_position_leave_dots_to_fill():
    styles = make_styles(PrintOptions(thai_digits=True))
    out = io.BytesIO()
    build_pdf(out, [signature_block(styles, "", "", None, role_label="ผู้จัดทำข้อมูล")], styles,
              is_landscape=False, title="t")
    text = page_text(out.getvalue())
    assert re.search(r"\(\.{10,}\)", text)
    assert re.search(norm("ตำแหน่ง") + r" \.{10,}", text)
    assert BLANK_DATE in text and norm("ผู้จัดทำข้อมูล") in text


def cell(table, row: int, column: int):
    """A table cell's flowable (reportlab keeps cell flowables in tuples)."""
    value = table._cellvalues[row][column]
    return value[0] if isinstance(value, (list, tuple)) else value


# ---- drawing -----------------------------------------------------------------------------

def _operators(pdf: bytes, page: int = 0) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    stream = ContentStream(reader.pages[page].get_contents(), reader)
    return [op.decode() for _, op in stream.operations]


def _tick_count(ops: list[str]) -> int:
    """Stroked paths of one moveto and two linetos: the check mark (dotted rules are m l S)."""
    codes = "".join({"m": "m", "l": "l", "S": "S"}.get(op, " ") for op in ops)
    return len(re.findall(r"mllS", codes))


def _boxes_pdf(states: list[bool], size_pt: float = 16) -> tuple[bytes, list[tuple[float, float, float]]]:
    """Checkboxes drawn on a bare canvas at known places; returns the PDF and each box's
    (x, y, side) in points from the page's lower-left corner."""
    styles = make_styles(PrintOptions())
    style = styles["body"] if size_pt == 16 else styles["cell"]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    places = []
    for i, checked in enumerate(states):
        box = Checkbox(checked, style)
        box.wrap(100, 100)
        x, y = 100 + i * 100, 600
        box.drawOn(canvas, x, y)
        bx, by = box.box_origin()
        places.append((x + bx, y + by, box.side))
    canvas.showPage()
    canvas.save()
    return out.getvalue(), places


def test_checked_box_draws_a_tick_and_an_empty_one_does_not():
    checked, _ = _boxes_pdf([True])
    empty, _ = _boxes_pdf([False])
    checked_ops, empty_ops = _operators(checked), _operators(empty)
    assert checked_ops.count("re") == empty_ops.count("re") == 1
    assert _tick_count(checked_ops) == 1 and checked_ops.count("l") == 2
    assert _tick_count(empty_ops) == 0 and empty_ops.count("l") == 0


def test_sample_page_draws_one_box_per_option_and_ticks_the_checked(sample_pdfs):
    options = ROUNDS + STATUS
    for pdf in sample_pdfs.values():
        ops = _operators(pdf)
        assert ops.count("re") == len(options)
        assert _tick_count(ops) == sum(checked for _, checked in options)


def _read_pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval; whitespace-separated, no comments from poppler
        match = re.compile(rb"\s*(\S+)").match(data, pos)
        fields.append(match.group(1))
        pos = match.end()
    assert fields[0] == b"P5" and fields[3] == b"255"
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def test_rendered_tick_darkens_the_inside_of_the_box(tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf, places = _boxes_pdf([True, False])
    (tmp_path / "boxes.pdf").write_bytes(pdf)
    dpi = 300
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "boxes.pdf"), str(tmp_path / "boxes")], check=True, timeout=60)
    width, height, pixels = _read_pgm(tmp_path / "boxes.pgm")
    page_h = A4[1]

    def darkness(x: float, y: float, w: float, h: float) -> float:
        """Mean darkness 0..1 of a rectangle given in points from the lower-left corner."""
        x0, x1 = int(x * dpi / 72), int((x + w) * dpi / 72)
        y0, y1 = int((page_h - y - h) * dpi / 72), int((page_h - y) * dpi / 72)
        values = [pixels[row * width + col] for row in range(y0, y1) for col in range(x0, x1)]
        return 1 - sum(values) / (255 * len(values))

    (cx, cy, side), (ux, uy, _) = places
    inset = side * 0.15
    inside = lambda x, y: darkness(x + inset, y + inset, side - 2 * inset, side - 2 * inset)  # noqa: E731
    outline = lambda x, y: darkness(x - 1, y - 1, side + 2, side + 2)  # noqa: E731
    assert inside(cx, cy) > 0.12          # the tick
    assert inside(ux, uy) < 0.01          # white inside
    assert outline(ux, uy) > 0.08         # but the box itself is drawn
    assert darkness(ux + 40, uy, side, side) < 0.01  # and nothing beside it


def test_checkbox_sits_on_the_label_baseline():
    styles = make_styles(PrintOptions())
    row = checkbox_row(styles, ROUNDS)
    width, height = row.wrap(frame_width(False), 500)
    box, label = cell(row, 0, 0), cell(row, 0, 1)
    assert height == pytest.approx(styles["body"].leading, abs=0.5)  # one line
    _, bottom = box.box_origin()
    baseline_from_top = styles["body"].fontSize  # reportlab's first baseline
    assert box.height - bottom == pytest.approx(baseline_from_top, abs=styles["body"].fontSize * 0.05)
    assert label.height == pytest.approx(box.height, abs=0.5)
    assert width < frame_width(False) / 2


def test_checkbox_rows_wrap_into_aligned_columns():
    styles = make_styles(PrintOptions())
    grid = checkbox_row(styles, STATUS, per_row=2)
    assert len(grid._cellvalues) == 2 and len(grid._cellvalues[0]) == 4
    with pytest.raises(ValueError):
        checkbox_row(styles, [])


# ---- layout ------------------------------------------------------------------------------

def _text_positions(pdf: bytes) -> list[tuple[str, float, float]]:
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((norm(text), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def _y_of(positions, text: str) -> float:
    ys = [y for t, _, y in positions if t == norm(text)]
    assert ys, text
    return ys[0]


def test_memo_fields_in_order_and_reference_and_date_on_one_line(sample_pdfs):
    positions = _text_positions(sample_pdfs[True])
    ys = [_y_of(positions, label) for label in ("บันทึกข้อความ", "ส่วนราชการ", "ที่", "เรื่อง")]
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == 4
    assert _y_of(positions, "วันที่") == pytest.approx(_y_of(positions, "ที่"), abs=0.5)
    x_ref = [x for t, x, _ in positions if t == "ที่"][0]
    x_date = [x for t, x, _ in positions if t == "วันที่"][0]
    assert x_date - x_ref == pytest.approx(frame_width(False) / 2, abs=1)


def test_values_sit_on_dotted_lines_and_long_values_get_one_per_line():
    styles = make_styles(PrintOptions())
    label = lambda t: styles.para(t, "body_bold", fontSize=styles.family.size(20))  # noqa: E731
    short = FormLine([(label("เรื่อง"), styles.para("ขออนุมัติ"), 1)])
    long = FormLine([(label("เรื่อง"), styles.para("ขออุทธรณ์คะแนนผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ"
                                                   "ของหน่วยงานในสังกัดกรมอนามัย ประจำปีงบประมาณ พ.ศ. 2567 รอบ 5 "
                                                   "เดือนแรก (1 ตุลาคม 2566 - 24 กุมภาพันธ์ 2567)"), 1)])
    blank = FormLine([(label("ที่"), None, 1), (label("วันที่"), None, 1)])
    width = frame_width(False)
    _, short_h = short.wrap(width, 800)
    _, long_h = long.wrap(width, 800)
    blank.wrap(width, 800)
    assert len(short.dotted_lines()) == 1
    lines = long.dotted_lines()
    assert len(lines) >= 2 and long_h > short_h + styles["body"].leading * 0.9
    for x0, x1, y in lines:
        assert 0 < y < long_h and x1 == pytest.approx(width)  # inside the flowable, to the margin
        assert x0 > 0  # after the label
    (a0, a1, ay), (b0, b1, by) = blank.dotted_lines()
    assert ay == by and a1 < b0 < width / 2 + 30 and b1 == pytest.approx(width)


def test_signature_pair_puts_the_blocks_side_by_side(sample_pdfs):
    positions = _text_positions(sample_pdfs[True])
    left = [(x, y) for t, x, y in positions if t == "(นางสาวนฤมล สงวนวงศ์)"][0]
    right = [(x, y) for t, x, y in positions if t == "(นางสาวอัจฉริยา จันทรวงศ์)"][0]
    assert left[1] == pytest.approx(right[1], abs=0.5)
    assert right[0] - left[0] > frame_width(False) / 3


def test_signature_texts_are_centred_under_the_dots():
    styles = make_styles(PrintOptions(thai_digits=True))
    for role in (None, "ผู้จัดทำข้อมูล"):
        block = signature_block(styles, RECEIVER.name, RECEIVER.position, RECEIVER.date, role_label=role)
        block.wrap(frame_width(False), 800)
        left, centre, right = block._colWidths
        assert left == pytest.approx(right)  # symmetric, so a line across all three is centred on the dots
        spans = [c for c in block._bkgrndcmds + block._spanCmds if c[0] == "SPAN"]
        assert len(spans) == len(block._cellvalues) - 1  # every line under the dots spans the block
        assert all(cell(block, r, 0).style.alignment == 1 for r in range(1, len(block._cellvalues)))  # centred


def test_a_signature_block_moves_to_the_next_page_whole():
    styles = make_styles(PrintOptions())
    block = signature_block(styles, "นายอวีชชัย บุญเกิด", "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร", MEMO_DATE)
    _, block_h = block.wrap(frame_width(False), 800)
    _, _, top, bottom = PORTRAIT_MARGINS
    frame_h = A4[1] - top - bottom
    out = io.BytesIO()
    pages = build_pdf(out, [Spacer(1, frame_h - block_h / 2), block], styles, is_landscape=False, title="t")
    assert pages == 2
    second = page_text(out.getvalue(), 1)
    assert "ลงชื่อ" in second and "(นายอวีชชัย บุญเกิด)" in second
    assert "ลงชื่อ" not in page_text(out.getvalue(), 0)


# ---- the page to look at -----------------------------------------------------------------

def test_render_sample_page_for_review(sample_pdfs):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "blocks.pdf"
    pdf_path.write_bytes(sample_pdfs[True])
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
                    str(ARTIFACTS / "blocks_page1")], check=True, timeout=60)
    assert (ARTIFACTS / "blocks_page1.png").stat().st_size > 10_000
