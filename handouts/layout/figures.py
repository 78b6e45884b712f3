"""A figure block on the page: the checked image bytes at a share of the column's width (never taller
than MAX_HEIGHT), tagged as a Figure with its alternative text, and its caption under it as text.

A figure's size does not depend on the type size, so the fitting measures it like any other unit and
the text around it takes the room that is left.
"""

from __future__ import annotations

import io

from reportlab.platypus import Flowable, Image

from ..spec.blocks import Figure
from .page import Unit
from .tags import Node
from .writer import Tagged, Writer

MAX_HEIGHT = 252.0  # pt, 3.5 in: a figure supports the text; it does not take over the page


def figure_units(block: Figure, writer: Writer, width: float, parent: Node) -> list[Unit]:
    """The picture (a Figure with /Alt) and, when there is one, its caption (a Caption) below it: one
    unit, so a caption never leaves its picture."""
    picture = block.picture
    if picture is None:  # loading reads every figure; document_problems refuses a spec that skipped it
        raise ValueError(f"the figure {block.image!r} was not read from the spec's folder")
    shown_width = width * (block.width or 1.0)
    height = shown_width * picture.height / picture.width
    if height > MAX_HEIGHT:
        shown_width, height = shown_width * MAX_HEIGHT / height, MAX_HEIGHT
    image = Centred(Image(io.BytesIO(picture.data), width=shown_width, height=height, mask="auto"))
    drawn: list[Flowable] = [Tagged(image, parent.child("Figure", alt=block.alt))]
    if block.caption:
        image.spaceAfter = writer.styles.unit * 0.25
        drawn.append(writer.para(block.caption, writer.styles.body, tag=parent.child("Caption")))
    else:
        image.spaceAfter = writer.styles.body.spaceAfter
    return [Unit(drawn)]


class Centred(Flowable):  # type: ignore[misc]
    """A flowable drawn in the middle of the width it is given (the pages are composed without the
    frame's own alignment)."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, self.height = self.inner.wrap(available_width, available_height)
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, (self.width - self.inner.drawWidth) / 2, 0)
