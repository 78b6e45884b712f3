"""The patient handout: plain words, large type, one column, nothing a reader has to hunt for.

Body type never under 12 pt (18 pt in large print), left-aligned and ragged right, no text over
tints. The urgent callout shows its weight by border, icon and title, so it survives a greyscale
printer, and with a clinic profile it carries the number to call when the clinic is closed.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..document import Document
from ..language.catalogue import Catalogue
from ..spec.markup import plain
from ..spec.model import Callout
from ..standards import MAX_PAGES, MIN_BODY_SIZE, MIN_MARGIN
from .blocks import section_units
from .fonts import SANS, SANS_BOLD, text_width
from .furniture import (
    clinic_details,
    contact_line,
    disclaimer,
    in_language,
    key_box,
    main_width,
    out_of_hours_note,
    phone_number,
    reference_units,
    review_line,
    rule,
    with_qr_code,
)
from .header import header_unit
from .page import Page, Template, Unit
from .styles import Styles, Typography
from .tags import Node
from .writer import NO_PADDING, TaggedTable, Writer, table_style

TYPOGRAPHY = Typography(
    leading=1.25,
    heading=1.25,
    title=2.0,
    subtitle=1.1,
    small=0.78,
    space=0.4,
    # Tighter spacing first; at the last, the body runs in two columns of about 45 characters.
    tighter=((1.2, 0.25, 1), (1.15, 0.12, 1), (1.15, 0.12, 2), (1.1, 0.1, 2)),
)
# Large print: 1.5 line spacing, bold headings, small print not much smaller than the body.
LARGE_TYPOGRAPHY = Typography(leading=1.5, heading=1.2, title=1.5, subtitle=1.05, small=0.78, space=0.25)


def compose(document: Document, styles: Styles, width: float, grid_lines: int = 2) -> Page:
    spec = document.spec
    columns = styles.columns
    gap = styles.body_size * 1.5
    body_width = (width - gap * (columns - 1)) / columns
    # Items two to a row in one column (up to `grid_lines` lines each); in two, columns are narrow.
    words = document.words
    writer = Writer(styles, words, grids=grid_lines if columns == 1 else 0, language=spec.language)
    root = Node("Document")
    closed = writer.urgent_note = out_of_hours_note(document, writer)
    top = [
        header_unit(document, words("patient_information"), writer, width, root),
        key_box(spec.key_message, words("main_thing"), writer, width, root, inline=columns > 1),
    ]
    body: list[Unit] = []
    for section in spec.sections:
        body += section_units(section, writer, body_width, root)
    has_urgent = any(
        isinstance(block, Callout) and block.level == "urgent"
        for section in spec.sections
        for block in section.blocks
    )
    bottom = [_contact(document, writer, width, "" if has_urgent else closed, root)]
    if spec.references:
        bottom += reference_units(spec, writer, root)
    bottom.append(_footer(document, writer, width, root))
    page = Page(
        top,
        body,
        bottom,
        columns=columns,
        column_gap=gap,
        band_gap=styles.unit * 0.6,
        line=styles.unit,
        mirrored=writer.rtl,
    )
    page.root = root
    return page


def compose_large_print(document: Document, styles: Styles, width: float) -> Page:
    """The same page in large type, allowed to run on to a second sheet, front and back."""
    page = compose(document, styles, width, grid_lines=1)  # large type: side by side only if short
    words = document.words
    writer = Writer(styles, words)
    page.pages = MAX_PAGES["large print"]

    # Page notes, repeated from the page's own text: artifacts.
    def turn(number: int, count: int) -> list[Unit]:
        note = writer.raw(words.markup("page_note", page=number, pages=count), styles.label_right, tag=None)
        return [Unit([note], "the page note")]

    def running_head(number: int, count: int) -> list[Unit]:
        title = writer.markup(document.spec.title)
        head = words.markup("running_head", title=title, page=number, pages=count)
        return [Unit([writer.raw(head, styles.label, tag=None)], "the page note")]

    page.turn, page.running_head = turn, running_head
    return page


def _contact(document: Document, writer: Writer, width: float, closed: str, root: Node) -> Unit:
    """Who to call with questions and, if no urgent box says it, when the clinic is closed.

    Without a contact or a clinic profile, lines for the clinic to write its details in.
    """
    s = writer.styles
    spec, profile = document.spec, document.clinic
    words = writer.words
    questions = f"<b>{words.markup('questions')}</b>"
    if spec.contact:
        lines = [f"{questions} {words.markup('contact')} {contact_line(document, writer)}"]
    elif profile:
        said = document.clinic_text("hours")
        hours = f" ({in_language(said, writer)})" if said else ""
        call = words.markup("call_us")
        lines = [f"{questions} {call} <b>{phone_number(profile.clinic.phone, writer)}</b>{hours}."]
    else:
        lines = [write_in_contact(s.body, main_width(spec.url, writer, width), words)]
    if closed:
        lines.append(closed)
    block = root.child("Div")
    paragraphs = [writer.raw(line, s.body, tag=block.child("P")) for line in lines]
    details = clinic_details(profile, writer) if profile else ""
    if details:
        paragraphs.append(writer.raw(details, s.small, tag=block.child("P")))
    contact = with_qr_code(paragraphs, spec.url, writer, width, block)
    return Unit([rule(writer, thickness=1.0, color=s.accent), *contact], "the contact line")


def write_in_contact(style: ParagraphStyle, width: float, words: Catalogue) -> str:
    """Blanks for the clinic to write its care team and phone on, filling the width: on one line when
    each blank can be long enough to write in, else on two."""
    blank = stringWidth("_", style.fontName, style.fontSize)

    def fill(words: str, blanks: int = 1) -> str:
        room = width * 0.97 - text_width(words, SANS_BOLD, style.fontSize)
        return "_" * max(int(room / blank / blanks), 0)

    questions, call, phone = (words.markup(key) for key in ("questions", "call_care_team", "phone"))
    team = f"{words('questions')} {words('call_care_team')} "
    both = fill(team + words("phone") + " ", 2)
    if len(both) >= 12:
        return f"<b>{questions}</b> {call}&nbsp;{both} {phone}&nbsp;{both}"
    return f"<b>{questions}</b> {call}&nbsp;{fill(team)}<br/>{phone}&nbsp;{fill(words('phone') + ' ')}"


def _footer(document: Document, writer: Writer, width: float, root: Node) -> Unit:
    """The disclaimer, and beside it the version and review record (small type, two columns)."""
    s = writer.styles
    notice = disclaimer(document, writer, root)
    record = review_line(document, writer)
    review = writer.raw(record, s.small, tag=root.child("P"))
    gap = s.body_size
    # Widths in proportion to the words, so that neither column runs a line longer than it must.
    texts = (document.disclaimer or "", record)
    words = [s.memory.width(plain(text), SANS, s.small.fontSize) for text in texts]
    share = min(max(words[0] / sum(words), 0.3), 0.5)
    widths = [(width - gap) * share + gap, (width - gap) * (1 - share)]
    table = TaggedTable([[notice, review]], colWidths=widths)
    table.setStyle(
        table_style([*NO_PADDING, ("RIGHTPADDING", (0, 0), (0, 0), gap), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return Unit([table], "the footer")


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
