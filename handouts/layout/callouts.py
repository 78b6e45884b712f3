"""Callout boxes: a border, an icon and a title whose weight shows the level without colour."""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.platypus import Flowable, Table

from ..spec.model import Callout
from .fonts import SANS_BOLD
from .grid import grid, short
from .writer import Writer, table_style

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
    if writer.grids and block.items and short(block.items, s.bullet, inner, writer):
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
