"""The clinician summary: dense but calm, read in two minutes.

Header, the key message, comparison tables across the full width, the other sections in two
balanced columns, references in small type and a footer with the disclaimer and review metadata.
"""

from __future__ import annotations

from .blocks import (
    Page,
    Template,
    Unit,
    Writer,
    contact_line,
    header_unit,
    key_box,
    reference_units,
    review_line,
    rule,
    section_units,
)
from .spec import Comparison, Spec
from .styles import Styles, Typography

TYPOGRAPHY = Typography(leading=1.27, heading=1.18, title=2.2, subtitle=1.2, small=0.86, space=0.4)


def compose(spec: Spec, styles: Styles, width: float) -> Page:
    writer = Writer(styles)
    header = header_unit(spec, "CLINICIAN SUMMARY", writer)
    header.flowables.append(rule(writer, thickness=1.4, color=styles.accent))
    top = [header, key_box(spec.key_message, "Bottom line", writer, width)]
    body: list[Unit] = []
    for section in spec.sections:
        if any(isinstance(block, Comparison) for block in section.blocks):
            top += section_units(section, writer, width)
        else:
            body += section_units(section, writer, (width - _gap(styles)) / 2)
    bottom = reference_units(spec, writer) if spec.references else []
    bottom.append(_footer(spec, writer))
    return Page(
        top, body, bottom, columns=2, column_gap=_gap(styles), band_gap=styles.unit * 0.8, line=styles.unit
    )


def _gap(styles: Styles) -> float:
    return styles.body_size * 2.2


def _footer(spec: Spec, writer: Writer) -> Unit:
    s = writer.styles
    flowables = [rule(writer), writer.para(spec.disclaimer, s.small)]
    if spec.contact:
        flowables.append(writer.raw(contact_line(spec, writer), s.small))
    flowables.append(writer.raw(review_line(spec, writer), s.small))
    return Unit(flowables, "the footer")


TEMPLATE = Template("clinician", TYPOGRAPHY, preferred=9.5, minimum=7.5, margin=36.0, compose=compose)
