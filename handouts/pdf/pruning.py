"""Objects that nothing in a file being written refers to any more, taken out of it: what was removed
from a letter (its scripts, embedded files) and a letter's old parent tree must not stay in its bytes.
"""

from __future__ import annotations

from typing import Any

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject


def drop_unreachable(writer: PdfWriter) -> None:
    """Take out of the file every object that nothing reachable from its trailer refers to any more."""
    reachable: set[int] = set()
    pending: list[Any] = [writer.root_object, writer._info]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if item.pdf is not writer or item.idnum in reachable:
                continue
            reachable.add(item.idnum)
            item = item.get_object()
        elif isinstance(item, PdfObject):
            reference = getattr(item, "indirect_reference", None)
            if isinstance(reference, IndirectObject) and reference.pdf is writer:
                if reference.idnum in reachable:
                    continue
                reachable.add(reference.idnum)
        if isinstance(item, DictionaryObject):  # a stream too
            pending += [
                item.raw_get(name) for name in list(item.keys())
            ]  # keys: iterating an outline gives its children
        elif isinstance(item, ArrayObject):
            pending += list(item)
    # pypdf writes every object it holds, reachable or not, and offers no public way to forget one:
    # an unreachable object is set to None, which it writes as a free entry.
    for number in range(1, len(writer._objects) + 1):
        if number not in reachable:
            writer._objects[number - 1] = None
