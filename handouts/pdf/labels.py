"""Page labels of a merged letter: the page numbers a viewer shows, as the letter's own labels say.

A letter may label its pages ("i", "ii", "A-1"). Pages added before or after it would otherwise
take over its labels by position: a handout after a letter numbered "i, ii" would show as "iii", and
a handout before it would take the letter's first labels. So the letter's labels move with its pages,
and the handouts' pages are numbered by their place in the file, as a viewer numbers a file without
labels.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .objects import resolve

STYLES = ("/D", "/R", "/r", "/A", "/a")  # decimal, roman and letters, upper and lower case
MAX_INTEGER = 2**31 - 1  # the largest a PDF reader need hold (ISO 32000, annex C): qpdf refuses more


def relabel(writer: PdfWriter, letter_start: int, letter_pages: int) -> None:
    """Give the letter's labelled pages, now from `letter_start`, their own labels, and the rest of the
    file's pages their place in it. A letter without labels (or none that fall on its pages) is left
    without."""
    root = writer.root_object
    own = _letter_ranges(root.get("/PageLabels"), letter_pages)
    if not own:
        root.pop("/PageLabels", None)
        return
    ranges = {letter_start + first: label for first, label in own.items()}
    ranges.setdefault(letter_start, _numbered(letter_start))
    others = letter_start + letter_pages if letter_start == 0 else 0  # the handouts: after, or before
    if others < len(writer.pages):
        ranges[others] = _numbered(others)
    numbers = ArrayObject()
    for first in sorted(ranges):
        numbers += [NumberObject(first), ranges[first]]
    root[NameObject("/PageLabels")] = DictionaryObject({NameObject("/Nums"): numbers})


def _letter_ranges(tree: object, pages: int) -> dict[int, DictionaryObject]:
    """The label of each range of the letter's number tree that starts on one of its pages, by its
    first page (where two name one page, the first found)."""
    found: dict[int, DictionaryObject] = {}
    pending, seen = [resolve(tree)], set()
    while pending and len(found) < pages:
        node = pending.pop()
        if not isinstance(node, DictionaryObject) or id(node) in seen:
            continue
        seen.add(id(node))
        kids = resolve(node.get("/Kids"))
        pending += [resolve(kid) for kid in reversed(kids)] if isinstance(kids, ArrayObject) else []
        numbers = resolve(node.get("/Nums"))
        if not isinstance(numbers, ArrayObject):
            continue
        for first, label in zip(numbers[::2], numbers[1::2], strict=False):
            first, label = resolve(first), resolve(label)
            if isinstance(first, int) and 0 <= first < pages and isinstance(label, DictionaryObject):
                found.setdefault(int(first), _plain(label))
    return found


def _plain(label: DictionaryObject) -> DictionaryObject:
    """A label's style, prefix and first number, in a new dictionary: nothing else of the letter's,
    and each only as the standard has it (a style of STYLES, a string, a whole number from 1 that
    readers can hold)."""
    kept = DictionaryObject()
    style, prefix, start = (resolve(label.get(key)) for key in ("/S", "/P", "/St"))
    if style is not None:  # none: the label is its prefix alone; one not of STYLES: decimal
        kept[NameObject("/S")] = NameObject(
            style if isinstance(style, NameObject) and style in STYLES else "/D"
        )
    if isinstance(prefix, TextStringObject | ByteStringObject):
        kept[NameObject("/P")] = prefix
    if isinstance(start, int) and not isinstance(start, bool) and 1 <= start <= MAX_INTEGER:
        kept[NameObject("/St")] = NumberObject(start)
    return kept


def _numbered(first: int) -> DictionaryObject:
    """Decimal numbers from the page's place in the file: what a viewer shows without labels."""
    return DictionaryObject({NameObject("/S"): NameObject("/D"), NameObject("/St"): NumberObject(first + 1)})
