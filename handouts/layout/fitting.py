"""Fitting: the largest type size at which a document fits its page, found by measuring.

A template composes a Page at a given body size: units at the top (full width), units in the body
(one column or two balanced ones) and units pinned to the bottom. Measuring wraps each flowable
once; stacking is plain arithmetic, so a measured arrangement is drawn exactly as measured, with no
second layout. Type sizes are tried on a 0.25 pt grid, from an estimate, by bisection.

The sizes of one build share what they find (memory.TextMemory): a paragraph is parsed once, and
one whose number of lines the sizes measured before and after it pin down is not broken into lines
again. So a size between two measured ones costs little more than composing the page. Most other
paragraphs have their number of lines settled by their words' widths (lines.py), so that measuring
a size that is not drawn breaks few paragraphs into lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable

from ..errors import FitError
from .breaking import balance, flow, stack_height
from .page import Page, Unit, space_between

STEP = 0.25  # pt: the grid of body sizes tried
# The height a page takes in its tightest one-column spacing, as a share of its loosest's, at one size:
# about this for the patient template (closer leading, less space between blocks). Only a first guess
# of where to look: any other share finds the same size, in more or fewer measurements.
TIGHTEST_SHARE = 0.9


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
    level: int = 0  # the spacing chosen: 0 the template's own, higher tighter
    passes: int = 0  # the measurements it took: counted by whoever composes (page_layout.Layout)


def fit(
    compose: Callable[[float, int], Page],
    preferred: float,
    minimum: float,
    width: float,
    height: float,
    page_name: str = "one page",
    spacing: tuple[int, int] = (1, 1),
    pages: int = 1,
) -> Fitted:
    """The fewest pages (up to `pages`) the document fits on, and on them the largest type: a reader
    holds one sheet rather than two, and in large print even the smallest type is large. `spacing`:
    the number of spacing levels tried at every size, and of all levels (the rest only at the floor)."""
    for count in range(1, pages + 1):
        try:
            return _fit(compose, preferred, minimum, width, height, page_name, spacing, count)
        except FitError:
            if count == pages:
                raise
    raise AssertionError("pages must be at least 1")


def _fit(
    compose: Callable[[float, int], Page],
    preferred: float,
    minimum: float,
    width: float,
    height: float,
    page_name: str,
    spacing: tuple[int, int],
    pages: int,
) -> Fitted:
    """The largest size on the grid, from `preferred` down to `minimum`, at which the page fits; and at
    that size the loosest spacing level that fits. Levels below `spacing[0]` are tried at every size,
    tightest first when searching: spacing tightens before the type gets smaller. Levels from
    `spacing[0]` to `spacing[1]` (the body in two columns) are tried when nothing fits one column at
    the minimum size; the first that fits is then set in the largest type it holds (a bisection).

    Most documents fit at the preferred size and spacing: one measurement. Otherwise the largest
    size that fits the tightest spacing is searched for: each next size to try is predicted from the
    measurements so far (see `_predict`; the first from the loosest spacing's, TIGHTEST_SHARE), and
    the interval between the largest size known to overflow and the smallest known to fit usually
    closes in two more; bisection takes over if it has not.
    Then the looser spacings are tried at that size, from the tightest outwards.
    """
    sizes = [preferred - STEP * i for i in range(round((preferred - minimum) / STEP) + 1)]
    everywhere, levels = spacing
    tightest = everywhere - 1
    loosest = measure(compose(preferred, 0), width, height, pages)
    if loosest.fits:
        return Fitted(loosest, preferred, 0)
    tried: dict[int, Arrangement] = {0: loosest} if tightest == 0 else {}

    def attempt(index: int) -> Arrangement:
        if index not in tried:
            tried[index] = measure(compose(sizes[index], tightest), width, height, pages)
        return tried[index]

    too_big, fits_at = -1, len(sizes)  # fits_at == len(sizes): nothing known to fit yet
    first: int | None = None  # where to start, when the tightest spacing has not been measured
    if tightest == 0:
        too_big = 0
    else:  # from what the loosest spacing needs, a guess at what the tightest needs
        guess = _predict([(preferred, loosest.required * TIGHTEST_SHARE)], height)
        first = min(max(math.ceil((preferred - guess) / STEP - 1e-9), 0), len(sizes) - 1)
    while fits_at - too_big > 1:
        if first is not None:
            index, first = first, None
        elif len(tried) < 3:
            points = [(sizes[i], tried[i].required) for i in (too_big, fits_at) if i in tried]
            predicted = math.ceil((preferred - _predict(points, height)) / STEP - 1e-9)
            index = min(max(predicted, too_big + 1), fits_at - 1)
        else:  # predictions had their chance: bisect, so the worst case stays logarithmic
            index = (too_big + fits_at) // 2
        if attempt(index).fits:
            fits_at = index
        else:
            too_big = index
    if fits_at == len(sizes):  # at the minimum size: the body in two columns, if the template allows
        last = len(sizes) - 1
        closest = tried[last]
        for level in range(everywhere, levels):
            arrangement = measure(compose(sizes[last], level), width, height, pages)
            if arrangement.fits:  # and in two columns, the largest type that fits them

                def at(size: float, level: int = level) -> Arrangement:
                    return measure(compose(size, level), width, height, pages)

                chosen, size = _largest(at, sizes, arrangement, height)
                return Fitted(chosen, size, level)
            closest = min(closest, arrangement, key=lambda tried: tried.over)
        lines = math.ceil(closest.over / closest.page.line)  # by how much at its closest
        raise FitError(overflow_message(closest, sizes[last], page_name), lines)
    size, chosen, level = sizes[fits_at], tried[fits_at], tightest
    # The loosest spacing that fits this size. The search above already takes a page that does not
    # fit in some spacing not to fit in a looser one either; so the levels go from the next looser
    # outwards, and the first that does not fit ends it: a page that shrank usually keeps the tightest.
    for looser in reversed(range(1 if fits_at == 0 else 0, tightest)):
        arrangement = measure(compose(size, looser), width, height, pages)
        if not arrangement.fits:
            break
        chosen, level = arrangement, looser
    return Fitted(chosen, size, level)


def _largest(
    measured: Callable[[float], Arrangement], sizes: list[float], known: Arrangement, height: float
) -> tuple[Arrangement, float]:
    """The arrangement at the largest of `sizes` (largest first) that fits, `known` being the last's;
    with its size. The first size tried is the one predicted from the
    last's measurement (see `_predict`), then one step at a time towards where the page stops
    fitting, since a prediction is usually a step or two out; after three tries, bisection."""
    tries = 0
    too_big, fits_at = -1, len(sizes) - 1
    predicted = _predict([(sizes[fits_at], known.required)], height)
    index = math.ceil((sizes[0] - predicted) / STEP - 1e-9)
    while fits_at - too_big > 1:
        if tries >= 3:
            index = (too_big + fits_at) // 2
        elif tries:
            index = index - 1 if index == fits_at else index + 1
        index = min(max(index, too_big + 1), fits_at - 1)
        arrangement = measured(sizes[index])
        tries += 1
        if arrangement.fits:
            fits_at, known = index, arrangement
        else:
            too_big = index
    return known, sizes[fits_at]


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


def measure(page: Page, width: float, height: float, pages: int = 1) -> Arrangement:
    """Measure a page at its size, on one page or, if the template allows and `pages` says, on up to
    that many (using only as many as it must)."""
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
    if one.fits or min(page.pages, pages) == 1:
        return one
    for count in range(2, min(page.pages, pages) + 1):
        several = _pages(page, count, width, height, below_top, above_bottom)
        if several.fits:
            return several
    return several


def _body(page: Page, column_width: float, room: float) -> tuple[list[Placed], float]:
    """The body in the author's order: runs of units in balanced columns, and units across them all
    (a comparison table) between the runs; y from the top of the body. Returns the height used."""
    runs: list[list[Unit]] = []
    for unit in page.body:
        if runs and runs[-1][0].span == unit.span:
            runs[-1].append(unit)
        else:
            runs.append([unit])
    spanning = sum(stack_height(run) for run in runs if run[0].span)
    placed: list[Placed] = []
    y = 0.0
    for number, run in enumerate(runs):
        if number:  # the space between the last flowable of one run and the first of the next
            y += space_between(runs[number - 1][-1].flowables[-1], run[0].flowables[0])
        columns = [run] if run[0].span or page.columns == 1 else balance(run, room - spanning, column_width)
        for index, column in enumerate(columns):
            across = page.columns - 1 - index if page.mirrored and not run[0].span else index
            placed.append(Placed(column, across * (column_width + page.column_gap), y))
        y += max(stack_height(column) for column in columns)
    return placed, y


def _pages(
    page: Page, count: int, width: float, height: float, below_top: float, above_bottom: float
) -> Arrangement:
    """The body poured over `count` pages: the top band opens the first, the bottom band ends the
    last, and between them each page ends with a note to turn over and opens with the title."""
    turns = [page.turn(number, count) if page.turn else [] for number in range(1, count)]
    heads = [page.running_head(number, count) if page.running_head else [] for number in range(2, count + 1)]
    turn = [_stack_height(units, width) for units in turns]
    head = [_stack_height(units, width) for units in heads]
    rooms = []
    for number in range(count):
        room = height - (below_top if number == 0 else head[number - 1] + page.band_gap)
        room -= turn[number] + page.band_gap / 2 if number < count - 1 else above_bottom
        rooms.append(room)
    poured, over = flow(page.body, rooms, width)
    poured += [[] for _ in range(count - len(poured))]
    sheets = []
    for number, units in enumerate(poured):
        top = page.top if number == 0 else heads[number - 1]
        y = stack_height(top) + page.band_gap if top else 0.0
        sheet = [Placed(top, 0.0, 0.0)] if top else []
        sheet.append(Placed(units, 0.0, y))
        if number < count - 1 and turns[number]:
            sheet.append(Placed(turns[number], 0.0, height - turn[number]))
        sheets.append(sheet)
    if page.bottom:  # the last page ends with the bottom band, even if the body ended sooner
        sheets[-1].append(Placed(page.bottom, 0.0, height - stack_height(page.bottom)))
    return Arrangement(page, height, sheets, over)


def _wrap(unit: Unit, width: float) -> None:
    unit.heights = [flowable.wrap(width, 10_000)[1] for flowable in unit.flowables]


def _stack_height(units: list[Unit], width: float) -> float:
    for unit in units:
        _wrap(unit, width)
    return stack_height(units)


def flowables_of(units: list[Unit]) -> list[tuple[Flowable, float]]:
    return [pair for unit in units for pair in zip(unit.flowables, unit.heights, strict=True)]


def overflow_message(arrangement: Arrangement, size: float, page_name: str) -> str:
    """How far over, and the largest parts of the page that is over (the last, on several)."""
    over = arrangement.over
    lines = math.ceil(over / arrangement.page.line)
    sizes: dict[str, float] = {}
    for placed in arrangement.sheets[-1]:
        for unit in placed.units:
            if unit.section:
                sizes[unit.section] = sizes.get(unit.section, 0.0) + sum(unit.heights)
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
    listed = ", ".join(f"{label} ({height:.0f} pt)" for label, height in largest)
    return (
        f"does not fit on {page_name} even at the smallest type ({size:g} pt): over by {over:.0f} pt, "
        f"about {lines} line(s). Largest parts: {listed}. Shorten them, or split the document in two."
    )
