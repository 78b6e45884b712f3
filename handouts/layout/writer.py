"""Paragraphs and tables from spec text, in one set of styles, each saying what it is (layout/tags.py):
the only way spec text reaches ReportLab."""

from __future__ import annotations

import html
import re
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..language.catalogue import Catalogue
from .breaks import keep_together
from .fonts import SANS, SYMBOLS, italics, register
from .inline import to_reportlab, with_fallback
from .measuring import MeasuredParagraph
from .styles import Styles
from .tags import Node


class Writer:
    """Makes paragraphs from spec text with one set of styles.

    Every paragraph is given the node it draws (`tag`), or None to draw it as an artifact; a bulleted
    one also the node its bullet draws (`label`). With `grids` (the most lines an item may take in
    half the width; 0 for none), lists of short items and short
    questions and answers are set two to a row, which keeps large type on one page without making any
    line longer to read.
    """

    def __init__(
        self,
        styles: Styles,
        words: Catalogue,
        *,
        grids: int = 0,
        urgent_note: str = "",
        language: str = "en",
    ) -> None:
        self.styles = styles
        self.words = words  # what the page says in its own words, in its language
        self.grids = grids
        self.language = language  # the spec's tag: where words are hyphenated
        self.urgent_note = urgent_note  # paragraph markup added to every urgent callout
        self.coverage = register()
        # Right to left: a paragraph's glyphs are drawn in the order they are seen, so its tag says
        # what it reads as (ActualText), in reading order.
        self.rtl = words.direction == "rtl"

    def markup(self, text: str) -> str:
        known = self.styles.memory.markup
        if text not in known:
            needs = self.coverage.needs_fallback
            fallback, months = self._fallback(text), self.words.months
            known[text] = to_reportlab(text, fallback_font=fallback, needs_fallback=needs, months=months)
        return known[text]

    def para(
        self,
        text: str,
        style: ParagraphStyle | None = None,
        bullet: str | None = None,
        *,
        tag: Node | None,
        label: Node | None = None,
    ) -> Paragraph:
        return self.raw(self.markup(text), style, bullet, tag=tag, label=label)

    def list_item(self, text: str, style: ParagraphStyle, bullet: str, parent: Node) -> Paragraph:
        """A list item (LI) of the list `parent`: its bullet or number (Lbl) and its text (LBody)."""
        item = parent.child("LI")
        return self.para(text, style, bullet, tag=item.child("LBody"), label=item.child("Lbl"))

    def literal(self, text: str) -> str:
        """Paragraph markup for text printed exactly as written, no inline markup (addresses, ids)."""
        together = keep_together(text, self.words.months)
        return with_fallback(together, self._fallback(text), self.coverage.needs_fallback)

    def _fallback(self, text: str) -> str | None:
        """The symbols face, if the text needs it: most text does not, and is then escaped whole."""
        return SYMBOLS if self.coverage.any_needs_fallback(text) else None

    def raw(
        self,
        markup: str,
        style: ParagraphStyle | None = None,
        bullet: str | None = None,
        *,
        tag: Node | None,
        label: Node | None = None,
    ) -> Paragraph:
        """Paragraph markup made by the templates themselves from escaped or converted spec text."""
        if "<i>" in markup:
            italics()
        if self.rtl and tag is not None and tag.actual_text is None:
            # On a Span of its own: the node may hold more than this paragraph (a nested list), which
            # an ActualText on it would hide. A link keeps it on its own node, with its annotations.
            if tag.target is None:
                tag = tag.child("Span", actual_text=reading_text(markup))
            else:
                tag.actual_text = reading_text(markup)
        paragraph = MeasuredParagraph(markup, style or self.styles.body, bullet, self.styles.memory)
        paragraph.tags = [label, tag] if bullet else [tag]
        return paragraph


_CITE = re.compile(r'<onDraw name="tag" label="cite ([^"]*)"/><super>[^<]*</super>')
_TAG = re.compile(r"<br\s*/>|<[^>]*>")


def reading_text(markup: str) -> str:
    """What paragraph markup reads as: its text without its tags, a citation read as "[6]" (as its
    own tag reads), a line break as a space."""
    text = _CITE.sub(lambda found: found.group(1).replace("<", "&lt;"), markup)
    return html.unescape(_TAG.sub(lambda found: " " if found.group().startswith("<br") else "", text))


NO_PADDING = [
    (side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
]


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose cells default to the bundled face (ReportLab would pick Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), SANS), *commands])


class TaggedTable(Table):  # type: ignore[misc]
    """A table whose rules, borders and shading are artifacts; its cells' flowables tag themselves.

    `by_columns` draws the cells down each column in turn, for a list set two to a row that reads
    down the left column first: the content is then in the order it is read.
    """

    by_columns = False

    def __init__(self, data: list[list[Any]], colWidths: list[float] | None = None, **options: Any) -> None:
        # A right-to-left page reads its tables from the right: the columns are laid out in reverse,
        # and drawn (so tagged) from the right, in reading order.
        self.mirrored = _right_to_left(data)
        self._columns = len(data[0]) if data else 0
        if self.mirrored and not options.get("normalizedData"):  # not a part of a split table (laid out)
            data = [row[::-1] for row in data]
            colWidths = colWidths[::-1] if colWidths is not None else None
        super().__init__(data, colWidths, **options)

    def setStyle(self, tblstyle: Any) -> None:
        if getattr(self, "mirrored", False):
            commands = tblstyle.getCommands() if hasattr(tblstyle, "getCommands") else tblstyle
            # What is narrower than its cell (an icon) sits at the side the text starts from.
            mirrored = [_mirrored_command(command, self._columns) for command in commands]
            tblstyle = TableStyle([("ALIGN", (0, 0), (-1, -1), "RIGHT"), *mirrored])
        super().setStyle(tblstyle)

    def _drawBkgrnd(self) -> None:
        with _artifact(self.canv):
            super()._drawBkgrnd()

    def _drawLines(self) -> None:
        with _artifact(self.canv):
            super()._drawLines()

    def draw(self) -> None:
        if self.mirrored and not self.by_columns and not self._spanCmds:
            self._draw_from_the_right()
            return
        if not self.by_columns:
            super().draw()
            return
        self.canv.saveState()
        self._curweight = self._curcolor = self._curcellstyle = None
        for column, (position, width) in enumerate(
            zip(self._colpositions[:-1], self._colWidths, strict=True)
        ):
            rows = zip(
                self._cellvalues, self._cellStyles, self._rowpositions[1:], self._rowHeights, strict=True
            )
            for values, styles, row_position, height in rows:
                if values[column] != "":  # the empty cell that ends an odd list
                    self._drawCell(values[column], styles[column], (position, row_position), (width, height))
        self.canv.restoreState()

    def _draw_from_the_right(self) -> None:
        """Table.draw (for a table without spanned cells), each row's cells from the right."""
        self.canv.saveState()
        self._curweight = self._curcolor = self._curcellstyle = None
        self._makeShadow()
        self._makeRoundedCornersClip()
        self._drawBkgrnd()
        rows = zip(self._cellvalues, self._cellStyles, self._rowpositions[1:], self._rowHeights, strict=True)
        for values, styles, row_position, height in rows:
            cells = zip(values, styles, self._colpositions[:-1], self._colWidths, strict=True)
            for value, style, position, width in reversed(list(cells)):
                self._drawCell(value, style, (position, row_position), (width, height))
        self._drawLines()
        self.canv.restoreState()


def _right_to_left(data: list[list[Any]]) -> bool:
    """Whether a table's cells are set right to left (their paragraphs' styles say so)."""
    pending: list[Any] = [cell for row in data for cell in row]
    while pending:
        cell = pending.pop()
        if isinstance(cell, list | tuple):
            pending += cell
        elif isinstance(cell, Tagged):
            pending.append(cell.inner)
        elif getattr(getattr(cell, "style", None), "wordWrap", None) == "RTL":
            return True
    return False


_SIDES = {
    "LINEBEFORE": "LINEAFTER",
    "LINEAFTER": "LINEBEFORE",
    "LEFTPADDING": "RIGHTPADDING",
    "RIGHTPADDING": "LEFTPADDING",
}
_ALIGNED = {"LEFT": "RIGHT", "RIGHT": "LEFT"}


def _mirrored_command(command: tuple[Any, ...], columns: int) -> tuple[Any, ...]:
    """A table style command for the same cells with the columns in reverse."""

    def column(index: int) -> int:
        return columns - 1 - index if index >= 0 else -1 - index

    name, (start, top), (end, bottom), *rest = command
    if name in ("ALIGN", "HALIGN") and rest:
        rest[0] = _ALIGNED.get(str(rest[0]).upper(), rest[0])
    return (_SIDES.get(name, name), (column(end), top), (column(start), bottom), *rest)


class Tagged(Flowable):  # type: ignore[misc]
    """Any flowable drawn as the content of one node (a figure, say), or as an artifact if None."""

    def __init__(self, inner: Flowable, node: Node | None) -> None:
        super().__init__()
        self.inner, self.node = inner, node

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = getattr(canvas, "tagger", None)
        if tagger is None:
            self.inner.drawOn(canvas, x, y, _sW)
            return
        with tagger.marked(self.node):
            self.inner.drawOn(canvas, x, y, _sW)


def _artifact(canvas: Any) -> AbstractContextManager[None]:
    tagger = getattr(canvas, "tagger", None)
    return tagger.marked(None) if tagger is not None else nullcontext()
