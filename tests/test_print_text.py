"""The print engine's Thai: shaping with the right glyphs, text that copies back, breaks between words."""
import io
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.platypus import SimpleDocTemplate, Table

from app.services.printing.document import PrintOptions, make_styles
from app.services.printing.fonts import bundled_font_path, font_family, glyph_text
from app.services.printing.paragraph import ThaiParagraph
from app.services.printing.thai_words import segmenter
from tests.print_support import chunks, nfkc, squash, unfold_am

STACKED = ["ที่", "ปู่", "ป่า", "ปั้น", "กี่", "ญาติ", "ฐาน", "ผู้อำนวยการ", "ฟ้า", "น้ำ", "ตั้ง", "ฝั่ง"]
SENTENCES = [
    "การดำเนินการตามพระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. 2558",
    "ประชุมคณะอนุกรรมการพัฒนาระบบราชการกรมปศุสัตว์ เพื่อพิจารณาแนวทางการจัดทำคำรับรองฯ",
    "แจงให้หน่วยงานเจ้าภาพตัวชี้วัดให้รายงานผลการปฏิบัติราชการตามมาตรการปรับปรุงประสิทธิภาพ",
    "ผู้บริหารกรมปศุสัตว์/เจ้าภาพตัวชี้วัด/กพร. ส่งรายงานให้ สป.กษ. ทุกๆ ไตรมาส (ร่าง)หลักเกณฑ์",
]


@pytest.fixture(scope="module")
def family():
    return font_family(prefer_th_sarabun=False)


def style(family, size=16):
    return ParagraphStyle("t", fontName=family.regular, fontSize=family.size(size),
                          leading=family.size(size) * 1.3, shaping=1, splitLongWords=0)


def build(flowables) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(flowables)
    return out.getvalue()


def extracted(pdf: bytes) -> str:
    import pypdf
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def assert_copies_back(got: str, source: str) -> None:
    """Every extracted line is a stretch of the source as typed (no stray spaces or marks), and
    the lines together are the whole source (line breaks aside)."""
    for line in got.splitlines():
        assert nfkc(line.strip()) in nfkc(source), line
    assert squash(got) == squash(source)


def test_glyph_names_map_back_to_their_characters():
    assert glyph_text("uni0E48.small") == "\u0e48"
    assert glyph_text("uni0E4D0E49") == "\u0e49\u0e4d"   # as typed: tone, then ํ of ำ
    assert glyph_text("uni0E31.narrow") == "\u0e31"
    assert glyph_text(".notdef") is None


def test_stacked_marks_use_shaped_glyphs(family):
    """HarfBuzz picks the lowered/left-shifted mark glyphs; without shaping they would collide."""
    import uharfbuzz as hb

    blob = hb.Blob(bundled_font_path().read_bytes())
    font = hb.Font(hb.Face(blob))

    def glyphs(text):
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(font, buf, {})
        return [(font.glyph_to_string(i.codepoint), p.x_offset, p.y_offset)
                for i, p in zip(buf.glyph_infos, buf.glyph_positions)]

    # Tone mark on a tall consonant is a narrow (left-shifted) form; above an upper vowel, a small one.
    assert any(name == "uni0E48.narrow" for name, *_ in glyphs("ป่า"))
    assert any(name == "uni0E49.narrow" for name, *_ in glyphs("ฟ้า"))
    assert any(name == "uni0E48.small" for name, *_ in glyphs("ที่"))
    assert any(name.startswith("uni0E48") and name != "uni0E48" for name, *_ in glyphs("ปู่"))
    # ปั้น stacks the tone on ั and moves it: an offset or a variant.
    tone = [g for g in glyphs("ปั้น") if g[0].startswith("uni0E49")]
    assert tone and (tone[0][0] != "uni0E49" or tone[0][1] or tone[0][2])
    # And reportlab, shaping through our font, draws those glyphs (private-use codes stand for them).
    for word in ("ที่", "ปู่", "ป่า", "ปั้น", "กี่"):
        shaped = shapeStr(word, family.regular, 16)
        assert any(0xE000 <= ord(c) <= 0xF8FF for c in shaped), word


@pytest.mark.parametrize("thai", [False, True])
def test_text_copied_from_the_pdf_equals_the_source(family, thai):
    text = " ".join(STACKED + SENTENCES)
    if thai:
        text = text.replace("2558", "๒๕๕๘")
    pdf = build([ThaiParagraph(text, style(family))])
    got = extracted(pdf)
    assert_copies_back(got, text)
    for word in STACKED:
        assert "\ue000" not in got and nfkc(word) in nfkc(got)


def test_bold_and_centred_text_copies_back_too(family):
    bold = ParagraphStyle("b", parent=style(family), fontName=family.bold, alignment=1)
    text = "ผู้รับผิดชอบ ที่ใช้ ผู้เกี่ยวข้อง ปั้น ป่า ฟ้า"
    pdf = build([ThaiParagraph(text, bold)])
    assert_copies_back(extracted(pdf), text)


def test_protected_terms_and_punctuation_never_split():
    seg = segmenter()
    assert "กพร." in seg.pieces("ผู้บริหารกรมปศุสัตว์/เจ้าภาพตัวชี้วัด/กพร.")
    assert "สป.กษ." in seg.pieces("รายงานสป.กษ.")
    assert seg.pieces("ทุกๆ")[-1].endswith("ๆ")
    assert all(not piece.startswith(("ๆ", ")", ".")) for piece in seg.pieces("ทุกๆวัน(ร่าง)หลักเกณฑ์"))
    assert "(ร่าง)" in "".join(seg.pieces("(ร่าง)หลักเกณฑ์")) and seg.pieces("(ร่าง)หลักเกณฑ์")[0].startswith("(")
    seg.protect("กลุ่มพัฒนาระบบบริหาร")
    assert "กลุ่มพัฒนาระบบบริหาร" in seg.pieces("โดยกลุ่มพัฒนาระบบบริหารเป็นผู้รับผิดชอบ")


def line_texts(paragraph: ThaiParagraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    lines = []
    for line in paragraph.blPara.lines:
        words = line.words if hasattr(line, "words") else line[1]
        lines.append("".join(getattr(w, "text", w) for w in words))
    return lines


def assert_breaks_between_words(text: str, lines: list[str]) -> None:
    joined = "".join(line.strip() for line in lines)
    assert joined.replace(" ", "") == text.replace(" ", "")
    cuts = segmenter().boundaries(text)
    position = 0
    stripped_to_source = [i for i, ch in enumerate(text) if ch != " "]
    for line in lines[:-1]:
        position += len(line.replace(" ", ""))
        end = stripped_to_source[position - 1] + 1
        assert end in cuts, f"line ends inside a word: …{text[max(0, end - 8):end]}|{text[end:end + 8]}…"


@settings(max_examples=40, deadline=None)
@given(sentence=st.sampled_from(SENTENCES), width=st.integers(min_value=60, max_value=400))
def test_lines_end_only_between_words(family, sentence, width):
    """Whatever the column width, a line never ends inside a word (the original text is checked,
    the shaped lines are mapped back through their private-use codes)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    font = getFont(family.regular)
    paragraph = ThaiParagraph(sentence, style(family, 14))
    lines = ["".join(font.char_text(c) for c in line) for line in line_texts(paragraph, width)]
    widest_word = max(stringWidth(w, family.regular, family.size(14)) for t in sentence.split()
                      for p in segmenter().pieces(t) for w in segmenter().sub_pieces(p))
    if width < widest_word:
        return  # a single word wider than the column has to be cut; see the next test
    assert_breaks_between_words(sentence, [unfold_am(x) for x in lines])


def test_a_word_wider_than_the_column_is_cut_at_clusters_not_inside_marks(family):
    paragraph = ThaiParagraph("ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร", style(family, 16))
    lines = line_texts(paragraph, 25)
    assert len(lines) > 2
    for line in lines:  # no line starts with a combining mark
        assert unicodedata.category(line.strip()[0]) != "Mn"


def test_a_cell_split_across_pages_keeps_its_text(family):
    """A table row taller than the page splits between lines; the text stays whole and in order
    (reportlab's long-word splitting would corrupt shaped text on this second wrap)."""
    long = " ".join(SENTENCES * 12)
    table = Table([[ThaiParagraph(long, style(family, 16))]], colWidths=[200], splitInRow=1)
    pdf = build([table])
    import pypdf
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 2
    text = "".join(c.text for c in chunks(pdf))
    assert squash(text) == squash(long)


def test_styles_scale_sarabun_to_th_sarabun_points():
    styles = make_styles(PrintOptions(prefer_th_sarabun=False), body_pt=16)
    assert styles["body"].fontSize == pytest.approx(11.0)
    assert styles.family.label.startswith("Sarabun")


def test_installed_th_sarabun_is_preferred(tmp_path):
    """With TH Sarabun New in a font folder it is used at its own size; the setting can refuse it."""
    import shutil

    for name in ("THSarabunNew.ttf", "THSarabunNew Bold.ttf"):
        shutil.copy(bundled_font_path("bold" if "Bold" in name else "regular"), tmp_path / name)
    chosen = font_family(True, (str(tmp_path),))
    assert chosen.scale == 1.0 and chosen.label.startswith("TH Sarabun")
    assert font_family(False, (str(tmp_path),)).scale == pytest.approx(11 / 16)
