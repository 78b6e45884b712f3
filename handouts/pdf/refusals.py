"""Letters that are refused whole, before anything is copied: what attaching would break (a signature,
a certification), what would not show (a dynamic XFA form), and what could overwhelm a reader of the
merged file (an image of more pixels than any letter needs).

Each check reads only what it must: the form's fields, the catalog, each drawing (a page's, a form's,
an appearance's: decoded, as a viewer decodes it) and each image's declared width and height (never
its pixels).
"""

from __future__ import annotations

import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject

from ..errors import PdfInputError
from .objects import as_dict, resolve
from .resources import drawn_with

# An image's pixels, at most. A letter-size page scanned at 600 dpi has 34 million (A4: 35 million);
# an image that declares far more would take a reader of the merged file gigabytes to draw.
MAX_IMAGE_PIXELS = 50_000_000


def refuse(reader: PdfReader, name: str) -> None:
    """PdfInputError, naming the file, for a PDF that must not be attached to; call it inside `guarded`.
    (A certified PDF is signed too: it is named for what it is.)"""
    if _certified(reader):
        raise PdfInputError(
            f"{name}: is certified (a certifying signature locks it against changes); adding pages "
            "would break the certification, so it is left as it is (print or send the handout separately)"
        )
    if _signed(reader):
        raise PdfInputError(
            f"{name}: is digitally signed; adding pages would break its signature, so it is left as "
            "it is (print or send the handout separately)"
        )
    if _dynamic_form(reader):
        raise PdfInputError(
            f"{name}: is a dynamic XFA form, whose pages only Adobe's software draws; print it to a "
            "PDF or export it as a standard PDF, and attach to that"
        )
    drawings: list[Any] = [page.get_contents() for page in reader.pages]
    for kind, item in drawn_with(reader.pages):
        if kind == "image":
            _refuse_pixels(resolve(item.get("/Width")), resolve(item.get("/Height")), name)
        elif kind == "drawing":
            drawings.append(item)
    _read_drawings(drawings, name)


def _read_drawings(drawings: list[Any], name: str) -> None:
    """Each drawing (a page's, a form's, an appearance's) decoded, as a viewer of the merged file (and
    `check`) must decode it: a compression bomb or a compression this tool cannot read then stops the
    letter here, in the words `guarded` gives it, not in the file given to a patient. An image drawn
    inline is held to the limit of the others, read from its own dictionary (the drawing is not
    parsed: pypdf's parser refuses small slips viewers forgive, and takes long)."""
    for drawing in drawings:
        data = drawing.get_data() if drawing is not None else b""
        for found in _INLINE.finditer(data):
            sizes = {key[:1]: int(value) for key, value in _ENTRY.findall(found.group(1))}  # W or Width
            _refuse_pixels(sizes.get(b"W", 0), sizes.get(b"H", 0), name)


# An inline image's dictionary (BI ... ID), and its /W (/Width) and /H (/Height) entries.
_INLINE = re.compile(rb"(?<![^\s\]\)>])BI\s(.{0,512}?)\sID[\s]", re.DOTALL)
_ENTRY = re.compile(rb"/(Width|Height|W|H)\s+([0-9]{1,12})\b")


def _refuse_pixels(width: object, height: object, name: str) -> None:
    if _whole(width) and _whole(height) and width * height > MAX_IMAGE_PIXELS:  # type: ignore[operator]
        raise PdfInputError(
            f"{name}: holds an image of {width} by {height} pixels; images over "
            f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels are refused (a page scanned at "
            "600 dpi has about 35 million)"
        )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _signed(reader: PdfReader) -> bool:
    """Whether any form field holds a digital signature (a /Sig field with a value)."""
    for field in (reader.get_fields() or {}).values():
        if field.get("/FT") == "/Sig" and field.get("/V") is not None:
            return True
    return False


def _certified(reader: PdfReader) -> bool:
    """A certifying signature: the catalog's /Perms /DocMDP, or a signature whose reference says DocMDP."""
    if "/DocMDP" in as_dict(reader.root_object.get("/Perms")):
        return True
    for field in (reader.get_fields() or {}).values():
        signature = as_dict(field.get("/V"))
        references = resolve(signature.get("/Reference"))
        for reference in references if isinstance(references, ArrayObject) else []:
            if as_dict(reference).get("/TransformMethod") == "/DocMDP":
                return True
    return False


def _dynamic_form(reader: PdfReader) -> bool:
    """A dynamic XFA form: the catalog asks the viewer to render it (/NeedsRendering true), or its
    XFA has no AcroForm fields beside it, so its pages are a placeholder."""
    catalog = reader.root_object
    needs = resolve(catalog.get("/NeedsRendering"))
    if isinstance(needs, BooleanObject) and needs == BooleanObject(True):
        return True
    form = as_dict(catalog.get("/AcroForm"))
    fields = resolve(form.get("/Fields"))
    return "/XFA" in form and not (isinstance(fields, ArrayObject) and len(fields) > 0)
