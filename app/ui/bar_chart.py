"""BarChart: horizontal bars of scores per indicator painted with QPainter — this round and the
previous round side by side, Thai labels on the left, a legend, an axis 0–5 or 0–100.
An indicator without a score says so in words instead of showing an empty bar."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

CURRENT = QColor("#2f6db5")
PREVIOUS = QColor("#b9c7d9")
GRID = QColor("#d0d0d0")


@dataclass(frozen=True)
class Bar:
    label: str
    current: Decimal | None
    previous: Decimal | None = None


class BarChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.scale_max = Decimal(5)
        self.current_label, self.previous_label = "", None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(420)

    def set_data(self, bars: list[Bar], scale_max: Decimal, current_label: str, previous_label: str | None) -> None:
        self.bars = list(bars)
        self.scale_max = scale_max or Decimal(5)
        self.current_label, self.previous_label = current_label, previous_label
        self.setFixedHeight(int(self._height()))
        self.update()

    # ---- measures ----
    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def _bar(self) -> float:
        return max(8.0, self._line() * 0.7)

    def _band(self) -> float:
        return self._bar() * (2 if self.previous_label else 1) + self._bar() * 0.8

    def _height(self) -> float:
        return self._line() * 2 + len(self.bars) * self._band() + self._line() * 1.6

    def sizeHint(self) -> QSize:
        return QSize(640, int(self._height()))

    def ticks(self) -> list[Decimal]:
        step = Decimal(1) if self.scale_max <= 10 else Decimal(20)
        return [step * i for i in range(int(self.scale_max / step) + 1)]

    # ---- painting ----
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = QFontMetricsF(self.font())
        line, bar = self._line(), self._bar()
        label_w = min(self.width() * 0.38, 360.0)
        x0 = label_w + 8
        plot_w = max(self.width() - x0 - 40, 50)
        top = line * 2
        bottom = top + len(self.bars) * self._band()

        def x_of(value: Decimal) -> float:
            share = min(max(value, Decimal(0)), self.scale_max) / self.scale_max
            return x0 + float(share) * plot_w

        # legend
        x = x0
        for text, colour in [(self.current_label, CURRENT)] + ([(self.previous_label, PREVIOUS)]
                                                               if self.previous_label else []):
            painter.fillRect(QRectF(x, line * 0.5, bar, bar), colour)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(x + bar + 4, line * 0.3, metrics.horizontalAdvance(text) + 4, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += bar + 4 + metrics.horizontalAdvance(text) + 24
        # grid and axis numbers
        for tick in self.ticks():
            x = x_of(tick)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(int(x), int(top), int(x), int(bottom))
            painter.setPen(self.palette().text().color())
            text = format(tick.normalize(), "f")
            painter.drawText(QRectF(x - 30, bottom + 2, 60, line), Qt.AlignmentFlag.AlignHCenter, text)
        # bars
        y = top
        for item in self.bars:
            painter.setPen(self.palette().text().color())
            label = metrics.elidedText(item.label, Qt.TextElideMode.ElideRight, label_w)
            painter.drawText(QRectF(0, y, label_w, self._band()), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, label)
            rows = [(item.current, CURRENT)] + ([(item.previous, PREVIOUS)] if self.previous_label else [])
            bar_y = y + bar * 0.4
            for value, colour in rows:
                if value is None:
                    painter.setPen(QColor("#888888"))
                    painter.drawText(QRectF(x0 + 4, bar_y - line * 0.2, plot_w, bar + line * 0.4),
                                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                     "ยังไม่มีคะแนน" if colour == CURRENT else "")
                else:
                    end = x_of(value)
                    painter.fillRect(QRectF(x0, bar_y, max(end - x0, 1.0), bar * 0.9), colour)
                    painter.setPen(self.palette().text().color())
                    painter.drawText(QRectF(end + 3, bar_y - line * 0.2, 60, bar + line * 0.4),
                                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                     format(value.normalize(), "f"))
                bar_y += bar
            y += self._band()
        painter.setPen(QPen(self.palette().text().color(), 1))
        painter.drawLine(int(x0), int(top), int(x0), int(bottom))
        painter.drawLine(int(x0), int(bottom), int(x0 + plot_w), int(bottom))
        painter.end()
