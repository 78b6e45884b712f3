"""The numbers the standards set, in one place: the templates are built to them and the report holds
the printed page to them, so the two can never disagree.

Margins: office printers cannot reach the last few millimetres of a sheet. Contrast: WCAG 2 (1.4.3 AA
for body text, 1.4.6 AAA as the aim). Type sizes: the usual floors for patient material (12 pt body,
18 pt in large print) and for dense professional summaries.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["clinician", "patient", "large print"]  # what a document is printed as
PageSize = Literal["letter", "a4"]  # US letter and ISO A4, the papers clinics print on
PAGE_SIZES: tuple[PageSize, ...] = ("letter", "a4")
# The ways a clinic prints a document, as a clinic profile names them.
PrintVariant = Literal["letter", "a4", "letter large print", "a4 large print"]

MIN_MARGIN = 36.0  # pt: half an inch on every side
MIN_CONTRAST = 4.5  # WCAG 2 AA, text against what lies behind it
AIM_CONTRAST = 7.0  # WCAG 2 AAA
MIN_BODY_SIZE: dict[Kind, float] = {"patient": 12.0, "large print": 18.0, "clinician": 7.5}  # pt
MIN_ANY_SIZE: dict[Kind, float] = {"patient": 9.0, "large print": 12.0, "clinician": 6.0}  # pt: footers too
MAX_PAGES: dict[Kind, int] = {"patient": 1, "large print": 4, "clinician": 1}  # large print: two sheets
DEFAULT_READING_GRADE = 8  # the usual ceiling for patient material; a clinic profile may lower it

RGB = tuple[float, float, float]  # red, green and blue from 0 to 1


def contrast_ratio(foreground: RGB, background: RGB) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: RGB) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = colour
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
