"""The patient handout: plain words, large type, one column, nothing a reader has to hunt for.

Body type never under 12 pt (18 pt in large print), left-aligned and ragged right, no text over
tints. The urgent callout shows its weight by border, icon and title, so it survives a greyscale
printer, and with a clinic profile it carries the number to call when the clinic is closed.
"""

from __future__ import annotations

from ..document import Document
from ..spec.model import Callout
from ..standards import MIN_BODY_SIZE, MIN_MARGIN
from .blocks import section_units
from .furniture import (
    clinic_line,
    contact_line,
    disclaimer,
    header_unit,
    key_box,
    out_of_hours_note,
    phone_number,
    reference_units,
    review_line,
    rule,
    with_qr_code,
)
from .page import Page, Template, Unit
from .styles import Styles, Typography
from .tags import Node
from .writer import Writer

TYPOGRAPHY = Typography(leading=1.25, heading=1.25, title=2.0, subtitle=1.1, small=0.78, space=0.4)
# Large print: 1.5 line spacing, bold headings, small print not much smaller than the body.
LARGE_TYPOGRAPHY = Typography(leading=1.5, heading=1.2, title=1.5, subtitle=1.05, small=0.78, space=0.25)


def compose(document: Document, styles: Styles, width: float) -> Page:
    spec = document.spec
    writer = Writer(styles, grids=True)
    root = Node("Document")
    closed = writer.urgent_note = out_of_hours_note(document.clinic, writer)
    top = [
        header_unit(document, "PATIENT INFORMATION", writer, width, root),
        key_box(spec.key_message, "The main thing to know", writer, width, root),
    ]
    body: list[Unit] = []
    for section in spec.sections:
        body += section_units(section, writer, width, root)
    has_urgent = any(
        isinstance(block, Callout) and block.level == "urgent"
        for section in spec.sections
        for block in section.blocks
    )
    bottom = [_contact(document, writer, width, "" if has_urgent else closed, root)]
    if spec.references:
        bottom += reference_units(spec, writer, root)
    bottom.append(_footer(document, writer, root))
    return Page(top, body, bottom, columns=1, band_gap=styles.unit * 0.6, line=styles.unit, root=root)


def compose_large_print(document: Document, styles: Styles, width: float) -> Page:
    """The same page in large type, allowed to run on to the back of the sheet."""
    page = compose(document, styles, width)
    writer = Writer(styles, grids=True)
    page.sheets = 2
    # Page notes, repeated from the page's own text: artifacts.
    turn = writer.raw("Page 1 of 2. Please turn over.", styles.label_right, tag=None)
    page.turn = [Unit([turn], "the page note")]
    head = f"{writer.markup(document.spec.title)}: page 2 of 2"
    page.running_head = [Unit([writer.raw(head, styles.label, tag=None)], "the page note")]
    return page


def _contact(document: Document, writer: Writer, width: float, closed: str, root: Node) -> Unit:
    """Who to call with questions and, if no urgent box says it, when the clinic is closed.

    Without a contact or a clinic profile, lines for the clinic to write its details in.
    """
    s = writer.styles
    spec, profile = document.spec, document.clinic
    if spec.contact:
        lines = ["<b>Questions?</b> Contact " + contact_line(spec, writer)]
    elif profile:
        hours = f" ({writer.literal(profile.clinic.hours)})" if profile.clinic.hours else ""
        lines = [f"<b>Questions?</b> Call us on <b>{phone_number(profile.clinic.phone, writer)}</b>{hours}."]
    else:
        blank = "_" * 22
        lines = [f"<b>Questions?</b> Call your care team:&nbsp;{blank} Phone:&nbsp;{blank}"]
    if closed:
        lines.append(closed)
    block = root.child("Div")
    paragraphs = [writer.raw(line, s.body, tag=block.child("P")) for line in lines]
    if profile:
        details = clinic_line(profile, writer, phone=bool(spec.contact))
        if details:
            paragraphs.append(writer.raw(details, s.small, tag=block.child("P")))
    contact = with_qr_code(paragraphs, spec.url, writer, width, block)
    return Unit([rule(writer, thickness=1.0, color=s.accent), *contact], "the contact line")


def _footer(document: Document, writer: Writer, root: Node) -> Unit:
    s = writer.styles
    notice = disclaimer(document, writer, root)
    review = writer.raw(review_line(document.spec, writer), s.small, tag=root.child("P"))
    return Unit([notice, review], "the footer")


TEMPLATE = Template(
    "patient",
    TYPOGRAPHY,
    preferred=14.0,
    minimum=MIN_BODY_SIZE["patient"],
    margin=MIN_MARGIN,
    compose=compose,
)
LARGE_PRINT = Template(
    "patient large print",
    LARGE_TYPOGRAPHY,
    preferred=20.0,
    minimum=MIN_BODY_SIZE["large print"],
    margin=MIN_MARGIN,
    compose=compose_large_print,
)
