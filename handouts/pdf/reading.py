"""The one guarded way any PDF is opened: a letter to attach to, a handout to check, a page to read back.

A PDF from outside is hostile input: read with a size limit, refused unless it starts like a PDF,
parsed with pypdf's limits tightened and its repair notes kept off the terminal, and every failure of
pypdf's turned into one PdfInputError line naming the file. An encrypted file is refused, never
decrypted. pypdf parses lazily, so all the reading of a file happens inside `guarded`.
"""

from __future__ import annotations

import io
import logging
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

from ..errors import PdfInputError, shorten
from ..files import Unreadable, file_name, read_bounded

T = TypeVar("T")
MAX_PDF_BYTES = 50 * 1024 * 1024
HEADER_WINDOW = 1024  # readers accept the %PDF- header anywhere in the first kilobyte

# pypdf's limits, tightened for files of at most MAX_PDF_BYTES. Merging decodes only the
# cross-reference and object streams (page contents and images are copied as they are), so no
# decoded stream of a sound letter comes near these; a compression bomb stops at them.
_DECODED_LIMIT = 64 * 1024 * 1024
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


def read_pdf_file(path: str | Path, limit: int = MAX_PDF_BYTES) -> bytes:
    """A PDF file's bytes: a regular file of at most `limit` bytes that starts like a PDF."""
    name = file_name(path)
    try:
        data = read_bounded(Path(path), limit)
    except Unreadable as error:
        raise PdfInputError(f"{name}: {error}") from None
    check_header(data, name)
    return data


def check_header(data: bytes, name: str) -> None:
    if not data:
        raise PdfInputError(f"{name}: is empty, not a PDF")
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise PdfInputError(f"{name}: is not a PDF (it does not start with %PDF-)")


def open_pdf(data: bytes, name: str) -> PdfReader:
    """A reader for an unprotected PDF; call it inside `guarded`."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise PdfInputError(encrypted(name))
    return reader


def read_pdf(data: bytes, read: Callable[[PdfReader], T], name: str = "<pdf>") -> T:
    """`read` applied to an unencrypted PDF's reader, all of it inside the guard."""
    with guarded(name):
        return read(open_pdf(data, name))


def encrypted(name: str) -> str:
    return (
        f"{name}: is encrypted (password-protected); "
        "export it from the record system without protection and try again"
    )


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
def guarded(name: str) -> Iterator[None]:
    """Read a PDF with pypdf's limits tightened, its notes quiet, and whatever it raises on a bad file
    turned into one PdfInputError line naming it."""
    with quiet_pypdf(), apply_configuration(**PYPDF_LIMITS), failures(name):
        yield


@contextmanager
def failures(name: str) -> Iterator[None]:
    try:
        yield
    except DependencyError:  # pypdf tried the empty password of an AES-encrypted file
        raise PdfInputError(encrypted(name)) from None
    except LimitReachedError as error:
        reason = shorten(str(error), 200)
        raise PdfInputError(f"{name}: is too large or complex to read safely ({reason})") from None
    except RecursionError:
        raise PdfInputError(f"{name}: is nested too deeply to read; is it damaged?") from None
    except MemoryError:
        raise PdfInputError(f"{name}: needs too much memory to read; is it damaged?") from None
    except PdfInputError:
        raise
    except _PYPDF_FAILURES as error:
        reason = f"{type(error).__name__}: {shorten(str(error), 200)}"
        raise PdfInputError(f"{name}: cannot be read as a PDF; is it damaged? ({reason})") from None


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
