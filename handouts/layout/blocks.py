"""Spec blocks as ReportLab flowables, shared by both templates.

A block becomes a list of units: flowables that must stay together in one column (a bullet and its
sub-bullets, a question and its answer). The fitting balances columns at unit boundaries, so
no paragraph is ever split and a heading never ends a column.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph

from ..spec.model import Block, Bullets, Callout, Comparison, Definitions, Faq, Figure, Section, Steps
from .callouts import callout_box
from .figures import figure_units
from .grid import columns, short
from .inline import marker
from .page import Unit
from .table import comparison_table
from .tags import DECIMAL, DISC, Node
from .writer import Writer


def section_units(section: Section, writer: Writer, width: float, parent: Node) -> list[Unit]:
    """A section (Sect) under `parent`: its heading (H2) and its blocks."""
    sect = parent.child("Sect")
    heading = writer.para(section.title, writer.styles.heading, tag=sect.child("H2"))
    units: list[Unit] = []
    for block in section.blocks:
        units += block_units(block, writer, width, sect)
    units[0].flowables.insert(0, heading)
    units[0].opens = True
    title = writer.markup(section.title)

    def continued() -> Paragraph:  # a repeated heading: an artifact, read once already
        return writer.raw(writer.words.markup("continued", title=title), writer.styles.heading, tag=None)

    for unit in units:
        unit.section = f"section {section.title!r}"
        unit.continued = continued
    return units


def block_units(block: Block, writer: Writer, width: float, parent: Node) -> list[Unit]:
    """A block's units; whatever it ends with, the space after it is at least a paragraph's."""
    units = _units(block, writer, width, parent)
    end = units[-1].flowables[-1]
    end.spaceAfter = max(end.getSpaceAfter(), writer.styles.body.spaceAfter)
    return units


def _units(block: Block, writer: Writer, width: float, parent: Node) -> list[Unit]:
    s = writer.styles
    if isinstance(block, Bullets):
        return _bullets(block, writer, width, parent)
    if isinstance(block, Steps):
        numbered = parent.child("L", attributes=DECIMAL)
        steps = [writer.list_item(item, s.step, f"{n}.", numbered) for n, item in enumerate(block.items, 1)]
        if writer.grids and short(block.items, s.step, width, writer, writer.grids):
            return [Unit([columns([[step] for step in steps], s.step)])]
        return [Unit([step]) for step in steps]
    if isinstance(block, Definitions):
        terms = parent.child("L")
        if writer.rtl:  # a term above its meaning: a line drawn right to left hands no tag to the next part
            return [
                Unit(
                    [
                        writer.para(item.term, s.key, tag=(node := terms.child("LI")).child("Lbl")),
                        writer.para(item.meaning, s.body, tag=node.child("LBody")),
                    ]
                )
                for item in block.items
            ]
        return [
            Unit(
                [writer.raw(_definition(writer, item.term, item.meaning), tag=terms.child("LI").child("Lbl"))]
            )
            for item in block.items
        ]
    if isinstance(block, Faq):
        pairs = [
            [
                writer.para(item.question, s.strong, tag=parent.child("H3")),
                writer.para(item.answer, s.body, tag=parent.child("P")),
            ]
            for item in block.items
        ]
        answers = [item.answer for item in block.items]
        if writer.grids and short(answers, s.body, width, writer, 2 * writer.grids):
            return [Unit([columns(pairs, s.body)])]  # read down the first column, as lists are
        return [Unit(list(pair)) for pair in pairs]
    if isinstance(block, Comparison):
        return [Unit([comparison_table(block, writer, width, parent)])]
    if isinstance(block, Callout):
        return [Unit([callout_box(block, writer, width, parent)])]
    if isinstance(block, Figure):
        return figure_units(block, writer, width, parent)
    return [Unit([writer.para(block.text, s.body, tag=parent.child("P"))])]


def _definition(writer: Writer, term: str, meaning: str) -> str:
    """A term (the paragraph's own node, a Lbl) and its meaning (then a LBody): "term — meaning"."""
    return f"<b>{writer.markup(term)}</b> {marker('then', 'LBody')}\u2014 {writer.markup(meaning)}"


def _bullets(block: Bullets, writer: Writer, width: float, parent: Node) -> list[Unit]:
    s = writer.styles
    bullets = parent.child("L", attributes=DISC)
    plain_items = [item for item in block.items if isinstance(item, str)]
    if (
        writer.grids
        and len(plain_items) == len(block.items)
        and short(plain_items, s.bullet, width, writer, writer.grids)
    ):
        cells = [[writer.list_item(item, s.bullet, "\u2022", bullets)] for item in plain_items]
        return [Unit([columns(cells, s.bullet)])]
    units: list[Unit] = []
    for item in block.items:
        if isinstance(item, str):
            units.append(Unit([writer.list_item(item, s.bullet, "\u2022", bullets)]))
            continue
        entry = bullets.child("LI")
        body = entry.child("LBody")
        first = writer.para(item.text, s.bullet, "\u2022", tag=body, label=entry.child("Lbl"))
        nested = body.child("L", attributes=DISC)
        children = [writer.list_item(child, s.nested, "\u2013", nested) for child in item.items]
        # A sub-list is short (at most 12 items) and reads wrongly away from its parent: keep them together.
        units.append(Unit([first, *children]))
    return units
