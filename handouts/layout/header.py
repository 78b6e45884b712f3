"""The head of a page: the clinic's banner (or the kind of document), who the copy is prepared for,
the title and the subtitle.

Every copy keeps the same room for "Prepared for": a shared copy prints lines to write the name and
the date on by hand, a personal copy prints them. So personalising a copy never changes what fits.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Table

from ..document import Document, Prepared, Said
from ..errors import FitError
from ..language.catalogue import Catalogue
from ..spec.markup import escape, plain
from ..standards import MIN_ANY_SIZE, MIN_MARGIN, Kind
from .fonts import SANS, SANS_BOLD, text_width
from .page import Unit
from .tags import Node
from .writer import NO_PADDING, Tagged, TaggedTable, Writer, table_style

if TYPE_CHECKING:
    from ..clinic.profile import Profile

# The room for "Prepared for" beside the title: lines, and shares of the page's width, narrower down
# to the least when that keeps the subtitle on one line. Large type needs a wider box.
PREPARED_LINES = 3
SHARES: dict[Kind, tuple[float, float]] = {
    "patient": (0.4, 0.32),
    "clinician": (0.4, 0.32),
    "large print": (0.55, 0.55),
}
# The narrowest frame of any paper (A4 within the margins): a copy that fits it fits every paper.
NARROWEST = A4[0] - 2 * MIN_MARGIN


def header_unit(document: Document, label: str, writer: Writer, width: float, root: Node) -> Unit:
    """The clinic's banner (if any); the title (H1) and beside it who the copy is prepared for, under
    the kind of document when there is no banner to name it; the subtitle beside them too when it
    fits on one line there, else below. All stacked if the title needs the width, the kind of document
    (without a banner) over the title."""
    s = writer.styles
    spec = document.spec
    gutter = s.body_size  # the subtitle never runs into the lines
    subtitle_width = _width(spec.subtitle, s.subtitle) if spec.subtitle else 0.0
    preferred, least = (width * share for share in SHARES[document.kind])
    beside = subtitle_width + gutter <= width - least
    share = max(min(preferred, width - gutter - subtitle_width), least) if beside else least
    stacked = _width(spec.title, s.title) > (width - share) * 0.95
    # Made in the order they are drawn, which is the order the tags read.
    flowables: list[Flowable] = []
    if document.clinic:
        department = document.clinic_text("department")
        flowables.append(clinic_banner(document.clinic, department, label, writer, width, root))

    def kind() -> list[Flowable]:  # a banner names it
        return [] if document.clinic else [writer.raw(escape(label), s.label_right, tag=root.child("P"))]

    def title() -> Flowable:
        return writer.para(spec.title, s.title, tag=root.child("H1"))

    def subtitle() -> list[Flowable]:
        return [writer.para(spec.subtitle, s.subtitle, tag=root.child("P"))] if spec.subtitle else []

    if stacked:  # the kind of document over the title, as a banner names it, not under the subtitle
        return Unit(
            [*flowables, *kind(), title(), *subtitle(), prepared_box(document, writer, root)], "the header"
        )
    heading = [title(), *(subtitle() if beside else [])]
    aside = [*kind(), prepared_box(document, writer, root)]
    row = TaggedTable([[heading, aside]], colWidths=[width - share, share])
    gap = ("RIGHTPADDING", (0, 0), (0, 0), gutter)
    row.setStyle(table_style([*NO_PADDING, gap, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    flowables.append(row)
    if not beside:
        flowables += subtitle()
    return Unit(flowables, "the header")


def _width(text: str, style: ParagraphStyle) -> float:
    """The width of a line of text in a style, a little generous (inline bold is wider)."""
    return float(text_width(plain(text), style.fontName, style.fontSize)) * 1.03


def clinic_banner(
    profile: Profile, department: Said | None, label: str, writer: Writer, width: float, root: Node
) -> Table:
    """Logo (a Figure), clinic and department (in the page's language) on the left; the kind of
    document on the right; a rule below."""
    s = writer.styles
    clinic = profile.clinic
    logo = _logo(profile, s.title.fontSize * 1.1, width * 0.2) if profile.logo else None
    figure = root.child("Figure", alt=clinic.logo_alt or clinic.name) if logo else None
    name = [writer.raw(f"<b>{writer.literal(clinic.name)}</b>", s.clinic, tag=root.child("P"))]
    if department:
        tag = root.child("P", lang=department.lang)
        name.append(writer.raw(writer.literal(department.text), s.small, tag=tag))
    label_width = min(text_width(label, SANS_BOLD, s.label_right.fontSize) * 1.05, width * 0.4)
    cells: list[object] = [name, writer.raw(escape(label), s.label_right, tag=root.child("P"))]
    widths = [width - label_width, label_width]
    if logo:
        cells.insert(0, Tagged(logo, figure))
        gap = s.body_size * 0.6
        widths = [logo.drawWidth + gap, widths[0] - logo.drawWidth - gap, label_width]
    banner = TaggedTable([cells], colWidths=widths)
    banner.setStyle(
        table_style(
            [
                *NO_PADDING,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), s.unit * 0.25),
                ("LINEBELOW", (0, 0), (-1, -1), 0.8, s.accent),
            ]
        )
    )
    banner.spaceAfter = s.unit * 0.3
    return banner


def _logo(profile: Profile, height: float, max_width: float) -> Image:
    """The checked logo bytes at a fixed height (narrower if a wide logo would crowd the name)."""
    assert profile.logo is not None
    logo = profile.logo
    width = min(height * logo.width / logo.height, max_width)
    return Image(io.BytesIO(logo.data), width=width, height=width * logo.height / logo.width, mask="auto")


def prepared_box(document: Document, writer: Writer, root: Node) -> Flowable:
    """Two lines kept for who the copy is for: filled in (a P), or lines to write on (an artifact)."""
    style = writer.styles.prepared
    details = document.prepared
    floor = MIN_ANY_SIZE[document.kind]
    if details:
        text = prepared_text(details, writer.words, writer.literal)
        tag = root.child("P", actual_text=prepared_words(details, writer.words))
        return Reserved(lambda fitted, width: writer.raw(text, fitted, tag=tag), style, PREPARED_LINES, floor)

    def write_in(fitted: ParagraphStyle, width: float) -> Paragraph:
        """Lines to write on by hand, as long as the room allows: nothing for a screen reader to read."""
        blank = stringWidth("_", fitted.fontName, fitted.fontSize)
        lines = []
        for key in ("write_in_for", "write_in_on", "write_in_by"):
            room = width * 0.98 - text_width(writer.words(key) + " ", fitted.fontName, fitted.fontSize)
            lines.append(f"{writer.words.markup(key)} {'_' * max(int(room / blank), 4)}")
        flush = ParagraphStyle(f"{fitted.name}-left", parent=fitted, alignment=TA_LEFT)  # lines align
        return writer.raw("<br/>".join(lines), flush, tag=None)

    return Reserved(write_in, style, PREPARED_LINES, floor)


def prepared_text(prepared: Prepared, words: Catalogue, literal: Callable[[str], str] = escape) -> str:
    """ "Prepared for NAME on DATE by NAME", of what is given, as paragraph markup in the page's
    language; the date in words, never broken across lines."""
    on = escape(words.date(prepared.on)).replace(" ", "&nbsp;") if prepared.on else None
    patient = f"<b>{literal(prepared.patient)}</b>" if prepared.patient else None
    clinician = literal(prepared.clinician) if prepared.clinician else None
    return _prepared(words.markup, patient, on, clinician)


def prepared_words(prepared: Prepared, words: Catalogue) -> str:
    """The same line as plain text: what it reads as, however it is broken into right-aligned lines
    (which drop the space at each break)."""
    on = words.date(prepared.on) if prepared.on else None
    return _prepared(words, prepared.patient, on, prepared.clinician)


def _prepared(say: Callable[..., str], patient: str | None, on: str | None, clinician: str | None) -> str:
    parts = [say("prepared")]
    if patient:
        parts.append(say("prepared_for", name=patient))
    if on:
        parts.append(say("prepared_on", date=on))
    if clinician:
        parts.append(say("prepared_by", name=clinician))
    return " ".join(parts)


def fits_the_box(prepared: Prepared, words: Catalogue, kind: Kind) -> bool:
    """Whether the personal details fit the least room kept for them, on any paper, in the smallest
    type the kind of document may print: checked before a build, so that a copy whose details would
    not fit is refused up front and never by the fitting."""
    size = MIN_ANY_SIZE[kind]
    style = ParagraphStyle("prepared-least", fontName=SANS, fontSize=size, leading=size * 1.2)
    paragraph = Paragraph(prepared_text(prepared, words), style)
    paragraph.wrap(NARROWEST * SHARES[kind][1], 10_000)
    return len(paragraph.blPara.lines) <= PREPARED_LINES


class Reserved(Flowable):  # type: ignore[misc]
    """A paragraph in a box of a fixed number of lines: set smaller if it needs more (down to `floor`,
    the smallest text the kind of document may print), never taller."""

    def __init__(
        self,
        make: Callable[[ParagraphStyle, float], Paragraph],
        style: ParagraphStyle,
        lines: int,
        floor: float,
    ) -> None:
        super().__init__()
        self.make, self.style, self.lines, self.floor = make, style, lines, floor
        self.paragraph: Paragraph | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        room = self.lines * self.style.leading + 0.01
        size = self.style.fontSize
        while True:
            style = self.style if size == self.style.fontSize else _smaller(self.style, size)
            self.paragraph = self.make(style, available_width)
            _, height = self.paragraph.wrap(available_width, available_height)
            if height <= room:
                break
            least = min(self.floor, self.style.fontSize)
            if size <= least:
                raise FitError("the personal details are too long for the room kept for them on the page")
            size = max(size - 0.5, least)  # the floor itself is tried: fits_the_box promised it
        self.width, self.height = available_width, self.lines * self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        assert self.paragraph is not None
        self.paragraph.drawOn(self.canv, 0, self.height - self.paragraph.height)


def _smaller(style: ParagraphStyle, size: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{size:g}", parent=style, fontSize=size, bulletFontSize=size)
