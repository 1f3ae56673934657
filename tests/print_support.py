"""Reading printed PDFs back: text per table column and line, as a person copying it would get it."""
from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import pypdf


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def unfold_am(text: str) -> str:
    """Extractors give ำ as ํ + า (its NFKC form); fold it back to compare with the source."""
    return text.replace("\u0e4d\u0e32", "\u0e33")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


@dataclass
class Chunk:
    page: int
    x: float
    y: float
    text: str


def chunks(pdf: bytes | str) -> list[Chunk]:
    """Every piece of text pypdf extracts, with where it starts on the page."""
    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    found: list[Chunk] = []
    for number, page in enumerate(reader.pages):
        def visit(text, cm, tm, font_dict, font_size, number=number):
            if text and text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append(Chunk(number, x, y, text))
        page.extract_text(visitor_text=visit)
    return found


def column_lines(all_chunks: list[Chunk], edges: list[float]) -> dict[int, list[str]]:
    """Lines of text per column (between consecutive x edges), top to bottom, page by page."""
    lines: dict[tuple[int, int, float], list[Chunk]] = defaultdict(list)
    for chunk in all_chunks:
        for column in range(len(edges) - 1):
            if edges[column] - 0.5 <= chunk.x < edges[column + 1] - 0.5:
                lines[(column, chunk.page, round(chunk.y, 0))].append(chunk)
                break
    result: dict[int, list[str]] = defaultdict(list)
    for (column, page, y) in sorted(lines, key=lambda k: (k[0], k[1], -k[2])):
        parts = sorted(lines[(column, page, y)], key=lambda c: c.x)
        result[column].append("".join(p.text for p in parts).strip())
    return result
