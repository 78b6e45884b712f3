"""The clinician summary: dense but calm, read in two minutes.

Header, the key message, the sections in the author's order (in two balanced columns, a comparison
table across both; `comparison_first` brings the table's section to the top), references in small
type and a footer with the disclaimer and review metadata.
"""

from __future__ import annotations

from ..document import Document
from ..spec.model import Comparison, Section, Spec
from ..standards import MIN_BODY_SIZE, MIN_MARGIN
from .blocks import section_units
from .furniture import (
    DOT,
    clinic_details,
    contact_line,
    disclaimer,
    key_box,
    reference_units,
    review_line,
    rule,
    with_qr_code,
)
from .header import header_unit
from .page import Page, Template, Unit
from .styles import Styles, Typography
from .tags import Node
from .writer import Writer

TYPOGRAPHY = Typography(leading=1.27, heading=1.18, title=2.2, subtitle=1.2, small=0.86, space=0.4)


def compose(document: Document, styles: Styles, width: float) -> Page:
    spec = document.spec
    words = document.words
    writer = Writer(styles, words, language=document.spec.language)
    root = Node("Document")
    header = header_unit(document, words("clinician_summary"), writer, width, root)
    header.flowables.append(rule(writer, thickness=1.4, color=styles.accent))
    top = [header, key_box(spec.key_message, words("bottom_line"), writer, width, root)]
    body: list[Unit] = []
    for section in _in_order(spec):  # a comparison table runs across both columns
        if _has_table(section):
            spanning = section_units(section, writer, width, root)
            for unit in spanning:
                unit.span = True
            body += spanning
        else:
            body += section_units(section, writer, (width - _gap(styles)) / 2, root)
    bottom = reference_units(spec, writer, root) if spec.references else []
    bottom.append(_footer(document, writer, width, root))
    gap = _gap(styles)
    return Page(
        top,
        body,
        bottom,
        columns=2,
        column_gap=gap,
        band_gap=styles.unit * 0.8,
        line=styles.unit,
        root=root,
        mirrored=writer.rtl,
    )


def _in_order(spec: Spec) -> list[Section]:
    """The sections in the author's order; with `comparison_first`, those with a table come first."""
    if not spec.comparison_first:
        return spec.sections
    return sorted(spec.sections, key=lambda section: not _has_table(section))  # a stable sort


def _has_table(section: Section) -> bool:
    return any(isinstance(block, Comparison) for block in section.blocks)


def _gap(styles: Styles) -> float:
    return styles.body_size * 2.2


def _footer(document: Document, writer: Writer, width: float, root: Node) -> Unit:
    """Disclaimer, contacts and review metadata; the QR code to the online version beside them."""
    s = writer.styles
    spec = document.spec
    lines = [disclaimer(document, writer, root)]
    contact = DOT.join(
        part
        for part in (
            contact_line(document, writer),
            clinic_details(document.clinic, writer) if document.clinic else "",
        )
        if part
    )
    if contact:
        lines.append(writer.raw(contact, s.small, tag=root.child("P")))
    lines.append(writer.raw(review_line(document, writer), s.small, tag=root.child("P")))
    return Unit([rule(writer), *with_qr_code(lines, spec.url, writer, width, root)], "the footer")


TEMPLATE = Template(
    "clinician",
    TYPOGRAPHY,
    preferred=9.5,
    minimum=MIN_BODY_SIZE["clinician"],
    margin=MIN_MARGIN,
    compose=compose,
)
