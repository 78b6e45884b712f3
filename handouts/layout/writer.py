"""Paragraphs from spec text, in one set of styles: the only way spec text reaches ReportLab."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle

from ..spec.markup import to_reportlab, with_fallback
from .fonts import SANS, SYMBOLS, italics, register
from .measuring import MeasuredParagraph
from .styles import Styles


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


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose cells default to the bundled face (ReportLab would pick Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), SANS), *commands])
