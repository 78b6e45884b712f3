"""Fitting: the largest type size at which a document fits its page, found by measuring.

A template composes a Page at a given body size: units at the top (full width), units in the body
(one column or two balanced ones) and units pinned to the bottom. Measuring wraps each flowable
once; stacking is plain arithmetic, so a measured arrangement is drawn exactly as measured, with no
second layout. Type sizes are tried on a 0.25 pt grid, from an estimate, by bisection.

The sizes of one build share what they find (styles.TextMemory): a paragraph is parsed once, and
one whose number of lines the sizes measured before and after it pin down is not broken into lines
again. So a size between two measured ones costs little more than composing the page. Most other
paragraphs have their number of lines settled by their words' widths (lines.py), so that measuring
a size that is not drawn breaks few paragraphs into lines.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable

from ..errors import FitError
from .page import Page, Unit

STEP = 0.25  # pt: the grid of body sizes tried


@dataclass
class Placed:
    """Units stacked from a point: `x` from the frame's left edge, `y` down from the frame's top."""

    units: list[Unit]
    x: float
    y: float


@dataclass
class Arrangement:
    """A page measured at one size: what goes where on each sheet, and how far it is over."""

    page: Page
    height: float
    sheets: list[list[Placed]]
    over: float  # pt beyond the frame on the fullest sheet; negative when there is room

    @property
    def required(self) -> float:
        return self.height + self.over

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
    """Measure a page at its size; a page allowed two sheets uses the second only when it must."""
    column_width = (width - page.column_gap * (page.columns - 1)) / page.columns
    for unit in page.body:
        _wrap(unit, width if unit.span else column_width)
    top, bottom = _stack_height(page.top, width), _stack_height(page.bottom, width)
    below_top = top + page.band_gap if page.top else 0.0
    above_bottom = bottom + page.band_gap if page.bottom else 0.0
    body, used = _body(page, column_width, height - below_top - above_bottom)
    sheet = [Placed(page.top, 0.0, 0.0)] if page.top else []
    sheet += [Placed(placed.units, placed.x, placed.y + below_top) for placed in body]
    if page.bottom:
        sheet.append(Placed(page.bottom, 0.0, height - bottom))
    one = Arrangement(page, height, [sheet], below_top + used + above_bottom - height)
    if one.fits or page.sheets == 1:
        return one
    return _two_sheets(page, width, height, below_top, above_bottom)


def _body(page: Page, column_width: float, room: float) -> tuple[list[Placed], float]:
    """The body in the author's order: runs of units in balanced columns, and units across them all
    (a comparison table) between the runs; y from the top of the body. Returns the height used."""
    runs: list[list[Unit]] = []
    for unit in page.body:
        if runs and runs[-1][0].span == unit.span:
            runs[-1].append(unit)
        else:
            runs.append([unit])
    spanning = sum(_units_height(run) for run in runs if run[0].span)
    placed: list[Placed] = []
    y = 0.0
    for number, run in enumerate(runs):
        if number:  # the space between the last flowable of one run and the first of the next
            y += run[0].flowables[0].getSpaceBefore() + runs[number - 1][-1].flowables[-1].getSpaceAfter()
        columns = [run] if run[0].span else _balance(run, page.columns, room - spanning)
        for index, column in enumerate(columns):
            placed.append(Placed(column, index * (column_width + page.column_gap), y))
        y += max(_units_height(column) for column in columns)
    return placed, y


def _sheet(top: list[Unit], columns: list[list[Unit]], page: Page, column_width: float) -> list[Placed]:
    body_y = _units_height(top) + page.band_gap if top else 0.0
    placed = [Placed(top, 0.0, 0.0)] if top else []
    for index, column in enumerate(columns):
        placed.append(Placed(column, index * (column_width + page.column_gap), body_y))
    return placed


def _two_sheets(
    page: Page, width: float, height: float, below_top: float, above_bottom: float
) -> Arrangement:
    """The body flows from the front sheet to the back one; the bottom band ends the back sheet."""
    turn, head = _stack_height(page.turn, width), _stack_height(page.running_head, width)
    rooms = (
        height - below_top - (turn + page.band_gap / 2 if page.turn else 0.0),
        height - (head + page.band_gap if page.running_head else 0.0) - above_bottom,
    )
    cut, over = _flow(page.body, rooms)
    front = _sheet(page.top, [page.body[:cut]], page, width)
    back = _sheet(page.running_head, [page.body[cut:]], page, width)
    if page.turn:
        front.append(Placed(page.turn, 0.0, height - turn))
    if page.bottom:
        back.append(Placed(page.bottom, 0.0, height - _units_height(page.bottom)))
    return Arrangement(page, height, [front, back], over)


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
    span = _spans(units)

    def cost(cut: int) -> tuple[bool, float]:
        tallest = max(span(0, cut), span(cut, len(units)))
        return tallest > room, tallest + _mid_section(units, cut)

    best = min(range(1, len(units)), key=cost)
    return [units[:best], units[best:]]


def _flow(units: list[Unit], rooms: tuple[float, float]) -> tuple[int, float]:
    """Where the body breaks from the front sheet to the back, and how far over the worse sheet is.

    The front is filled as far as it goes, breaking at a section start when that costs little.
    """
    span = _spans(units)

    def over(cut: int) -> float:
        return max(span(0, cut) - rooms[0], span(cut, len(units)) - rooms[1])

    def cost(cut: int) -> tuple[bool, float]:
        if over(cut) > 0.01:
            return True, over(cut)
        return False, _mid_section(units, cut) - span(0, cut)

    best = min(range(len(units) + 1), key=cost)
    return best, over(best)


def _spans(units: list[Unit]) -> Callable[[int, int], float]:
    """Height of units[first:end] stacked, by running totals: each cut costs a subtraction."""
    heights = [_units_height([unit]) for unit in units]
    gaps = [0.0] + [
        units[i].flowables[0].getSpaceBefore() + units[i - 1].flowables[-1].getSpaceAfter()
        for i in range(1, len(units))
    ]
    height_sum = list(itertools.accumulate(heights, initial=0.0))
    gap_sum = list(itertools.accumulate(gaps, initial=0.0))

    def span(first: int, end: int) -> float:
        if end <= first:
            return 0.0
        return float(height_sum[end] - height_sum[first] + gap_sum[end] - gap_sum[first + 1])

    return span


def _mid_section(units: list[Unit], cut: int) -> float:
    """A penalty for breaking inside a section: worth a few lines of balance, never the fit."""
    if 0 < cut < len(units) and units[cut].section == units[cut - 1].section:
        return units[cut].heights[0] * 5
    return 0.0


def overflow_message(arrangement: Arrangement, size: float, page_name: str) -> str:
    over = arrangement.over
    lines = math.ceil(over / arrangement.page.line)
    sizes: dict[str, float] = {}
    page = arrangement.page
    for unit in [*page.top, *page.body, *page.bottom]:
        if unit.section:
            sizes[unit.section] = sizes.get(unit.section, 0.0) + sum(unit.heights)
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
    listed = ", ".join(f"{label} ({height:.0f} pt)" for label, height in largest)
    return (
        f"does not fit on {page_name} even at the smallest type ({size:g} pt): over by {over:.0f} pt, "
        f"about {lines} line(s). Largest parts: {listed}. Shorten them, or split the document in two."
    )
