"""Thai fonts for printing: TH Sarabun New / TH SarabunPSK when installed, else the bundled Sarabun.

Sizes are always given in TH Sarabun points (the forms say 16 pt). Sarabun draws larger at the
same size (x-height 0.500 em against 0.340 em), so it is scaled: Sarabun 11 pt ≈ TH Sarabun 16 pt.

Shaping: reportlab shapes with HarfBuzz, writing glyphs that have no Unicode code point (a tone
mark lowered or shifted left, a ligature) under private-use codes; its ToUnicode map then sends
them back as U+E000…, so copied text reads "ที\ue000". ThaiTTFont maps each such glyph back to the
characters it draws, taken from its AGL glyph name ("uni0E48.small" → ่, "uni0E4D0E49" → ้ํ).
Relies on reportlab internals (TTFont.addObjects, its private-use table): reportlab is pinned and
tests/test_print_fonts.py checks the behaviour.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

SARABUN_SCALE = 11 / 16
_UNI = re.compile(r"^uni((?:[0-9A-F]{4})+)(?:\..*)?$")
# Thai typing order of stacked marks: vowel above/below, then tone, then ํ (from ำ) and the rest.
_MARK_ORDER = {**{c: 0 for c in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"},
               **{c: 1 for c in "\u0e48\u0e49\u0e4a\u0e4b"}, **{c: 2 for c in "\u0e4c\u0e4d\u0e4e"}}


def glyph_text(name: str) -> str | None:
    """Characters an AGL-named glyph draws: "uni0E48.small" → "่"; None when the name says nothing."""
    match = _UNI.match(name)
    if not match:
        return None
    hexes = match.group(1)
    chars = [chr(int(hexes[i:i + 4], 16)) for i in range(0, len(hexes), 4)]
    if all(c in _MARK_ORDER for c in chars):
        chars.sort(key=_MARK_ORDER.__getitem__)  # as typed, so copied text matches the source
    return "".join(chars)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int], private: dict[int, str]) -> str:
    entries = []
    for i, code in enumerate(subset):
        text = private.get(code) if 0xE000 <= code <= 0xF8FF else None
        entries.append(f"<{i:02X}> <{_utf16_hex(text) if text else f'{code:04X}'}>")
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(entries)} beginbfchar",
        *entries, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


class ThaiTTFont(TTFont):
    """A shapable TrueType font whose ToUnicode map turns shaped glyphs back into their text."""

    POSITIONED_FIRST = 0xF8FF  # counting down; reportlab's own private codes count up from U+E000
    POSITIONED_LAST = 0xF000

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename, shapable=True)
        self._positioned: dict[tuple[int, int], int] = {}
        self._positioned_text: dict[int, str] = {}

    def _hb_names(self) -> dict[str, int]:
        return getattr(self, "_TTFont__hbUnis", {}) or {}

    def char_text(self, char: str) -> str:
        """What a drawn code stands for: itself, or the text of the shaped glyph behind a private code."""
        code = ord(char)
        if code in self._positioned_text:
            return self._positioned_text[code]
        if 0xE000 <= code <= 0xF8FF:
            for name, private in self._hb_names().items():
                if private == code:
                    return glyph_text(name) or char
        return char

    def positioned(self, char: str, width: int) -> str:
        """A code for the glyph of `char` that advances `width` (1/1000 em).

        A mark HarfBuzz shifts left is drawn by reportlab as "kern left, mark, kern right"; PDF
        text extractors read the kern back to the right as a word space ("ปั้ น"). Giving the
        shifted mark an advance equal to its shift removes the second kern: same picture, and
        copied text stays whole.
        """
        gid = self.face.charToGlyph[ord(char)]
        code = self._positioned.get((gid, width))
        if code is None:
            code = self.POSITIONED_FIRST - len(self._positioned)
            if code < self.POSITIONED_LAST:
                return char
            self.face.charToGlyph[code] = gid
            self.face.charWidths[code] = width
            self._positioned[(gid, width)] = code
            self._positioned_text[code] = self.char_text(char)
        return chr(code)

    def private_texts(self) -> dict[int, str]:
        """Private-use code → characters, for glyphs drawn without a code point of their own."""
        result = {}
        for name, code in self._hb_names().items():
            text = glyph_text(name)
            if text:
                result[code] = text
        result.update(self._positioned_text)
        return result

    def addObjects(self, doc):  # reportlab's own, with our ToUnicode map
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        private = self.private_texts()
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = "Font %s subset %d" % (self.fontName, n)
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap = pdfdoc.PDFStream()
            cmap.content = _to_unicode_cmap(base_font_name, subset, private)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


# ---- choosing the family ---------------------------------------------------------------
_TH_SARABUN_FILES = {
    "regular": ("THSarabunNew.ttf", "THSarabunPSK.ttf", "THSarabun.ttf"),
    "bold": ("THSarabunNew Bold.ttf", "THSarabunNew-Bold.ttf", "THSarabunPSK-Bold.ttf", "THSarabun Bold.ttf",
             "THSarabun-Bold.ttf"),
    "italic": ("THSarabunNew Italic.ttf", "THSarabunNew-Italic.ttf", "THSarabunPSK-Italic.ttf",
               "THSarabun Italic.ttf"),
    "bolditalic": ("THSarabunNew BoldItalic.ttf", "THSarabunNew-BoldItalic.ttf",
                   "THSarabunPSK-BoldItalic.ttf", "THSarabun BoldItalic.ttf"),
}
_SARABUN_FILES = {"regular": "Sarabun-Regular.ttf", "bold": "Sarabun-Bold.ttf",
                  "italic": "Sarabun-Italic.ttf", "bolditalic": "Sarabun-BoldItalic.ttf"}


def system_font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
                Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs = [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    else:
        dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
                home / ".local" / "share" / "fonts"]
    return [d for d in dirs if d.is_dir()]


def _find_th_sarabun(dirs: list[Path]) -> dict[str, Path] | None:
    wanted = {name.lower(): style for style, names in _TH_SARABUN_FILES.items() for name in names}
    found: dict[str, Path] = {}
    for directory in dirs:
        for path in directory.rglob("*.ttf"):
            style = wanted.get(path.name.lower())
            if style and style not in found:
                found[style] = path
    if "regular" not in found or "bold" not in found:
        return None
    found.setdefault("italic", found["regular"])
    found.setdefault("bolditalic", found["bold"])
    return found


@dataclass(frozen=True)
class FontFamily:
    """Registered reportlab font names and the factor from TH Sarabun points to real points."""

    regular: str
    bold: str
    italic: str
    bolditalic: str
    scale: float
    label: str

    def size(self, th_points: float) -> float:
        return th_points * self.scale


def _register(prefix: str, files: dict[str, Path | str]) -> dict[str, str]:
    names = {}
    for style, path in files.items():
        name = f"{prefix}-{style}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(ThaiTTFont(name, str(path)))
        names[style] = name
    pdfmetrics.registerFontFamily(prefix, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bolditalic"])
    return names


def bundled_font_path(style: str = "regular") -> Path:
    return Path(str(resources.files("app.resources").joinpath("fonts", _SARABUN_FILES[style])))


@lru_cache(maxsize=4)
def font_family(prefer_th_sarabun: bool = True, search_dirs: tuple[str, ...] | None = None) -> FontFamily:
    """TH Sarabun New/PSK from the system when wanted and present, else the bundled Sarabun."""
    if prefer_th_sarabun:
        dirs = [Path(d) for d in search_dirs] if search_dirs is not None else system_font_dirs()
        found = _find_th_sarabun(dirs)
        if found:
            names = _register("THSarabun", found)
            return FontFamily(**{k: names[k] for k in ("regular", "bold", "italic", "bolditalic")},
                              scale=1.0, label=f"TH Sarabun ({found['regular'].name})")
    names = _register("Sarabun", {style: bundled_font_path(style) for style in _SARABUN_FILES})
    return FontFamily(**{k: names[k] for k in ("regular", "bold", "italic", "bolditalic")},
                      scale=SARABUN_SCALE, label="Sarabun (bundled)")
