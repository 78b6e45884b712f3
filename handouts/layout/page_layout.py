"""A whole document laid out: at a given body size, or at the largest size that fits its page(s)."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, letter

from ..document import Document
from ..standards import MAX_PAGES, Kind, PageSize
from . import clinician, patient
from .fitting import Arrangement, Fitted, fit, measure
from .fonts import coverage_of
from .memory import TextMemory
from .page import Page, Template
from .remembered import Remembered, confirm
from .styles import DEFAULT_ACCENT, make_styles

PAPER: dict[PageSize, tuple[float, float]] = {"letter": letter, "a4": A4}  # width, height in pt
TEMPLATES: dict[Kind, Template] = {
    "clinician": clinician.TEMPLATE,
    "patient": patient.TEMPLATE,
    "large print": patient.LARGE_PRINT,
}


_WORDS = {2: "two", 3: "three", 4: "four"}


class Layout:
    """A document's template, paper and frame, and a page composed at any body size.

    The sizes one layout composes share what they work out about the text (TextMemory).
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.template = TEMPLATES[document.kind]
        self.paper = PAPER[document.paper]
        margin = self.template.margin
        self.frame = (self.paper[0] - 2 * margin, self.paper[1] - 2 * margin)
        self.memory = TextMemory()
        self.memory.coverage = coverage_of(document.clinic)  # with the clinic's own faces, if any

    @property
    def script(self) -> str:
        """How the page's language is written: "rtl" (Arabic), "cjk" (Chinese: lines break between
        any two characters; Korean breaks at spaces, as it is written), or "" (the rest)."""
        if self.document.words.direction == "rtl":
            return "rtl"
        return "cjk" if self.document.spec.language.split("-")[0] in ("zh", "ja") else ""

    @property
    def accent(self) -> Color:
        clinic = self.document.clinic
        return (clinic.accent if clinic else None) or DEFAULT_ACCENT

    def compose(self, body_size: float, level: int = 0) -> Page:
        styles = make_styles(
            body_size, self.template.typography, self.accent, self.memory, level, self.script
        )
        return self.template.compose(self.document, styles, self.frame[0])

    def measure(self, body_size: float, level: int = 0) -> Arrangement:
        return measure(self.compose(body_size, level), *self.frame, MAX_PAGES[self.document.kind])

    def fit(self, remembered: Remembered | None = None) -> Fitted:
        """The largest size at which the document fits; FitError saying by how much if none does.
        `remembered`: what the last build of this document chose, measured first (see remembered.py)."""
        template, paper = self.template, self.document.paper
        count = MAX_PAGES[self.document.kind]
        pages = f"{_WORDS[count]} {paper} pages" if count > 1 else f"one {paper} page"
        typography = template.typography
        spacing = (typography.one_column_levels, typography.levels)
        measurements = 0  # each measures a page composed for it: counted here, all of them

        def compose(size: float, level: int) -> Page:
            nonlocal measurements
            measurements += 1
            return self.compose(size, level)

        fitted = None
        if remembered is not None:
            bounds = (template.preferred, template.minimum)
            fitted = confirm(remembered, compose, *bounds, self.frame, spacing, count)
        if fitted is None:
            fitted = fit(compose, template.preferred, template.minimum, *self.frame, pages, spacing, count)
        return replace(fitted, passes=measurements)


def lay_out(document: Document, body_size: float, level: int = 0) -> Arrangement:
    """The document composed and measured at `body_size` (pt) and spacing `level` (0 the template's
    own, higher tighter), fitting or not: see `.fits`, `.over`."""
    return Layout(document).measure(body_size, level)


def fit_document(document: Document) -> Fitted:
    """The document at the largest body size, on its template's grid, at which it fits its page(s)."""
    return Layout(document).fit()
