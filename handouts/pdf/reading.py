"""The one guarded way any PDF is opened: a letter to attach to, a handout to check, a page to read back.

A PDF from outside is hostile input: read with a size limit, refused unless it starts like a PDF,
parsed with pypdf's limits tightened and its repair notes kept off the terminal, bounded in pages and
in time, and every failure of pypdf's turned into one PdfInputError line naming the file. An encrypted
file is refused, never decrypted.

What is wrong with a PDF is said in one vocabulary, the same for every command (the functions below):
not a PDF; damaged; encrypted (also when it is damaged as well); uses a compression this tool does not
read; too large; too large or complex once read; too many pages; took too long. Each message starts
with the file's name and never holds an exception's name or a library's own text, which would mean
nothing to the person reading it.
"""

from __future__ import annotations

import io
import logging
import re
import signal
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from pypdf import PdfReader, apply_configuration
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError
from pypdf.generic import PdfObject, StreamObject

from ..errors import PdfInputError
from ..files import TooLarge, Unreadable, file_name, read_bounded

T = TypeVar("T")
MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500  # per PDF: a letter is a few pages, a handout one or two; thousands means the wrong file
# Objects in one PDF: a 500-page letter has a few tens of thousands. Each costs pypdf memory to read
# and copy, and a small file can pack millions in compressed object streams.
MAX_OBJECTS = 100_000
TIME_LIMIT = 30.0  # s to read one PDF: a sound letter takes well under a second
HEADER_WINDOW = 1024  # readers accept the %PDF- header anywhere in the first kilobyte

# pypdf's limits, tightened for files of at most MAX_PDF_BYTES. Merging decodes only the
# cross-reference and object streams (page contents and images are copied as they are), so no
# decoded stream of a sound letter comes near these; a compression bomb stops at them.
_DECODED_LIMIT = 64 * 1024 * 1024
MAX_DECODED = 256 * 1024 * 1024  # all the streams a letter's pages reach, decoded (drawings.py)
PYPDF_LIMITS: dict[str, Any] = {
    "maximum_declared_stream_length": MAX_PDF_BYTES,  # no stream is longer than its file
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
# And what else a bad file makes pypdf raise: too deep a nesting, a decoder it lacks.
_FILE_FAILURES = (*_PYPDF_FAILURES, RecursionError, NotImplementedError, DependencyError)


class TooComplex(Exception):
    """Raised by our own readers (painter.py) on a file they will not read further."""


# --- the vocabulary ------------------------------------------------------------------------------


def not_a_pdf(name: str) -> str:
    return f"{name}: is not a PDF (it does not start with %PDF-)"


def damaged(name: str) -> str:
    return f"{name}: is damaged and cannot be read as a PDF; save or export it again and try again"


def encrypted(name: str) -> str:
    return (
        f"{name}: is encrypted (password-protected); "
        "export it from the record system without protection and try again"
    )


def unread_compression(name: str) -> str:
    return f"{name}: uses a compression this tool does not read; save it again as a standard PDF"


def too_large(name: str) -> str:
    return f"{name}: is too large to read safely (over {MAX_PDF_BYTES // 2**20} MiB); is it the right file?"


def too_complex(name: str) -> str:
    """For a file that would take too much memory or nesting to read: pypdf's limits, and ours."""
    return (
        f"{name}: is too large or too complex to read safely (over {_DECODED_LIMIT // 2**20} MiB in a "
        f"stream or {MAX_DECODED // 2**20} MiB in all once decompressed, over {MAX_OBJECTS:,} objects, "
        "or nested or drawn deeper than any letter or handout); is it the right file?"
    )


def too_many_pages(name: str, pages: int) -> str:
    return f"{name}: has {pages} pages, more than the {MAX_PAGES} this tool reads; is it the right file?"


def too_slow(name: str, seconds: float) -> str:
    return f"{name}: took longer than {seconds:g} s to read; is it damaged?"


# --- reading --------------------------------------------------------------------------------------


def read_pdf_file(path: str | Path, limit: int = MAX_PDF_BYTES) -> bytes:
    """A PDF file's bytes: a regular file of at most `limit` bytes that starts like a PDF."""
    name = file_name(path)
    try:
        data = read_bounded(Path(path), limit)
    except TooLarge:
        raise PdfInputError(too_large(name)) from None
    except Unreadable as error:
        raise PdfInputError(f"{name}: {error}") from None
    check_header(data, name)
    return data


def check_header(data: bytes, name: str) -> None:
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise PdfInputError(not_a_pdf(name))


def open_pdf(data: bytes, name: str) -> PdfReader:
    """A reader for an unprotected PDF of at most MAX_PAGES pages; call it inside `guarded`."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise PdfInputError(encrypted(name))
    if sum(map(len, reader.xref.values())) + len(reader.xref_objStm) > MAX_OBJECTS:
        raise PdfInputError(too_complex(name))
    _refuse_packed(reader, name)
    declared = _resolved(reader.root_object.get("/Pages"))
    count = _resolved(declared.get("/Count")) if isinstance(declared, dict) else None
    # The declared count first: a file claiming a million pages is refused before they are read.
    if isinstance(count, int) and count > MAX_PAGES:
        raise PdfInputError(too_many_pages(name, count))
    pages = len(reader.pages)
    if pages > MAX_PAGES:
        raise PdfInputError(too_many_pages(name, pages))
    return reader


def _refuse_packed(reader: PdfReader, name: str) -> None:
    """Objects packed in compressed object streams are read by decoding their stream, each under
    pypdf's limit, and kept: more than MAX_DECODED of them in all is refused before they are read.
    pypdf keeps what is decoded here, so the objects are then read from it."""
    decoded = 0
    for number in sorted({stream for stream, _ in reader.xref_objStm.values()}):
        stream = reader.get_object(number)
        if isinstance(stream, StreamObject):
            decoded += len(stream.get_data())
            if decoded > MAX_DECODED:
                raise PdfInputError(too_complex(name))


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, PdfObject) else value


def read_pdf(data: bytes, read: Callable[[PdfReader], T], name: str = "<pdf>") -> T:
    """`read` applied to an unencrypted PDF's reader, all of it inside the guard."""
    check_header(data, name)
    with guarded(name, data):
        return read(open_pdf(data, name))


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's repair notes off the user's terminal: a damaged file gets our one-line message."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def guarded(name: str, data: bytes = b"") -> Iterator[None]:
    """Read a PDF with pypdf's limits tightened, its notes quiet, and whatever it raises on a bad file
    turned into one PdfInputError line naming it. `data`, the file's bytes, tells an encrypted file
    that is also damaged from one that is only damaged."""
    with quiet_pypdf(), apply_configuration(**PYPDF_LIMITS), failures(name, data):
        yield


# An encryption dictionary named by a trailer or a cross-reference stream, or the dictionary itself
# (the standard security handler's filter), which may survive when the end of the file does not.
_ENCRYPTION = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)|/Filter\s*/Standard\b")


@contextmanager
def failures(name: str, data: bytes = b"") -> Iterator[None]:
    try:
        yield
    except PdfInputError:
        raise
    except (MemoryError, TooComplex):
        raise PdfInputError(too_complex(name)) from None
    except BaseException as error:
        failure = _failure(error, name, data)
        if failure is error:  # not a bad file's: a bug of ours, an interrupt, the deadline
            raise
        raise failure from None


def _failure(error: BaseException, name: str, data: bytes) -> BaseException:
    """What a failure while reading says, in the vocabulary; anything not pypdf's goes on as it is.

    pypdf often reports one failure as another (a decompression limit reached while reading the
    trailer as a trailer that cannot be read), so the whole chain of causes is looked at.
    """
    if not isinstance(error, _FILE_FAILURES):  # a bug of ours, an interrupt, the deadline
        return error
    if _ENCRYPTION.search(data):
        return PdfInputError(encrypted(name))  # encrypted, and damaged or unreadable as well
    causes = _causes(error)
    # A limit reached (pypdf's decompression, array and depth limits), or Python's own nesting limit
    # while a clone follows a chain of objects: not damage, but more than this tool will read.
    if any(isinstance(cause, LimitReachedError | RecursionError) for cause in causes):
        return PdfInputError(too_complex(name))
    # A filter pypdf does not know (NotImplementedError), or one it would need a program or a package
    # for (DependencyError; without /Encrypt it is not the decryption one).
    if any(isinstance(cause, NotImplementedError | DependencyError) for cause in causes):
        return PdfInputError(unread_compression(name))
    return PdfInputError(damaged(name))


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what it was raised from or while handling, a few links deep."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 16 and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


@contextmanager
def time_limited(name: str, seconds: float) -> Iterator[None]:
    """The block, stopped with a too-slow PdfInputError once `seconds` have passed (main thread only)."""
    try:
        with deadline(seconds):
            yield
    except TimeUp:
        raise PdfInputError(too_slow(name, seconds)) from None


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
