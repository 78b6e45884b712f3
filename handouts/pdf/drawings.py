"""What a viewer of the merged file must decode and draw of a letter, checked before anything is
copied: each drawing (a page's; a form's, an appearance's, a shading's, a Type 3 glyph's; a font
program) decoded as a viewer decodes it, each image's declared size (never its pixels), and how many
times forms are drawn inside forms. The drawings are decoded, never parsed: pypdf's parser refuses
small slips viewers forgive, and takes long; what matters of them is found with a pattern.
"""

from __future__ import annotations

import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from ..errors import PdfInputError
from .objects import as_dict, resolve
from .resources import drawn_with

# An image's pixels, at most. A letter-size page scanned at 600 dpi has 34 million (A4: 35 million);
# an image that declares far more would take a reader of the merged file gigabytes to draw.
MAX_IMAGE_PIXELS = 50_000_000


def check_drawings(reader: PdfReader, name: str) -> None:
    """PdfInputError, naming the file, for a letter a viewer could not draw in reason: a drawing that
    cannot be decoded (a compression bomb, an unknown compression), an image over MAX_IMAGE_PIXELS, or
    forms drawn inside forms over MAX_DRAWN times on a page. Call it inside `guarded`."""
    drawings: list[Any] = [page.get_contents() for page in reader.pages]
    images = [as_dict(page.get("/Thumb")) for page in reader.pages]
    for kind, item in drawn_with(reader.pages):
        if kind == "image":
            images.append(item)
        elif kind == "drawing":
            drawings.append(item)
        else:  # a font: a Type 3 font's glyphs are drawings, a font program is decoded by a viewer too
            drawings += [resolve(glyph) for glyph in as_dict(item.get("/CharProcs")).values()]
            descriptor = as_dict(item.get("/FontDescriptor"))
            drawings += [resolve(descriptor.get(key)) for key in ("/FontFile", "/FontFile2", "/FontFile3")]
    for image in images:  # a viewer reads /W and /H too
        _refuse_pixels(_entry(image, "/Width", "/W"), _entry(image, "/Height", "/H"), name)
    _read_drawings(drawings, name)
    memo: dict[int, float] = {}
    for page in reader.pages:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        if _times_drawn(data, as_dict(page.get("/Resources")), memo, []) > MAX_DRAWN:
            raise PdfInputError(
                f"{name}: draws forms inside forms over {MAX_DRAWN:,} times on a page, which would keep "
                "a viewer busy for minutes; is it the right file?"
            )


# The drawings (a page's, the forms it draws, the forms they draw...) a viewer makes for one page, at
# most: a letter draws a handful; a few forms that each draw the next ten times reach millions.
MAX_DRAWN = 1_000_000
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![A-Za-z0-9])")


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


def _read_drawings(drawings: list[Any], name: str) -> None:
    """Each drawing (a page's, a form's, an appearance's) decoded, as a viewer of the merged file (and
    `check`) must decode it: a compression bomb or a compression this tool cannot read then stops the
    letter here, in the words `guarded` gives it, not in the file given to a patient. An image drawn
    inline is held to the limit of the others, read from its own dictionary (the drawing is not
    parsed: pypdf's parser refuses small slips viewers forgive, and takes long)."""
    for drawing in drawings:
        data = drawing.get_data() if isinstance(drawing, StreamObject) else b""
        for found in _INLINE.finditer(data):
            entries = _unescaped(found.group(1))
            sizes = {key[:1]: float(value) for key, value in _ENTRY.findall(entries)}  # W or Width
            _refuse_pixels(sizes.get(b"W", 0), sizes.get(b"H", 0), name)


# An inline image's dictionary (BI ... ID), its /W (/Width) and /H (/Height) entries, and a name's
# escaped characters (/#57 is /W).
_INLINE = re.compile(rb"(?<![^\s\]\)>])BI(?=[\s/])(.{0,8192}?)\sID\s", re.DOTALL)
_ENTRY = re.compile(rb"/(Width|Height|W|H)\s*\+?([0-9]{1,12}(?:\.[0-9]*)?)(?![0-9A-Za-z])")
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
