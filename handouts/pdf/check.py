"""Checking a built PDF against its spec: one page, every piece of the spec's text on it, and tags
that read the spec's content in order.

The PDF is read back with pypdf, as any other reader would read it. Text is compared with all
whitespace removed, so line breaks, column breaks and a long word wrapped mid-way do not matter,
but every character of the spec must be there, in order. Citations are superscripts and may be read
back beside their word; the text between them is checked piece by piece.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from ..files import file_name
from ..language.catalogue import catalogue, english
from ..spec.figures import spec_figures
from ..spec.governance import short_hash
from ..spec.markup import plain, segments
from ..spec.model import Spec
from ..spec.walking import LITERAL_FIELDS, printed_leaves
from ..standards import MAX_PAGES
from .reading import TIME_LIMIT, check_header, read_pdf, read_pdf_file, time_limited
from .recorded import Recorded, recorded
from .tagged import Tagged, read_tagged

# Not on the page as text: settings, a figure's image file, and its description, which the tags hold
# (as the Figure's /Alt) and structure_problems checks there.
NOT_PRINTED = frozenset({"audience", "language", "kind", "level", "comparison_first", "image", "alt"})
_SPACE = re.compile(r"\s+")


# The spec's running content, which the tags must read in the spec's order (the rest, such as the
# footer's version and dates, is checked to be there).
READ_IN_ORDER = ("title", "subtitle", "key_message", "sections[", "references[")


@dataclass(frozen=True)
class CheckReport:
    pages: int
    missing: list[tuple[str, str]]  # (spec path, text) not found in the PDF
    max_pages: int = 1  # a large-print handout may take up to standards.MAX_PAGES["large print"]
    structure: list[str] = default(default_factory=list)  # what is wrong with its tags, in words
    # Set when the PDF is of another document, or of another version of the spec: why, in words
    # (then `missing` and `structure` are empty: nothing of the spec is expected in it).
    other: str | None = None
    large_print: bool = False  # as the PDF records it (or as asked)

    @property
    def ok(self) -> bool:
        return (
            self.other is None
            and 1 <= self.pages <= self.max_pages
            and not self.missing
            and not self.structure
        )


def printed_texts(spec: Spec) -> list[tuple[str, str]]:
    """(path, text) for every piece of the spec that must appear on the page."""
    pieces: list[tuple[str, str]] = []
    for path, field, value in printed_leaves(spec):
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
    words = catalogue(spec.language) or english()
    pieces.append(("content hash", words("content", hash=short_hash(spec))))
    return pieces


def pdf_text(data: bytes, name: str = "<pdf>") -> tuple[int, str]:
    """Page count and extracted text of a PDF; PdfInputError for anything pypdf cannot read."""

    def text(reader: PdfReader) -> tuple[int, str]:
        return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)

    return read_pdf(data, text, name)


def handout_text(data: bytes, spec: Spec, name: str = "<pdf>") -> tuple[Recorded, str]:
    """What the PDF records of the spec's handout, and the text of its pages (within a letter, the
    handout's own pages only)."""

    def text(reader: PdfReader) -> tuple[Recorded, str]:
        found = recorded(reader, plain(spec.title), short_hash(spec))
        return found, "\n".join(reader.pages[number].extract_text() or "" for number in found.pages)

    return read_pdf(data, text, name)


def another(found: Recorded, spec: Spec) -> str | None:
    """Why the PDF is not of this spec's document at all, when it says so: another id, or a letter with
    no handout of the spec's title. (Another version of the spec is found by its content hash, among
    the texts missing: what changed is worth listing.)"""
    if not found.found:
        return f"holds no handout titled {plain(spec.title)!r} (no bookmark of that title)"
    if found.spec_id is not None and found.spec_id != spec.id:
        return f"is a PDF of another document ({found.spec_id!r}), not of {spec.id!r}"
    if found.content is None:
        return f"is not a handout of {spec.id!r}: it records no document and prints no content hash"
    return None


_HYPHENATED = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")  # a hyphen the layout added where it broke a line


def squeeze(text: str) -> str:
    """Text without whitespace or invisible format characters (a soft hyphen never prints as itself)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(char for char in _SPACE.sub("", text) if unicodedata.category(char) != "Cf")


def check_pdf_bytes(
    data: bytes,
    spec: Spec,
    name: str = "<pdf>",
    *,
    large_print: bool = False,
    time_limit: float = TIME_LIMIT,
) -> CheckReport:
    """The check of a PDF's bytes; PdfInputError, naming `name`, for one that cannot be read (in the
    words `attach` uses for a letter), including one that takes longer than `time_limit` s.

    Whether it is in large print is read from the PDF (`large_print` allows its pages whatever it
    says); a handout inside a letter made by `attach` is found by its bookmark and checked on its own
    pages; a PDF of another document (or version) is said to be so, and nothing else is checked.
    """
    check_header(data, name)
    with time_limited(name, time_limit):
        found, text = handout_text(data, spec, name)
        pages = len(found.pages)
        large = large_print or bool(found.large_print)
        if found.in_letter and spec.audience == "patient" and pages > 1:
            large = True  # in a letter, where nothing records it: a two-sided handout is large print
        most = MAX_PAGES["large print" if large else spec.audience]
        reason = another(found, spec)
        if reason is not None:
            return CheckReport(pages, [], most, other=reason, large_print=large)
        # Within a letter, the handout's pages alone: the letter's tags read nothing in its place.
        tagged = read_tagged(data, name, found.pages if found.in_letter else None)
        # A paragraph continued in the next column or on the next page reads whole in the tags; the
        # plain text has the repeated "(continued)" heading (an artifact) in the middle of it. A word
        # too long for its table column is hyphenated at a line's end.
        read = squeeze(tagged.root.text()) if tagged.root is not None else ""
        readings = squeeze(text), read, squeeze(_HYPHENATED.sub(r"\1\2", text))
        missing = [
            (path, piece)
            for path, piece in printed_texts(spec)
            if not any(squeeze(piece) in reading for reading in readings)
        ]
        structure = structure_problems(tagged, spec, in_letter=found.in_letter)
    return CheckReport(pages, missing, most, structure, large_print=large)


def structure_problems(tagged: Tagged, spec: Spec, *, in_letter: bool = False) -> list[str]:
    """What keeps the tags from reading the spec as printed: no tree at all, marks drawn outside it, or
    its running content out of order (or missing) in the text the tree reads. In a letter, the
    handout's pages are judged: the letter itself may be untagged (attach says so when it merges)."""
    if tagged.root is None or not (tagged.marked or in_letter):
        return ["is not tagged: a screen reader finds no headings, lists or reading order in it"]
    if tagged.unmarked:  # in a letter, counted on the handout's own pages
        return [
            f"draws {tagged.unmarked} mark(s) outside its tags, neither content nor artifact: a screen "
            "reader cannot reach them, nor skip them"
        ]
    text = squeeze(tagged.root.text())
    position = 0
    for path, piece in printed_texts(spec):
        if not path.startswith(READ_IN_ORDER):
            continue
        squeezed = squeeze(piece)
        at = text.find(squeezed, position)
        if at < 0:
            where = "out of order" if squeezed in text else "missing"
            return [f"its tags read {path} {where}: {piece!r}"]
        position = at + len(squeezed)
    return _undescribed(tagged, spec)


def _undescribed(tagged: Tagged, spec: Spec) -> list[str]:
    """The spec's figures whose description is not the /Alt of a Figure in the tags, in order."""
    assert tagged.root is not None
    alts = [element.alt for element in tagged.root.walk() if element.role == "Figure"]
    return [
        f"its tags have no Figure described as {figure.alt!r} (the figure {figure.image!r})"
        for figure in spec_figures(spec)
        if figure.alt not in alts
    ]


def check_pdf(
    path: str | Path, spec: Spec, *, large_print: bool = False, time_limit: float = TIME_LIMIT
) -> CheckReport:
    name = file_name(path)  # as every message names a file: a line break in it is shown escaped
    return check_pdf_bytes(read_pdf_file(path), spec, name, large_print=large_print, time_limit=time_limit)
