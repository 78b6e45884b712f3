"""Spec blocks as ReportLab flowables, shared by both templates.

A block becomes a list of units: flowables that must stay together in one column (a bullet and its
sub-bullets, a question and its answer). The fitting balances columns at unit boundaries, so
no paragraph is ever split and a heading never ends a column.
"""

from __future__ import annotations

from reportlab.platypus import Table

from ..spec.model import Block, Bullets, Callout, Comparison, Definitions, Faq, Section, Steps
from .callouts import callout_box
from .grid import grid, short
from .page import Unit
from .styles import RULE
from .writer import Writer, table_style


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
        if writer.grids and short(block.items, s.step, width, writer):
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
        if writer.grids and short([item.answer for item in block.items], s.body, width * 2, writer):
            # One unit per row of two questions: rows may then fall in different columns or pages.
            rows = [pairs[i : i + 2] for i in range(0, len(pairs), 2)]
            return [Unit([grid(row, width, s.body.spaceAfter, by_rows=True)]) for row in rows]
        return [Unit(list(pair)) for pair in pairs]
    if isinstance(block, Comparison):
        return [Unit([comparison_table(block, writer, width)])]
    if isinstance(block, Callout):
        return [Unit([callout_box(block, writer, width)])]
    return [Unit([writer.para(block.text, s.body)])]


def _bullets(block: Bullets, writer: Writer, width: float) -> list[Unit]:
    s = writer.styles
    plain_items = [item for item in block.items if isinstance(item, str)]
    if writer.grids and len(plain_items) == len(block.items) and short(plain_items, s.bullet, width, writer):
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
