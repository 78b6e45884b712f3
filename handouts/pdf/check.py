"""Checking a built PDF against its spec: one page, and every piece of the spec's text on it.

The PDF is read back with pypdf, as any other reader would read it. Text is compared with all
whitespace removed, so line breaks, column breaks and a long word wrapped mid-way do not matter,
but every character of the spec must be there, in order. Citations are superscripts and may be read
back beside their word; the text between them is checked piece by piece.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from ..spec.governance import short_hash
from ..spec.markup import segments
from ..spec.model import LITERAL_FIELDS, Spec, leaves
from .reading import read_pdf, read_pdf_file

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
    return check_pdf_bytes(read_pdf_file(path), spec, str(path), max_pages=max_pages)
