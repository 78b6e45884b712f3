"""Line counts by ReportLab's own rule, for the paragraphs whose words' bounds (lines.py) leave open.

ReportLab's breakLines fills each line with words while the next one fits: the word's width, and
before it the space after the word before, in that word's face. This module keeps a paragraph's
words as ReportLab makes them (`_getFragWords`, or its one-face split) once per build, as widths
per point of type, and runs the same rule at any size on them, without making the lines. Its sums
are ReportLab's in another order, so a word that ends within a hair (GUARD) of its line's room, or
any word wider than its line, leaves the count to ReportLab; so do hyphenation, shrinking spaces,
soft hyphens and line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import (
    _FK_BREAK,
    _getFragWords,
    _HSFrag,
    _InjectedFrag,
    _processed_frags,
    _shy,
    _SHYWord,
    _SplitFrag,
    split,
    strip,
)

GUARD = 1e-6  # pt: nearer than this to its room, a word is left to ReportLab's own arithmetic
UNITS = 1000.0  # widths are kept at this size: per thousand of a point of type
# Style settings under which ReportLab breaks lines by other rules than filling each line greedily.
OTHER_RULES = (
    "hyphenationLang",
    "uriWasteReduce",
    "embeddedHyphenation",
    "spaceShrinkage",
    "endDots",
    "shaping",
    "wordWrap",
)


@dataclass(frozen=True)
class Word:
    """A word as breakLines sees it, in widths per thousand of the paragraph's size or of its
    superscripts' (each part is in one or the other)."""

    plain: float
    raised: float
    # The space after it (0 if none), in its last part's face; breakLines measures it at the size of
    # its first part, or of its last when the word starts a line: whether each is a superscript.
    space: float
    head_raised: bool
    last_raised: bool
    counts: bool  # some part of it has text: a line that has only uncounted words takes the next


def breaking_words(frags: list[Any], style: ParagraphStyle, superscript: float) -> tuple[Word, ...] | None:
    """A paragraph's words (set in `style`, superscripts in `superscript` pt) as breakLines makes
    them; None where it breaks by other rules or a part is in a size of its own."""
    if any(getattr(style, name, None) for name in OTHER_RULES) or not frags or _processed_frags(frags):
        return None
    single = frags[0]
    if len(frags) == 1 and not hasattr(single, "cbDefn") and not hasattr(single, "backColor"):
        return _one_face(single) if getattr(single, "fontSize", None) == style.fontSize else None
    words = []
    for fragword in _getFragWords(frags, None):
        word = _word(fragword, style.fontSize, superscript)
        if word is None:
            return None
        words.append(word)
    return tuple(words) or None


def _one_face(frag: Any) -> tuple[Word, ...] | None:
    """breakLines' words for a paragraph in one face and size: its text split at spaces. (Its rule
    for one face adds the space before a word of no width, which the rule for several does not.)"""
    words = split(strip(getattr(frag, "text", "")))
    if not words or any(_shy in word for word in words):
        return None
    space = stringWidth(" ", frag.fontName, UNITS)
    widths = [stringWidth(word, frag.fontName, UNITS) for word in words]
    if not all(widths):
        return None
    return tuple(Word(width, 0.0, space, False, False, True) for width in widths)


def _word(fragword: Any, size: float, superscript: float) -> Word | None:
    if isinstance(fragword, _SHYWord | _SplitFrag | _InjectedFrag):
        return None
    parts = fragword[1:]
    head, last = parts[0][0], parts[-1][0]
    if head._fkind == _FK_BREAK:
        return None
    plain = raised = 0.0
    for frag, text in parts:
        if frag.fontSize not in (size, superscript):
            return None
        width = stringWidth(text, frag.fontName, UNITS)
        if frag.fontSize == size:
            plain += width
        else:
            raised += width
    space = stringWidth(" ", last.fontName, UNITS) if isinstance(fragword, _HSFrag) else 0.0
    counts = any(text for _, text in parts)
    return Word(plain, raised, space, head.fontSize != size, last.fontSize != size, counts)


def counted_lines(
    words: tuple[Word, ...], size: float, superscript: float, first: float, later: float
) -> int | None:
    """The number of lines breakLines makes of `words` at `size` (superscripts at `superscript`),
    with `first` and `later` pt of room on the first and the other lines; None if a word comes
    within GUARD of its room or is wider than its line."""
    plain, raised = size / UNITS, superscript / UNITS
    line, room = 0, first
    current = space = 0.0
    counted = 0
    for word in words:
        width = word.plain * plain + word.raised * raised
        if width > room - GUARD:
            return None  # ReportLab may split it: left to it
        new = current + space + width if width > 0 else current
        if abs(new - room) < GUARD:
            return None
        if new > room and counted:  # the word starts the next line
            line, room, current, counted = line + 1, later, width, 1
            space = word.space * (raised if word.last_raised else plain)
        else:
            current, counted = new, counted + word.counts
            space = word.space * (raised if word.head_raised else plain)
    return line + 1
