"""Checking a built PDF against its spec: one page, and every piece of the spec's text on it.

The PDF is read back with pypdf, as any other reader would read it. Text is compared with all
whitespace removed, so line breaks, column breaks and a long word wrapped mid-way do not matter,
but every character of the spec must be there, in order. Citations are superscripts and may be read
back beside their word; the text between them is checked piece by piece.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from .errors import PdfInputError, SpecError
from .governance import short_hash
from .loading import read_limited
from .markup import segments
from .spec import LITERAL_FIELDS, Spec, leaves

MAX_PDF_BYTES = 50 * 1024 * 1024
T = TypeVar("T")
NOT_PRINTED = frozenset({"audience", "language", "kind", "level"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CheckReport:
    pages: int
    missing: list[tuple[str, str]]  # (spec path, text) not found in the PDF
    max_pages: int = 1  # a large-print handout may take two

    @property
    def ok(self) -> bool:
        return 1 <= self.pages <= self.max_pages and not self.missing


def printed_texts(spec: Spec) -> list[tuple[str, str]]:
    """(path, text) for every piece of the spec that must appear on the page."""
    pieces: list[tuple[str, str]] = []
    for path, field, value in leaves(spec):
        if field in NOT_PRINTED:
            continue
        if isinstance(value, str):
            texts = [value] if field in LITERAL_FIELDS else segments(value)
            pieces += [(path, text) for text in texts]
        elif isinstance(value, date):
            pieces.append((path, value.isoformat()))
        elif isinstance(value, int):
            pieces.append((path, str(value)))
    # The footer's hash ties the page to this very spec: a page built from an older version fails.
    pieces.append(("content hash", f"Content {short_hash(spec)}"))
    return pieces


def pdf_text(data: bytes, name: str = "<pdf>") -> tuple[int, str]:
    """Page count and extracted text of a PDF; PdfInputError for anything pypdf cannot read."""

    def text(reader: PdfReader) -> tuple[int, str]:
        return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)

    return read_pdf(data, text, name)


def read_pdf(data: bytes, read: Callable[[PdfReader], T], name: str = "<pdf>") -> T:
    """`read` applied to an unencrypted PDF's reader. pypdf parses lazily, so the whole read runs
    inside the net that turns its errors into a PdfInputError naming the file."""
    try:
        with quiet_pypdf():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise PdfInputError(f"{name}: is encrypted; handouts reads only unprotected PDFs")
            return read(reader)
    except PdfInputError:
        raise
    except DependencyError:  # pypdf tried the empty password of an AES-encrypted file
        raise PdfInputError(f"{name}: is encrypted; handouts reads only unprotected PDFs") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise PdfInputError(f"{name}: cannot be read as a PDF ({type(error).__name__}: {error})") from None


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


def squeeze(text: str) -> str:
    """Text without whitespace or invisible format characters (a soft hyphen never prints as itself)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(char for char in _SPACE.sub("", text) if unicodedata.category(char) != "Cf")


def check_pdf_bytes(data: bytes, spec: Spec, name: str = "<pdf>", *, max_pages: int = 1) -> CheckReport:
    pages, text = pdf_text(data, name)
    found = squeeze(text)
    missing = [(path, piece) for path, piece in printed_texts(spec) if squeeze(piece) not in found]
    return CheckReport(pages, missing, max_pages)


def check_pdf(path: str | Path, spec: Spec, *, max_pages: int = 1) -> CheckReport:
    try:
        data = read_limited(Path(path), MAX_PDF_BYTES)
    except SpecError as error:
        raise PdfInputError(str(error)) from None
    return check_pdf_bytes(data, spec, str(path), max_pages=max_pages)
