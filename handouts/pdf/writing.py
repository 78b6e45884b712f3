"""PDF output: draw a measured arrangement on its page (or two), tagged, and set the metadata.

Drawing places each flowable where the fitting measured it, so what was measured is what prints.
Output is reproducible: ReportLab's invariant mode is set for this document only (creation date
fixed, or taken from SOURCE_DATE_EPOCH), and nothing else varies between runs.

Page streams are compressed and left binary: ReportLab would also spell them out in ASCII85, for
7-bit channels no PDF travels through now, at a quarter more bytes and 3 to 5 % of a build's time.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab import rl_config

from ..errors import OutputError
from ..layout.fitting import Arrangement, flowables_of
from ..layout.fonts import SANS
from ..layout.page import Unit, space_between
from ..version import __version__
from .structure import TaggedCanvas, write_structure


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str
    language: str


def _check_source_date_epoch() -> None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value and not re.fullmatch(r"[0-9]{1,11}", value):  # ReportLab would fail inside int() or gmtime()
        raise OutputError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {value!r}")


def render(arrangement: Arrangement, page_size: tuple[float, float], margin: float, meta: Metadata) -> bytes:
    _check_source_date_epoch()
    buffer = io.BytesIO()
    canvas = TaggedCanvas(
        buffer,
        pagesize=page_size,
        invariant=1,
        pageCompression=1,
        lang=meta.language,
        initialFontName=SANS,  # never leave an unembedded base-14 font in the page preamble
    )
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(meta.keywords)
    creator = f"handouts {__version__}"
    canvas.setCreator(creator)
    left, top = margin, page_size[1] - margin
    for sheet in arrangement.sheets:
        for placed in sheet:
            _draw_stack(canvas, placed.units, left + placed.x, top - placed.y)
        canvas.showPage()
    write_structure(canvas, arrangement.page.root, title=meta.title, language=meta.language, creator=creator)
    with _binary_streams():
        canvas.save()
    return buffer.getvalue()


_SAVING = threading.Lock()


@contextmanager
def _binary_streams() -> Iterator[None]:
    """ReportLab's ASCII85 switch, off while this document is saved.

    It is a process-wide setting, read as the pages are written out; the lock keeps two documents
    saved at once in threads from turning it back on under each other.
    """
    with _SAVING:
        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = before


def _draw_stack(canvas: TaggedCanvas, units: list[Unit], x: float, top: float) -> None:
    """Draw units top to bottom from `top`, spaced exactly as breaking.stack_height counts them."""
    y = top
    items = flowables_of(units)
    for index, (flowable, height) in enumerate(items):
        if index:
            y -= space_between(items[index - 1][0], flowable)
        y -= height
        flowable.drawOn(canvas, x, y)
