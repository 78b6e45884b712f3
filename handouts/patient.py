"""The patient handout: plain words, large type, one column, nothing a reader has to hunt for.

Body type never under 12 pt, left-aligned and ragged right, no text over tints. The urgent callout
shows its weight by border, icon and title, so it survives a greyscale printer.
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
from .spec import Spec
from .styles import Styles, Typography

TYPOGRAPHY = Typography(leading=1.25, heading=1.25, title=2.0, subtitle=1.1, small=0.78, space=0.4)


def compose(spec: Spec, styles: Styles, width: float) -> Page:
    writer = Writer(styles, grids=True)
    top = [
        header_unit(spec, "PATIENT INFORMATION", writer),
        key_box(spec.key_message, "The main thing to know", writer, width),
    ]
    body: list[Unit] = []
    for section in spec.sections:
        body += section_units(section, writer, width)
    bottom = [_contact(spec, writer)]
    if spec.references:
        bottom += reference_units(spec, writer)
    bottom.append(_footer(spec, writer))
    return Page(top, body, bottom, columns=1, band_gap=styles.unit * 0.6, line=styles.unit)


def _contact(spec: Spec, writer: Writer) -> Unit:
    """Who to call with questions; without contact details, lines for the clinic to write them in."""
    s = writer.styles
    if spec.contact:
        text = "<b>Questions?</b> Contact " + contact_line(spec, writer)
    else:
        blank = "_" * 22
        text = f"<b>Questions?</b> Call your care team:&nbsp;{blank} Phone:&nbsp;{blank}"
    return Unit([rule(writer, thickness=1.0, color=s.accent), writer.raw(text, s.body)], "the contact line")


def _footer(spec: Spec, writer: Writer) -> Unit:
    s = writer.styles
    return Unit(
        [writer.para(spec.disclaimer, s.small), writer.raw(review_line(spec, writer), s.small)], "the footer"
    )


TEMPLATE = Template("patient", TYPOGRAPHY, preferred=14.0, minimum=12.0, margin=36.0, compose=compose)
