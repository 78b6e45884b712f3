"""Spec blocks as ReportLab flowables, shared by both templates.

A block becomes a list of units: flowables that must stay together in one column (a bullet and its
sub-bullets, a question and its answer). The fitting balances columns at unit boundaries, so
no paragraph is ever split and a heading never ends a column.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.rl_config import _FUZZ

from .document import Document
from .fonts import SANS, SANS_BOLD, SYMBOLS, italics, register
from .lines import settled_lines, words_of
from .markup import plain, to_reportlab, with_fallback
from .spec import Block, Bullets, Callout, Comparison, Definitions, Faq, Section, Steps
from .styles import Styles, TextMemory, Typography

RULE = HexColor("#8a8a8a")


@dataclass
class Unit:
    """Flowables kept together; `section` names the part of the page they belong to, for fit reports."""

    flowables: list[Flowable]
    section: str | None = None
    heights: list[float] = field(default_factory=list)


@dataclass
class Page:
    """What a template composes at one type size: bands of units, measured and placed by fitting."""

    top: list[Unit]
    body: list[Unit]
    bottom: list[Unit]
    columns: int = 1
    column_gap: float = 18.0
    band_gap: float = 10.0  # space between top, body and bottom bands
    line: float = 12.0  # one line of body text, for telling a reader how much is over
    sheets: int = 1  # a one-column page may run on to a second sheet (front and back)
    turn: list[Unit] = field(default_factory=list)  # foot of the front sheet, when there are two
    running_head: list[Unit] = field(default_factory=list)  # top of the back sheet


class Writer:
    """Makes paragraphs from spec text with one set of styles.

    With `grids` on, lists of short items and short questions and answers are set two to a row,
    which keeps large type on one page without making any line longer to read.
    """

    def __init__(self, styles: Styles, *, grids: bool = False, urgent_note: str = "") -> None:
        self.styles = styles
        self.grids = grids
        self.urgent_note = urgent_note  # paragraph markup added to every urgent callout
        self.coverage = register()

    def markup(self, text: str) -> str:
        known = self.styles.memory.markup
        if text not in known:
            needs = self.coverage.needs_fallback
            known[text] = to_reportlab(text, fallback_font=self._fallback(text), needs_fallback=needs)
        return known[text]

    def para(self, text: str, style: ParagraphStyle | None = None, bullet: str | None = None) -> Paragraph:
        return self.raw(self.markup(text), style, bullet)

    def literal(self, text: str) -> str:
        """Paragraph markup for text printed exactly as written, no inline markup (addresses, ids)."""
        return with_fallback(text, self._fallback(text), self.coverage.needs_fallback)

    def _fallback(self, text: str) -> str | None:
        """The symbols face, if the text needs it: most text does not, and is then escaped whole."""
        return SYMBOLS if self.coverage.any_needs_fallback(text) else None

    def raw(self, markup: str, style: ParagraphStyle | None = None, bullet: str | None = None) -> Paragraph:
        """Paragraph markup made by the templates themselves from escaped or converted spec text."""
        if "<i>" in markup:
            italics()
        return MeasuredParagraph(markup, style or self.styles.body, bullet, self.styles.memory)


class MeasuredParagraph(Paragraph):  # type: ignore[misc]
    """A ReportLab paragraph that is parsed only when its text is first needed, and broken into lines
    only when the sizes measured before (see TextMemory) leave its number of lines open.

    Its height is then the one ReportLab's wrap would give; the lines themselves are broken when they
    are first needed (to draw them), by ReportLab, so what is drawn is ReportLab's own.
    """

    width: float
    height: float
    _wrapWidths: list[float]
    _lines: int  # as measured, when the lines are broken only to be drawn

    def __init__(self, markup: str, style: ParagraphStyle, bullet: str | None, memory: TextMemory) -> None:
        # What Paragraph.__init__ sets, but for what parsing the markup sets: see __getattr__.
        self.caseSensitive = 1
        self.encoding = "utf8"
        self.style = style
        self._source = (markup, bullet or getattr(style, "bulletText", None))
        self._memory = memory
        self._key = (markup, bullet, style.name)  # the same text in the same style, at any size

    def __getattr__(self, name: str) -> Any:
        """Parse on first use of what parsing sets; break the lines on first use of them."""
        state = self.__dict__
        if name in _SET_BY_PARSING and "_source" in state:
            self._parse(*state.pop("_source"))
            return getattr(self, name)
        if name == "blPara" and "_wrapWidths" in state:
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


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose cells default to the bundled face (ReportLab would pick Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), SANS), *commands])


def section_units(section: Section, writer: Writer, width: float) -> list[Unit]:
    heading = writer.para(section.title, writer.styles.heading)
    units: list[Unit] = []
    for block in section.blocks:
        units += block_units(block, writer, width)
    units[0].flowables.insert(0, heading)
    for unit in units:
        unit.section = f"section {section.title!r}"
    return units


def block_units(block: Block, writer: Writer, width: float) -> list[Unit]:
    s = writer.styles
    if isinstance(block, Bullets):
        return _bullets(block, writer, width)
    if isinstance(block, Steps):
        steps = [writer.para(item, s.step, bullet=f"{n}.") for n, item in enumerate(block.items, 1)]
        if writer.grids and _short(block.items, s.step, width, writer):
            return [Unit([grid(steps, width, s.step.spaceAfter)])]
        return [Unit([step]) for step in steps]
    if isinstance(block, Definitions):
        return [
            Unit([writer.raw(f"<b>{writer.markup(item.term)}</b> \u2014 {writer.markup(item.meaning)}")])
            for item in block.items
        ]
    if isinstance(block, Faq):
        pairs = [
            [writer.para(item.question, s.strong), writer.para(item.answer, s.body)] for item in block.items
        ]
        if writer.grids and _short([item.answer for item in block.items], s.body, width * 2, writer):
            # One unit per row of two questions: rows may then fall in different columns or pages.
            rows = [pairs[i : i + 2] for i in range(0, len(pairs), 2)]
            return [Unit([grid(row, width, s.body.spaceAfter, by_rows=True)]) for row in rows]
        return [Unit(list(pair)) for pair in pairs]
    if isinstance(block, Comparison):
        return [Unit([comparison_table(block, writer, width)])]
    if isinstance(block, Callout):
        return [Unit([callout_box(block, writer, width)])]
    return [Unit([writer.para(block.text, s.body)])]


def _short(items: list[str], style: ParagraphStyle, width: float, writer: Writer) -> bool:
    """Whether every item fits on one line in half of `width` (measured all bold if any of it is)."""
    room = width / 2 - GRID_GAP * style.fontSize - style.leftIndent
    words = writer.styles.memory.plain
    for item in items:
        if item not in words:
            words[item] = plain(item)
    widths = (stringWidth(words[item], SANS_BOLD if "**" in item else SANS, style.fontSize) for item in items)
    return len(items) > 1 and all(width <= room for width in widths)


GRID_GAP = 1.5  # ems between the two columns of a grid


def grid(cells: list[Any], width: float, row_gap: float, *, by_rows: bool = False) -> Table:
    """Items two to a row: down the left column first (lists), or across each row (pairs)."""
    rows = math.ceil(len(cells) / 2)
    if by_rows:
        pairs = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    else:
        pairs = [cells[i::rows] for i in range(rows)]
    data = [pair + [""] * (2 - len(pair)) for pair in pairs]
    table = Table(data, colWidths=[width / 2] * 2)
    gap = width * 0.03
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), gap),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), row_gap),
            ]
        )
    )
    return table


def _bullets(block: Bullets, writer: Writer, width: float) -> list[Unit]:
    s = writer.styles
    plain_items = [item for item in block.items if isinstance(item, str)]
    if writer.grids and len(plain_items) == len(block.items) and _short(plain_items, s.bullet, width, writer):
        bullets = [writer.para(item, s.bullet, bullet="\u2022") for item in plain_items]
        return [Unit([grid(bullets, width, s.bullet.spaceAfter)])]
    units: list[Unit] = []
    for item in block.items:
        if isinstance(item, str):
            units.append(Unit([writer.para(item, s.bullet, bullet="\u2022")]))
            continue
        children = [writer.para(child, s.nested, bullet="\u2013") for child in item.items]
        # A sub-list is short (at most 12 items) and reads wrongly away from its parent: keep them together.
        units.append(Unit([writer.para(item.text, s.bullet, bullet="\u2022"), *children]))
    return units


def comparison_table(block: Comparison, writer: Writer, width: float) -> Table:
    s = writer.styles
    label_width = width * (0.2 if len(block.columns) == 2 else 0.16)
    cell_width = (width - label_width) / len(block.columns)
    header = [writer.raw("", s.cell_head)] + [writer.para(c, s.cell_head) for c in block.columns]
    rows = [
        [writer.para(row.label, s.cell_head)] + [writer.para(cell, s.cell) for cell in row.cells]
        for row in block.rows
    ]
    pad = s.body_size * 0.35
    table = Table([header, *rows], colWidths=[label_width] + [cell_width] * len(block.columns))
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.9),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, s.accent),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, s.accent),
                ("LINEBELOW", (0, 1), (-1, -2), 0.4, RULE),
                ("LINEBELOW", (0, -1), (-1, -1), 1.2, s.accent),
            ]
        )
    )
    return table


_CALLOUT_TITLES = {"urgent": "Get help now", "warning": "Important", "info": "Good to know"}
_CALLOUT_BORDERS = {"urgent": 2.4, "warning": 1.4, "info": 0.8}


def callout_box(block: Callout, writer: Writer, width: float) -> Table:
    """A bordered box with an icon and a title: its weight shows its level without colour."""
    s = writer.styles
    title_style = s.box_title
    icon = Icon(block.level, s.heading.fontSize * 1.25, INK_FOR[block.level])
    title = (
        writer.para(block.title, title_style)
        if block.title
        else writer.raw(_CALLOUT_TITLES[block.level], title_style)
    )
    pad = s.body_size * 0.7
    inner = width - 2 * pad - 2 * _CALLOUT_BORDERS[block.level]
    head = Table([[icon, title]], colWidths=[icon.size + pad * 0.8, inner - icon.size - pad * 0.8])
    head.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), s.unit * 0.25),
            ]
        )
    )
    content: list[Flowable] = [head]
    if block.text:
        content.append(writer.para(block.text, s.body))
    items = [writer.para(item, s.bullet, bullet="\u2022") for item in block.items or []]
    if writer.grids and block.items and _short(block.items, s.bullet, inner, writer):
        content.append(grid(items, inner, s.bullet.spaceAfter))
    else:
        content += items
    if block.level == "urgent" and writer.urgent_note:
        content.append(writer.raw(writer.urgent_note, s.body))
    box = Table([[content]], colWidths=[width - 2 * _CALLOUT_BORDERS[block.level]])
    box.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), _CALLOUT_BORDERS[block.level], INK_FOR[block.level]),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.4),
            ]
        )
    )
    box.spaceBefore = s.unit * 0.3
    box.spaceAfter = s.unit * 0.6
    return box


INK_FOR = {"urgent": HexColor("#000000"), "warning": HexColor("#111111"), "info": HexColor("#3d3d3d")}


class Icon(Flowable):  # type: ignore[misc]
    """A drawn warning triangle (urgent, warning) or information circle (info): no font needed."""

    def __init__(self, level: str, size: float, color: Color) -> None:
        super().__init__()
        self.level, self.size, self.color = level, size, color
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c, size = self.canv, self.size
        c.saveState()
        c.setFillColor(self.color)
        c.setStrokeColor(self.color)
        if self.level == "info":
            c.circle(size / 2, size / 2, size / 2, stroke=0, fill=1)
            mark, mark_y = "i", size * 0.22
        else:
            path = c.beginPath()
            path.moveTo(size / 2, size)
            path.lineTo(size, size * 0.08)
            path.lineTo(0, size * 0.08)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
            mark, mark_y = "!", size * 0.2
        c.setFillColor(HexColor("#ffffff"))
        c.setFont(SANS_BOLD, size * 0.62)
        c.drawCentredString(size / 2, mark_y, mark)
        c.restoreState()


MIN_MARGIN = 36.0  # pt: half an inch; office printers clip closer to the edge than that


@dataclass(frozen=True)
class Template:
    """One audience's layout: its proportions, its type-size range and how it composes a page."""

    name: str
    typography: Typography
    preferred: float  # body size, pt
    minimum: float
    margin: float  # pt, on every side
    compose: Callable[[Document, Styles, float], Page]

    def __post_init__(self) -> None:
        if self.margin < MIN_MARGIN:
            raise ValueError(f"{self.name}: margins under {MIN_MARGIN:g} pt are clipped by office printers")
