"""Attaching handouts to a letter: the clinic's letter (a PDF from the record system) and the handouts
it mentions, as one PDF with one bookmark per document.

The letter is someone else's file, so it is read as hostile input: a size limit before reading, a
page limit, pypdf's own limits tightened, a wall-clock deadline, and every pypdf failure turned
into one PdfInputError line naming the file. An encrypted letter is refused, never decrypted.

The letter is cloned whole (its pages, form fields with their values, its own bookmarks, its
document info and XMP metadata), then only the handouts' pages are added, so nothing else of
theirs (their metadata above all) reaches the output. The letter's own bookmarks are kept, nested
under its "Letter" bookmark, so the top level has exactly one bookmark per document.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import stat
import struct
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, cast

from pypdf import PdfReader, PdfWriter, apply_configuration
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, NumberObject

from .checking import quiet_pypdf
from .errors import PdfInputError
from .loading import file_name

MAX_LETTER_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500  # per input PDF: a letter is a few pages; thousands means the wrong file
LETTER_TITLE = "Letter"
HEADER_WINDOW = 1024  # readers accept the %PDF- header anywhere in the first kilobyte

# pypdf's limits, tightened for files of at most MAX_LETTER_BYTES. Merging decodes only the
# cross-reference and object streams (page contents and images are copied as they are), so no
# decoded stream of a sound letter comes near these; a compression bomb stops at them.
_DECODED_LIMIT = 64 * 1024 * 1024
PYPDF_LIMITS: dict[str, Any] = {
    "maximum_declared_stream_length": MAX_LETTER_BYTES,  # no stream is longer than its file
    "zlib_maximum_output_length": _DECODED_LIMIT,
    "lzw_maximum_output_length": _DECODED_LIMIT,
    "run_length_maximum_output_length": _DECODED_LIMIT,
    "brotli_maximum_output_length": _DECODED_LIMIT,
    "jbig2_maximum_output_length": _DECODED_LIMIT,
    "array_based_stream_maximum_output_length": _DECODED_LIMIT,
    "stream_decoding_work_maximum_length": 4 * _DECODED_LIMIT,
    "jbig2dec_binary": None,  # never run an outside program on a letter
}

# What pypdf raises on a damaged or hostile file: its own errors and whatever its parsing trips
# over. Our own mistakes (NameError, ImportError, ...) are not in the list, so they still show.
_PYPDF_FAILURES = (
    PyPdfError,
    ValueError,  # and UnicodeError
    LookupError,  # KeyError, IndexError
    TypeError,
    AttributeError,
    AssertionError,  # pypdf asserts what it expects of a file
    ArithmeticError,
    OSError,
    zlib.error,
    struct.error,
)


@dataclass(frozen=True)
class Attachment:
    title: str  # bookmark title, e.g. the handout's title
    pdf: bytes  # a handout PDF built by handouts


def attach(
    letter: str | Path,
    attachments: Sequence[Attachment],
    *,
    before: bool = False,
    time_limit: float = 30.0,
) -> bytes:
    """A new PDF: the letter's pages unchanged, then the attachments (or the attachments first with
    before=True), with one bookmark per document ("Letter" for the letter, the title for each attachment).

    The letter file is only read. Raises PdfInputError, naming the file, for a letter that cannot be
    used; the same inputs always give the same bytes.
    """
    if not attachments:
        raise ValueError("attach needs at least one attachment")
    if not time_limit > 0:
        raise ValueError(f"time_limit must be positive, not {time_limit!r}")
    name = file_name(letter)
    data = read_pdf_file(Path(letter), MAX_LETTER_BYTES)
    check_header(data, name)
    for attachment in attachments:
        check_header(attachment.pdf, attachment_name(attachment))
    try:
        with quiet_pypdf(), apply_configuration(**PYPDF_LIMITS), deadline(time_limit):
            return _merge(data, name, attachments, before)
    except TimeUp:
        raise PdfInputError(f"{name}: took longer than {time_limit:g} s to read; is it damaged?") from None


def attachment_name(attachment: Attachment) -> str:
    return f"attachment {attachment.title!r}"


def read_pdf_file(path: Path, limit: int) -> bytes:
    """A file's bytes, refusing folders, devices, pipes, unreadable files and anything over `limit`."""
    file = file_name(path)
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; fstat then says what was opened.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            mode = os.fstat(handle).st_mode
            if stat.S_ISDIR(mode):
                raise PdfInputError(f"{file}: is a folder, not a file")
            if not stat.S_ISREG(mode):
                raise PdfInputError(f"{file}: is not a regular file")
            with os.fdopen(handle, "rb", closefd=False) as stream:
                data = stream.read(limit + 1)
        finally:
            os.close(handle)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        if isinstance(error, IsADirectoryError):
            raise PdfInputError(f"{file}: is a folder, not a file") from None
        reason = getattr(error, "strerror", None) or error
        raise PdfInputError(f"{file}: cannot be read: {reason}") from None
    if len(data) > limit:
        raise PdfInputError(f"{file}: is larger than {limit // (1024 * 1024)} MiB; is it the right file?")
    return data


def check_header(data: bytes, name: str) -> None:
    if not data:
        raise PdfInputError(f"{name}: is empty, not a PDF")
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise PdfInputError(f"{name}: is not a PDF (it does not start with %PDF-)")


def _merge(data: bytes, name: str, attachments: Sequence[Attachment], before: bool) -> bytes:
    with pypdf_failures(name):
        letter = open_pdf(data, name)
        if _signed(letter):
            raise PdfInputError(
                f"{name}: is digitally signed; adding pages would break its signature, so it is left as "
                "it is (print or send the handout separately)"
            )
    readers = []
    for attachment in attachments:
        with pypdf_failures(attachment_name(attachment)):
            readers.append(open_pdf(attachment.pdf, attachment_name(attachment)))
    # From here on a failure is the letter's: the handouts read cleanly, and their pages go into
    # the letter's page tree.
    with pypdf_failures(name):
        writer = PdfWriter(clone_from=letter)
        documents: list[tuple[str, int]] = []  # (bookmark title, first page)
        added = 0
        for attachment, reader in zip(attachments, readers, strict=True):
            title = " ".join(attachment.title.split())  # a bookmark is one line
            start = added if before else len(writer.pages)
            if len(reader.pages) > 1 and start % 2:
                # A front-and-back handout must start on the front of a sheet when printed two-sided.
                box = reader.pages[0].mediabox
                writer.insert_blank_page(box.width, box.height, start)
                start, added = start + 1, added + 1
            documents.append((title, start))
            for page in reader.pages:
                writer.insert_page(page, start)
                start, added = start + 1, added + 1
        _bookmark(writer, added if before else 0, documents)
        writer._ID = _identifier(writer._ID, data, attachments, before)  # pypdf's own /ID is random
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()


def open_pdf(data: bytes, name: str) -> PdfReader:
    """A reader for an unprotected PDF of 1 to MAX_PAGES pages."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise PdfInputError(_encrypted(name))
    declared = reader.root_object.get("/Pages", DictionaryObject()).get_object()
    count = declared.get("/Count") if isinstance(declared, DictionaryObject) else None
    # The declared count first: a letter claiming a million pages is refused before they are read.
    if isinstance(count, int) and count > MAX_PAGES:
        raise PdfInputError(f"{name}: has {count} pages; at most {MAX_PAGES} can be attached to")
    pages = len(reader.pages)
    if pages > MAX_PAGES:
        raise PdfInputError(f"{name}: has {pages} pages; at most {MAX_PAGES} can be attached to")
    if pages == 0:
        raise PdfInputError(f"{name}: has no pages")
    return reader


def _signed(reader: PdfReader) -> bool:
    """Whether any form field holds a digital signature (a /Sig field with a value)."""
    for field in (reader.get_fields() or {}).values():
        if field.get("/FT") == "/Sig" and field.get("/V") is not None:
            return True
    return False


def _encrypted(name: str) -> str:
    return (
        f"{name}: is encrypted (password-protected); "
        "export it from the record system without protection and try again"
    )


@contextmanager
def pypdf_failures(name: str) -> Iterator[None]:
    """Turn whatever pypdf raises on a bad file into one PdfInputError line naming it."""
    try:
        yield
    except DependencyError:  # pypdf tried the empty password of an AES-encrypted file
        raise PdfInputError(_encrypted(name)) from None
    except LimitReachedError as error:
        raise PdfInputError(f"{name}: is too large or complex to read safely ({_one_line(error)})") from None
    except RecursionError:
        raise PdfInputError(f"{name}: is nested too deeply to read; is it damaged?") from None
    except MemoryError:
        raise PdfInputError(f"{name}: needs too much memory to read; is it damaged?") from None
    except PdfInputError:
        raise
    except _PYPDF_FAILURES as error:
        reason = f"{type(error).__name__}: {_one_line(error)}"
        raise PdfInputError(f"{name}: cannot be read as a PDF; is it damaged? ({reason})") from None


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bookmark(writer: PdfWriter, letter_start: int, attachments: list[tuple[str, int]]) -> None:
    """One top-level bookmark per document, in page order; the letter's own go under "Letter"."""
    root = writer.get_outline_root()
    own = list(root.children()) if root.has_children() else []
    own_count = root.get("/Count")
    for key in ("/First", "/Last", "/Count"):
        root.pop(key, None)
    pages = writer.pages
    documents = sorted([(LETTER_TITLE, letter_start), *attachments], key=lambda document: document[1])
    for title, first in documents:
        reference = writer.add_outline_item(title=title, page_number=pages[first])
        item = cast(DictionaryObject, reference.get_object())
        item.pop("/%is_open%", None)  # pypdf's own bookkeeping, which it would otherwise write out
        if first == letter_start and own:
            _adopt(item, own, own_count, root)
    if writer.page_mode in (None, "/UseNone"):
        writer.page_mode = "/UseOutlines"  # open with the bookmarks showing


def _adopt(item: DictionaryObject, children: list[Any], count: Any, root: DictionaryObject) -> None:
    """Hang the letter's own bookmarks under its "Letter" bookmark, open as they were at the top."""
    first, last = children[0], children[-1]
    first.pop("/Prev", None)
    last.pop("/Next", None)  # children() stopped at /Last: nothing after it belongs to the list
    item[NameObject("/First")] = first.indirect_reference
    item[NameObject("/Last")] = last.indirect_reference
    for child in children:
        child[NameObject("/Parent")] = item.indirect_reference
    visible = abs(count) if isinstance(count, int) and count else len(children)
    item[NameObject("/Count")] = NumberObject(visible)
    root[NameObject("/Count")] = NumberObject(int(root.get("/Count", 0)) + visible)


def _identifier(
    letter_id: ArrayObject | None, data: bytes, attachments: Sequence[Attachment], before: bool
) -> ArrayObject:
    """The file identifier: the letter's first part kept (it is the same document, changed, as the
    PDF standard asks), the second a digest of the inputs, so the same inputs give the same bytes."""
    digest = hashlib.sha256(b"handouts attach\n" + (b"before\n" if before else b"after\n"))
    for part in (data, *(piece for a in attachments for piece in (a.title.encode("utf-8"), a.pdf))):
        digest.update(len(part).to_bytes(8, "big") + part)
    changed = ByteStringObject(digest.digest()[:16])
    kept = letter_id[0] if isinstance(letter_id, ArrayObject) and len(letter_id) == 2 else None
    if not isinstance(kept, ByteStringObject):
        kept = changed
    return ArrayObject([kept, changed])


class TimeUp(BaseException):
    """Raised by the deadline's alarm. A BaseException, so pypdf's own `except Exception` cannot
    swallow it and carry on."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeUp in the block once `seconds` have passed. Only the main thread on POSIX can have an
    alarm; elsewhere the block runs unbounded. A timer already running is put back afterwards (delayed
    by the block, never lost), as is the SIGALRM handler."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeUp

    previous_handler = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even if the alarm rang just as the block ended
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous_handler is None else previous_handler)
            if previous_delay:
                remaining = previous_delay - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-6), previous_interval)
