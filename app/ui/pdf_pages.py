"""A PDF held in memory whose pages are rendered to QImages by pdfium (pypdfium2), for the
print preview and for printing.

pdfium is not thread-safe, not even across different documents: every call into it, from the
GUI thread or the worker, holds one lock. QImage (unlike QPixmap) may be made on any thread.
"""
from __future__ import annotations

import threading

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

POINTS_PER_INCH = 72.0
_PDFIUM = threading.RLock()


class PdfPages:
    def __init__(self, data: bytes):
        self.data = data  # pdfium reads from this buffer: it must outlive the document
        self._doc = None
        with _PDFIUM:
            self._doc = pdfium.PdfDocument(data)
            self.sizes = [tuple(self._doc.get_page_size(i)) for i in range(len(self._doc))]

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, scale: float, grayscale: bool = False) -> QImage:
        """Page `index` (from 0) at `scale` pixels per point, white background, as a QImage."""
        with _PDFIUM:
            if self._doc is None:
                raise ValueError("the PDF is closed")
            page = self._doc[index]
            try:
                bitmap = page.render(scale=scale, grayscale=grayscale, rev_byteorder=True)
                try:
                    fmt = QImage.Format.Format_Grayscale8 if grayscale else QImage.Format.Format_RGB888
                    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
        return image

    def render_dpi(self, index: int, dpi: float, grayscale: bool = False) -> QImage:
        image = self.render(index, dpi / POINTS_PER_INCH, grayscale)
        dots_per_metre = round(dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        return image

    def close(self) -> None:
        with _PDFIUM:
            if self._doc is not None:
                self._doc.close()
                self._doc = None

    def __del__(self) -> None:
        self.close()  # under the lock, not in pdfium's own finaliser (which may run anywhere)

    def __enter__(self) -> "PdfPages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
