"""Fitting: the largest type size at which a document fits its page, found by measuring.

A template composes a Page at a given body size: units at the top (full width), units in the body
(one column or two balanced ones) and units pinned to the bottom. Measuring wraps each flowable
once; stacking is plain arithmetic, so a measured arrangement is drawn exactly as measured, with no
second layout. Type sizes are tried on a 0.25 pt grid, from an estimate, by bisection.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable

from .blocks import Page, Unit
from .errors import FitError

STEP = 0.25  # pt: the grid of body sizes tried


@dataclass
class Arrangement:
    page: Page
    width: float
    height: float
    top_height: float
    bottom_height: float
    column_units: list[list[Unit]]
    column_height: float

    @property
    def required(self) -> float:
        gaps = self.page.band_gap * (bool(self.page.top) + bool(self.page.bottom))
        return self.top_height + self.column_height + self.bottom_height + gaps

    @property
    def over(self) -> float:
        return self.required - self.height

    @property
    def fits(self) -> bool:
        return self.over <= 0.01


@dataclass
class Fitted:
    arrangement: Arrangement
    body_size: float
    passes: int


def fit(
    compose: Callable[[float], Page],
    preferred: float,
    minimum: float,
    width: float,
    height: float,
    page_name: str = "one page",
) -> Fitted:
    """Measure at the preferred size; if that overflows, search down to the minimum."""
    sizes = [preferred - STEP * i for i in range(round((preferred - minimum) / STEP) + 1)]
    tried: dict[int, Arrangement] = {}

    def attempt(index: int) -> Arrangement:
        if index not in tried:
            tried[index] = measure(compose(sizes[index]), width, height)
        return tried[index]

    first = attempt(0)
    if first.fits:
        return Fitted(first, sizes[0], len(tried))
    # Text area grows roughly with the square of the type size: start the search where that puts it.
    estimate = sizes[0] * math.sqrt(height / first.required)
    guess = min(len(sizes) - 1, max(1, math.ceil((sizes[0] - estimate) / STEP)))
    too_big, fits_at = 0, guess
    if not attempt(guess).fits:
        too_big, fits_at = guess, len(sizes) - 1
        if not attempt(fits_at).fits:
            raise FitError(overflow_message(attempt(fits_at), sizes[fits_at], page_name))
    while fits_at - too_big > 1:
        middle = (too_big + fits_at) // 2
        if attempt(middle).fits:
            fits_at = middle
        else:
            too_big = middle
    return Fitted(attempt(fits_at), sizes[fits_at], len(tried))


def measure(page: Page, width: float, height: float) -> Arrangement:
    top = _stack_height(page.top, width)
    bottom = _stack_height(page.bottom, width)
    column_width = (width - page.column_gap * (page.columns - 1)) / page.columns
    for unit in page.body:
        _wrap(unit, column_width)
    gaps = page.band_gap * (bool(page.top) + bool(page.bottom))
    columns = _balance(page.body, page.columns, height - top - bottom - gaps)
    column_height = max((_units_height(column) for column in columns), default=0.0)
    return Arrangement(page, width, height, top, bottom, columns, column_height)


def _wrap(unit: Unit, width: float) -> None:
    unit.heights = [flowable.wrap(width, 10_000)[1] for flowable in unit.flowables]


def _stack_height(units: list[Unit], width: float) -> float:
    for unit in units:
        _wrap(unit, width)
    return _units_height(units)


def flowables_of(units: list[Unit]) -> list[tuple[Flowable, float]]:
    return [pair for unit in units for pair in zip(unit.flowables, unit.heights, strict=True)]


def _units_height(units: list[Unit]) -> float:
    """Height of units stacked top to bottom: no space above the first or below the last."""
    total = 0.0
    items = flowables_of(units)
    for index, (flowable, height) in enumerate(items):
        if index:
            total += flowable.getSpaceBefore() + items[index - 1][0].getSpaceAfter()
        total += height
    return total


def _balance(units: list[Unit], columns: int, room: float) -> list[list[Unit]]:
    """Split units into two columns, in reading order, as evenly as they go.

    Starting the second column with a new section reads better, and is worth a line or two of
    balance, but never the fit: a cut taller than `room` is only taken if no cut is shorter.
    """
    if columns == 1 or len(units) < 2:
        return [units]

    def tallest(cut: int) -> float:
        return max(_units_height(units[:cut]), _units_height(units[cut:]))

    def cost(cut: int) -> tuple[bool, float]:
        penalty = 0.0 if units[cut].section != units[cut - 1].section else units[cut].heights[0] * 2
        return tallest(cut) > room, tallest(cut) + penalty

    best = min(range(1, len(units)), key=cost)
    return [units[:best], units[best:]]


def overflow_message(arrangement: Arrangement, size: float, page_name: str) -> str:
    over = arrangement.over
    lines = math.ceil(over / arrangement.page.line)
    sizes: dict[str, float] = {}
    for unit in [*arrangement.page.top, *arrangement.page.body]:
        if unit.section:
            sizes[unit.section] = sizes.get(unit.section, 0.0) + sum(unit.heights)
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
    listed = ", ".join(f"{title!r} ({height:.0f} pt)" for title, height in largest)
    return (
        f"does not fit on {page_name} even at the smallest type ({size:g} pt): over by {over:.0f} pt, "
        f"about {lines} line(s). Largest sections: {listed}. Shorten them, or split the document in two."
    )
