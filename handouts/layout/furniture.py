"""The parts of a page around the content: header, key message, contact, references, footer.

Each template arranges these; they carry the clinic's identity when there is a profile and stay
neutral without one. Everything taken from a spec or a profile is escaped or converted here, never
passed to ReportLab as markup.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, Image, Paragraph, Table

from ..document import Document, Prepared
from ..spec.governance import short_hash
from ..spec.markup import escape, plain
from ..spec.model import Spec
from .fonts import SANS, SANS_BOLD
from .inline import link
from .page import Unit
from .styles import RULE
from .tags import DECIMAL, Node
from .writer import Tagged, TaggedTable, Writer, table_style

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from ..clinic.profile import Profile

DOT = " \u00b7 "


def header_unit(document: Document, label: str, writer: Writer, width: float, root: Node) -> Unit:
    """The clinic (if any) and the kind of document, the title (H1), the subtitle, who it is prepared for."""
    s = writer.styles
    spec = document.spec
    if document.clinic:
        flowables: list[Flowable] = [clinic_banner(document.clinic, label, writer, width, root)]
    else:
        flowables = [writer.raw(escape(label), s.label, tag=root.child("P"))]
    flowables.append(writer.para(spec.title, s.title, tag=root.child("H1")))
    if spec.subtitle:
        flowables.append(writer.para(spec.subtitle, s.subtitle, tag=root.child("P")))
    if document.prepared:
        flowables.append(
            writer.raw(prepared_line(document.prepared, writer), s.prepared, tag=root.child("P"))
        )
    return Unit(flowables, "the header")


def clinic_banner(profile: Profile, label: str, writer: Writer, width: float, root: Node) -> Table:
    """Logo (a Figure), clinic and department on the left; the kind of document on the right; a rule below."""
    s = writer.styles
    clinic = profile.clinic
    logo = _logo(profile, s.title.fontSize * 1.25, width * 0.25) if profile.logo else None
    figure = root.child("Figure", alt=clinic.logo_alt or clinic.name) if logo else None
    name = [writer.raw(f"<b>{writer.literal(clinic.name)}</b>", s.clinic, tag=root.child("P"))]
    if clinic.department:
        name.append(writer.raw(writer.literal(clinic.department), s.small, tag=root.child("P")))
    label_width = min(stringWidth(label, SANS_BOLD, s.label_right.fontSize) * 1.05, width * 0.4)
    cells: list[object] = [name, writer.raw(escape(label), s.label_right, tag=root.child("P"))]
    widths = [width - label_width, label_width]
    if logo:
        cells.insert(0, Tagged(logo, figure))
        widths = [
            logo.drawWidth + s.body_size * 0.6,
            widths[0] - logo.drawWidth - s.body_size * 0.6,
            label_width,
        ]
    banner = TaggedTable([cells], colWidths=widths)
    banner.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), s.unit * 0.3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.8, s.accent),
            ]
        )
    )
    banner.spaceAfter = s.unit * 0.35
    return banner


def _logo(profile: Profile, height: float, max_width: float) -> Image:
    """The checked logo bytes at a fixed height (narrower if a wide logo would crowd the name)."""
    assert profile.logo is not None
    logo = profile.logo
    width = min(height * logo.width / logo.height, max_width)
    return Image(io.BytesIO(logo.data), width=width, height=width * logo.height / logo.width, mask="auto")


def prepared_line(prepared: Prepared, writer: Writer) -> str:
    parts = ["Prepared"]
    if prepared.patient:
        parts.append(f"for <b>{writer.literal(prepared.patient)}</b>")
    if prepared.on:
        parts.append(f"on {prepared.on.isoformat()}")
    if prepared.clinician:
        parts.append(f"by {writer.literal(prepared.clinician)}")
    return " ".join(parts)


def key_box(text: str, label: str, writer: Writer, width: float, root: Node) -> Unit:
    """The key message (Div): a heavy accent bar on the left, a label, the text; no tint behind it."""
    s = writer.styles
    div = root.child("Div")
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
    size, gap, caption_width = s.body_size * 5, s.body_size * 0.7, width * 0.2
    figure = parent.child("Figure", alt=f"QR code: a link to this sheet online, {url}")
    code = Tagged(qr_code(url, size), figure)
    caption = [
        writer.raw("<b>Read this online</b>", s.small, tag=parent.child("P")),
        writer.raw(
            link(writer.literal(url), url, marked=False),
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
    heading = writer.raw("<b>References</b>", s.small, tag=root.child("H2"))
    units = [Unit([heading], "the references")]
    listed = root.child("L", attributes=DECIMAL)
    for number, ref in enumerate(spec.references, start=1):
        parts = [_sentence(ref.authors, writer)] if ref.authors else []
        parts += [_sentence(ref.title, writer), f"<i>{_sentence(ref.source, writer)}</i>", f"{ref.year}."]
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


def _sentence(text: str, writer: Writer) -> str:
    """A reference part as markup, ending with a full stop unless its words already end in punctuation."""
    return writer.markup(text) + ("" if plain(text)[-1:] in ".?!" else ".")


def review_line(spec: Spec, writer: Writer) -> str:
    """Version, review dates, document id and content hash, as printed in every footer (paragraph markup)."""
    review = spec.review
    # No-break spaces keep each label with its value when the line wraps.
    parts = [
        f"Version\u00a0{writer.literal(spec.version)}",
        f"Reviewed\u00a0{review.last_reviewed.isoformat()} by {writer.markup(review.reviewed_by)}",
        f"Next\u00a0review\u00a0{review.next_review.isoformat()}",
        f"Document\u00a0{writer.literal(spec.id)}",
        f"Content\u00a0{short_hash(spec)}",
    ]
    if review.authors:
        parts.insert(2, "Authors: " + ", ".join(writer.markup(a) for a in review.authors))
    return DOT.join(parts)


def contact_line(spec: Spec, writer: Writer) -> str:
    """The spec's contact details on one line (paragraph markup); empty without a contact."""
    contact = spec.contact
    if contact is None:
        return ""
    parts = [f"<b>{writer.markup(contact.name)}</b>"]
    if contact.phone:
        parts.append(phone_number(contact.phone, writer))
    if contact.hours:
        parts.append(writer.markup(contact.hours))
    parts += [address(value, writer) for value in (contact.email, contact.website) if value]
    if contact.address:
        parts.append(writer.markup(contact.address))
    return DOT.join(parts)


def clinic_line(profile: Profile, writer: Writer, *, phone: bool) -> str:
    """The clinic's contact details on one line (paragraph markup); its name is in the header.

    `phone` adds the phone number and hours, for pages that do not print them elsewhere.
    """
    clinic = profile.clinic
    parts = [f"<b>{phone_number(clinic.phone, writer)}</b>"] if phone else []
    if phone and clinic.hours:
        parts.append(writer.literal(clinic.hours))
    parts += [address(value, writer) for value in (clinic.email, clinic.website) if value]
    if clinic.address:
        parts.append(writer.literal(clinic.address))
    return DOT.join(parts)


def disclaimer(document: Document, writer: Writer, root: Node) -> Paragraph:
    """The spec's disclaimer (which may hold markup), else the clinic's, printed exactly as written."""
    s = writer.styles
    tag = root.child("P")
    if document.spec.disclaimer:
        return writer.para(document.spec.disclaimer, s.small, tag=tag)
    return writer.raw(writer.literal(document.disclaimer or ""), s.small, tag=tag)


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")


def address(text: str, writer: Writer) -> str:
    """An e-mail or web address as printed (exactly as written), and a link where it is one."""
    if _EMAIL.match(text):
        return link(writer.literal(text), f"mailto:{text}")
    if text.startswith(("https://", "http://")) and not any(char.isspace() for char in text):
        return link(writer.literal(text), text)
    return writer.literal(text)


def phone_number(text: str, writer: Writer) -> str:
    """A phone number that never breaks across lines."""
    return writer.literal(text).replace(" ", "&nbsp;")


def out_of_hours_note(profile: Profile | None, writer: Writer) -> str:
    """What to do when the clinic is closed, with the number to call (paragraph markup)."""
    if profile is None:
        return ""
    after_hours = profile.clinic.out_of_hours
    advice = f" {writer.literal(after_hours.advice)}" if after_hours.advice else ""
    return f"<b>Clinic closed?</b> Call <b>{phone_number(after_hours.phone, writer)}</b>.{advice}"
