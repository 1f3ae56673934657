"""Page set-up shared by every printed form: A4 portrait or landscape, Thai official margins,
paragraph styles in TH Sarabun points, and "หน้า x/y" on every page."""
from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from typing import BinaryIO, Callable

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from app.services.printing.fonts import FontFamily, font_family
from app.services.printing.paragraph import ThaiParagraph, forget_layouts
from app.services.thai_format import digits

# Margins of ระเบียบงานสารบรรณ for portrait forms; plans use a wide landscape table.
PORTRAIT_MARGINS = (3 * cm, 2 * cm, 2.5 * cm, 2 * cm)      # left, right, top, bottom
LANDSCAPE_MARGINS = (1.5 * cm, 1.5 * cm, 1.5 * cm, 1.6 * cm)
LINE_SPACING = 1.3  # TH Sarabun's own line gap is generous; Sarabun needs a little more air


@dataclass(frozen=True)
class PrintOptions:
    thai_digits: bool = False         # ๐–๙ instead of 0–9 everywhere on the document
    prefer_th_sarabun: bool = True    # use an installed TH Sarabun New / PSK over the bundled Sarabun
    heading_subtotals: bool = False   # plans: budget subtotal on heading rows


@dataclass
class Styles:
    family: FontFamily
    thai_digits: bool
    by_name: dict[str, ParagraphStyle] = field(default_factory=dict)
    derived: dict[tuple, ParagraphStyle] = field(default_factory=dict)  # one object per override

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.by_name[name]

    def para(self, text: str, style: str = "body", **overrides) -> ThaiParagraph:
        """A paragraph of plain text (escaped), digits as the document wants them."""
        base = self.by_name[style]
        if overrides:
            key = (style, tuple(sorted(overrides.items())))
            derived = self.derived.get(key)
            if derived is None:
                derived = self.derived[key] = ParagraphStyle(f"{style}*", parent=base, **overrides)
            base = derived
        return ThaiParagraph.cached(escape(digits(text, self.thai_digits)), base)


def escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br/>"))


def make_styles(options: PrintOptions, body_pt: float = 16) -> Styles:
    """Paragraph styles sized in TH Sarabun points (forms say 16 pt; tables use less)."""
    family = font_family(options.prefer_th_sarabun)

    def style(name, th_pt, bold=False, align=TA_LEFT, **extra):
        size = family.size(th_pt)
        return ParagraphStyle(name, fontName=family.bold if bold else family.regular, fontSize=size,
                              leading=size * LINE_SPACING, alignment=align, shaping=1, splitLongWords=0,
                              **extra)

    styles = Styles(family, options.thai_digits)
    styles.by_name.update({
        "body": style("body", body_pt),
        "body_bold": style("body_bold", body_pt, bold=True),
        "title": style("title", body_pt + 2, bold=True, align=TA_CENTER, spaceAfter=family.size(6)),
        "cell": style("cell", body_pt - 2),
        "cell_bold": style("cell_bold", body_pt - 2, bold=True),
        "cell_right": style("cell_right", body_pt - 2, align=TA_RIGHT),
        "cell_right_bold": style("cell_right_bold", body_pt - 2, bold=True, align=TA_RIGHT),
        "cell_center": style("cell_center", body_pt - 2, align=TA_CENTER),
        "head": style("head", body_pt - 2, bold=True, align=TA_CENTER),
        "head_month": style("head_month", body_pt - 3, bold=True, align=TA_CENTER),
        "small": style("small", body_pt - 4),
        "page_number": style("page_number", body_pt - 4, align=TA_CENTER),
    })
    return styles


def numbered_canvas(styles: Styles, on_page: Callable[[int], None] | None = None):
    """A canvas class that writes "หน้า x/y" on every page once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            if on_page:
                on_page(len(self._pages))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_number(number, total)
                super().showPage()
            super().save()

        def _draw_number(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            label = styles.para(f"หน้า {number}/{total}", "page_number")
            _, height = label.wrap(width, 100)
            label.drawOn(self, 0, 0.7 * cm)

    return NumberedCanvas


def build_pdf(out: str | BinaryIO, story: list, styles: Styles, *, is_landscape: bool, title: str,
              on_page: Callable[[int], None] | None = None) -> int:
    """Lay out `story` on A4 pages with page numbers; returns the number of pages."""
    pagesize = landscape(A4) if is_landscape else A4
    left, right, top, bottom = LANDSCAPE_MARGINS if is_landscape else PORTRAIT_MARGINS
    doc = BaseDocTemplate(out, pagesize=pagesize, leftMargin=left, rightMargin=right, topMargin=top,
                          bottomMargin=bottom, title=title, author="PlanDesk", creator="PlanDesk")
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    pages = []
    try:
        with gc_paused():
            doc.build(story, canvasmaker=numbered_canvas(styles, lambda n: (pages.append(n), on_page and on_page(n))))
    finally:
        forget_layouts()  # they hold every cell's lines; an open window must not keep them
    return len(pages)


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a document is laid out.

    Layout allocates hundreds of thousands of small containers that die young; the collector
    scanned the growing heap again and again (a third of the time of a 1,000-activity plan).
    Memory is still freed by reference counting; cycles are collected when it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def frame_size(is_landscape: bool) -> tuple[float, float]:
    """Width and height of the text frame of a page."""
    pagesize = landscape(A4) if is_landscape else A4
    left, right, top, bottom = LANDSCAPE_MARGINS if is_landscape else PORTRAIT_MARGINS
    return pagesize[0] - left - right, pagesize[1] - top - bottom


def frame_width(is_landscape: bool) -> float:
    return frame_size(is_landscape)[0]
