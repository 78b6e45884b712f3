"""Fitting: the largest type size at which a document fits its page, found by measuring.

A template composes a Page at a given body size: units at the top (full width), units in the body
(one column or two balanced ones) and units pinned to the bottom. Measuring wraps each flowable
once; stacking is plain arithmetic, so a measured arrangement is drawn exactly as measured, with no
second layout. Type sizes are tried on a 0.25 pt grid, from an estimate, by bisection.
"""

from __future__ import annotations

import itertools
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
    """The largest size on the grid, from `preferred` down to `minimum`, at which the page fits.

    Most documents fit at the preferred size: one measurement. Otherwise each next size to try is
    predicted from the measurements so far (see `_predict`), and the interval between the largest
    size known to overflow and the smallest known to fit usually closes in two more; bisection
    takes over if it has not.
    """
    sizes = [preferred - STEP * i for i in range(round((preferred - minimum) / STEP) + 1)]
    tried: dict[int, Arrangement] = {}

    def attempt(index: int) -> Arrangement:
        if index not in tried:
            tried[index] = measure(compose(sizes[index]), width, height)
        return tried[index]

    if attempt(0).fits:
        return Fitted(tried[0], sizes[0], 1)
    too_big, fits_at = 0, len(sizes)  # fits_at == len(sizes): nothing known to fit yet
    while fits_at - too_big > 1:
        if len(tried) < 3:
            points = [(sizes[i], tried[i].required) for i in (too_big, fits_at) if i in tried]
            predicted = math.ceil((preferred - _predict(points, height)) / STEP - 1e-9)
            index = min(max(predicted, too_big + 1), fits_at - 1)
        else:  # predictions had their chance: bisect, so the worst case stays logarithmic
            index = (too_big + fits_at) // 2
        if attempt(index).fits:
            fits_at = index
        else:
            too_big = index
    if fits_at == len(sizes):
        last = len(sizes) - 1
        raise FitError(overflow_message(tried[last], sizes[last], page_name))
    return Fitted(tried[fits_at], sizes[fits_at], len(tried))


def _predict(points: list[tuple[float, float]], height: float) -> float:
    """The size at which the page would just fill `height`.

    Text area grows with the square of the type size, and a page has some fixed furniture too:
    required(size) = fixed + k * size². One measurement gives k (no furniture assumed); two give both.
    """
    if len(points) == 1:
        (size, required) = points[0]
        return size * math.sqrt(height / required)
    (s1, r1), (s2, r2) = points
    k = (r1 - r2) / (s1 * s1 - s2 * s2) if s1 != s2 else 0.0
    fixed = r1 - k * s1 * s1
    if k <= 0 or height <= fixed:
        return min(s1, s2)
    return math.sqrt((height - fixed) / k)


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

    Starting the second column with a new section reads better, and is worth a few lines of
    balance, but never the fit: a cut taller than `room` is only taken if no cut is shorter.
    """
    if columns == 1 or len(units) < 2:
        return [units]
    # Running totals make each cut's column heights a subtraction: long specs stay fast.
    heights = [_units_height([unit]) for unit in units]
    gaps = [0.0] + [
        units[i].flowables[0].getSpaceBefore() + units[i - 1].flowables[-1].getSpaceAfter()
        for i in range(1, len(units))
    ]
    height_sum = list(itertools.accumulate(heights, initial=0.0))
    gap_sum = list(itertools.accumulate(gaps, initial=0.0))

    def span(first: int, end: int) -> float:  # units[first:end], stacked
        return float(height_sum[end] - height_sum[first] + gap_sum[end] - gap_sum[first + 1])

    def cost(cut: int) -> tuple[bool, float]:
        tallest = max(span(0, cut), span(cut, len(units)))
        same_section = units[cut].section == units[cut - 1].section
        return tallest > room, tallest + (units[cut].heights[0] * 5 if same_section else 0.0)

    best = min(range(1, len(units)), key=cost)
    return [units[:best], units[best:]]


def overflow_message(arrangement: Arrangement, size: float, page_name: str) -> str:
    over = arrangement.over
    lines = math.ceil(over / arrangement.page.line)
    sizes: dict[str, float] = {}
    for unit in [*arrangement.page.top, *arrangement.page.body, *arrangement.page.bottom]:
        if unit.section:
            sizes[unit.section] = sizes.get(unit.section, 0.0) + sum(unit.heights)
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
    listed = ", ".join(f"{label} ({height:.0f} pt)" for label, height in largest)
    return (
        f"does not fit on {page_name} even at the smallest type ({size:g} pt): over by {over:.0f} pt, "
        f"about {lines} line(s). Largest parts: {listed}. Shorten them, or split the document in two."
    )
