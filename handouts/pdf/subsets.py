"""Subset fonts, told apart in a merged PDF.

A subset font is named with a six-letter tag before its face's name (ABCDEF+NotoSans-Regular), so
that two subsets of one face in one file can be told apart. ReportLab, in the reproducible mode the
handouts are built in, tags every subset AAAAAA; so do many other tools, each in its own way. Two
handouts in one file, or a handout and a letter, then hold different programs under one name, and a
viewer that goes by the name may draw one document's text with the other's glyphs: letters missing
or wrong. Every subset whose tagged name is already taken by another program is renamed here, its
/BaseFont and its descriptor's /FontName alike, with a tag made from a digest of its place in the
file's order: the same inputs always get the same names.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from .objects import as_dict, object_key, resolve
from .resources import drawn_with

SUBSET = re.compile(r"^([A-Z]{6})\+(.+)$")
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def distinct_subsets(pages: Iterable[Any]) -> int:
    """Rename colliding subset tags among the fonts the pages draw with; how many fonts were renamed."""
    fonts = [font for kind, font in drawn_with(pages) if kind == "font"]
    taken = {tag for font in fonts for tag in _tags(font)}
    owners: dict[str, tuple[int, int] | int] = {}  # tagged name -> the program that has it
    renamed = 0
    for font in fonts:
        base = str(font.get("/BaseFont", ""))[1:]
        match = SUBSET.match(base)
        if match is None:
            continue
        program = _program(font)
        owner = owners.setdefault(base, program)
        if owner == program:
            continue
        tag = _new_tag(base, renamed, taken)
        taken.add(tag)
        _rename(font, match[1], tag)
        owners[f"{tag}+{match[2]}"] = program
        renamed += 1
    return renamed


def _units(font: DictionaryObject) -> list[DictionaryObject]:
    """A font and, for a composite (Type 0) font, its descendant: the dictionaries that carry names."""
    descendants = resolve(font.get("/DescendantFonts"))
    found = [font]
    if isinstance(descendants, ArrayObject):
        found += [as_dict(descendant) for descendant in descendants]
    return found


def _tags(font: DictionaryObject) -> set[str]:
    tags = set()
    for unit in _units(font):
        for name in (unit.get("/BaseFont"), as_dict(unit.get("/FontDescriptor")).get("/FontName")):
            match = SUBSET.match(str(name or "")[1:])
            if match:
                tags.add(match[1])
    return tags


def _program(font: DictionaryObject) -> tuple[int, int] | int:
    """What tells one subset from another: its embedded program (a font dictionary shared between
    pages, or two dictionaries sharing one program, are one font)."""
    for unit in reversed(_units(font)):
        descriptor = as_dict(unit.get("/FontDescriptor"))
        for key in FONT_FILES:
            if key in descriptor:
                found = object_key(descriptor.raw_get(key))
                return found if found is not None else id(resolve(descriptor.raw_get(key)))
    return object_key(font) or id(font)


def _new_tag(base: str, number: int, taken: set[str]) -> str:
    """Six capital letters from a digest of the name and the count so far, never one already used."""
    attempt = 0
    while True:
        digest = hashlib.sha256(f"{base}\n{number}\n{attempt}".encode()).digest()
        tag = "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])
        if tag not in taken:
            return tag
        attempt += 1


def _rename(font: DictionaryObject, old: str, new: str) -> None:
    for unit in _units(font):
        for owner, key in ((unit, "/BaseFont"), (as_dict(unit.get("/FontDescriptor")), "/FontName")):
            name = str(owner.get(key, ""))
            if name.startswith(f"/{old}+"):
                owner[NameObject(key)] = NameObject(f"/{new}+{name[len(old) + 2 :]}")
