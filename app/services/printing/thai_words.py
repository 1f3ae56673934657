"""Where a Thai line may break: dictionary word boundaries, with terms that never split.

Thai is written without spaces between words, so a printed line may end only where a word ends.
Boundaries come from pythainlp's `newmm` maximal-matching segmenter over its word list; its own
trie takes half a second to build, so a set with per-first-letter word lengths stands in for it
(the same `prefixes` lookup, built in ~40 ms). Unit names and abbreviations from
resources/dict/user_words.txt (and any added at run time) are kept whole.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources

_OPENING = "([{“‘«"
_CLOSING = ")]}”’»\"'.,;:!?%ๆฯ"
_THAI = re.compile(r"[\u0e00-\u0e7f]")


class WordSet:
    """Dictionary with the `prefixes(text, start)` lookup newmm expects of a trie."""

    def __init__(self, words, lengths: dict[str, list[int]] | None = None):
        self.words = set(words)
        if lengths is None:
            found: dict[str, set[int]] = {}
            for word in self.words:
                if word:
                    found.setdefault(word[0], set()).add(len(word))
            lengths = {first: sorted(v) for first, v in found.items()}
        self._lengths = lengths

    @classmethod
    def thai(cls) -> WordSet:
        """pythainlp's word list, kept ready in the user cache (reading and indexing it took a
        tenth of a second at every start of a print)."""
        import marshal

        import pythainlp
        from platformdirs import user_cache_path

        path = user_cache_path("PlanDesk", appauthor=False) / f"thai_words-{pythainlp.__version__}.marshal"
        try:
            words, lengths = marshal.loads(path.read_bytes())
            return cls(words, lengths)
        except (OSError, ValueError, EOFError, TypeError):
            pass
        from pythainlp.corpus import thai_words

        made = cls(thai_words())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_bytes(marshal.dumps((tuple(made.words), made._lengths)))
            temporary.replace(path)
        except OSError:
            pass  # a read-only home: build it each time
        return made

    def add(self, word: str) -> None:
        if word and word not in self.words:
            self.words.add(word)
            self._lengths[word[0]] = sorted(set(self._lengths.get(word[0], ())) | {len(word)})

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        lengths = self._lengths.get(text[start:start + 1])
        if not lengths:
            return []
        room = len(text) - start
        words = self.words
        found = []
        for length in lengths:
            if length > room:
                break
            candidate = text[start:start + length]
            if candidate in words:
                found.append(candidate)
        return found

    def __contains__(self, word: str) -> bool:
        return word in self.words


class Segmenter:
    def __init__(self):
        self._lock = threading.Lock()
        self.words = WordSet.thai()
        self._protected: set[str] = set()
        self._protected_re: re.Pattern | None = None
        for line in resources.files("app.resources").joinpath("dict", "user_words.txt").read_text("utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                self.protect(line)

    def protect(self, term: str) -> None:
        """Never break inside `term` (a unit name, an abbreviation such as กพร. or สป.กษ.)."""
        for token in term.split():
            if token not in self._protected:
                with self._lock:
                    self._protected.add(token)
                    self.words.add(token)
                    self._protected_re = None
                    self.pieces.cache_clear()

    def _protected_pattern(self) -> re.Pattern:
        if self._protected_re is None:
            terms = sorted(self._protected, key=len, reverse=True)
            self._protected_re = re.compile("|".join(re.escape(t) for t in terms)) if terms else re.compile(r"(?!)")
        return self._protected_re

    @lru_cache(maxsize=50_000)
    def pieces(self, token: str) -> tuple[str, ...]:
        """Split a space-free token into pieces; a line may break between any two of them."""
        if not _THAI.search(token):
            return (token,)
        from pythainlp.tokenize.newmm import segment

        raw: list[str] = []
        position = 0
        for match in self._protected_pattern().finditer(token):
            if match.start() > position:
                raw.extend(segment(token[position:match.start()], custom_dict=self.words))
            raw.append(match.group())
            position = match.end()
        if position < len(token):
            raw.extend(segment(token[position:], custom_dict=self.words))
        return tuple(_glue(raw))

    @lru_cache(maxsize=20_000)
    def sub_pieces(self, piece: str) -> tuple[str, ...]:
        """The words a compound is made of ("การอำนวยความสะดวก" → การ|อำนวย|ความ|สะดวก), for a
        compound too wide for its column; the piece itself when it is not a compound."""
        if piece in self._protected or not _THAI.search(piece):
            return (piece,)
        from pythainlp.tokenize.newmm import segment

        parts = segment(piece, custom_dict=_Without(self.words, piece))
        if len(parts) < 2 or any(part not in self.words for part in parts):
            return (piece,)
        return tuple(_glue(parts))

    def boundaries(self, text: str) -> set[int]:
        """Offsets in `text` where a line may end: at spaces, between words, and between the
        words of a compound."""
        cuts = {0, len(text)}
        offset = 0
        for token in re.split(r"(\s+)", text):
            if token and not token.isspace():
                for piece in self.pieces(token):
                    for part in self.sub_pieces(piece):
                        offset += len(part)
                        cuts.add(offset)
            else:
                offset += len(token)
                cuts.add(offset)
        return cuts


class _Without:
    """A word set minus one word: to find the words inside a compound."""

    def __init__(self, words: WordSet, excluded: str):
        self.words, self.excluded = words, excluded

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        return [w for w in self.words.prefixes(text, start) if w != self.excluded]


def _glue(raw: list[str]) -> list[str]:
    """No break before ๆ ฯ or closing punctuation, none after opening punctuation."""
    out: list[str] = []
    carry = ""
    for piece in raw:
        if not piece:
            continue
        piece = carry + piece
        carry = ""
        if out and piece[0] in _CLOSING:
            out[-1] += piece
        else:
            out.append(piece)
        if out and out[-1][-1] in _OPENING:
            carry = out.pop()
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def syllables(word: str) -> list[str]:
    """Thai character clusters: the places a too-long word can be cut without splitting marks."""
    from pythainlp.tokenize import tcc

    return tcc.segment(word) or [word]


_segmenter: Segmenter | None = None
_segmenter_lock = threading.Lock()


def segmenter() -> Segmenter:
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                _segmenter = Segmenter()
    return _segmenter
