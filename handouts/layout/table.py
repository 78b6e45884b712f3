"""The comparison table: row labels down the side, a column per thing compared, widths from content.

Each column is at least as wide as its longest word, when the table can be laid out that way, and
shares what is left in proportion to how much more it holds, as a browser lays out an automatic
table. When even the longest words cannot all fit, the columns share the width in proportion to them
and a word too long for its column is hyphenated at a syllable, with a visible hyphen, in the spec's
language. An empty cell prints a dash that a screen reader reads as "blank".
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table

from ..spec.markup import plain
from ..spec.model import Comparison
from .styles import RULE
from .tags import COLUMN, ROW, Node
from .writer import TaggedTable, Writer, table_style

BLANK = "\u2013"  # what an empty cell prints: an en dash


def comparison_table(block: Comparison, writer: Writer, width: float, parent: Node) -> Table:
    """A Table: a header row of column headings (TH, scope column), then a row per label (TH, scope
    row) and its cells (TD)."""
    s = writer.styles
    pad = s.body_size * 0.35
    columns = [["", *block.columns]] + [[row.label, *row.cells] for row in block.rows]
    widths, hyphenate = column_widths(columns, s.cell_head, s.cell, width, 2 * pad)
    cell = _hyphenating(s.cell, writer.language) if hyphenate else s.cell
    head = _hyphenating(s.cell_head, writer.language) if hyphenate else s.cell_head
    # A hyphenated word reads whole to a screen reader: its cell's text is given as it is written.
    rooms = [column - 2 * pad for column in widths] if hyphenate else [width] * len(widths)

    def whole(text: str, style: ParagraphStyle, column: int) -> dict[str, str]:
        words = plain(text).split()
        return (
            {"actual_text": " ".join(words)} if any(_width(w, style) > rooms[column] for w in words) else {}
        )

    table_node = parent.child("Table")
    heading = table_node.child("TR")
    header = [writer.raw("", head, tag=heading.child("TD", keep=True))] + [
        writer.para(column, head, tag=heading.child("TH", attributes=COLUMN, **whole(column, head, number)))
        for number, column in enumerate(block.columns, 1)
    ]
    rows = []
    for row in block.rows:
        line = table_node.child("TR")
        label = writer.para(
            row.label, head, tag=line.child("TH", attributes=ROW, **whole(row.label, head, 0))
        )
        cells = [
            writer.para(text, cell, tag=line.child("TD", **whole(text, cell, number)))
            if text.strip()
            else writer.raw(BLANK, cell, tag=line.child("TD", actual_text=writer.words("blank")))
            for number, text in enumerate(row.cells, 1)
        ]
        rows.append([label, *cells])
    table = TaggedTable([header, *rows], colWidths=widths)
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
    table.spaceBefore = table.spaceAfter = s.unit * 0.4  # clear of the text above and below its rules
    return table


def column_widths(
    rows: list[list[str]], head: ParagraphStyle, body: ParagraphStyle, width: float, padding: float
) -> tuple[list[float], bool]:
    """Widths for the table's columns (the labels' first), and whether its words must be hyphenated.

    The first row and the first column are headings, set in `head`; the rest in `body`.
    """
    count = len(rows[0])
    least, most = [padding] * count, [padding] * count
    for number, row in enumerate(rows):
        for index, text in enumerate(row):
            style = head if number == 0 or index == 0 else body
            words = plain(text).split() or [BLANK]
            least[index] = max(least[index], padding + max(_width(word, style) for word in words))
            most[index] = max(most[index], padding + _width(" ".join(words), style))
    if sum(least) > width:  # the longest words cannot all fit: narrow the widest columns, hyphenate
        return _capped(least, width), True
    spare = width - sum(least)
    more = [high - low for high, low in zip(most, least, strict=True)]
    if sum(more) <= spare:  # every cell on one line: share what is left in proportion to the widths
        return [high + (width - sum(most)) * high / sum(most) for high in most], False
    return [low + spare * extra / sum(more) for low, extra in zip(least, more, strict=True)], False


def _capped(least: list[float], width: float) -> list[float]:
    """`least` with the widest cut down to one cap so that they add up to `width`: the columns whose
    words are short keep them whole, and only the long words are hyphenated."""
    ordered = sorted(least)
    kept = 0.0
    for index, value in enumerate(ordered):
        cap = (width - kept) / (len(ordered) - index)
        if value >= cap:
            return [min(value, cap) for value in least]
        kept += value
    return least


def _width(text: str, style: ParagraphStyle) -> float:
    return float(stringWidth(text, style.fontName, style.fontSize))


def _hyphenating(style: ParagraphStyle, language: str) -> ParagraphStyle:
    """`style` that breaks a word too long for its line at a syllable, with a hyphen."""
    import pyphen

    dictionary = pyphen.language_fallback(language.replace("-", "_")) or "en_US"
    return ParagraphStyle(f"{style.name}-hyphenated", parent=style, hyphenationLang=dictionary)
