"""The contract between the templates and the fitting: units of flowables, bands of a page, a template.

A template composes a Page at a given body size: units at the top (full width), units in the body (one
column or two balanced ones) and units pinned to the bottom. The fitting measures and places them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from ..standards import MIN_MARGIN
from .styles import Styles, Typography
from .tags import Node

if TYPE_CHECKING:
    from ..document import Document


def space_between(above: Flowable, below: Flowable) -> float:
    """The space between two flowables stacked: the larger of the space after the one and before the
    other (they overlap, as margins do in CSS), so a heading has the same room above it after any
    block, and a block's own spacing counts once."""
    return max(float(above.getSpaceAfter()), float(below.getSpaceBefore()))


def stacked(pairs: list[tuple[Flowable, float]]) -> float:
    """Height of (flowable, height) pairs stacked top to bottom: no space above the first or below
    the last."""
    total = sum(height for _, height in pairs)
    return total + sum(space_between(pairs[i - 1][0], pairs[i][0]) for i in range(1, len(pairs)))


@dataclass
class Unit:
    """Flowables kept together; `section` names the part of the page they belong to, for fit reports."""

    flowables: list[Flowable]
    section: str | None = None
    heights: list[float] = field(default_factory=list)
    span: bool = False  # across every column of a page that has two (a comparison table)
    # Where a column or a page starts with this unit in the middle of its section: a heading that
    # says the section goes on ("Treatment (continued)").
    continued: Callable[[], Flowable] | None = None
    opens: bool = False  # the unit that opens its section, heading and all


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
    mirrored: bool = False  # right to left: the first column on the right
    pages: int = 1  # a one-column document may run on to more pages (large print: two sheets, four pages)
    # The page notes of a document on several pages, for page n of m: the foot of every page but the
    # last ("Page 1 of 3. Please turn over."), the head of every page but the first.
    turn: Callable[[int, int], list[Unit]] | None = None
    running_head: Callable[[int, int], list[Unit]] | None = None
    root: Node = field(default_factory=lambda: Node("Document"))  # the structure its flowables tag


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
