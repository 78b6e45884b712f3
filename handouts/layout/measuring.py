"""The measuring machinery: what one build works out about its text, and paragraphs measured with it.

Fitting tries several type sizes. What each size works out about a paragraph (its parsed fragments,
its number of lines, its words' widths) tells the others, so most sizes cost little more than
composing the page; what is drawn is still ReportLab's own line breaking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, cast

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.rl_config import _FUZZ

from .fonts import Coverage, register, text_width
from .fragments import fragments
from .lines import Words, settled_lines, words_of
from .scripts import in_faces, visual

if TYPE_CHECKING:
    from .tags import Node


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
        self._superscripts: dict[tuple[str, float], tuple[float, float]] = {}
        # paragraph -> (font size, room on the first line in ems, room on later lines in ems, lines)
        self._seen: dict[Hashable, list[tuple[float, float, float, int]]] = {}
        self.words: dict[Hashable, Words | None] = {}  # paragraph -> its words' widths (lines.py)
        self.coverage: Coverage | None = None  # the faces of the document's clinic too, if it has some
        self._widths: dict[tuple[str, str], float] = {}  # (text, font) -> its width per point of type

    def width(self, text: str, font: str, size: float) -> float:
        """fonts.text_width, worked out once per text and face: the templates ask at every size."""
        key = (text, font)
        if key not in self._widths:
            self._widths[key] = text_width(text, font, 1000.0) / 1000.0
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
        superscript = self._superscript(style) if any(raised) else plain
        resized = []
        for fragment, up in zip(fragments, raised, strict=True):
            fragment = _copy(fragment)
            fragment.fontSize, fragment.rise = superscript if up else plain
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
            kinds[self._superscript(style)] = True
        raised = [kinds.get(size) for size in sizes]
        if None in raised:
            return
        # Copies: line breaking marks the fragments it is given.
        fragments = [_copy(fragment) for fragment in parsed.frags]
        self._parsed[paragraph] = (parsed.text, fragments, cast(list[bool], raised))

    def superscript_size(self, style: ParagraphStyle) -> float:
        return self._superscript(style)[0]

    def _superscript(self, style: ParagraphStyle) -> tuple[float, float]:
        """The size and rise ReportLab gives a superscript in `style`: found by setting one."""
        key = (style.name, style.fontSize)
        if key not in self._superscripts:
            probe = Paragraph("<super>1</super>", style).frags[-1]
            self._superscripts[key] = (probe.fontSize, probe.rise)
        return self._superscripts[key]


def _copy(fragment: Any) -> Any:
    """A shallow copy of a fragment (a plain bag of attributes), as copy.copy makes it, but quicker."""
    duplicate = object.__new__(type(fragment))
    duplicate.__dict__.update(fragment.__dict__)
    return duplicate


# A tag that sets a size (<font size=...>) would set the same one at every paragraph size.
_SIZE_IN_TAG = re.compile(r"<[^>]*size", re.IGNORECASE)


class _Scripted(Paragraph):  # type: ignore[misc]
    """A paragraph whose characters of other scripts are set in their faces (scripts.py), and whose
    lines, right to left in a right-to-left style, are drawn so."""

    frags: list[Any]
    blPara: Any

    def _setup(self, text: Any, style: ParagraphStyle, bullet: Any, frags: Any, cleaner: Any) -> None:
        parsed = frags is None  # here; given fragments (a part of a paragraph, a copy) are in their faces
        if parsed and isinstance(text, str):
            text = cleaner(text)
            frags = fragments(text, style)  # the layout's own markup, read without ReportLab's parser
        super()._setup(text, style, bullet, frags, cleaner)
        if parsed:
            coverage = self.__dict__.get("_coverage") or register()
            self.frags = in_faces(self.frags, coverage, style.wordWrap == "RTL")

    def drawPara(self, debug: int = 0) -> None:
        if self.style.wordWrap != "RTL":
            super().drawPara(debug)
            return
        logical = self.blPara  # kept in reading order, for splitting the paragraph
        self.blPara = visual(logical)
        try:
            super().drawPara(debug)
        finally:
            self.blPara = logical


class MeasuredParagraph(_Scripted):
    """A ReportLab paragraph that is parsed only when its text is first needed, and broken into lines
    only when the sizes measured before (see TextMemory) leave its number of lines open.

    Its height is then the one ReportLab's wrap would give; the lines themselves are broken when they
    are first needed (to draw them), by ReportLab, so what is drawn is ReportLab's own.
    """

    width: float
    height: float
    tags: list[Node | None]  # the node of each text object it draws: its bullet's, then its own
    _wrapWidths: list[float]
    _lines: int  # as measured, when the lines are broken only to be drawn

    def __init__(self, markup: str, style: ParagraphStyle, bullet: str | None, memory: TextMemory) -> None:
        # What Paragraph.__init__ sets, but for what parsing the markup sets: see __getattr__.
        self.caseSensitive = 1
        self.encoding = "utf8"
        self.style = style
        self._source = (markup, bullet or getattr(style, "bulletText", None))
        self._memory = memory
        self._coverage = memory.coverage
        self._key = (markup, bullet, style.name)  # the same text in the same style, at any size
        self.tags = [None]  # an artifact, unless the writer says what it is

    def __getattr__(self, name: str) -> Any:
        """Parse on first use of what parsing sets; break the lines on first use of them."""
        state = self.__dict__
        if name in _SET_BY_PARSING and "_source" in state:
            self._parse(*state.pop("_source"))
            return getattr(self, name)
        # Only after the lines were counted without breaking them (ReportLab's CJK wrap asks whether
        # the paragraph has lines while it breaks them).
        if name == "blPara" and "_wrapWidths" in state and "_lines" in state:
            height = self.height  # breakLines zeroes it; wrap has set it from the same number of lines
            self.blPara = self.breakLines(self._wrapWidths)
            self.height = height
            if len(self.blPara.lines) != self._lines:  # drawn otherwise than measured: never print it
                raise RuntimeError(
                    f"a paragraph measured as {self._lines} lines broke into {len(self.blPara.lines)}"
                )
            return self.blPara
        raise AttributeError(name)

    def _parse(self, markup: str, bullet: str | None) -> None:
        style = self.style
        parsed = self._memory.fragments(self._key, style)
        if parsed is not None:
            text, fragments = parsed
            self._setup(text, style, bullet, fragments, cleanBlockQuotedText)
            return
        self._setup(markup, style, bullet, None, cleanBlockQuotedText)
        self._memory.remember_parse(self._key, markup, style, self)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self.__dict__.get("_wrapped_at"):  # a table asks again as it draws its cells
            return self.width, self.height
        style = self.style
        if availWidth < _FUZZ or style.wordWrap or getattr(style, "autoLeading", "") not in ("", "off"):
            # Lines that break between characters (CJK), or that are drawn right to left: ReportLab's
            # own wrap, every time (lines.py's bounds count spaces between words).
            self.__dict__.pop("_lines", None)
            return cast(tuple[float, float], super().wrap(availWidth, availHeight))
        # The room ReportLab's wrap and breakLines give the first line and the others.
        first = availWidth - (style.leftIndent + style.firstLineIndent) - style.rightIndent
        later = availWidth - style.leftIndent - style.rightIndent
        room = first - self._bullet_overrun()
        lines = self._memory.lines(self._key, style.fontSize, room, later)
        if lines is None:
            lines = self._settled_lines(room, later)
            if lines is not None:
                self._memory.remember(self._key, style.fontSize, room, later, lines)
        if lines is None:
            self.__dict__.pop("_lines", None)
            super().wrap(availWidth, availHeight)
            # A word wider than its line is split and packed tight, so a larger size can take fewer
            # lines: such a count says nothing about other sizes.
            if not getattr(self, "_splitLongWordCount", 0):
                self._memory.remember(self._key, style.fontSize, room, later, len(self.blPara.lines))
        else:
            self.__dict__.pop("blPara", None)
            self._wrapWidths = [first, later]
            self._lines = lines
            self.width, self.height = availWidth, lines * style.leading  # as Paragraph.wrap counts
        self._wrapped_at = availWidth
        return self.width, self.height

    def _settled_lines(self, first: float, later: float) -> int | None:
        """The number of lines, if the words' widths settle it (lines.py); None if it must be broken."""
        style = self.style
        if style.spaceShrinkage:  # lines that may squeeze their spaces hold more than their room
            return None
        known = self._memory.words
        if self._key not in known:
            known[self._key] = words_of(self.frags, style.fontSize)
        words = known[self._key]
        if words is None:
            return None
        superscript = self._memory.superscript_size(style) if words.total[1] else 0.0
        return settled_lines(words, style.fontSize, superscript, first, later)

    def draw(self) -> None:
        _draw_tagged(self, super().draw)

    def split_lines(self, width: float, height: float) -> tuple[Paragraph, Paragraph] | None:
        """The paragraph in two: the lines that fit `height` and the rest, two lines at least on each
        side; None if it cannot be cut so. Both parts draw as this paragraph's node."""
        markup, bullet = self._key[0], self._key[1] or getattr(self.style, "bulletText", None)
        parsed = self._memory.fragments(self._key, self.style)  # fresh copies: splitting marks them
        if parsed is None:
            whole = _Part(markup, self.style, bulletText=bullet, coverage=self._coverage)
        else:  # already set in their faces when first parsed
            whole = _Part(parsed[0], self.style, bulletText=bullet, frags=parsed[1], coverage=self._coverage)
        whole.wrap(width, height)
        parts = whole.split(width, height)
        if len(parts) != 2:
            return None
        first, rest = parts
        first.wrap(width, height)
        rest.wrap(width, 10_000)
        if len(first.blPara.lines) < 2 or len(rest.blPara.lines) < 2:
            return None
        first.tags, rest.tags = self.tags, [self.tags[-1]]  # the rest has no bullet of its own
        return first, rest

    # Flowable's own versions ask hasattr(self, ...) first: here, a failed __getattr__ each time.
    def getSpaceBefore(self) -> float:
        return cast(float, self.__dict__.get("spaceBefore", self.style.spaceBefore))

    def getSpaceAfter(self) -> float:
        return cast(float, self.__dict__.get("spaceAfter", self.style.spaceAfter))

    def _bullet_overrun(self) -> float:
        """How far a bullet wider than its indent pushes the first line in (ReportLab's rule)."""
        overrun: float | None = self.__dict__.get("_overrun")
        if overrun is None:
            bullet, style = self._key[1], self.style
            overrun = 0.0
            if bullet:
                end = style.bulletIndent + stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
                indent = style.leftIndent + style.firstLineIndent
                overrun = max(0.0, end + 0.6 * style.bulletFontSize - indent)
            self._overrun = overrun
        return overrun


_SET_BY_PARSING = frozenset({"frags", "text", "bulletText", "debug"})


class _Part(_Scripted):
    """Part of a paragraph cut between two columns or pages; drawn as the paragraph's node."""

    tags: list[Node | None] = [None]  # noqa: RUF012 (set per part, never changed in place)

    def __init__(
        self, text: Any, style: Any = None, *args: Any, coverage: Coverage | None = None, **options: Any
    ):
        # Before ReportLab parses the text (in its __init__): the faces its characters are set in.
        self._coverage = coverage
        super().__init__(text, style, *args, **options)

    def draw(self) -> None:
        _draw_tagged(self, super().draw)


def _draw_tagged(paragraph: Paragraph, draw: Callable[[], None]) -> None:
    """Draw a paragraph inside the tagger's marks for its nodes, when its canvas has a tagger."""
    tagger = getattr(paragraph.canv, "tagger", None)
    if tagger is None:
        draw()
        return
    # Lines broken between characters (Chinese) end with no space: there is none between the words.
    style = paragraph.style
    tagger.paragraph(paragraph.tags, spaced=style.alignment == TA_LEFT and style.wordWrap != "CJK")
    try:
        draw()
    finally:
        tagger.paragraph_done()
