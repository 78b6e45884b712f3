"""PDF output: draw a measured arrangement on its page (or two), set the metadata, write the file safely.

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
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .blocks import Unit
from .errors import OutputError
from .fitting import Arrangement, flowables_of
from .fonts import SANS


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
    canvas = Canvas(
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
    canvas.setCreator(f"handouts {__version__}")
    left, top = margin, page_size[1] - margin
    for sheet in arrangement.sheets:
        for placed in sheet:
            _draw_stack(canvas, placed.units, left + placed.x, top - placed.y)
        canvas.showPage()
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


def _draw_stack(canvas: Canvas, units: list[Unit], x: float, top: float) -> None:
    """Draw units top to bottom from `top`, spaced exactly as fitting._units_height counts them."""
    y = top
    items = flowables_of(units)
    for index, (flowable, height) in enumerate(items):
        if index:
            y -= flowable.getSpaceBefore() + items[index - 1][0].getSpaceAfter()
        y -= height
        flowable.drawOn(canvas, x, y)


def _file_mode(target: Path) -> int:
    """The mode the file being replaced had, else what the user's umask gives a new file.

    A temporary file is private (0600); renamed as it is, a shared output would become unreadable
    to the team, and widening it past the umask would expose a personalised copy.
    """
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(data: bytes, target: Path) -> None:
    """Write to a temporary file beside the target, then rename: a failure leaves the target as it was."""
    try:
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; give a file name ending in .pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{target}: cannot be written: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{target}: cannot be written: {error.strerror or error}") from None
        raise
