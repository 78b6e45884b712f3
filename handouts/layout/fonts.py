"""The bundled typefaces: registered with ReportLab once per process, and what they can draw.

Noto Sans (regular, bold, italic, bold italic) sets all text. Noto Sans Math stands in for the few
clinical symbols Noto Sans lacks (≥ ≤ ≠ ≈ →), character by character. Faces for other scripts set the
characters of their script (Chinese, Korean, Arabic: see scripts.py), and are read only when a text
has such a character. A character no face has is refused before layout, naming the field, rather
than printed as an empty box.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import as_file, files
from io import BytesIO
from typing import TYPE_CHECKING

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import Problem

if TYPE_CHECKING:  # a build without a clinic profile does not load the profile's models
    from ..clinic.fonts import ClinicFont
    from ..clinic.profile import Profile

SANS = "HandoutsSans"
SANS_BOLD = "HandoutsSans-Bold"
SANS_ITALIC = "HandoutsSans-Italic"
SANS_BOLD_ITALIC = "HandoutsSans-BoldItalic"
SYMBOLS = "HandoutsSymbols"
HAN = "HandoutsHan"  # Chinese: a subset of Droid Sans Fallback (fonts/NOTICE.txt)
HANGUL = "HandoutsHangul"  # Korean: a subset of Nanum Gothic, renamed as the OFL asks
HANGUL_BOLD = "HandoutsHangul-Bold"
ARABIC = "HandoutsArabic"  # Noto Sans Arabic, shaped (scripts.py)
ARABIC_BOLD = "HandoutsArabic-Bold"

_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    SANS_ITALIC: "NotoSans-Italic.ttf",
    SANS_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
    SYMBOLS: "NotoSansMath-Regular.ttf",
    HAN: "HandoutsHan-Regular.ttf",
    HANGUL: "HandoutsHangul-Regular.ttf",
    HANGUL_BOLD: "HandoutsHangul-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
}
# Each family's faces for regular, bold, italic and bold italic. A script face with no bold or italic
# of its own stands in for them: Chinese has one weight (headings are told by size and colour), and
# neither Arabic nor Korean is written in italics.
_FAMILIES = {
    SANS: (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC),
    HAN: (HAN, HAN, HAN, HAN),
    HANGUL: (HANGUL, HANGUL_BOLD, HANGUL, HANGUL_BOLD),
    ARABIC: (ARABIC, ARABIC_BOLD, ARABIC, ARABIC_BOLD),
}
_FAMILY_OF = {name: family for family, names in _FAMILIES.items() for name in names}
# The script faces, in the order they are asked for a character the text faces lack.
SCRIPT_FACES = (ARABIC, HAN, HANGUL)
SHAPED = frozenset({ARABIC, ARABIC_BOLD})  # faces whose words HarfBuzz shapes (joined Arabic letters)


@dataclass(frozen=True)
class Coverage:
    """The characters the faces can draw: `main` for the text faces, `symbols` for the stand-in.

    The symbols face is read the first time a character outside the text faces is looked up.
    """

    main: frozenset[int]
    extra: tuple[str, ...] = ()  # a clinic's own faces (clinic_faces), asked after the bundled ones

    @cached_property
    def symbols(self) -> frozenset[int]:
        return frozenset(face(SYMBOLS).face.charToGlyph)

    def needs_fallback(self, char: str) -> bool:
        return ord(char) not in self.main and ord(char) in self.symbols

    def can_draw(self, char: str) -> bool:
        code = ord(char)
        return (
            code in self.main or code in self.symbols or char.isspace() or self.script_face(char) is not None
        )

    @cached_property
    def scripts(self) -> tuple[tuple[str, frozenset[int]], ...]:
        """Each script face with the characters it draws, read the first time a character outside
        the text and symbols faces is looked up."""
        bundled = tuple((name, frozenset(face(name).face.charToGlyph)) for name in SCRIPT_FACES)
        return bundled + tuple((name, frozenset(_CLINIC[name].face.charToGlyph)) for name in self.extra)

    def script_face(self, char: str) -> str | None:
        """The script face that draws a character the text faces lack, if one does."""
        code = ord(char)
        return next((name for name, codes in self.scripts if code in codes), None)

    @cached_property
    def _fallback(self) -> frozenset[int]:
        return self.symbols - self.main

    @cached_property
    def _drawable(self) -> frozenset[int]:
        return self.main | self.symbols

    def any_needs_fallback(self, text: str) -> bool:
        """Whether some character of `text` needs the symbols face: set tests, not a call per character."""
        return not self.main.issuperset(map(ord, text)) and not self._fallback.isdisjoint(map(ord, text))

    def can_draw_all(self, text: str) -> bool:
        return (
            self.main.issuperset(map(ord, text))
            or self._drawable.issuperset(map(ord, text))
            or all(self.can_draw(char) for char in text)
        )


class Face(TTFont):  # type: ignore[misc]
    """A TrueType face that remembers the width of each word it has measured.

    Line breaking asks for the width of every word at every size tried, and ReportLab sums the
    glyph widths of the word each time. The sum does not depend on the size, so it is kept, and
    scaled exactly as ReportLab scales it: the same float, so the same line breaks and PDF.
    """

    MAX_WORDS = 20_000  # a batch of handouts uses a few thousand words; this bounds a pathological one
    LONGEST = 40  # characters: a word, not a whole line drawn once

    def __init__(self, name: str, filename: str | BytesIO) -> None:
        super().__init__(name, filename)
        self._sums: dict[str, float] = {}

    def hbFont(self, fontSize: float = 10) -> object:
        """HarfBuzz's font for shaping, only for the faces that need it: ReportLab then leaves the words
        of the other faces as they are (its shapeFragWord skips a face without one)."""
        if self.fontName not in SHAPED:
            raise AttributeError("hbFont")
        return super().hbFont(fontSize)

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


# A clinic's faces, registered by the digest of their bytes: the same file is the same face (and the
# same PDF) whichever profile or build names it.
_CLINIC: dict[str, Face] = {}


def clinic_faces(fonts: Iterable[ClinicFont]) -> tuple[str, ...]:
    """Register a clinic's checked TrueType faces with ReportLab (once per process); their names."""
    names = []
    for font in fonts:
        name = f"HandoutsClinic-{hashlib.sha256(font.data).hexdigest()[:16]}"
        if name not in _CLINIC:
            _CLINIC[name] = Face(name, BytesIO(font.data))
            pdfmetrics.registerFont(_CLINIC[name])
            _FAMILIES[name] = (name, name, name, name)  # one weight: it stands in for bold and italic
            _FAMILY_OF[name] = name
            for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
                addMapping(name, bold, italic, name)
        names.append(name)
    return tuple(names)


def coverage_of(clinic: Profile | None) -> Coverage:
    """What the bundled faces and a clinic's own can draw, for a document printed with that clinic."""
    if clinic is None or not clinic.fonts:
        return register()
    return _with(clinic_faces(clinic.fonts))


@cache
def _with(extra: tuple[str, ...]) -> Coverage:
    return Coverage(register().main, extra)


@cache
def face(name: str) -> Face:
    """One bundled face, read from its file and registered with ReportLab the first time it is asked for."""
    with as_file(files("handouts.font_files") / _FILES[name]) as path:
        font = Face(name, str(path))
    pdfmetrics.registerFont(font)
    # registerFont maps each face as a family of its own: map them back to one family, so that
    # ReportLab finds the bold, italic and bold italic of the face for <b> and <i>.
    family = _FAMILY_OF.get(name)
    if family is not None:
        regular, bold, italic, both = _FAMILIES[family]
        for is_bold, is_italic, member in ((0, 0, regular), (1, 0, bold), (0, 1, italic), (1, 1, both)):
            addMapping(family, is_bold, is_italic, member)
    return font


def family_face(family: str, bold: bool, italic: bool) -> str:
    """The face of a family for a weight and slant: its own, or the one that stands in for it."""
    regular, bold_face, italic_face, both = _FAMILIES[family]
    chosen = (both if italic else bold_face) if bold else (italic_face if italic else regular)
    if chosen not in _CLINIC:  # a clinic's face is registered when its profile is used
        face(chosen)
    return chosen


def is_text_face(name: str) -> bool:
    """Whether a face is one of the text faces (Noto Sans), which set all text but other scripts."""
    return _FAMILY_OF.get(name) == SANS


def style_of(name: str) -> tuple[bool, bool]:
    """Whether a text face is bold and italic."""
    index = _FAMILIES[SANS].index(name) if is_text_face(name) else 0
    return index in (1, 3), index in (2, 3)


@cache
def register() -> Coverage:
    """Register the upright text faces with ReportLab (once per process) and return what the faces cover.

    Reading a face takes a few milliseconds of a command's start, so the italic faces are read for
    the first paragraph that has italics (`italics`) and the symbols face for the first character
    the text faces lack (`Coverage.symbols`). The four text faces cover the same characters.
    """
    face(SANS_BOLD)
    return Coverage(frozenset(face(SANS).face.charToGlyph))


def text_width(text: str, font: str, size: float) -> float:
    """The width of text in a text face as it prints: a character the text faces lack measured in the
    face that draws it (an estimate for Arabic, whose shaped words are a little narrower or wider)."""
    coverage = register()
    if not is_text_face(font) or coverage.main.issuperset(map(ord, text)):
        return float(pdfmetrics.stringWidth(text, font, size))
    bold, italic = style_of(font)
    total = 0.0
    for char in text:
        family = None if ord(char) in coverage.main else coverage.script_face(char)
        name = family_face(_FAMILY_OF[family], bold, italic) if family else font
        total += pdfmetrics.stringWidth(char, name, size)
    return total


def italics() -> None:
    """Register the italic faces, for paragraph markup with <i>."""
    face(SANS_ITALIC)
    face(SANS_BOLD_ITALIC)


def glyph_problems(
    texts: Iterable[tuple[str, str]], file: str, coverage: Coverage | None = None
) -> list[Problem]:
    """One problem per field holding characters the fonts (`coverage`: the bundled ones unless given)
    cannot draw, listing each of them once, in the order they first appear."""
    coverage = coverage or register()
    problems: list[Problem] = []
    for path, text in texts:
        if coverage.can_draw_all(text):
            continue
        missing = [char for char in dict.fromkeys(text) if not coverage.can_draw(char)]
        shown = ", ".join(_character(char) for char in missing[:MAX_LISTED])
        if len(missing) > MAX_LISTED:
            shown += f" and {len(missing) - MAX_LISTED} more"
        scripts = sorted({script(char) for char in missing} & WRITING_SYSTEMS)
        bundled = [name for name in scripts if name in BUNDLED_SCRIPTS]
        if bundled and bundled == scripts:  # a rare character beyond the bundled subset
            named = " and ".join(f"{name} ({BUNDLED_SCRIPTS[name]})" for name in bundled)
            advice = (
                f"the bundled fonts hold the common characters of the {named} script only: write them "
                "with common characters, or name a TrueType font that has them in the clinic profile's fonts"
            )
        elif scripts:  # a language's letters, not a stray symbol: no replacing them one by one
            named = " and ".join(name for name in scripts if name not in BUNDLED_SCRIPTS)
            count = len(scripts) - len(bundled)
            advice = f"handouts has no font for the {named} script{'s' if count > 1 else ''} yet"
        else:
            advice = "replace it" if len(missing) == 1 else "replace them"
        if len(missing) == 1:
            message = f"holds a character the bundled fonts cannot draw: {shown}; {advice}"
        else:
            message = f"holds {len(missing)} characters the bundled fonts cannot draw: {shown}; {advice}"
        problems.append(Problem(file, path, message))
    return problems


# Scripts whose letters a language is written in, as Unicode names them (first word), that the bundled
# faces lack: a field in one is a whole language, which only a font for it would print.
WRITING_SYSTEMS = frozenset(
    {"Han", "Hangul", "Hiragana", "Katakana", "Arabic", "Hebrew", "Devanagari", "Bengali", "Thai"}
    | {"Tamil", "Telugu", "Gujarati", "Gurmukhi", "Khmer", "Lao", "Myanmar", "Ethiopic", "Armenian"}
    | {"Georgian", "Sinhala", "Tibetan", "Syriac", "Thaana"}
)


# Scripts with a bundled face, and what it holds of them (tools/subset_fonts.py).
BUNDLED_SCRIPTS = {"Han": "GB 2312", "Hangul": "KS X 1001", "Arabic": "Noto Sans Arabic"}


def script(char: str) -> str:
    """The script of a character as Unicode's name for it starts ("Arabic"; "Han" for CJK ideographs)."""
    first = unicodedata.name(char, "Unnamed").split()[0]
    return "Han" if first == "CJK" else first.title()


MAX_LISTED = 8  # characters named in one line; a field in another script says how many more


def _character(char: str) -> str:
    return f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')})"
