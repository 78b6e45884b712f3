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
from .reading import MAX_PAGES

STYLES = ("/D", "/R", "/r", "/A", "/a")  # decimal, roman and letters, upper and lower case


def relabel(writer: PdfWriter, letter_start: int, letter_pages: int) -> None:
    """Give the letter's labelled pages, now from `letter_start`, their own labels, and the rest of the
    file's pages their place in it. A letter without labels is left without."""
    root = writer.root_object
    if not isinstance(resolve(root.get("/PageLabels")), DictionaryObject):
        root.pop("/PageLabels", None)
        return
    own = _letter_ranges(root["/PageLabels"], letter_pages)
    ranges = {letter_start + first: label for first, label in own}
    ranges.setdefault(letter_start, _numbered(letter_start))
    others = letter_start + letter_pages if letter_start == 0 else 0
    if others < len(writer.pages):
        ranges[others] = _numbered(others)
    numbers = ArrayObject()
    for first in sorted(ranges):
        numbers += [NumberObject(first), ranges[first]]
    root[NameObject("/PageLabels")] = DictionaryObject({NameObject("/Nums"): numbers})


def _letter_ranges(tree: object, pages: int) -> list[tuple[int, DictionaryObject]]:
    """(first page, label) of each range of the letter's number tree that falls on its pages."""
    found: list[tuple[int, DictionaryObject]] = []
    pending, seen = [resolve(tree)], set()
    while pending and len(found) < MAX_PAGES:  # one range a page at most
        node = pending.pop()
        if not isinstance(node, DictionaryObject) or id(node) in seen:
            continue
        seen.add(id(node))
        kids = resolve(node.get("/Kids"))
        pending += [resolve(kid) for kid in kids] if isinstance(kids, ArrayObject) else []
        numbers = resolve(node.get("/Nums"))
        if not isinstance(numbers, ArrayObject):
            continue
        for first, label in zip(numbers[::2], numbers[1::2], strict=False):
            first, label = resolve(first), resolve(label)
            if isinstance(first, int) and 0 <= first < pages and isinstance(label, DictionaryObject):
                found.append((int(first), _plain(label)))
    return found


def _plain(label: DictionaryObject) -> DictionaryObject:
    """A label's style, prefix and first number, in a new dictionary: nothing else of the letter's,
    and each only as the standard has it (a style of STYLES, a string, a whole number from 1)."""
    kept = DictionaryObject()
    style, prefix, start = (resolve(label.get(key)) for key in ("/S", "/P", "/St"))
    if style is not None:  # none: the label is its prefix alone; one not of STYLES: decimal
        kept[NameObject("/S")] = NameObject(
            style if isinstance(style, NameObject) and style in STYLES else "/D"
        )
    if isinstance(prefix, TextStringObject | ByteStringObject):
        kept[NameObject("/P")] = prefix
    if isinstance(start, int) and not isinstance(start, bool) and start >= 1:
        kept[NameObject("/St")] = NumberObject(start)
    return kept


def _numbered(first: int) -> DictionaryObject:
    """Decimal numbers from the page's place in the file: what a viewer shows without labels."""
    return DictionaryObject({NameObject("/S"): NameObject("/D"), NameObject("/St"): NumberObject(first + 1)})
