"""The choice the last build of a document made, checked rather than trusted.

A rebuild (a small edit, a new version of the tool, `--force`) usually lands where the last build
did. Measuring that choice and its neighbours shows whether the search would find it: it fits, the
next size up does not in the tightest one-column spacing (or in its own two-column spacing), and the
next looser spacing does not at that size. The search relies on exactly this (a page that does not
fit at some size does not fit at a larger one, nor in looser spacing: fitting.py), so a choice that
passes is the one the search would make, and one that does not is forgotten and the search runs as
if nothing were remembered. What is printed never depends on what was remembered; it only takes
two to four measurements instead of four to eight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .fitting import STEP, Arrangement, Fitted, measure
from .page import Page


@dataclass(frozen=True)
class Remembered:
    """What a fitting chose: on how many pages, at which body size (pt) and spacing level."""

    pages: int
    size: float
    level: int


def confirm(
    remembered: Remembered,
    compose: Callable[[float, int], Page],
    preferred: float,
    minimum: float,
    frame: tuple[float, float],
    spacing: tuple[int, int],
    pages: int,
) -> Fitted | None:
    """The fitting `fitting.fit` would return, if `remembered` is it; None if it may not be.

    The arguments are fit's: `spacing` the number of one-column levels and of all levels, `pages` the
    most pages the template allows."""
    everywhere, levels = spacing
    sizes = [preferred - STEP * i for i in range(round((preferred - minimum) / STEP) + 1)]
    size, level, count = remembered.size, remembered.level, remembered.pages
    if size not in sizes or not 0 <= level < levels or not 1 <= count <= pages:
        return None
    index = sizes.index(size)

    def measured(size: float, level: int, count: int) -> Arrangement:
        return measure(compose(size, level), *frame, count)

    def fits(size: float, level: int, count: int) -> bool:
        return measured(size, level, count).fits

    # Fewer pages: the search tries them first, and gives up on them only when nothing fits at the
    # smallest size, in the tightest one-column spacing or any two-column one.
    for fewer in range(1, count):
        if any(fits(sizes[-1], tried, fewer) for tried in range(everywhere - 1, levels)):
            return None
    chosen = measured(size, level, count)
    if not chosen.fits:
        return None
    if level < everywhere:  # one column: the next size up does not fit in the tightest spacing
        if index > 0 and fits(sizes[index - 1], everywhere - 1, count):
            return None
        if level > 0 and fits(size, level - 1, count):  # and the search keeps the loosest that fits
            return None
    else:  # two columns: one column does not fit at all, nor a looser two-column spacing, nor a larger size
        if any(fits(sizes[-1], tried, count) for tried in range(everywhere - 1, level)):
            return None
        if index > 0 and fits(sizes[index - 1], level, count):
            return None
    return Fitted(chosen, size, level)
