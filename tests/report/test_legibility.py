"""The report's print legibility (report/legibility.py), judged from the PDF as printed.

The limits cannot be reached through the templates, which never go below their floors, so these PDFs
are drawn with ReportLab's canvas directly and handed to make_report in a Built made by hand.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from handouts import Built, Document, Report, Spec, make_report
from handouts.layout.fonts import SANS, register
from handouts.report.model import Check
from handouts.report.output import report_text as as_text
from tests.helpers.paths import CLINICIAN_SPEC
from tests.helpers.reports import GOOD, failed_in
from tests.helpers.specs import TODAY, load, valid_spec


def legibility_failed(report: Report) -> list[str]:
    """The print legibility gates that failed (a hand-drawn PDF is untagged: its accessibility fails)."""
    return failed_in(report, "Print legibility")


LINES = [
    "Back pain is very common and often gets better by itself.",
    "Keep moving a little each day.",
    "Use a warm pack when it hurts.",
    "Take short walks.",
] * 3


NAVY = (0.12, 0.23, 0.37)


def drawn_pdf(
    *,
    body: float = 13.0,
    footnote: float | None = None,
    grey: float = 0.0,
    font: str = SANS,
    left: float = 72.0,
    pages: int = 1,
    mark_at: float | None = None,
    white_on: tuple[float, float, float] | None = None,
    size: tuple[float, float] = letter,
) -> bytes:
    """A page of text drawn with ReportLab's canvas: everything the report reads, set as asked."""
    register()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size, invariant=1, initialFontName=font)
    for _ in range(pages):
        top = size[1] - 90
        if white_on is not None:
            canvas.setFillColorRGB(*white_on)
            canvas.rect(
                60, top - len(LINES) * body * 1.5, 480, len(LINES) * body * 1.5 + body * 1.5, stroke=0, fill=1
            )
        canvas.setFont(font, body)
        if white_on is not None:
            canvas.setFillGray(1.0)
        else:
            canvas.setFillGray(grey)
        for number, line in enumerate(LINES):
            canvas.drawString(left, top - number * body * 1.5, line)
        if footnote is not None:
            canvas.setFont(font, footnote)
            canvas.setFillGray(0.0)
            canvas.drawString(72, 72, "Version 1.0")
        if mark_at is not None:
            canvas.setFillGray(0.0)
            canvas.rect(72, mark_at, 100, 4, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def drawn_report(spec: Spec, *, large_print: bool = False, **drawing: Any) -> Report:
    pdf = drawn_pdf(**drawing)
    built = Built(
        pdf=pdf,
        document=Document(spec, large_print=large_print, page_size="letter"),
        body_size=drawing.get("body", 13.0),
        passes=1,
        pages=drawing.get("pages", 1),
    )
    return make_report(built, file="drawn.pdf", today=TODAY)


def legibility(report: Report) -> dict[str, Check]:
    (part,) = [part for part in report.parts if part.title.startswith("Print legibility")]
    return {c.name: c for c in part.checks}


@pytest.fixture(scope="module")
def good_spec() -> Spec:
    return valid_spec(GOOD)


@pytest.mark.parametrize(
    ("drawing", "expected"),
    [
        ({}, []),
        ({"body": 10}, ["Body text"]),
        ({"body": 11.9}, ["Body text"]),
        ({"body": 12}, []),
        ({"footnote": 7}, ["Smallest text"]),
        ({"footnote": 8.9}, ["Smallest text"]),
        ({"footnote": 9}, []),
        ({"grey": 0.6}, ["Text contrast"]),  # 2.9:1
        ({"grey": 0.4}, []),  # 5.7:1 warns
        ({"grey": 0.3}, []),  # 8.5:1
        ({"font": "Helvetica"}, ["Fonts embedded"]),
        ({"left": 20}, ["Margins"]),
        ({"left": 36}, []),
        ({"mark_at": 20}, ["Margins"]),  # ink that is not text counts too
        ({"mark_at": 40}, []),
        ({"pages": 2}, ["Pages"]),
        ({"white_on": NAVY}, []),  # judged against the box behind the text, not the paper
        ({"white_on": (0.97, 0.97, 0.97)}, ["Text contrast"]),
    ],
    ids=lambda value: json.dumps(value) if isinstance(value, dict) else None,
)
def test_print_legibility_limits(good_spec: Spec, drawing: dict[str, Any], expected: list[str]) -> None:
    report = drawn_report(good_spec, **drawing)
    assert legibility_failed(report) == expected, as_text(report)


def test_the_limits_are_reported_as_read_from_the_pdf(good_spec: Spec) -> None:
    checks = legibility(drawn_report(good_spec, body=10, footnote=7, font=SANS))
    assert checks["Body text"].value == 10
    assert checks["Smallest text"].value == 7
    assert '"Version 1.0"' in checks["Smallest text"].shown
    assert checks["Fonts embedded"].value == 1

    grey = legibility(drawn_report(good_spec, grey=0.6))["Text contrast"]
    assert grey.outcome == "fail"
    assert grey.value == pytest.approx(2.85, abs=0.02)
    warn = legibility(drawn_report(good_spec, grey=0.4))["Text contrast"]
    assert warn.outcome == "warn"
    assert isinstance(warn.value, float)
    assert 4.5 <= warn.value < 7
    assert legibility(drawn_report(good_spec, grey=0.3))["Text contrast"].outcome == "pass"

    fonts = legibility(drawn_report(good_spec, font="Helvetica"))["Fonts embedded"]
    assert "Helvetica" in fonts.shown
    margins = legibility(drawn_report(good_spec, left=20))["Margins"]
    assert margins.value == pytest.approx(20, abs=0.5)
    assert "left 20" in margins.shown


def test_large_print_needs_18_pt_and_allows_two_sheets(good_spec: Spec) -> None:
    assert legibility_failed(drawn_report(good_spec, large_print=True, body=18, pages=4)) == []
    assert legibility_failed(drawn_report(good_spec, large_print=True, body=18, pages=5)) == ["Pages"]
    assert legibility_failed(drawn_report(good_spec, large_print=True, body=14)) == ["Body text"]
    assert legibility_failed(drawn_report(good_spec, large_print=True, body=18, footnote=11)) == [
        "Smallest text"
    ]


def test_clinician_documents_have_smaller_floors() -> None:
    spec = load(CLINICIAN_SPEC)
    assert legibility_failed(drawn_report(spec, body=8, footnote=6)) == []
    assert legibility_failed(drawn_report(spec, body=7, footnote=6)) == ["Body text"]
    assert legibility_failed(drawn_report(spec, body=8, footnote=5.5)) == ["Smallest text"]


def test_an_untagged_pdf_fails_the_accessibility_gates(good_spec: Spec) -> None:
    report = drawn_report(good_spec)
    assert failed_in(report, "Accessibility") == ["Tagged", "Language", "Title shown", "Reading order"]
