"""What one build works out about its text, shared by every size the fitting tries.

Fitting tries several type sizes. What each size works out about a paragraph (its parsed fragments,
its number of lines, its words' widths) tells the others, so most sizes cost little more than
composing the page.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any, cast

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from .counting import UNITS, Word
from .fonts import Coverage, text_width
from .fragments import copy_fragment, superscript
from .lines import Words


class TextMemory:
    """What one build has worked out about its text, shared by every size it tries.

    Markup: a spec text's paragraph markup (and its plain words) do not depend on the size, so each
    is worked out once.

    Fragments: ReportLab parses paragraph markup into fragments of text in one font and size. Set
    in another size, the same markup gives the same fragments but for their size and rise, which
    are the paragraph's own, or a superscript's at that size, unless the markup sets a size itself.
    Such a paragraph is parsed once; at other sizes it gets copies of its fragments, resized.

    Lines: words keep their widths in ems at every size (a superscript grows a little with the
    size, never shrinks), so a paragraph with at least as much room in ems at a smaller size breaks,
    line by line, no later, and into no more lines. A paragraph that broke into n lines at a smaller
    and at a larger size therefore breaks into n lines at every size between, and one that broke into
    one line at some size stays on one line at every smaller size. Such a paragraph is measured
    without breaking its lines again: it is n leadings tall.
    """

    def __init__(self) -> None:
        self.markup: dict[str, str] = {}  # spec text -> paragraph markup
        self.plain: dict[str, str] = {}  # spec text -> the words it prints
        # paragraph -> (its text, its fragments, whether each is a superscript)
        self._parsed: dict[Hashable, tuple[str, list[Any], list[bool]]] = {}
        # paragraph -> (font size, room on the first line in ems, room on later lines in ems, lines)
        self._seen: dict[Hashable, list[tuple[float, float, float, int]]] = {}
        self.words: dict[Hashable, Words | None] = {}  # paragraph -> its words' widths (lines.py)
        self.breaking: dict[Hashable, tuple[Word, ...] | None] = {}  # paragraph -> its words (counting.py)
        self.coverage: Coverage | None = None  # the faces of the document's clinic too, if it has some
        self._widths: dict[tuple[str, str], float] = {}  # (text, font) -> its width per point of type

    def width(self, text: str, font: str, size: float) -> float:
        """fonts.text_width, worked out once per text and face: the templates ask at every size."""
        key = (text, font)
        if key not in self._widths:
            self._widths[key] = text_width(text, font, UNITS) / UNITS
        return self._widths[key] * size

    def lines(self, paragraph: Hashable, size: float, first: float, later: float) -> int | None:
        """The number of lines, if the sizes measured so far pin it down; None if it must be broken."""
        seen = self._seen.get(paragraph)
        if not seen:
            return None
        first, later = first / size, later / size
        # Whether a paragraph has any text does not depend on the size: then one line is the least.
        fewest = 1 if seen[0][3] else 0
        most: int | None = None
        for other, other_first, other_later, count in seen:
            if other <= size and other_first >= first and other_later >= later:
                fewest = max(fewest, count)
            if other >= size and other_first <= first and other_later <= later:
                most = count if most is None else min(most, count)
        return fewest if fewest == most else None

    def remember(self, paragraph: Hashable, size: float, first: float, later: float, lines: int) -> None:
        self._seen.setdefault(paragraph, []).append((size, first / size, later / size, lines))

    def fragments(self, paragraph: Hashable, style: ParagraphStyle) -> tuple[str, list[Any]] | None:
        """The text and fragments of a paragraph parsed at another size, resized for `style`, if known."""
        parsed = self._parsed.get(paragraph)
        if parsed is None:
            return None
        text, fragments, raised = parsed
        plain = (style.fontSize, 0)
        raised_size = superscript(style.fontSize) if any(raised) else plain
        resized = []
        for fragment, up in zip(fragments, raised, strict=True):
            fragment = copy_fragment(fragment)
            fragment.fontSize, fragment.rise = raised_size if up else plain
            resized.append(fragment)
        return text, resized

    def remember_parse(
        self, paragraph: Hashable, markup: str, style: ParagraphStyle, parsed: Paragraph
    ) -> None:
        """Keep a paragraph's fragments for other sizes, if each is in its own size or a superscript's."""
        if _SIZE_IN_TAG.search(markup):
            return
        plain: tuple[float, float] = (style.fontSize, 0)
        sizes = [(fragment.fontSize, fragment.rise) for fragment in parsed.frags]
        kinds = {plain: False}
        if any(size != plain for size in sizes):
            kinds[superscript(style.fontSize)] = True
        raised = [kinds.get(size) for size in sizes]
        if None in raised:
            return
        # Copies: line breaking marks the fragments it is given.
        fragments = [copy_fragment(fragment) for fragment in parsed.frags]
        self._parsed[paragraph] = (parsed.text, fragments, cast(list[bool], raised))

    def superscript_size(self, style: ParagraphStyle) -> float:
        return superscript(style.fontSize)[0]


# A tag that sets a size (<font size=...>) would set the same one at every paragraph size.
_SIZE_IN_TAG = re.compile(r"<[^>]*size", re.IGNORECASE)
