"""What a PDF says it is, for `check`: the document it was built from (id, audience, large print,
content hash, from the keywords every build writes), or, in a letter made by `attach`, which pages are
the handout (its bookmark, and the content hash printed in its footer).

A handout's keywords read "ID, AUDIENCE[, large print], version V, content sha256:HASH". A merged
letter keeps the letter's own document info, so a handout inside it is found by its bookmark (the
handout's title) and told apart from another with the same title by the hash in its footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PdfReader

from ..language.catalogue import LANGUAGES, catalogue
from ..spec.governance import SHORT_HASH

_HASH = re.compile(r"content sha256:([0-9a-f]{64})\Z")
# The footer's "Content HASH", in the words of any bundled language.
_LABELS = sorted(
    {tuple(found("content", hash="").split()) for found in filter(None, map(catalogue, LANGUAGES))}
)
_LABEL = "|".join(r"\s*".join(map(re.escape, words)) for words in _LABELS)
_FOOTER = re.compile(rf"(?:{_LABEL})\s*([0-9a-f]{{{SHORT_HASH}}})")


@dataclass(frozen=True)
class Recorded:
    """What the PDF records of the handout in it; `pages` are those it takes (0-based)."""

    pages: list[int]
    spec_id: str | None = None
    large_print: bool | None = None  # None: not recorded (a handout inside a letter)
    content: str | None = None  # the content hash, whole or its printed first characters
    found: bool = True  # False: a letter with no bookmark of the handout's title
    in_letter: bool = False  # found by its bookmark in a letter made by `attach`


def keywords(text: str) -> tuple[str, bool, str] | None:
    """(id, large print, content hash) from a handout's keywords; None if they are not a handout's."""
    parts = [part.strip() for part in text.split(",")]
    matched = _HASH.match(parts[-1]) if parts else None
    if matched is None or len(parts) < 3:
        return None
    return parts[0], "large print" in parts[1:-1], matched[1]


def recorded(reader: PdfReader, title: str, short: str) -> Recorded:
    """What `reader`'s PDF records of the handout titled `title` (as its bookmark reads); of two with
    that title in a letter, the one whose footer prints `short`, the spec's short content hash."""
    everything = list(range(len(reader.pages)))
    marks = _bookmarks(reader)  # first: a letter that was itself a handout keeps that handout's keywords
    if not marks:
        info = reader.metadata
        mine = keywords(str(info.get("/Keywords", ""))) if info is not None else None
        if mine is not None:
            spec_id, large_print, content = mine
            return Recorded(everything, spec_id, large_print, content)
        # Neither a handout as built nor a letter made by attach: a handout saved again by another
        # program prints its hash still; a PDF that has none is not a handout at all.
        return Recorded(everything, content=_footer_hash(reader, everything))
    wanted = " ".join(title.split())
    candidates = [pages for name, pages in marks if name == wanted]
    if not candidates:
        return Recorded(everything, found=False)
    printed = [Recorded(pages, content=_footer_hash(reader, pages), in_letter=True) for pages in candidates]
    return next((found for found in printed if found.content == short), printed[0])


def _bookmarks(reader: PdfReader) -> list[tuple[str, list[int]]]:
    """Each top-level bookmark's title and the pages from it to the next one."""
    starts: list[tuple[int, str]] = []
    for item in reader.outline:
        if isinstance(item, list):  # the children of the item before
            continue
        number = reader.get_destination_page_number(item)
        if number is not None and number >= 0:
            starts.append((number, str(item.title)))
    if not starts:
        return []
    starts.sort()
    ends = [start for start, _ in starts[1:]] + [len(reader.pages)]
    return [(name, list(range(start, end))) for (start, name), end in zip(starts, ends, strict=True)]


def _footer_hash(reader: PdfReader, pages: list[int]) -> str | None:
    for number in pages:
        found = _FOOTER.search(reader.pages[number].extract_text() or "")
        if found:
            return found[1]
    return None
