"""Draws PlanDesk's icon: resources/icons/plandesk.png (256 px) and plandesk.ico (16–256 px).

    QT_QPA_PLATFORM=offscreen python installer/make_icon.py

A planning sheet: a blue tile, a white page with a heading band and three month bars
staggered like the plan's Gantt grid. Drawn with QPainter; the .ico is written by Pillow,
which reportlab already depends on. The files are committed; run this only to change them.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int = 256):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)

    tile = QRectF(8, 8, 240, 240)
    gradient = QLinearGradient(0, 8, 0, 248)
    gradient.setColorAt(0, QColor("#2D6DB5"))
    gradient.setColorAt(1, QColor("#1B4A80"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    p.drawRoundedRect(tile, 44, 44)

    page = QRectF(44, 40, 168, 176)
    p.setBrush(QColor("#FFFFFF"))
    p.drawRoundedRect(page, 14, 14)
    p.setBrush(QColor("#DCE6F2"))  # the heading band of the plan table
    p.drawRoundedRect(QRectF(44, 40, 168, 40), 14, 14)
    p.drawRect(QRectF(44, 66, 168, 14))
    p.setPen(QPen(QColor("#C9D5E3"), 3))
    for x in (92, 132, 172):  # month columns
        p.drawLine(x, 84, x, 206)
    p.setPen(Qt.PenStyle.NoPen)
    for y, left, right, colour in ((98, 58, 140, "#F08A24"), (136, 96, 196, "#2E9E6A"), (174, 76, 168, "#2D6DB5")):
        p.setBrush(QColor(colour))
        p.drawRoundedRect(QRectF(left, y, right - left, 24), 12, 12)
    p.end()
    return image


def main() -> int:
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QPainter needs one)
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw(256)
    image.save(str(OUT / "plandesk.png"))
    frames = []
    for size in ICO_SIZES:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        draw(size).save(buffer, "PNG")  # drawn at each size, so small icons stay sharp
        frames.append(Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA"))
    frames[-1].save(OUT / "plandesk.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=frames[:-1])
    print(f"wrote {OUT / 'plandesk.png'} and {OUT / 'plandesk.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
