"""Callout boxes whose level shows without colour, in three ways at once: the icon's shape (a stop
octagon, a warning triangle, an information circle), the border (a heavy frame with a heavier top
band, a solid frame, a light dashed frame) and the level in words before the title."""

from __future__ import annotations

from math import cos, radians, sin
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.platypus import Flowable, Table

from ..spec.model import Callout
from .fonts import SANS_BOLD
from .grid import columns, short
from .tags import DISC, Node
from .writer import Tagged, TaggedTable, Writer, table_style

# The level in words (catalogue keys), printed before the title, so that a reader who cannot see the
# border or the icon (a screen reader, a faint greyscale copy) is told it too; and the title of a box
# that has none of its own.
LEVEL_WORDS = {"urgent": "urgent", "warning": "warning", "info": "note"}
_CALLOUT_TITLES = {"urgent": "urgent_title", "warning": "warning_title", "info": "note_title"}
_CALLOUT_BORDERS = {"urgent": 2.4, "warning": 1.4, "info": 0.8}
_TOP_BAND = 6.0  # the urgent box's top edge, as heavy as a stop sign's rim
_DASHES = {"info": (3, 2)}  # a note is the least of the three: its frame is broken


def callout_box(block: Callout, writer: Writer, width: float, parent: Node) -> Table:
    """A bordered box (Div) with an icon and a title (H3) that starts with its level in words: its
    weight shows its level without colour, and its words say it without sight."""
    s = writer.styles
    box_node = parent.child("Div")
    icon = Tagged(Icon(block.level, s.heading.fontSize * 1.25, INK_FOR[block.level]), None)
    words = writer.words
    title_text = writer.markup(block.title) if block.title else words.markup(_CALLOUT_TITLES[block.level])
    level = words.markup(LEVEL_WORDS[block.level])
    title = writer.raw(f"{level}: {title_text}", s.box_title, tag=box_node.child("H3"))
    pad = s.body_size * 0.7
    # Half of a border lies outside the cell: every box's outer edge meets the column's edges.
    outer = width - _CALLOUT_BORDERS[block.level]
    inner = outer - 2 * pad
    size = icon.inner.size
    head = TaggedTable([[icon, title]], colWidths=[size + pad * 0.8, inner - size - pad * 0.8])
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
        content.append(writer.para(block.text, s.body, tag=box_node.child("P")))
    listed = box_node.child("L", attributes=DISC)
    items = [writer.list_item(item, s.bullet, "\u2022", listed) for item in block.items or []]
    if writer.grids and block.items and short(block.items, s.bullet, inner, writer, writer.grids):
        content.append(columns([[item] for item in items], s.bullet))
    else:
        content += items
    if block.level == "urgent" and writer.urgent_note:
        content.append(writer.raw(writer.urgent_note, s.body, tag=box_node.child("P")))
    box = TaggedTable([[content]], colWidths=[outer])
    box.setStyle(table_style(_frame(block.level, pad)))
    box.spaceBefore = box.spaceAfter = s.unit * 0.4  # what follows a box is most often a heading
    return box


def _frame(level: str, pad: float) -> list[tuple[Any, ...]]:
    """The box's border and padding; the urgent box's top band sits half inside it, so its padding
    grows by that half."""
    ink, weight = INK_FOR[level], _CALLOUT_BORDERS[level]
    frame: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), weight, ink, 1, _DASHES.get(level)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.4),
    ]
    if level == "urgent":
        frame += [
            ("LINEABOVE", (0, 0), (-1, 0), _TOP_BAND, ink, "butt"),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8 + _TOP_BAND / 2),
        ]
    return frame


INK_FOR = {"urgent": HexColor("#000000"), "warning": HexColor("#111111"), "info": HexColor("#3d3d3d")}


class Icon(Flowable):  # type: ignore[misc]
    """A drawn stop octagon (urgent), warning triangle (warning) or information circle (info), each
    with its mark ("!" or "i") cut out in white."""

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
            corners = _OCTAGON if self.level == "urgent" else _TRIANGLE
            path = c.beginPath()
            path.moveTo(corners[0][0] * size, corners[0][1] * size)
            for x, y in corners[1:]:
                path.lineTo(x * size, y * size)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
            mark, mark_y = "!", size * (0.27 if self.level == "urgent" else 0.2)
        c.setFillColor(HexColor("#ffffff"))
        c.setFont(SANS_BOLD, size * 0.62)
        c.drawCentredString(size / 2, mark_y, mark)
        c.restoreState()


# Corners as fractions of the icon's side.
_TRIANGLE = ((0.5, 1.0), (1.0, 0.08), (0.0, 0.08))
_OCTAGON = tuple(
    (0.5 + 0.5 * cos(radians(22.5 + 45 * n)), 0.5 + 0.5 * sin(radians(22.5 + 45 * n))) for n in range(8)
)
