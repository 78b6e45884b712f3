"""A fitting's choice remembered from the last build: checked first, never trusted; the PDF is the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts import build_pdf
from handouts.build import Built
from handouts.layout.fitting import STEP
from handouts.layout.page import Page
from handouts.layout.page_layout import Layout
from handouts.layout.remembered import Remembered
from tests.helpers.paths import BUILD_FIXTURES, BUNDLED
from tests.helpers.specs import load

SOURCES = [*BUNDLED, *sorted(BUILD_FIXTURES.glob("*.toml"))]
CASES = [
    (source, size, large)
    for source in SOURCES
    for size in ("letter", "a4")
    for large in (False, True)
    if not (large and load(source).audience == "clinician")  # large print is for patient handouts
]


def case_id(case: tuple[Path, str, bool]) -> str:
    source, size, large = case
    return f"{source.stem}-{size}{'-large' if large else ''}"


@pytest.fixture(scope="module", params=CASES, ids=[case_id(case) for case in CASES])
def fresh(request: pytest.FixtureRequest) -> Built:
    source, size, large = request.param
    return build_pdf(load(source), page_size=size, large_print=large, file=str(source))


def again(built: Built, remembered: Remembered | None) -> Built:
    return build_pdf(
        built.spec,
        page_size=built.page_size,
        large_print=built.large_print,
        file="<again>",
        remembered=remembered,
    )


def test_the_remembered_choice_gives_the_same_pdf_in_a_few_measurements(fresh: Built) -> None:
    rebuilt = again(fresh, fresh.remembered)
    assert rebuilt.pdf == fresh.pdf
    assert rebuilt.remembered == fresh.remembered
    # The choice, the next size up, the next looser spacing (and, on several pages, fewer pages at the
    # smallest size in each spacing the search would try there).
    most = 3 + (fresh.pages - 1) * 2
    assert rebuilt.passes <= most, (rebuilt.passes, fresh.passes)


def wrong(remembered: Remembered) -> list[Remembered]:
    """Choices near the right one and far from it: each must be found out."""
    pages, size, level = remembered.pages, remembered.size, remembered.level
    return [
        Remembered(pages, size + STEP, level),
        Remembered(pages, size - STEP, level),
        Remembered(pages, size, level + 1),
        Remembered(pages, size, level - 1),
        Remembered(pages + 1, size, level),
        Remembered(pages - 1, size, level),
        Remembered(pages, size + STEP / 3, level),  # not on the grid of sizes
        Remembered(pages, 100.0, 0),
        Remembered(1, 8.0, 4),
    ]


def test_a_wrong_choice_is_found_out_and_the_pdf_is_the_fresh_one(fresh: Built) -> None:
    for remembered in wrong(fresh.remembered):
        rebuilt = again(fresh, remembered)
        assert rebuilt.pdf == fresh.pdf, remembered
        assert rebuilt.remembered == fresh.remembered, remembered


def test_a_choice_remembered_for_other_words_is_checked_against_these() -> None:
    """An edit that moves the size: what was remembered no longer holds, and the search runs."""
    source = BUNDLED[0]
    spec = load(source)
    shorter = spec.model_copy(update={"sections": spec.sections[:1]})
    short = build_pdf(shorter)
    full = build_pdf(spec)
    assert short.remembered != full.remembered  # else the test shows nothing
    assert build_pdf(spec, remembered=short.remembered).pdf == full.pdf
    assert build_pdf(shorter, remembered=full.remembered).pdf == short.pdf


def test_passes_count_every_measurement_a_build_made(fresh: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build's `passes` are the pages it composed and measured: those of a remembered choice found
    out, and those of fewer pages that did not hold the text (large print), as well as the search's."""
    composed = 0
    compose = Layout.compose

    def counted(self: Layout, size: float, level: int = 0) -> Page:
        nonlocal composed
        composed += 1
        return compose(self, size, level)

    monkeypatch.setattr(Layout, "compose", counted)
    for remembered in (None, fresh.remembered, *wrong(fresh.remembered)[:2]):
        composed = 0
        rebuilt = again(fresh, remembered)
        assert rebuilt.passes == composed > 0, remembered
