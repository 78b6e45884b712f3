"""Text in other scripts than the text faces': each character in a face that has it, Arabic words
shaped, and right-to-left lines put in the order they are seen.

A paragraph's fragments (ReportLab's runs of text in one font) are split where a character needs a
script face (fonts.SCRIPT_FACES), after ReportLab has parsed the markup: so every paragraph gets
them, the spec's text and the catalogue's words alike, and text that the text faces draw (every
Latin page) is left exactly as it was.

Arabic letters join, and take another shape at the start, middle or end of a word. Each Arabic word
is shaped by ReportLab's own shaping (`shapeStr`, through HarfBuzz) into the glyphs it is drawn with,
in the order they are seen (right to left); the glyphs are characters of the face (Arabic's
presentation forms), so a shaped word is measured and broken like any other.

ReportLab breaks the lines of a right-to-left paragraph in reading order; `visual` then puts each
line's words right to left, keeping a run of Latin words or numbers in its own order (a simple form
of the Unicode bidirectional algorithm, for words rather than characters), for drawing only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr

from .fonts import ARABIC, SANS, Coverage, family_face, is_text_face, style_of

# Arabic letters and marks, their supplement, and both blocks of presentation forms.
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f]")  # letters that join
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# A word's parts: a run of Arabic (shaped: already as seen), a number or Latin word with what joins
# its parts (1.0, 2027-07-01, 555-0100), or any other character alone.
_SUBRUNS = re.compile(
    "(?P<arabic>[\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+)"
    "|(?P<latin>[^\\W_](?:[.,:/\\-]?[^\\W_])*)"
    "|(?P<other>.)",
    re.DOTALL,
)
# Arabic letters and marks, without its digits: the runs HarfBuzz shapes.
_SHAPED_RUN = re.compile("[\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]+")
_PIECES = re.compile(r"( +)")


def in_faces(frags: list[Any], coverage: Coverage, rtl: bool) -> list[Any]:
    """The fragments, each character in a face that draws it: a new list if any changed."""
    if all(_plain(frag, coverage) for frag in frags):
        return frags
    out: list[Any] = []
    for frag in frags:
        if _plain(frag, coverage):
            out.append(frag)
            continue
        bold, italic = style_of(frag.fontName)
        for text, family in _runs(frag.text, coverage, rtl):
            piece = _clone(frag)
            if family != SANS:
                piece.fontName = family_face(family, bold, italic)
                if family == ARABIC:
                    text = _shaped(text, piece.fontName)
            piece.text = text
            out.append(piece)
    return out


def _plain(frag: Any, coverage: Coverage) -> bool:
    """Whether a fragment is left as it is: no text, not in a text face, or drawn by one."""
    text = getattr(frag, "text", "")
    return not text or not is_text_face(frag.fontName) or coverage.main.issuperset(map(ord, text))


def _runs(text: str, coverage: Coverage, rtl: bool) -> list[tuple[str, str]]:
    """The text in runs of one face family each (SANS for the text faces)."""
    arabic = rtl and _LETTER.search(text) is not None
    arabic_codes = dict(coverage.scripts).get(ARABIC, frozenset()) if arabic else frozenset()
    runs: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        if code in arabic_codes:  # spaces, digits and stops with the words: one run, one font
            family = ARABIC
        elif code in coverage.main:
            family = SANS
        else:
            family = coverage.script_face(char) or SANS
        if runs and runs[-1][1] == family:
            runs[-1] = (runs[-1][0] + char, family)
        else:
            runs.append((char, family))
    return runs


@lru_cache(maxsize=4096)  # the same words in the same face (a label on every page, every size tried)
def _shaped(text: str, font: str) -> str:
    """Each run of Arabic letters in the glyphs it is drawn with, right to left; the rest as it is
    (numbers and stops keep their order: `visual` places them)."""
    return _SHAPED_RUN.sub(lambda found: str(shapeStr(found.group(), font, 10)), text)


def _clone(frag: Any) -> Any:
    duplicate = object.__new__(type(frag))
    duplicate.__dict__.update(frag.__dict__)
    return duplicate


def visual(lines: Any) -> Any:
    """A paragraph's lines (ReportLab's ParaLines, in reading order) with each line's words in the
    order they are drawn, right to left; ReportLab reverses a right-to-left line's fragments as it
    draws them, so they are given here left to right, reversed."""
    copy = _clone(lines)
    if lines.kind == 0:
        rtl = _starts_right_to_left(" ".join(" ".join(words) for _, words in lines.lines))
        copy.lines = [(space, _order_words(words, rtl)) for space, words in lines.lines]
        return copy
    texts = (getattr(frag, "text", "") or "" for line in lines.lines for frag in line.words)
    rtl = _starts_right_to_left(" ".join(texts))
    copy.lines = [_frag_line(line, rtl) for line in lines.lines]
    return copy


def _starts_right_to_left(text: str) -> bool:
    """Whether a paragraph reads right to left: its first letter is Arabic (one that starts in Latin
    letters, a reference's title say, reads left to right); one with no letters, as the page does."""
    for char in text:
        if _ARABIC.match(char):
            return True
        if char.isalpha():
            return False
    return True


def _order_words(words: list[str], rtl: bool) -> list[str]:
    """A line of one font's words as drawn: one string (ReportLab joins the words with spaces)."""
    tokens: list[list[tuple[Any, str]]] = []
    for word in words:
        tokens += [[(None, " ")], [(None, word)]] if tokens else [[(None, word)]]
    return ["".join(text for token in _seen(tokens, rtl) for _, text in token)]


def _frag_line(line: Any, rtl: bool) -> Any:
    """One line of fragments, as drawn: a fragment for each word, space and marker, left to right."""
    tokens: list[list[tuple[Any, str]]] = []
    current: list[tuple[Any, str]] = []
    for frag in line.words:
        if not hasattr(frag, "text") or hasattr(frag, "cbDefn"):
            current.append((frag, ""))
            continue
        for piece in _PIECES.split(frag.text):
            if not piece:
                continue
            if piece.startswith(" "):
                if current:
                    tokens.append(current)
                tokens.append([(frag, piece)])
                current = []
            else:
                current.append((frag, piece))
    if current:
        tokens.append(current)
    drawn: list[Any] = []
    width = 0.0
    for token in _seen(tokens, rtl):
        for frag, text in token:
            piece = _clone(frag)
            if text or hasattr(frag, "text"):
                piece.text = text
                width += stringWidth(text, frag.fontName, frag.fontSize) if text else 0.0
            drawn.append(piece)
    copy = _clone(line)
    copy.words = drawn[::-1]
    copy.extraSpace = line.maxWidth - width
    return copy


def _seen(tokens: list[list[tuple[Any, str]]], rtl: bool = True) -> list[list[tuple[Any, str]]]:
    """Tokens (words, spaces) of a line in the order they are seen, left to right, in a paragraph
    that reads right to left (`rtl`) or, for one that starts in Latin letters, left to right.

    Levels as the bidirectional algorithm gives them to whole words: an Arabic word is right to
    left (odd), a Latin word or number left to right (even), a space or stop takes the direction of
    the words on both sides when they agree, else the paragraph's; then each run at or above a level,
    from the highest down to 1, is reversed, and a right-to-left word's brackets face the other way.
    """
    tokens = [part for token in tokens for part in _trimmed(token)]
    kinds = [_kind("".join(text for _, text in token)) for token in tokens]
    base = "R" if rtl else "L"
    strong = {"R": 1, "L": 2} if rtl else {"R": 1, "L": 0}
    levels = [strong.get(kind, 0) for kind in kinds]
    for index, kind in enumerate(kinds):
        if kind == "N":
            before = next((k for k in reversed(kinds[:index]) if k != "N"), base)
            after = next((k for k in kinds[index + 1 :] if k != "N"), base)
            levels[index] = strong[before if before == after else base]
    seen = [_mirrored(token) if level % 2 else token for token, level in zip(tokens, levels, strict=True)]
    order = list(range(len(seen)))
    for level in range(max(levels, default=0), 0, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return [seen[index] for index in order]


def _trimmed(token: list[tuple[Any, str]]) -> list[list[tuple[Any, str]]]:
    """A Latin word or number apart from the stops and brackets around it ("2." is "2" and "."), which
    take the direction of what is around them: the Arabic sentence's, most often."""
    text = "".join(piece for _, piece in token)
    if _ARABIC.search(text) or any(_marker(frag) is not None for frag, _ in token):
        return [token]
    # A phone number's "+" goes with its digits, not with the sentence around them.
    cores = [
        i for i, char in enumerate(text) if char.isalnum() or (char == "+" and text[i + 1 : i + 2].isdigit())
    ]
    if not cores or (cores[0] == 0 and cores[-1] == len(text) - 1):
        return [token]
    chars = [(frag, char) for frag, piece in token for char in piece]
    bounds = [(0, cores[0]), (cores[0], cores[-1] + 1), (cores[-1] + 1, len(chars))]
    parts = []
    for start, end in bounds:
        part: list[tuple[Any, str]] = []
        for frag, char in chars[start:end]:
            if part and part[-1][0] is frag:
                part[-1] = (frag, part[-1][1] + char)
            else:
                part.append((frag, char))
        if part:
            parts.append(part)
    return parts


def _mirrored(token: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """A right-to-left word as seen: its parts in reverse (a shaped Arabic run is already in the
    order it is seen, a number or Latin run keeps its own, across fonts), brackets facing the other
    way. What an inline marker opens (a citation) stays together, in its own order, so that the tags
    it opens still open before they close."""
    units: list[list[tuple[Any, str]]] = []
    text: list[tuple[Any, str]] = []  # the characters since the last marker, each with its fragment
    depth = 0
    for frag, piece in token:
        label = _marker(frag)
        if label is None and not depth:
            text += [(frag, char) for char in piece]
            continue
        units += _text_units(text)
        text = []
        if depth:
            units[-1].append((frag, piece))
        else:
            units.append([(frag, piece)])
        if label is not None:
            opens = label != "end" and not label.startswith("then")
            depth = max(0, depth + (1 if opens else -1 if label == "end" else 0))
    units += _text_units(text)
    return [part for unit in reversed(units) for part in unit]


def _text_units(chars: list[tuple[Any, str]]) -> list[list[tuple[Any, str]]]:
    """Text of a right-to-left word in the units it is reversed by: runs of Arabic, of Latin letters
    and digits (each in its fragments), and other characters one by one, mirrored."""
    joined = "".join(char for _, char in chars)
    units = []
    for found in _SUBRUNS.finditer(joined):
        unit: list[tuple[Any, str]] = []
        for frag, char in chars[found.start() : found.end()]:
            if found.lastgroup == "other":
                char = char.translate(_MIRRORED)
            if unit and unit[-1][0] is frag:
                unit[-1] = (frag, unit[-1][1] + char)
            else:
                unit.append((frag, char))
        units.append(unit)
    return units


def _marker(frag: Any) -> str | None:
    """The label of an inline marker (inline.marker), or None for text."""
    definition = getattr(frag, "cbDefn", None)
    if getattr(definition, "kind", None) != "onDraw":
        return None
    return str(getattr(definition, "label", "") or "")


def _kind(text: str) -> str:
    """R for a word with Arabic in it, L for one with Latin letters or digits, N for the rest."""
    if _ARABIC.search(text):
        return "R"
    if any(char.isalnum() for char in text):
        return "L"
    return "N"
