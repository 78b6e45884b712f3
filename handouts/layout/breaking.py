"""Where the body breaks: between two balanced columns, or from one page to the next.

A break falls between units (a block, a list item, a question and its answer), or inside a long
paragraph, between its lines (two at least on each side), when that fills a column or page better.
Where a column or a page opens in the middle of a section, it starts with the section's heading again,
marked "(continued)". Heights are measured, never guessed: what is placed is drawn as measured.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from .page import Unit, space_between, stacked

SLACK = 0.01  # pt: a column within this of its room fits


def stack_height(units: list[Unit]) -> float:
    """Height of units stacked top to bottom: no space above the first or below the last."""
    return stacked([pair for unit in units for pair in zip(unit.flowables, unit.heights, strict=True)])


def spans(units: list[Unit]) -> Callable[[int, int], float]:
    """Height of units[first:end] stacked, by running totals: each cut costs a subtraction."""
    heights = [stack_height([unit]) for unit in units]
    ends = [(units[i - 1].flowables[-1], units[i].flowables[0]) for i in range(1, len(units))]
    gaps = [0.0] + [space_between(above, below) for above, below in ends]
    height_sum = list(itertools.accumulate(heights, initial=0.0))
    gap_sum = list(itertools.accumulate(gaps, initial=0.0))

    def span(first: int, end: int) -> float:
        if end <= first:
            return 0.0
        return float(height_sum[end] - height_sum[first] + gap_sum[end] - gap_sum[first + 1])

    return span


def opening(units: list[Unit], width: float) -> list[Unit]:
    """`units` as they open a column or page: after a "(continued)" heading if they start mid-section."""
    if not units or units[0].continued is None or units[0].opens:
        return units
    heading = units[0].continued()
    return [Unit([heading], units[0].section, [heading.wrap(width, 10_000)[1]]), *units]


def split(unit: Unit, width: float, room: float) -> tuple[Unit, Unit] | None:
    """`unit` cut inside its last paragraph so that the first part is at most `room` tall, or None.

    Only a unit ending in a paragraph that can be cut (two lines at least on each side) is split.
    """
    last = unit.flowables[-1]
    cut = getattr(last, "split_lines", None)
    above = stack_height([Unit(unit.flowables[:-1], heights=unit.heights[:-1])])
    if len(unit.flowables) > 1:
        above += space_between(unit.flowables[-2], last)
    if cut is None or room - above < 2 * last.style.leading:
        return None
    parts = cut(width, room - above)
    if parts is None:
        return None
    first, rest = parts
    head = Unit([*unit.flowables[:-1], first], unit.section, [*unit.heights[:-1], first.height], unit.span)
    head.continued, head.opens = unit.continued, unit.opens
    tail = Unit([rest], unit.section, [rest.height], unit.span, unit.continued)
    return head, tail


def balance(units: list[Unit], room: float, width: float) -> list[list[Unit]]:
    """Units in two columns of `width`, in reading order, as even as they go and within `room` if
    they can be: cut between units, or inside the paragraph where the columns would meet."""
    if len(units) < 2:
        return [units]
    span = spans(units)
    total = span(0, len(units))
    best: tuple[tuple[bool, float], list[list[Unit]]] | None = None

    def consider(left: list[Unit], right: list[Unit], heights: tuple[float, float] | None = None) -> None:
        nonlocal best
        right = opening(right, width)
        tallest = max(heights) if heights else max(stack_height(left), stack_height(right))
        cost = (tallest > room + SLACK, tallest)
        if best is None or cost < best[0]:
            best = (cost, [left, right])

    for cut in range(1, len(units)):  # the heights by running totals: a cut costs a subtraction
        heading = opening(units[cut : cut + 1], width)
        extra = stack_height(heading) - stack_height(heading[-1:])  # a "(continued)" heading, if any
        consider(units[:cut], units[cut:], (span(0, cut), span(cut, len(units)) + extra))
    # Inside the paragraph where the columns would meet: fill the first column to half, or to the room.
    straddling = next((index for index in range(len(units)) if span(0, index + 1) > total / 2), None)
    if straddling is not None:
        before = span(0, straddling) + (
            _gap_after(units[:straddling], units[straddling]) if straddling else 0.0
        )
        for height in sorted({total / 2, room}):
            parts = split(units[straddling], width, height - before)
            if parts is not None:
                consider([*units[:straddling], parts[0]], [parts[1], *units[straddling + 1 :]])
    assert best is not None
    return best[1]


def flow(units: list[Unit], rooms: list[float], width: float) -> tuple[list[list[Unit]], float]:
    """Units poured page after page into `rooms`: each page filled as far as it goes, a paragraph cut
    between lines rather than leave a page more than two lines short; the last page takes the rest.
    Returns the units of each page used and how far the last page is over its room."""
    pages: list[list[Unit]] = []
    pending = list(units)
    for number, room in enumerate(rooms):
        if not pending:
            break
        page = opening(pending[:1], width)[:-1] if number else []  # its "(continued)" heading, if any
        last = number == len(rooms) - 1
        height = stack_height(page)
        while pending:
            unit = pending[0]
            added = stack_height([unit]) + (
                space_between(page[-1].flowables[-1], unit.flowables[0]) if page else 0.0
            )
            if last or height + added <= room + SLACK:
                page.append(pending.pop(0))
                height += added
                continue
            left = room - height - (_gap_after(page, unit) if page else 0.0)
            parts = split(pending[0], width, left)
            if parts is not None:
                page.append(parts[0])
                pending[0] = parts[1]
            break
        pages.append(page)
    return pages, stack_height(pages[-1]) - rooms[len(pages) - 1] if pages else 0.0


def _gap_after(page: list[Unit], unit: Unit) -> float:
    return space_between(page[-1].flowables[-1], unit.flowables[0])
