"""The parts of a page around the content: header, key message, contact, references, footer.

Each template arranges these; they carry the clinic's identity when there is a profile and stay
neutral without one. Everything taken from a spec or a profile is escaped or converted here, never
passed to ReportLab as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, HRFlowable, Paragraph

from ..document import Document, Said
from ..spec.fields import EMAIL
from ..spec.governance import SHORT_HASH
from ..spec.markup import escape, plain
from ..spec.model import Reference, Spec
from .breaks import address_lines
from .fonts import SANS
from .inline import link, marker
from .page import Unit
from .styles import RULE
from .tags import DECIMAL, Node
from .writer import Tagged, TaggedTable, Writer, table_style

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from ..clinic.profile import Profile

DOT = "\u00a0\u00b7 "  # a line may end after the dot, never start with it


def key_box(text: str, label: str, writer: Writer, width: float, root: Node, *, inline: bool = False) -> Unit:
    """The key message (Div): a heavy accent bar on the left, a label, the text; no tint behind it.
    `inline` runs the label into the text, to save a line on a full page."""
    s = writer.styles
    div = root.child("Div")
    if inline:
        content = [writer.raw(f"{escape(label)}: {writer.markup(text)}", s.key, tag=div.child("P"))]
    else:
        content = [
            writer.raw(escape(label), s.label, tag=div.child("P")),
            writer.para(text, s.key, tag=div.child("P")),
        ]
    box = TaggedTable([[content]], colWidths=[width])
    box.setStyle(
        table_style(
            [
                ("LINEBEFORE", (0, 0), (0, -1), s.body_size * 0.35, s.accent),
                ("LEFTPADDING", (0, 0), (-1, -1), s.body_size * 0.9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), s.unit * 0.1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), s.unit * 0.2),
            ]
        )
    )
    box.spaceBefore = s.unit * 0.5
    box.spaceAfter = s.unit * 0.3
    return Unit([box], "the key message")


def rule(writer: Writer, thickness: float = 0.6, color: Color | None = None) -> Flowable:
    """A horizontal rule: an artifact."""
    s = writer.styles
    line = HRFlowable(
        width="100%",
        thickness=thickness,
        color=color or RULE,
        spaceBefore=s.unit * 0.3,
        spaceAfter=s.unit * 0.3,
    )
    return Tagged(line, None)


def with_qr_code(
    main: list[Flowable], url: str | None, writer: Writer, width: float, parent: Node
) -> list[Flowable]:
    """`main` with, at its right, a QR code (a Figure) to the online version and the address in words,
    a link, beside it.

    The code is a supplement, never the only way to the page: the address is printed in full.
    """
    if not url:
        return main
    s = writer.styles
    size, gap, caption_width = _qr_sizes(writer, width)
    figure = parent.child("Figure", alt=writer.words("qr_alt", url=url))
    code = Tagged(qr_code(url, size), figure)
    lines = address_lines(url, s.small.fontName, s.small.fontSize, caption_width)
    caption = [
        writer.raw(f"<b>{writer.words.markup('read_online')}</b>", s.small, tag=parent.child("P")),
        writer.raw(
            link("<br/>".join(writer.literal(line) for line in lines), url, marked=False),
            s.small,
            tag=parent.child("P").child("Link", target=url),
        ),
    ]
    widths = [width - size - caption_width - 2 * gap, size + gap, caption_width + gap]
    table = TaggedTable([[main, code, caption]], colWidths=widths)
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (2, 0), (2, 0), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (-1, -1), gap),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


def main_width(url: str | None, writer: Writer, width: float) -> float:
    """The width left beside the QR code (all of it without one)."""
    if not url:
        return width
    size, gap, caption_width = _qr_sizes(writer, width)
    return width - size - caption_width - 2 * gap


def _qr_sizes(writer: Writer, width: float) -> tuple[float, float, float]:
    """The code's side, the gaps around it and the width of its caption."""
    size = writer.styles.body_size
    return size * 5, size * 0.7, width * 0.2


def qr_code(value: str, size: float) -> Drawing:
    """ReportLab's own QR code, scaled to `size` points square, its quiet zone included."""
    # Imported here: most pages have no QR code, and the barcode modules slow every start.
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(value, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    # The renderer sets the drawing's font as it starts, text or no text; left to its default, that is
    # Helvetica, which is never embedded. The code's font is ours.
    drawing.initialFontName = SANS
    drawing.add(widget)
    return drawing


def reference_units(spec: Spec, writer: Writer, root: Node) -> list[Unit]:
    """A heading (H2) and the numbered list of references, their DOIs, PMIDs and addresses as links."""
    s = writer.styles
    heading = writer.raw(f"<b>{writer.words.markup('references')}</b>", s.small, tag=root.child("H2"))
    units = [Unit([heading], "the references")]
    listed = root.child("L", attributes=DECIMAL)
    for number, ref in enumerate(spec.references, start=1):
        parts = [_sentence(ref.authors, writer)] if ref.authors else []
        parts += [
            _sentence(ref.title, writer),
            f"<i>{_sentence(ref.source, writer)}</i>",
            _issue(ref, writer),
        ]
        if ref.doi:
            parts.append(
                link(f"doi:{writer.literal(ref.doi)}", f"https://doi.org/{quote(ref.doi, safe='/:;()')}")
            )
        if ref.pmid:
            parts.append(link(f"PMID {ref.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"))
        if ref.url:
            parts.append(link(writer.literal(ref.url), ref.url))
        item = listed.child("LI")
        paragraph = writer.raw(
            " ".join(parts), s.reference, f"{number}.", tag=item.child("LBody"), label=item.child("Lbl")
        )
        units.append(Unit([paragraph], "the references"))
    return units


def _issue(ref: Reference, writer: Writer) -> str:
    """Year, volume, issue and pages as citations print them: "2019;19(4):112-9." """
    volume = writer.literal(ref.volume) if ref.volume else ""
    issue = f"({writer.literal(ref.issue)})" if ref.issue else ""
    pages = f":{writer.literal(ref.pages)}" if ref.pages else ""
    return f"{ref.year}{';' if volume or issue else ''}{volume}{issue}{pages}."


def _sentence(text: str, writer: Writer) -> str:
    """A reference part as markup, ending with a full stop unless its words already end in punctuation."""
    return writer.markup(text) + ("" if plain(text)[-1:] in ".?!" else ".")


def review_line(document: Document, writer: Writer) -> str:
    """Version, review dates, document id and content hash, as printed in every footer (paragraph markup)."""
    spec, words = document.spec, writer.words
    review = spec.review

    def kept(key: str, **values: str) -> str:  # a label stays with its value when the line wraps
        return words.markup(key, **values).replace(" ", "\u00a0")

    parts = [
        kept("version", version=writer.literal(spec.version)),
        words.markup(
            "reviewed",
            date=review.last_reviewed.isoformat(),
            name=writer.markup(review.reviewed_by),
        ).replace(" ", "\u00a0", 1),
        kept("next_review", date=review.next_review.isoformat()),
        kept("document", id=writer.literal(spec.id)),
        kept("content", hash=document.content_hash[:SHORT_HASH]),
    ]
    if review.authors:
        parts.insert(2, words.markup("authors", names=", ".join(writer.markup(a) for a in review.authors)))
    return DOT.join(parts)


def contact_line(document: Document, writer: Writer) -> str:
    """Whom to contact about this page, on one line (paragraph markup): the spec's contact (a service:
    its name and details) where it has one, with the clinic's phone and hours where the spec gives
    none; else the clinic's phone and hours. The clinic's own address, e-mail and website are in the
    banner. One number, printed once."""
    contact, profile = document.spec.contact, document.clinic
    clinic = profile.clinic if profile else None
    parts = [f"<b>{writer.markup(contact.name)}</b>"] if contact else []
    phone = (contact.phone if contact else None) or (clinic.phone if clinic else None)
    if phone:
        parts.append(f"<b>{phone_number(phone, writer)}</b>" if not contact else phone_number(phone, writer))
    if contact and contact.phone and contact.hours:
        parts.append(writer.markup(contact.hours))
    elif clinic and phone == clinic.phone and (said := document.clinic_text("hours")):
        parts.append(in_language(said, writer))
    if contact:
        parts += [address(value, writer) for value in (contact.email, contact.website) if value]
        if contact.address:
            parts.append(writer.markup(contact.address))
    return DOT.join(parts)


def clinic_details(profile: Profile, writer: Writer) -> str:
    """The clinic's address, e-mail and website on one line (paragraph markup), for its banner."""
    clinic = profile.clinic
    parts = [address(value, writer) for value in (clinic.email, clinic.website) if value]
    if clinic.address:
        parts.append(writer.literal(clinic.address))
    return DOT.join(parts)


def disclaimer(document: Document, writer: Writer, root: Node) -> Paragraph:
    """The spec's disclaimer (which may hold markup), else the clinic's, printed exactly as written."""
    s = writer.styles
    tag = root.child("P")
    if document.spec.disclaimer:
        return writer.para(document.spec.disclaimer, s.small, tag=tag)
    said = document.clinic_text("disclaimer")
    tag.lang = said.lang if said else None
    return writer.raw(writer.literal(said.text if said else ""), s.small, tag=tag)


def address(text: str, writer: Writer) -> str:
    """An e-mail or web address as printed (exactly as written), and a link where it is one."""
    # A web address first: one may hold an "@" (a profile page, or a user name before the host).
    if text.startswith(("https://", "http://")) and not any(char.isspace() for char in text):
        return link(writer.literal(text), text)
    if EMAIL.match(text):
        return link(writer.literal(text), f"mailto:{text}")
    return writer.literal(text)


def in_language(said: Said, writer: Writer) -> str:
    """A clinic's text as markup; in a Span of its own language where that is not the page's."""
    text = writer.literal(said.text)
    return f"{marker('lang', said.lang)}{text}{marker('end')}" if said.lang else text


def phone_number(text: str, writer: Writer) -> str:
    """A phone number that never breaks across lines."""
    return writer.literal(text).replace(" ", "&nbsp;")


def out_of_hours_note(document: Document, writer: Writer) -> str:
    """What to do when the clinic is closed, with the number to call (paragraph markup)."""
    if document.clinic is None:
        return ""
    after_hours = document.clinic.clinic.out_of_hours
    said = document.clinic_text("out_of_hours_advice")
    advice = f" {in_language(said, writer)}" if said else ""
    closed, call = writer.words.markup("clinic_closed"), writer.words.markup("call")
    return f"<b>{closed}</b> {call} <b>{phone_number(after_hours.phone, writer)}</b>.{advice}"
