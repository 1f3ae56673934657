"""A horizontal bar chart of scores per indicator for the round summary PDF: this round's bar and
the previous round's side by side, on an axis 0–5 or 0–100 by the scheme's scale.

Bars, axis and grid are a reportlab.graphics Drawing. Thai text (indicator labels, legend, "no
score yet") is drawn with ThaiParagraph in our Thai font, because graphics Strings are not shaped
and tone marks would collide; numbers on the axis are plain digits in the same font. The chart
splits between indicators when it runs past a page, and each part repeats the axis and legend.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.platypus import Flowable

from app.services.printing.document import Styles
from app.services.printing.paragraph import ThaiParagraph

CURRENT = colors.HexColor("#2f6db5")
PREVIOUS = colors.HexColor("#b9c7d9")
GRID = colors.HexColor("#c8c8c8")


@dataclass(frozen=True)
class ChartRow:
    label: str                   # "4.16 ระดับความสำเร็จ…"
    current: Decimal | None      # None: no score yet (said in words, never a zero bar)
    previous: Decimal | None = None


def ticks(scale_max: Decimal) -> list[Decimal]:
    step = Decimal(1) if scale_max <= 10 else Decimal(20)
    values, value = [], Decimal(0)
    while value <= scale_max:
        values.append(value)
        value += step
    return values


class ScoreBarChart(Flowable):
    """The chart; `previous_label` None draws one bar per indicator (a round with none before it)."""

    def __init__(self, styles: Styles, rows: list[ChartRow], scale_max: Decimal, current_label: str,
                 previous_label: str | None, *, label_share: float = 0.38, bar: float | None = None,
                 missing_text: str = "ยังไม่มีคะแนน", _part: int = 0):
        super().__init__()
        self.styles = styles
        self.rows = rows
        self.scale_max = Decimal(scale_max) if scale_max else Decimal(5)
        self.current_label, self.previous_label = current_label, previous_label
        self.label_share = label_share
        self.missing_text = missing_text
        size = styles["small"].fontSize
        self.bar = bar if bar is not None else size * 0.8
        self.part = _part
        self._layout: list[tuple[ThaiParagraph, float]] = []

    # ---- measures ----
    @property
    def paired(self) -> bool:
        return self.previous_label is not None

    def _band(self) -> float:
        return self.bar * (2 if self.paired else 1) + self.bar * 0.9

    def _head(self) -> float:
        return self.styles["small"].leading * 1.6      # legend

    def _foot(self) -> float:
        return self.styles["small"].leading * 1.3      # axis numbers

    def _labels(self, width: float) -> list[tuple[ThaiParagraph, float]]:
        label_w = width * self.label_share
        out = []
        for row in self.rows:
            para = self.styles.para(row.label, "small", alignment=TA_RIGHT)
            _, h = para.wrap(label_w - 6, 10_000)
            out.append((para, max(h, self._band())))
        return out

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._layout = self._labels(availWidth)
        self.height = self._head() + sum(h for _, h in self._layout) + self._foot()
        return self.width, self.height

    def split(self, availWidth, availHeight):
        layout = self._labels(availWidth)
        room = availHeight - self._head() - self._foot()
        used, count = 0.0, 0
        for _, h in layout:
            if used + h > room:
                break
            used += h
            count += 1
        if count == 0 or count >= len(self.rows):
            return [] if count == 0 else [self]
        kwargs = dict(label_share=self.label_share, bar=self.bar, missing_text=self.missing_text)
        return [ScoreBarChart(self.styles, self.rows[:count], self.scale_max, self.current_label,
                              self.previous_label, _part=self.part, **kwargs),
                ScoreBarChart(self.styles, self.rows[count:], self.scale_max, self.current_label,
                              self.previous_label, _part=self.part + 1, **kwargs)]

    # ---- drawing ----
    def _x(self, value: Decimal, x0: float, plot_w: float) -> float:
        share = min(max(value, Decimal(0)), self.scale_max) / self.scale_max
        return x0 + float(share) * plot_w

    def drawing(self) -> Drawing:
        """Bars, grid and axis of this part (text of Thai labels is drawn separately)."""
        small = self.styles["small"]
        width, height = self.width, self.height
        x0 = width * self.label_share
        plot_w = width - x0 - small.fontSize * 1.2
        top = height - self._head()
        bottom = self._foot()
        d = Drawing(width, height)
        for tick in ticks(self.scale_max):
            x = self._x(tick, x0, plot_w)
            d.add(Line(x, bottom, x, top, strokeColor=GRID, strokeWidth=0.4))
            d.add(String(x, bottom - small.fontSize, self.styles_digits(_plain(tick)), fontName=small.fontName,
                         fontSize=small.fontSize, textAnchor="middle"))
        y = top
        for row, (_, h) in zip(self.rows, self._layout):
            band_top = y - (h - self._band()) / 2 - self.bar * 0.45
            bars = [(row.current, CURRENT)] + ([(row.previous, PREVIOUS)] if self.paired else [])
            for index, (value, colour) in enumerate(bars):
                bar_y = band_top - (index + 1) * self.bar
                if value is not None:
                    d.add(Rect(x0, bar_y, max(self._x(value, x0, plot_w) - x0, 0.3), self.bar * 0.92,
                               fillColor=colour, strokeColor=None))
                    d.add(String(self._x(value, x0, plot_w) + 2, bar_y + self.bar * 0.15,
                                 self.styles_digits(_plain(value)), fontName=small.fontName,
                                 fontSize=small.fontSize * 0.8))
            y -= h
        d.add(Line(x0, bottom, x0, top, strokeColor=colors.black, strokeWidth=0.8))
        d.add(Line(x0, bottom, x0 + plot_w, bottom, strokeColor=colors.black, strokeWidth=0.8))
        return d

    def styles_digits(self, text: str) -> str:
        from app.services.thai_format import digits

        return digits(text, self.styles.thai_digits)

    def draw(self):
        canvas = self.canv
        small = self.styles["small"]
        renderPDF.draw(self.drawing(), canvas, 0, 0)
        x0 = self.width * self.label_share
        y = self.height - self._head()
        for row, (para, h) in zip(self.rows, self._layout):
            para.drawOn(canvas, 0, y - para.height - (h - para.height) / 2)
            if row.current is None:  # said in words in the bar's place, never drawn as a zero
                size = small.fontSize * 0.8
                note = self.styles.para(self.missing_text, "small", fontSize=size, leading=size * 1.25)
                note.wrap(self.width - x0, h)
                band_top = y - (h - self._band()) / 2 - self.bar * 0.45
                note.drawOn(canvas, x0 + 3, band_top - self.bar / 2 - note.height / 2 + size * 0.1)
            y -= h
        self._legend(canvas, small)

    def _legend(self, canvas, small) -> None:
        x = self.width * self.label_share
        y = self.height - small.leading * 1.15
        items = [(self.current_label, CURRENT)] + ([(self.previous_label, PREVIOUS)] if self.paired else [])
        for text, colour in items:
            canvas.saveState()
            canvas.setFillColor(colour)
            canvas.rect(x, y + small.fontSize * 0.1, small.fontSize * 0.8, small.fontSize * 0.8, stroke=0, fill=1)
            canvas.restoreState()
            para = self.styles.para(text, "small")
            from app.services.printing.blocks import natural_width

            w = natural_width(para)
            para.wrap(w + 1, small.leading * 2)
            para.drawOn(canvas, x + small.fontSize * 1.1, y + small.fontSize * 0.9 - para.height + small.leading * 0.25)
            x += small.fontSize * 1.1 + w + small.fontSize * 1.5


def _plain(value: Decimal) -> str:
    """"2.5", "5", "62.75": as few decimals as the value needs (axis and bar values)."""
    text = format(Decimal(value).normalize(), "f")
    return text
