"""Two columns inside a block: a list of short items, or short questions and answers, set down the
first column and then the second, which uses the width of the page without making any line longer to
read. The columns are balanced, and drawn in the order they are read (left, then right), so the
tags and a reader copying the text meet the items in order."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ..spec.markup import plain
from .fonts import SANS, SANS_BOLD
from .page import space_between, stacked
from .writer import Writer

GAP = 1.5  # ems between the two columns


def short(items: list[str], style: ParagraphStyle, width: float, writer: Writer, lines: int) -> bool:
    """Whether each item would take at most `lines` lines in a column of half of `width` (measured all
    bold if any of it is, a little pessimistic for word wrapping)."""
    room = (width - GAP * style.fontSize) / 2 - style.leftIndent
    words = writer.styles.memory.plain
    for item in items:
        if item not in words:
            words[item] = plain(item)
    measure = writer.styles.memory.width
    widths = (measure(words[item], SANS_BOLD if "**" in item else SANS, style.fontSize) for item in items)
    return len(items) > 1 and all(width <= room * lines * (0.85 if lines > 1 else 1.0) for width in widths)


class Columns(Flowable):  # type: ignore[misc]
    """Items (each a few flowables kept together) in two balanced columns, read down the first."""

    def __init__(self, items: list[list[Flowable]], gap: float) -> None:
        super().__init__()
        self.items, self.gap = items, gap
        self.spaceAfter = items[-1][-1].getSpaceAfter()
        self.split = len(items)
        self.heights: list[float] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        column = (available_width - self.gap) / 2
        self.heights = [stacked([(f, f.wrap(column, 10_000)[1]) for f in item]) for item in self.items]
        ends = [(self.items[i - 1][-1], self.items[i][0]) for i in range(1, len(self.items))]
        gaps = [0.0] + [space_between(above, below) for above, below in ends]

        def height(first: int, end: int) -> float:
            return sum(self.heights[first:end]) + sum(gaps[first + 1 : end])

        # The fewest lines down the first column that keep it no shorter than the second, and as even.
        self.split = min(
            range(1, len(self.items) + 1),
            key=lambda cut: (max(height(0, cut), height(cut, len(self.items))), -cut),
        )
        self.width = available_width
        self.height = max(height(0, self.split), height(self.split, len(self.items)))
        self.column = column
        return self.width, self.height

    def draw(self) -> None:
        # A right-to-left page reads its first column on the right.
        first = getattr(self.items[0][0], "style", None)
        mirrored = getattr(first, "wordWrap", None) == "RTL"
        for index, chosen in enumerate((self.items[: self.split], self.items[self.split :])):
            y = self.height
            x = (1 - index if mirrored else index) * (self.column + self.gap)
            previous: Any = None
            for item in chosen:
                for flowable in item:
                    if previous is not None:
                        y -= space_between(previous, flowable)
                    y -= flowable.height
                    flowable.drawOn(self.canv, x, y)
                    previous = flowable


def columns(items: list[list[Flowable]], style: ParagraphStyle) -> Columns:
    return Columns(items, GAP * style.fontSize)
