"""Two-to-a-row grids: lists of short items and short questions and answers set side by side, which
keeps large type on one page without making any line longer to read."""

from __future__ import annotations

import math
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table

from ..spec.markup import plain
from .fonts import SANS, SANS_BOLD
from .writer import TaggedTable, Writer, table_style


def short(items: list[str], style: ParagraphStyle, width: float, writer: Writer) -> bool:
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
    table = TaggedTable(data, colWidths=[width / 2] * 2)
    table.by_columns = not by_rows  # drawn in the order it is read
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
