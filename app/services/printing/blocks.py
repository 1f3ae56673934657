"""Building blocks of Thai official forms: checkboxes, signature blocks, the memo heading.

Later forms (the performance agreement, round reports, memos) assemble these. All text goes
through `Styles.para` (a ThaiParagraph, digits as the document wants them); sizes are TH Sarabun
points through the family's `.size()`.

- Checkboxes are vector drawings: the bundled Sarabun has no ☐/☑ glyphs. A `Checkbox` is as tall
  as one line of its style and sits on that line's baseline, so in a top-aligned table cell it
  lines up with a one-line paragraph of the same style next to it.
- A signature block is "ลงชื่อ ....." to sign on, "(name)", the position and the date, all centred
  under the dots; two go side by side with `signature_pair` (receiver and maker of an agreement).
- The memo heading (บันทึกข้อความ, ระเบียบงานสารบรรณ) is the title and the fields ส่วนราชการ,
  ที่ / วันที่, เรื่อง with bold 20 pt labels and the value written on a dotted line, as on the printed
  form, then เรียน.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from app.services.printing.document import LINE_SPACING, Styles, escape, frame_width
from app.services.printing.paragraph import ThaiParagraph
from app.services.thai_format import date_formal, date_long

# ---- shared measures ---------------------------------------------------------------------


def first_baseline(style: ParagraphStyle) -> float:
    """Distance from the top of a paragraph of `style` to its first baseline (reportlab's rule)."""
    if rl_config.paraFontSizeHeightOffset:
        return style.fontSize
    return getFont(style.fontName).face.ascent / 1000 * style.fontSize


def cap_height(style: ParagraphStyle) -> float:
    """Height of capital letters in the style's font, points (Thai consonants are a bit lower)."""
    face = getFont(style.fontName).face
    return (getattr(face, "capHeight", 0) or 700) / 1000 * style.fontSize


def natural_width(paragraph: ThaiParagraph) -> float:
    """Width of the paragraph's longest line when it may be as wide as it likes (shaped text)."""
    paragraph.wrap(100_000, 100_000)
    widths = paragraph.getActualLineWidths0()
    return max(widths) if widths else 0.0


def _line_count(paragraph: ThaiParagraph) -> int:
    lines = getattr(getattr(paragraph, "blPara", None), "lines", None)
    return max(1, len(lines or ()))


def _date_text(date: dt.date | str | None, formal: bool) -> str | None:
    """Date as Arabic-digit text; styles.para turns the digits Thai when the document wants."""
    if date is None or isinstance(date, str):
        return date
    return date_formal(date, thai=False) if formal else date_long(date, thai=False)


class _Unbreakable(Table):
    """A table that moves to the next page whole instead of splitting between its rows."""

    def split(self, availWidth, availHeight):
        return []


# ---- checkboxes --------------------------------------------------------------------------

TICK = ((0.18, 0.52), (0.42, 0.22), (0.86, 0.86))  # a check mark, in fractions of the box side


class Checkbox(Flowable):
    """☐ / ☑ drawn as vectors, sized to the cap height of `style`'s font.

    It wraps to one line of `style` (width = the box, height = the leading) with the box's
    bottom on that line's baseline, a hair below like a glyph: put it in a top-aligned cell
    beside a paragraph of the same style and the two line up.
    """

    def __init__(self, checked: bool, style: ParagraphStyle, *, line_width: float | None = None):
        super().__init__()
        self.checked = checked
        self.style = style
        self.side = cap_height(style)
        self.line_width = line_width if line_width is not None else max(0.5, style.fontSize * 0.06)
        self.sink = style.fontSize * 0.03  # below the baseline, as ☐ sits in Thai fonts

    def wrap(self, availWidth, availHeight):
        self.width = self.side + self.line_width
        self.height = max(self.style.leading, first_baseline(self.style) + self.sink + self.line_width)
        return self.width, self.height

    def box_origin(self) -> tuple[float, float]:
        """Lower-left corner of the box inside the flowable."""
        return self.line_width / 2, self.height - first_baseline(self.style) - self.sink

    def draw(self):
        canvas = self.canv
        x, y = self.box_origin()
        side = self.side
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(self.line_width)
        canvas.setLineJoin(0)
        canvas.rect(x, y, side, side, stroke=1, fill=0)
        if self.checked:
            canvas.setLineWidth(self.line_width * 1.7)
            canvas.setLineJoin(1)
            canvas.setLineCap(1)
            path = canvas.beginPath()
            (x0, y0), *rest = TICK
            path.moveTo(x + x0 * side, y + y0 * side)
            for fx, fy in rest:
                path.lineTo(x + fx * side, y + fy * side)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()


def checkbox_row(styles: Styles, options: list[tuple[str, bool]], *, style: str = "body",
                 per_row: int | None = None, gap: float | None = None, h_align: str = "LEFT") -> Table:
    """Labelled options "☑ รอบ 6 เดือน   ☐ รอบ 12 เดือน" as a borderless table.

    `options` are (label, checked); `per_row` puts that many options on a line and starts another
    (columns line up); `gap` is the space between options (default: two TH Sarabun ems of 16 pt
    text scaled to the style).
    """
    if not options:
        raise ValueError("checkbox_row needs at least one option")
    base = styles[style]
    per_row = per_row or len(options)
    gap = gap if gap is not None else base.fontSize * 1.6
    box_gap = base.fontSize * 0.35
    cells = [(Checkbox(checked, base), styles.para(label, style)) for label, checked in options]
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    label_widths = [0.0] * per_row
    for row in rows:
        for column, (_, label) in enumerate(row):
            label_widths[column] = max(label_widths[column], natural_width(label) + 1.0)
    box_width = cells[0][0].wrap(0, 0)[0]
    col_widths: list[float] = []
    for column in range(per_row):
        col_widths += [box_width + box_gap, label_widths[column] + (gap if column < per_row - 1 else 0)]
    data = []
    for row in rows:
        line: list = []
        for box, label in row:
            line += [box, label]
        data.append(line + [""] * (2 * per_row - len(line)))
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    return _Unbreakable(data, colWidths=col_widths, style=TableStyle(commands), hAlign=h_align)


# ---- signature blocks --------------------------------------------------------------------

SIGN_DOTS = 40        # "ลงชื่อ ........................................" at its narrowest
BLANK_DATE = "วันที่ ........ เดือน .................... พ.ศ. ............"
BLANK_NAME_DOTS = 34
SIGN_SPACE = 1.6      # room above the dots for the handwritten signature, in lines


@dataclass(frozen=True)
class Signer:
    """Who signs and when: the arguments of `signature_block`, for `signature_pair`."""

    name: str
    position: str
    date: dt.date | str | None = None
    role_label: str | None = None


def _dots(styles: Styles, style: str, width: float) -> str:
    dot = stringWidth(".", styles[style].fontName, styles[style].fontSize)
    return "." * max(3, int(width / dot))


def signature_block(styles: Styles, name: str, position: str, date: dt.date | str | None = None,
                    thai: bool | None = None, role_label: str | None = None, *, width: float | None = None,
                    dots_width: float | None = None, style: str = "body", h_align: str = "RIGHT") -> Table:
    """"ลงชื่อ ....", "(name)", position and date, centred under the dots.

    - `date`: a date prints formally ("วันที่ ๒๖ เดือน ธันวาคม พ.ศ. ๒๕๖๕"), a string as given, None
      leaves "วันที่ ........ เดือน .......... พ.ศ. ......" to fill by hand.
    - `thai`: the date's digits; None (the default) follows the document (PrintOptions.thai_digits),
      True forces Thai digits, False Arabic.
    - An empty `name` prints "(.......)" and an empty `position` "ตำแหน่ง ......." to fill in.
    - `role_label` ("ผู้รับคำรับรอง", "ผู้จัดทำข้อมูล") follows the dots when it fits in `width`,
      else it gets its own centred line under the position.
    - `width` caps the block (default: the portrait frame's width less a quarter); long positions
      wrap between words. `dots_width`: the dots at least this wide (blocks side by side match).
      `h_align` places the block in the frame (memos sign on the right).
    """
    base = styles[style]
    width = width if width is not None else frame_width(False) * 0.75
    label = styles.para("ลงชื่อ", style, alignment=TA_RIGHT)
    label_w = natural_width(label) + base.fontSize * 0.3
    min_dots_w = max(stringWidth("." * SIGN_DOTS, base.fontName, base.fontSize), dots_width or 0.0)

    def centred(text: str) -> ThaiParagraph:
        return styles.para(text, style, alignment=TA_CENTER)

    name_text = f"({name})" if name else "(" + "." * BLANK_NAME_DOTS + ")"
    lines = [centred(name_text), centred(position or "ตำแหน่ง " + "." * (SIGN_DOTS - 6))]
    if isinstance(date, dt.date) and thai is not None:  # digits forced either way: no conversion
        date_para = ThaiParagraph(escape(date_formal(date, thai=thai)),
                                  ParagraphStyle(f"{style}_date", parent=base, alignment=TA_CENTER))
    else:
        date_para = centred(_date_text(date, formal=True) if date else BLANK_DATE)

    role = styles.para(role_label, style) if role_label else None
    role_w = natural_width(role) + base.fontSize * 0.3 if role else 0.0
    texts_w = max(natural_width(p) for p in (*lines, date_para)) + 1.0
    # Symmetric columns: "ลงชื่อ" (right-aligned) | dots | role label or nothing, the outer two
    # equally wide. The lines below span all three and are centred, so they sit centred under
    # the dots yet may be wider than them.
    side_w = max(label_w, role_w)
    inline_role = role is not None and 2 * side_w + max(min_dots_w, min(texts_w, width - 2 * side_w)) <= width
    if not inline_role:
        side_w = label_w
    centre_w = max(min(max(min_dots_w, texts_w), width - 2 * side_w), min_dots_w / 2)
    if role is not None and not inline_role:
        lines.append(centred(role_label))
    lines.append(date_para)

    dots = styles.para(_dots(styles, style, centre_w - base.fontSize * 0.3), style, alignment=TA_CENTER)
    data = [[label, dots, role if inline_role else ""]]
    data += [[line, "", ""] for line in lines]
    last = len(data) - 1
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), base.leading * SIGN_SPACE),
                ("LEFTPADDING", (2, 0), (2, 0), base.fontSize * 0.3),
                *[("SPAN", (0, row), (2, row)) for row in range(1, last + 1)]]
    return _Unbreakable(data, colWidths=[side_w, centre_w, side_w], style=TableStyle(commands),
                        hAlign=h_align)


def signature_pair(styles: Styles, left: Signer | Flowable, right: Signer | Flowable, *,
                   width: float | None = None, thai: bool | None = None) -> Table:
    """Two signature blocks side by side, each centred in its half (receiver left, maker right).

    Give `Signer`s (built to fit half the width) or ready flowables from `signature_block`."""
    width = width if width is not None else frame_width(False)
    half = width / 2

    def block(side: Signer | Flowable, dots_width: float | None = None) -> Flowable:
        if isinstance(side, Signer):
            return signature_block(styles, side.name, side.position, side.date, thai, side.role_label,
                                   width=half - 6, dots_width=dots_width, h_align="CENTER")
        return side

    blocks = [block(left), block(right)]
    if isinstance(left, Signer) and isinstance(right, Signer):  # the same dots on both sides
        dots = max(b._colWidths[1] for b in blocks)
        blocks = [block(left, dots), block(right, dots)]
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    return _Unbreakable([blocks], colWidths=[half, half], style=TableStyle(commands),
                        hAlign="CENTER")


# ---- memo heading ------------------------------------------------------------------------

MEMO_TITLE_PT = 29     # ระเบียบงานสารบรรณ: "บันทึกข้อความ" 29 pt bold
MEMO_LABEL_PT = 20     # field labels 20 pt bold, values 16 pt


class FormLine(Flowable):
    """One line of a printed form: fields "label value" side by side, each value written on a
    dotted line that runs to the end of its field (and under every line a long value wraps to).

    `fields` are (label, value, share of the width); a None value leaves the dotted line blank.
    Labels and values sit on a common baseline whatever their sizes.
    """

    def __init__(self, fields: list[tuple[ThaiParagraph, ThaiParagraph | None, float]], *,
                 label_gap: float = 4.0, field_gap: float = 6.0, dot_drop: float | None = None,
                 dot_spacing: float = 2.2, space_before: float = 0.0):
        super().__init__()
        total = sum(share for _, _, share in fields)
        self.fields = [(label, value, share / total) for label, value, share in fields]
        self.label_gap, self.field_gap = label_gap, field_gap
        self.dot_drop, self.dot_spacing = dot_drop, dot_spacing
        self.spaceBefore = space_before
        self._layout: list[dict] = []

    def wrap(self, availWidth, availHeight):
        self._layout = []
        x = 0.0
        baseline = 0.0
        for index, (label, value, share) in enumerate(self.fields):
            field_w = availWidth * share
            label_w = natural_width(label)
            label.wrap(label_w + 0.5, availHeight)
            value_x = x + label_w + self.label_gap
            end = x + field_w - (self.field_gap if index < len(self.fields) - 1 else 0)
            if value is not None:
                value.wrap(max(end - value_x, 1.0), availHeight)
            self._layout.append(dict(label=label, value=value, x=x, label_w=label_w, value_x=value_x, end=end))
            baseline = max(baseline, first_baseline(label.style),
                           first_baseline(value.style) if value is not None else 0.0)
            x += field_w
        self._baseline = baseline  # from the top
        bottom = 0.0
        for item in self._layout:
            label, value = item["label"], item["value"]
            bottom = max(bottom, baseline - first_baseline(label.style) + label.height)
            if value is not None:
                bottom = max(bottom, baseline - first_baseline(value.style) + value.height)
        self.width, self.height = availWidth, bottom
        return self.width, self.height

    def _value_lines(self, item) -> tuple[int, float, float]:
        value, label = item["value"], item["label"]
        style = value.style if value is not None else label.style
        lines = _line_count(value) if value is not None else 1
        leading = value.style.leading if value is not None else style.leading
        drop = self.dot_drop if self.dot_drop is not None else style.fontSize * 0.16
        return lines, leading, drop

    def dotted_lines(self) -> list[tuple[float, float, float]]:
        """(x0, x1, y) of every dotted line, in the flowable's coordinates (y up from the bottom)."""
        out = []
        for item in self._layout:
            lines, leading, drop = self._value_lines(item)
            for i in range(lines):
                y = self.height - self._baseline - i * leading - drop
                out.append((item["value_x"] - self.label_gap / 2, item["end"], y))
        return out

    def draw(self):
        canvas = self.canv
        for item in self._layout:
            label, value = item["label"], item["value"]
            label.drawOn(canvas, item["x"], self.height - (self._baseline - first_baseline(label.style)) - label.height)
            if value is not None:
                value.drawOn(canvas, item["value_x"],
                             self.height - (self._baseline - first_baseline(value.style)) - value.height)
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.7)
        canvas.setLineCap(1)  # round caps on zero-length dashes draw dots
        canvas.setDash([0, self.dot_spacing])
        for x0, x1, y in self.dotted_lines():
            canvas.line(x0, y, x1, y)
        canvas.restoreState()


def memo_heading(styles: Styles, department: str, reference: str | None, date: dt.date | str | None,
                 subject: str, to: str, *, title_pt: float = MEMO_TITLE_PT,
                 label_pt: float = MEMO_LABEL_PT) -> list[Flowable]:
    """The head of a บันทึกข้อความ, for a portrait page (build_pdf(..., is_landscape=False)).

    "บันทึกข้อความ" bold and centred, then ส่วนราชการ; ที่ (left half) and วันที่ (right half) on one
    line; เรื่อง; each value on a dotted line; then "เรียน" with the addressees (a "\\n" starts
    another line under the first). A date prints "๒๖ มีนาคม ๒๕๖๗" (after the วันที่ label); None or ""
    leaves that value blank to fill by hand, as does a None reference.
    """
    family = styles.family
    title_size = family.size(title_pt)
    title = styles.para("บันทึกข้อความ", "body_bold", fontSize=title_size, leading=title_size * 1.25,
                        alignment=TA_CENTER)
    label_size = family.size(label_pt)
    label_style = dict(fontSize=label_size, leading=label_size * LINE_SPACING)

    def label(text: str) -> ThaiParagraph:
        return styles.para(text, "body_bold", **label_style)

    def value(text: str | None) -> ThaiParagraph | None:
        return styles.para(text, "body") if text else None

    date_text = _date_text(date, formal=False) if date else None
    air = family.size(3)  # between the field lines, so a dotted line never touches the next label
    body = styles["body"]
    to_label = "เรียน"
    indent = stringWidth(to_label + "  ", body.fontName, body.fontSize)
    addressees = styles.para(f"{to_label}  {to}", "body", leftIndent=indent, firstLineIndent=-indent,
                             alignment=TA_LEFT, spaceBefore=body.leading * 0.5)
    return [
        title,
        Spacer(1, family.size(6)),
        FormLine([(label("ส่วนราชการ"), value(department), 1)]),
        FormLine([(label("ที่"), value(reference), 1), (label("วันที่"), value(date_text), 1)], space_before=air),
        FormLine([(label("เรื่อง"), value(subject), 1)], space_before=air),
        addressees,
    ]
