"""The numbers the standards set (standards.py), and the WCAG contrast ratio the profile check, the
layout and the report share."""

from __future__ import annotations

import pytest

from handouts.clinic.profile import hex_rgb
from handouts.layout.patient import LARGE_PRINT, TEMPLATE
from handouts.standards import MIN_BODY_SIZE, MIN_MARGIN, RGB, contrast_ratio

BLACK, WHITE = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    [
        (BLACK, WHITE, 21.0),
        (WHITE, BLACK, 21.0),
        (WHITE, WHITE, 1.0),
        (hex_rgb("#767676"), WHITE, 4.54),
        (hex_rgb("#777777"), WHITE, 4.48),
        (hex_rgb("#0000ff"), WHITE, 8.59),
        (hex_rgb("#ff0000"), WHITE, 4.0),
        (hex_rgb("#1f3a5f"), WHITE, 11.48),
    ],
)
def test_contrast_ratio_matches_wcag(foreground: RGB, background: RGB, expected: float) -> None:
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.01)


def test_contrast_ratio_runs_from_1_to_21() -> None:
    assert contrast_ratio(BLACK, WHITE) == 21
    assert contrast_ratio(WHITE, BLACK) == 21
    assert contrast_ratio((0.3, 0.5, 0.7), (0.3, 0.5, 0.7)) == 1
    assert 4.5 < contrast_ratio((0.46, 0.46, 0.46), WHITE) < 4.7  # #767676, the classic just-passing grey


def test_hex_rgb_reads_each_channel() -> None:
    assert hex_rgb("#ff8000") == (1.0, 128 / 255, 0.0)
    assert hex_rgb("#1F3A5F") == hex_rgb("#1f3a5f")


def test_the_patient_templates_are_built_to_the_standards() -> None:
    assert TEMPLATE.minimum == MIN_BODY_SIZE["patient"] == 12
    assert LARGE_PRINT.minimum == MIN_BODY_SIZE["large print"] == 18
    assert TEMPLATE.margin >= MIN_MARGIN and LARGE_PRINT.margin >= MIN_MARGIN
