"""ThaiParagraph: a reportlab Paragraph that breaks Thai lines only between words.

reportlab breaks only at spaces and would otherwise cut inside a word (ปลั|ด). Its line breaker
works on a list of "frag words" from `_getFragWords`; a frag word of class _HSFrag is followed by
a space, a plain list is not, and a line may end after any frag word. So each frag word is cut at
Thai word boundaries into pieces: every piece but the last becomes a plain list (a break with no
gap), the last keeps the original class (and its real space). A piece wider than the column is
cut again at character clusters, so reportlab's own long-word splitting never runs — it corrupts
shaped text when a table cell or page split wraps a paragraph a second time.

The hook on `_getFragWords` is module-wide in reportlab but acts only inside
ThaiParagraph.breakLines on the current thread; the one on `shapeFragWord` only touches text in
a ThaiTTFont (see ThaiTTFont.positioned). reportlab is pinned; tests check the behaviour.
"""
from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import ShapeData, ShapedFragWord, ShapedStr
from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.paragraph import Paragraph

from app.services.printing.fonts import ThaiTTFont
from app.services.printing.thai_words import segmenter, syllables

_state = threading.local()
_original_get_frag_words = _rl_paragraph._getFragWords
# Already cut or already shaped (a second wrap of the same paragraph): leave as they are.
_SKIP_CLASSES = tuple(getattr(_rl_paragraph, name) for name in
                      ("_SplitFrag", "_InjectedFrag", "_SHYWord") if hasattr(_rl_paragraph, name)) + (ShapedFragWord,)


@lru_cache(maxsize=100_000)
def text_width(text: str, font: str, size: float) -> float:
    """stringWidth, remembered: the same words are measured over and over."""
    return stringWidth(text, font, size)


def _piece_width(parts) -> float:
    return sum(text_width(text, frag.fontName, frag.fontSize) for frag, text in parts)


@lru_cache(maxsize=50_000)
def _cut_points(text: str, max_width: float | None, font: str, size: float) -> tuple[int, ...]:
    """Offsets inside `text` where the frag word may be broken."""
    seg = segmenter()
    points, offset = [], 0
    pieces = seg.pieces(text)
    for index, piece in enumerate(pieces):
        if max_width and text_width(piece, font, size) > max_width:
            # Too wide for the column alone: break between the words of a compound, and only a
            # word still too wide is cut between character clusters.
            parts = seg.sub_pieces(piece)
            for part_index, part in enumerate(parts):
                if text_width(part, font, size) > max_width:
                    chunk = 0.0
                    for cluster in syllables(part):
                        width = text_width(cluster, font, size)
                        if chunk and chunk + width > max_width:
                            points.append(offset)
                            chunk = 0.0
                        chunk += width
                        offset += len(cluster)
                else:
                    offset += len(part)
                if part_index < len(parts) - 1:
                    points.append(offset)
        else:
            offset += len(piece)
        if index < len(pieces) - 1:
            points.append(offset)
    return tuple(points)


def _split_frag_word(word: list, max_width: float | None) -> list[list]:
    fragments = word[1:]
    if not fragments or any(hasattr(frag, "cbDefn") or isinstance(t, ShapedStr) for frag, t in fragments):
        return [word]
    text = "".join(t for _, t in fragments)
    first = fragments[0][0]
    cuts = [c for c in _cut_points(text, max_width, first.fontName, first.fontSize) if 0 < c < len(text)]
    if not cuts:
        return [word]
    pieces, current = [], []
    cut_iter = iter(cuts)
    next_cut = next(cut_iter, None)
    frag_start = 0
    for frag, part in fragments:
        frag_end = frag_start + len(part)
        position = frag_start
        while next_cut is not None and next_cut < frag_end:
            if next_cut > position:
                current.append((frag, part[position - frag_start:next_cut - frag_start]))
            if current:
                pieces.append(current)
                current = []
            position = next_cut
            next_cut = next(cut_iter, None)
        if position < frag_end:
            current.append((frag, part[position - frag_start:]))
        frag_start = frag_end
    if current:
        pieces.append(current)
    out = []
    for index, parts in enumerate(pieces):
        cls = word.__class__ if index == len(pieces) - 1 else list
        out.append(cls([_piece_width(parts), *parts]))
    return out


def _thai_frag_words(frags, maxWidth=None):
    words = _original_get_frag_words(frags, maxWidth)
    if not getattr(_state, "active", 0):
        return words
    out = []
    for word in words:
        if isinstance(word, _SKIP_CLASSES) or len(word) < 2:
            out.append(word)
        else:
            out.extend(_split_frag_word(word, maxWidth))
    return out


NUDGE = 60  # 1/1000 em: a rightward shift of a mark this small is not visible at print sizes


def _positioned_marks(font: ThaiTTFont, text: ShapedStr) -> ShapedStr:
    """Marks HarfBuzz shifts sideways, drawn so PDF text extractors keep the word whole.

    A mark shifted left gets its own code whose advance equals the shift (no kern back to the
    right, which extractors read as a space). A mark nudged right by a hair is drawn unshifted:
    extractors see a character to the right of the next one and break the word ("ผูร้ บ ั").
    """
    data = list(text.__shapeData__)
    chars = list(str(text))
    changed = False
    for i, shape in enumerate(data):
        if shape.x_advance != 0 or shape.x_offset == 0 or shape.cluster < 0:
            continue
        if shape.x_offset < 0:
            code = font.positioned(chars[i], -shape.x_offset)
            if code != chars[i]:
                chars[i] = code
                data[i] = ShapeData(*shape._replace(width=-shape.x_offset))
                changed = True
        elif shape.x_offset <= NUDGE:
            data[i] = ShapeData(*shape._replace(x_offset=0))
            changed = True
    return ShapedStr("".join(chars), shapeData=data) if changed else text


_original_shape_frag_word = _rl_paragraph.shapeFragWord


_shaped_cache: dict[tuple, tuple] = {}


def _shape(word):
    shaped = _original_shape_frag_word(word)
    if isinstance(shaped, ShapedFragWord):
        for i in range(1, len(shaped)):
            frag, text = shaped[i]
            font = getFont(frag.fontName) if isinstance(text, ShapedStr) else None
            if isinstance(font, ThaiTTFont):
                shaped[i] = (frag, _positioned_marks(font, text))
    return shaped


def _thai_shape_frag_word(word, *args, **kwargs):
    """Shape each word once per font and size.

    After the Thai split a frag word is one word, and words repeat a great deal (การ, ของ,
    unit names); a table also wraps every cell more than once. HarfBuzz shaping is most of the
    cost of a wrap, so its result (text and glyph positions) is kept and put back together
    with the frag of the word at hand, so styles are never mixed up.
    """
    if isinstance(word, ShapedFragWord) or args or kwargs or len(word) != 2:
        return _original_shape_frag_word(word, *args, **kwargs) if (args or kwargs or len(word) != 2) \
            else word
    frag, text = word[1]
    key = (word.__class__, frag.fontName, frag.fontSize, text)
    cached = _shaped_cache.get(key)
    if cached is None:
        shaped = _shape(word)
        if shaped is word:
            cached = (None,)
        elif len(shaped) != 2:
            return shaped
        else:
            cached = (shaped.__class__, shaped[0], shaped[1][1])
        if len(_shaped_cache) > 200_000:
            _shaped_cache.clear()
        _shaped_cache[key] = cached
    if cached[0] is None:
        return word
    cls, width, shaped_text = cached
    return cls([width, (frag, shaped_text)])


_rl_paragraph._getFragWords = _thai_frag_words
_rl_paragraph.shapeFragWord = _thai_shape_frag_word


_layout_cache: dict[tuple, tuple] = {}
_parsed_cache: dict[tuple, list] = {}


def forget_layouts() -> None:
    """Drop the per-document caches of parsed and broken paragraphs (a document is done)."""
    _layout_cache.clear()
    _parsed_cache.clear()


def _style_key(style) -> str:
    """Everything of a style that shapes or draws the lines (styles are made once per document)."""
    key = style.__dict__.get("_plandesk_key")
    if key is None:
        key = repr(tuple((name, getattr(style, name, None)) for name in sorted(style.defaults)))
        style.__dict__["_plandesk_key"] = key
    return key


class ThaiParagraph(Paragraph):
    """A Paragraph whose lines end only between Thai words (see the module docstring)."""

    _last_wrap: tuple[float, tuple[float, float]] | None = None
    _source: str | None = None

    def __init__(self, text, style=None, *args, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        if isinstance(text, str) and not args and not kwargs:
            self._source = text

    @classmethod
    def cached(cls, text: str, style) -> ThaiParagraph:
        """Like ThaiParagraph(text, style), parsing each distinct text and style once."""
        key = (text, _style_key(style))
        frags = _parsed_cache.get(key)
        if frags is None:
            paragraph = cls(text, style)
            if len(_parsed_cache) > 50_000:
                _parsed_cache.clear()
            _parsed_cache[key] = paragraph.frags
            return paragraph
        paragraph = cls(None, style, frags=list(frags))
        paragraph._source = text
        return paragraph

    def draw(self):
        # The drawing of a paragraph is relative to its own origin (drawOn translates first), so
        # an identical cell drawn again in the same document repeats the same page operators.
        key = None
        if self._source is not None:
            key = (self._source, _style_key(self.style), tuple(self._wrapWidths), self.width, self.height)
            cache = self.canv._doc.__dict__.setdefault("_plandesk_drawn", {})
            code = cache.get(key)
            if code is not None:
                self.canv._code.extend(code)
                return
        start = len(self.canv._code)
        super().draw()
        if key is not None:
            cache[key] = self.canv._code[start:]

    def wrap(self, availWidth, availHeight):
        # A table asks every cell again at each page split and once more when drawing, always
        # with the column's width; the lines cannot change, so answer from the last time.
        if self._last_wrap is not None and abs(self._last_wrap[0] - availWidth) < 1e-6 and hasattr(self, "blPara"):
            return self._last_wrap[1]
        size = super().wrap(availWidth, availHeight)
        self._last_wrap = (availWidth, size)
        return size

    def breakLines(self, width):
        # Identical cells (the same unit in every row, "-" budgets, repeated steps) are broken
        # into lines once per width; the lines are only read afterwards, when drawing or splitting.
        key = None
        if self._source is not None:
            key = (self._source, _style_key(self.style), tuple(width) if isinstance(width, (list, tuple)) else width)
            cached = _layout_cache.get(key)
            if cached is not None:
                lines, self.frags, self._width_max = cached
                return lines
        _state.active = getattr(_state, "active", 0) + 1
        try:
            lines = super().breakLines(width)
        finally:
            _state.active -= 1
        if key is not None:
            if len(_layout_cache) > 50_000:
                _layout_cache.clear()
            _layout_cache[key] = (lines, self.frags, getattr(self, "_width_max", 0))
        return lines
