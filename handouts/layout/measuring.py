"""Paragraphs measured with what the build worked out about their text (memory.TextMemory): most are
measured without breaking their lines, and cut between columns without being cut; what is drawn is
still ReportLab's own line breaking and cutting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import _processed_frags, cleanBlockQuotedText
from reportlab.rl_config import _FUZZ

from .counting import OTHER_RULES, breaking_words, counted_lines
from .fonts import Coverage, register
from .fragments import fragments
from .lines import settled_lines, words_of
from .memory import TextMemory
from .scripts import in_faces, visual

if TYPE_CHECKING:
    from .tags import Node


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
            cleaner = _as_it_is  # cleaned once: cleaning again can change the text
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
        if availWidth < _FUZZ or _reportlab_only(style):
            self.__dict__.pop("_lines", None)
            return cast(tuple[float, float], super().wrap(availWidth, availHeight))
        # The room ReportLab's wrap and breakLines give the first line and the others.
        first = availWidth - (style.leftIndent + style.firstLineIndent) - style.rightIndent
        later = availWidth - style.leftIndent - style.rightIndent
        room = first - self._bullet_overrun()
        lines = self._memory.lines(self._key, style.fontSize, room, later)
        if lines is None:
            lines = self._settled_lines(room, later)
            if lines is None:  # not by the bounds: by ReportLab's own rule, on its word widths
                lines = self._counted_lines(room, later)
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

    def _counted_lines(self, first: float, later: float) -> int | None:
        """The number of lines by ReportLab's own rule (counting.py), if it answers."""
        style, known = self.style, self._memory.breaking
        superscript = self._memory.superscript_size(style)
        if self._key not in known:
            known[self._key] = breaking_words(self.frags, style, superscript)
        words = known[self._key]
        return None if words is None else counted_lines(words, style.fontSize, superscript, first, later)

    def draw(self) -> None:
        _draw_tagged(self, super().draw)

    def split_lines(self, width: float, height: float) -> tuple[Flowable, Flowable] | None:
        """The paragraph in two: the lines that fit `height` and the rest, two lines at least on each
        side; None if it cannot be cut so. Both parts draw as this paragraph's node.

        Measured at this width with its number of lines known, it is cut as ReportLab cuts a paragraph
        (as many whole lines as fit, the rest after), and the parts are made only if they are drawn:
        most cuts the fitting measures are not."""
        style, frags = self.style, self.frags
        measured = self.__dict__.get("_wrapped_at") == width and style.leading > 0
        # Hyphenation, or a line break (<br/>), can make ReportLab's parts break otherwise than the whole.
        other = any(getattr(style, name, None) for name in OTHER_RULES) or _reportlab_only(style)
        if not measured or other or _processed_frags(frags) or any(hasattr(f, "lineBreak") for f in frags):
            return self.cut_now(width, height)
        lines = round(self.height / style.leading)
        fit = int(height / style.leading)  # as Paragraph.split counts the lines that fit
        if lines == fit + 1 and not getattr(style, "allowWidows", 1):  # and leaves no line alone
            fit -= 1
        if fit >= lines or fit < 2 or lines - fit < 2:
            return None
        cut = _Cut(self, width, height, (fit, lines - fit))
        first, rest = _CutPart(cut, 0), _CutPart(cut, 1)
        first.tags, rest.tags = self.tags, [self.tags[-1]]  # the rest has no bullet of its own
        return first, rest

    def cut_now(self, width: float, height: float) -> tuple[Paragraph, Paragraph] | None:
        """split_lines, with the parts made at once."""
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


def _reportlab_only(style: ParagraphStyle) -> bool:
    """Lines broken between characters (CJK), drawn right to left, or led by their tallest part:
    measured by ReportLab's own wrap, every time (lines.py's bounds count spaces between words)."""
    return bool(style.wordWrap) or getattr(style, "autoLeading", "") not in ("", "off")


def _as_it_is(text: str) -> str:
    return text


class _Cut:
    """A paragraph cut in two as measured: the parts are made when the first of them is drawn."""

    def __init__(self, paragraph: MeasuredParagraph, width: float, height: float, lines: tuple[int, int]):
        self.paragraph, self.width, self.height, self.lines = paragraph, width, height, lines
        self._parts: tuple[Paragraph, Paragraph] | None = None

    def part(self, index: int) -> Paragraph:
        if self._parts is None:
            parts = self.paragraph.cut_now(self.width, self.height)
            counted = tuple(len(part.blPara.lines) for part in parts) if parts else None
            if parts is None or counted != self.lines:  # drawn otherwise than measured: never print it
                raise RuntimeError(
                    f"a paragraph measured as cut into {self.lines} lines was cut into {counted}"
                )
            self._parts = parts
        return self._parts[index]


class _CutPart(Flowable):  # type: ignore[misc]
    """One part of a paragraph cut in two (_Cut): its lines' height, and drawn as ReportLab cut it."""

    def __init__(self, cut: _Cut, index: int) -> None:
        super().__init__()
        self.cut, self.index = cut, index
        self.style = cut.paragraph.style
        self.width, self.height = cut.width, cut.lines[index] * self.style.leading

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return cast(float, self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return cast(float, self.style.spaceAfter)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        part = self.cut.part(self.index)
        part.tags = self.tags
        part.drawOn(canvas, x, y, _sW)


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
