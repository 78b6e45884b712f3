"""The bundled typefaces: registered with ReportLab once per process, and what they can draw.

Noto Sans (regular, bold, italic, bold italic) sets all text. Noto Sans Math stands in for the few
clinical symbols Noto Sans lacks (≥ ≤ ≠ ≈ →), character by character. A character neither face
has is refused before layout, naming the field, rather than printed as an empty box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import as_file, files

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .errors import Problem

SANS = "HandoutsSans"
SANS_BOLD = "HandoutsSans-Bold"
SANS_ITALIC = "HandoutsSans-Italic"
SANS_BOLD_ITALIC = "HandoutsSans-BoldItalic"
SYMBOLS = "HandoutsSymbols"

_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    SANS_ITALIC: "NotoSans-Italic.ttf",
    SANS_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
    SYMBOLS: "NotoSansMath-Regular.ttf",
}


@dataclass(frozen=True)
class Coverage:
    """The characters each face can draw."""

    main: frozenset[int]
    symbols: frozenset[int]

    def needs_fallback(self, char: str) -> bool:
        return ord(char) not in self.main and ord(char) in self.symbols

    def can_draw(self, char: str) -> bool:
        code = ord(char)
        return code in self.main or code in self.symbols or char.isspace()

    @cached_property
    def _fallback(self) -> frozenset[int]:
        return self.symbols - self.main

    @cached_property
    def _drawable(self) -> frozenset[int]:
        return self.main | self.symbols

    def any_needs_fallback(self, text: str) -> bool:
        """Whether some character of `text` needs the symbols face: one set test, not a call per character."""
        return not self._fallback.isdisjoint(map(ord, text))

    def can_draw_all(self, text: str) -> bool:
        return self._drawable.issuperset(map(ord, text)) or all(self.can_draw(char) for char in text)


class Face(TTFont):  # type: ignore[misc]
    """A TrueType face that remembers the width of each word it has measured.

    Line breaking asks for the width of every word at every size tried, and ReportLab sums the
    glyph widths of the word each time. The sum does not depend on the size, so it is kept, and
    scaled exactly as ReportLab scales it: the same float, so the same line breaks and PDF.
    """

    MAX_WORDS = 20_000  # a batch of handouts uses a few thousand words; this bounds a pathological one
    LONGEST = 40  # characters: a word, not a whole line drawn once

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._sums: dict[str, float] = {}

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        total = self._sums.get(text)
        if total is None:
            widths, default = self.face.charWidths.get, self.face.defaultWidth
            total = sum(widths(ord(char), default) for char in text)
            if len(text) <= self.LONGEST:
                if len(self._sums) >= self.MAX_WORDS:
                    self._sums.clear()
                self._sums[text] = total
        return 0.001 * size * total


@cache
def register() -> Coverage:
    """Register the faces with ReportLab (once per process) and return what they cover."""
    cmaps: dict[str, frozenset[int]] = {}
    for name, filename in _FILES.items():
        with as_file(files("handouts.font_files") / filename) as path:
            font = Face(name, str(path))
        pdfmetrics.registerFont(font)
        cmaps[name] = frozenset(font.face.charToGlyph)
    for bold, italic, name in (
        (0, 0, SANS),
        (1, 0, SANS_BOLD),
        (0, 1, SANS_ITALIC),
        (1, 1, SANS_BOLD_ITALIC),
    ):
        addMapping(SANS, bold, italic, name)
    main = cmaps[SANS] & cmaps[SANS_BOLD] & cmaps[SANS_ITALIC] & cmaps[SANS_BOLD_ITALIC]
    return Coverage(main=main, symbols=cmaps[SYMBOLS])


def glyph_problems(texts: Iterable[tuple[str, str]], file: str) -> list[Problem]:
    """Every character, with the field holding it, that the bundled fonts cannot draw."""
    coverage = register()
    problems: list[Problem] = []
    for path, text in texts:
        if coverage.can_draw_all(text):
            continue
        for char in dict.fromkeys(text):
            if not coverage.can_draw(char):
                name = unicodedata.name(char, "unnamed character")
                problems.append(
                    Problem(
                        file,
                        path,
                        f"the character {char!r} (U+{ord(char):04X} {name}) is not in the bundled fonts; "
                        "replace it",
                    )
                )
    return problems
