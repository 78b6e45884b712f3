"""Line counts from word widths: how many lines a paragraph takes, when its words settle it.

ReportLab breaks a paragraph greedily: it fills each line with as many words as fit. The number of
lines that gives has two bounds that need no breaking. The words cannot be packed tighter than
their total width, which gives the fewest lines; and a line is only ended when the next word does
not fit, so each full line takes more than its room less the widest word, which gives the most.
Where the two meet, that is the number of lines. They meet for most one-line paragraphs and about
half of the longer ones, which the fitting then measures at sizes it does not draw without breaking
them into lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

SLACK = 0.01  # pt: every comparison leans this far towards "not settled", beyond any rounding

# Characters where ReportLab may break a line or change a word's width as it does: whitespace other
# than the plain and the no-break space, the zero-width space, and the soft hyphen.
_OTHER_BREAKS = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029\u202f\u205f\u3000\u200b\xad"
) | {chr(code) for code in range(0x2000, 0x200B)}
# Fragment attributes that change how a line is broken or drawn beyond its words' widths.
_OTHER_MARKUP = ("cbDefn", "lineBreak", "backColor", "link", "us_lines")


@dataclass(frozen=True)
class Words:
    """A paragraph's words, as widths per point of type, its plain and superscript parts apart
    (a superscript is set in a size of its own)."""

    total: tuple[float, float]  # every word, spaces left out
    widest: tuple[float, float]  # at least the widest word: the widest plain and superscript parts
    space: float  # the widest space
    gaps: int  # spaces between words


def words_of(frags: list[Any], size: float) -> Words | None:
    """The words of a paragraph set at `size`; None when its text has what the bounds leave out:
    other breaks than spaces, line breaks, links, or a size other than its own and superscripts'."""
    widths: list[tuple[float, float]] = []  # per word: plain and superscript parts
    plain = raised = space = 0.0
    word: tuple[float, float] | None = None
    for frag in frags:
        if _is_marker(frag):  # a tag's marker: no width, and no break (it joins the word beside it)
            continue
        text = getattr(frag, "text", None)
        if text is None or any(getattr(frag, name, None) for name in _OTHER_MARKUP):
            return None
        if not _OTHER_BREAKS.isdisjoint(text):
            return None
        superscript = frag.fontSize != size
        if superscript and (frag.fontSize > size or frag.rise <= 0):
            return None
        space = max(space, stringWidth(" ", frag.fontName, frag.fontSize) / size)
        for index, piece in enumerate(text.split(" ")):
            if index and word is not None:  # a space ends the word before it
                widths.append(word)
                word = None
            if not piece:
                continue
            width = stringWidth(piece, frag.fontName, frag.fontSize) / frag.fontSize
            word = word or (0.0, 0.0)
            word = (word[0], word[1] + width) if superscript else (word[0] + width, word[1])
            if superscript:
                raised += width
            else:
                plain += width
    if word is not None:
        widths.append(word)
    if not widths:
        return None
    widest = (max(width[0] for width in widths), max(width[1] for width in widths))
    return Words((plain, raised), widest, space, len(widths) - 1)


def settled_lines(words: Words, size: float, superscript: float, first: float, later: float) -> int | None:
    """The number of lines ReportLab breaks the words into, with `first` and `later` pt of room on
    the first and the other lines, if the bounds meet; else None. `superscript`: its size in pt."""
    total = words.total[0] * size + words.total[1] * superscript
    widest = words.widest[0] * size + words.widest[1] * superscript + words.space * size
    if later <= 0 or widest >= min(first, later) - SLACK:
        return None  # a word may be pushed to a line of its own or split: no bound on the most
    fewest = 1 + max(0, math.ceil((total - SLACK - first) / later))
    remaining = total + words.gaps * words.space * size  # the whole text on one line
    for line in range(fewest - 1):  # each line before the last takes more than its room less a word
        remaining -= (first if line == 0 else later) - widest
    last = first if fewest == 1 else later
    return fewest if remaining <= last - SLACK else None


def _is_marker(frag: Any) -> bool:
    definition = getattr(frag, "cbDefn", None)
    return getattr(definition, "kind", None) == "onDraw" and not getattr(definition, "width", 0)
