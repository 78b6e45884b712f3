"""What a viewer of the merged file must decode and draw of a letter, checked before anything is
copied: every stream its pages reach decoded as a viewer decodes it (drawings, fonts, shadings, colour
spaces...), each image's declared size (never its pixels), and how many times forms are drawn inside
forms. The drawings are decoded, never parsed: pypdf's parser refuses small slips viewers forgive,
and takes long; what matters of them is found with a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from ..errors import PdfInputError
from .objects import as_dict, resolve
from .reading import MAX_DECODED, too_complex

# An image's pixels, at most. A letter-size page scanned at 600 dpi has 34 million (A4: 35 million);
# an image that declares far more would take a reader of the merged file gigabytes to draw.
MAX_IMAGE_PIXELS = 50_000_000


def check_drawings(reader: PdfReader, name: str) -> None:
    """PdfInputError, naming the file, for a letter a viewer could not draw in reason: a stream that
    cannot be decoded (a compression bomb, an unknown compression), streams over MAX_DECODED in all, an
    image over MAX_IMAGE_PIXELS, or forms drawn inside forms over MAX_DRAWN times. Call it inside
    `guarded`."""
    memo: dict[int, float] = {}
    decoded = 0
    for stream, resources in _streams(reader):
        if resolve(stream.get("/Subtype")) == "/Image":  # drawn from its size, never decoded here
            _refuse_pixels(_entry(stream, "/Width", "/W"), _entry(stream, "/Height", "/H"), name)
            continue
        data = stream.get_data()  # a bomb, or a compression pypdf cannot read, fails here
        decoded += len(data)  # each stream under pypdf's limit, but many of them kept in memory
        if decoded > MAX_DECODED:
            raise PdfInputError(too_complex(name))
        _refuse_inline_images(data, name)
        if resources is not None and _times_drawn(data, resources, memo, []) > MAX_DRAWN:
            raise PdfInputError(
                f"{name}: draws forms inside forms over {MAX_DRAWN:,} times on a page, which would keep "
                "a viewer busy for minutes; is it the right file?"
            )


def _streams(reader: PdfReader) -> Iterator[tuple[StreamObject, DictionaryObject | None]]:
    """Every stream the pages reach (their drawing, forms, patterns, appearances, fonts and their
    programs, shadings and their functions, colour spaces, thumbnails), each once; with the resources
    it draws with, when it is a drawing. Not an embedded file, which is no part of a page (and is taken
    out of the merged file, or kept as it is when asked)."""
    seen: set[int] = set()
    for page in reader.pages:
        resources = as_dict(page.get("/Resources"))
        contents = page.get_contents()
        if contents is not None:
            yield contents, resources
        pending: list[Any] = [page.raw_get(key) for key in page if key not in ("/Parent", "/Contents")]
        while pending:
            value = resolve(pending.pop())
            if id(value) in seen or len(seen) > 200_000:
                continue
            seen.add(id(value))
            if isinstance(value, DictionaryObject):
                if "/EF" in value or resolve(value.get("/Type")) in _NOT_DRAWN:
                    continue
                if isinstance(value, StreamObject):
                    drawing = "/Resources" in value or resolve(value.get("/Subtype")) == "/Form"
                    yield value, (as_dict(value.get("/Resources")) if drawing else None)
                pending += [value.raw_get(key) for key in value]
            elif isinstance(value, ArrayObject):
                pending += list(value)


# What a page may refer to that is not drawn on it: pages (its own, another's), files (and a file
# specification, which holds its files under /EF).
_NOT_DRAWN = frozenset({"/Page", "/Pages", "/EmbeddedFile", "/Filespec"})


# The drawings (a page's, the forms it draws, the forms they draw...) a viewer makes at most for one
# drawing: a letter draws a handful; a few forms that each draw the next ten times reach millions.
MAX_DRAWN = 1_000_000
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)(?:\s|%[^\r\n]*)*Do(?![A-Za-z0-9])")  # /Name Do, a comment between


def _times_drawn(data: bytes, resources: DictionaryObject, memo: dict[int, float], forms: list[int]) -> float:
    """How many drawings a viewer makes to draw `data` with `resources`: itself, and each form it
    draws as often as it draws it (each form counted once, `memo`). A form that draws itself, or
    forms nested deeper than any letter's, count as too many (`forms`: the ones being drawn)."""
    drawn = 1.0
    xobjects = as_dict(resources.get("/XObject"))
    for raw in _DO.findall(data):
        form = resolve(xobjects.get("/" + _unescaped(raw).decode("latin-1")))
        if not (isinstance(form, StreamObject) and resolve(form.get("/Subtype")) == "/Form"):
            continue
        key = id(form)
        if key in forms or len(forms) > 64:
            return float("inf")
        if key not in memo:
            inner = as_dict(form.get("/Resources")) if "/Resources" in form else resources
            memo[key] = _times_drawn(form.get_data(), inner, memo, [*forms, key])
        drawn += memo[key]
        if drawn > MAX_DRAWN:
            break
    return drawn


def _entry(dictionary: DictionaryObject, *keys: str) -> object:
    return next((resolve(dictionary.get(key)) for key in keys if key in dictionary), None)


def _refuse_inline_images(data: bytes, name: str) -> None:
    """An image drawn inline is held to the limit of the others, its size read from its own dictionary
    (between BI and ID, comments left out)."""
    for begin in _BI.finditer(data):
        end = _ID.search(data, begin.end())
        if end is None:
            return
        entries = _unescaped(_COMMENT.sub(b" ", data[begin.end() : end.start()]))
        sizes = {key[:1]: float(value) for key, value in _ENTRY.findall(entries)}  # W or Width
        _refuse_pixels(sizes.get(b"W", 0), sizes.get(b"H", 0), name)


# An inline image's dictionary (BI ... ID), its /W (/Width) and /H (/Height) entries, a comment, and a
# name's escaped characters (/#57 is /W).
_BI = re.compile(rb"(?<![^\s\]\)>])BI(?=[\s/%])")
_ID = re.compile(rb"\sID\s")
_ENTRY = re.compile(rb"/(Width|Height|W|H)\s*\+?([0-9]{1,12}(?:\.[0-9]*)?)(?![0-9A-Za-z])")
_COMMENT = re.compile(rb"%[^\r\n]*")
_ESCAPED = re.compile(rb"#([0-9A-Fa-f]{2})")


def _unescaped(name: bytes) -> bytes:
    return _ESCAPED.sub(lambda escaped: bytes([int(escaped[1], 16)]), name)


def _refuse_pixels(width: object, height: object, name: str) -> None:
    if _positive(width) and _positive(height) and width * height > MAX_IMAGE_PIXELS:  # type: ignore[operator]
        raise PdfInputError(
            f"{name}: holds an image of {_count(width)} by {_count(height)} pixels; images over "
            f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels are refused (a page scanned at "
            "600 dpi has about 35 million)"
        )


def _count(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _positive(value: object) -> bool:
    """A size a viewer would draw: a number, whole or not (100000.0 is as many pixels)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < float("inf")
