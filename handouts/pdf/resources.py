"""What the pages of a PDF draw with: every image and every font a page can reach, through its
resources, the forms it draws, tiling patterns, Type 3 fonts, soft masks and its annotations'
appearances. Each object is met once, however many pages share it, and in the same order every time
(page order, then resource names sorted), so what is done with them is reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from .objects import as_dict, object_key, resolve


def drawn_with(pages: Iterable[Any]) -> Iterator[tuple[str, DictionaryObject]]:
    """("image", image XObject) and ("font", font dictionary) for everything the pages draw with."""
    seen: set[tuple[int, int]] = set()
    for page in pages:
        pending: list[Any] = [page.get("/Resources")]
        for annotation in resolve(page.get("/Annots")) or []:
            pending += _appearances(as_dict(annotation).get("/AP"))
        while pending:
            item = pending.pop(0)
            key = object_key(item)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            value = resolve(item)
            if isinstance(value, StreamObject) and resolve(value.get("/Subtype")) == "/Image":
                yield "image", value
                pending += [value.get("/SMask"), value.get("/Mask")]
            elif isinstance(value, StreamObject):  # a form, a tiling pattern, an appearance
                pending.append(value.get("/Resources"))
            elif isinstance(value, DictionaryObject) and resolve(value.get("/Type")) == "/Font":
                yield "font", value
                pending.append(value.get("/Resources"))  # a Type 3 font draws with resources of its own
            elif isinstance(value, DictionaryObject):
                pending += _resources(value)


def _resources(resources: DictionaryObject) -> list[Any]:
    """What a resource dictionary names, kind by kind, in name order."""
    found: list[Any] = []
    for kind in ("/XObject", "/Font", "/Pattern"):
        entries = as_dict(resources.get(kind))
        found += [entries.raw_get(name) for name in sorted(entries.keys())]
    states = as_dict(resources.get("/ExtGState"))
    for name in sorted(states.keys()):
        mask = resolve(as_dict(states.raw_get(name)).get("/SMask"))
        if isinstance(mask, DictionaryObject):
            found.append(mask.raw_get("/G") if "/G" in mask else None)
    return [item for item in found if item is not None]


def _appearances(value: Any) -> list[Any]:
    """An annotation's appearance streams: normal, rollover and down, each a stream or a set of them."""
    found: list[Any] = []
    appearances = as_dict(value)
    for state in ("/N", "/R", "/D"):
        entry = appearances.raw_get(state) if state in appearances else None
        resolved = resolve(entry)
        if isinstance(resolved, StreamObject):
            found.append(entry)
        elif isinstance(resolved, DictionaryObject):
            found += [resolved.raw_get(name) for name in sorted(resolved.keys())]
        elif isinstance(resolved, ArrayObject):
            found += list(resolved)
    return found
