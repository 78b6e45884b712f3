"""A whole document laid out: at a given body size, or at the largest size that fits its page(s)."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, letter

from ..document import Document
from ..standards import Kind, PageSize
from . import clinician, patient
from .fitting import Arrangement, Fitted, fit, measure
from .measuring import TextMemory
from .page import Page, Template
from .styles import DEFAULT_ACCENT, make_styles

PAPER: dict[PageSize, tuple[float, float]] = {"letter": letter, "a4": A4}  # width, height in pt
TEMPLATES: dict[Kind, Template] = {
    "clinician": clinician.TEMPLATE,
    "patient": patient.TEMPLATE,
    "large print": patient.LARGE_PRINT,
}


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

    @property
    def accent(self) -> Color:
        clinic = self.document.clinic
        return (clinic.accent if clinic else None) or DEFAULT_ACCENT

    def compose(self, body_size: float) -> Page:
        styles = make_styles(body_size, self.template.typography, self.accent, self.memory)
        return self.template.compose(self.document, styles, self.frame[0])

    def measure(self, body_size: float) -> Arrangement:
        return measure(self.compose(body_size), *self.frame)

    def fit(self) -> Fitted:
        """The largest size at which the document fits; FitError saying by how much if none does."""
        template, paper = self.template, self.document.paper
        pages = f"two {paper} pages" if self.document.kind == "large print" else f"one {paper} page"
        return fit(self.compose, template.preferred, template.minimum, *self.frame, pages)


def lay_out(document: Document, body_size: float) -> Arrangement:
    """The document composed and measured at `body_size` (pt), fitting or not: see `.fits`, `.over`."""
    return Layout(document).measure(body_size)


def fit_document(document: Document) -> Fitted:
    """The document at the largest body size, on its template's grid, at which it fits its page(s)."""
    return Layout(document).fit()
