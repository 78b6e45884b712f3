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
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, StreamObject

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
        form = resolve(
            xobjects.get("/" + _ESCAPED.sub(lambda found: bytes([int(found[1], 16)]), raw).decode("latin-1"))
        )
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
            entries = _ESCAPED.sub(lambda escaped: bytes([int(escaped[1], 16)]), found.group(1))
            sizes = {key[:1]: float(value) for key, value in _ENTRY.findall(entries)}  # W or Width
            _refuse_pixels(sizes.get(b"W", 0), sizes.get(b"H", 0), name)


# An inline image's dictionary (BI ... ID), its /W (/Width) and /H (/Height) entries, and a name's
# escaped characters (/#57 is /W).
_INLINE = re.compile(rb"(?<![^\s\]\)>])BI(?=[\s/])(.{0,8192}?)\sID\s", re.DOTALL)
_ENTRY = re.compile(rb"/(Width|Height|W|H)\s*\+?([0-9]{1,12}(?:\.[0-9]*)?)(?![0-9A-Za-z])")
_ESCAPED = re.compile(rb"#([0-9A-Fa-f]{2})")


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


def _signed(reader: PdfReader) -> bool:
    """Whether any form field holds a digital signature (a /Sig field with a value)."""
    return bool(_signatures(reader))


def _certified(reader: PdfReader) -> bool:
    """A certifying signature: the catalog's /Perms /DocMDP, or a signature whose reference says DocMDP."""
    if "/DocMDP" in as_dict(reader.root_object.get("/Perms")):
        return True
    for signature in _signatures(reader):
        references = resolve(signature.get("/Reference"))
        for reference in references if isinstance(references, ArrayObject) else []:
            if resolve(as_dict(reference).get("/TransformMethod")) == "/DocMDP":
                return True
    return False


def _signatures(reader: PdfReader) -> list[DictionaryObject]:
    """The values of the signature fields, found as a viewer finds them: down the form's field tree,
    a field's kind given by it or its parents, and among every page's widgets (a field may be there
    alone). pypdf's own list leaves out fields without a name, or under a parent without one."""
    form = as_dict(reader.root_object.get("/AcroForm"))
    pending = list(_array(form.get("/Fields")))
    for page in reader.pages:
        pending += _array(page.get("/Annots"))
    found: list[DictionaryObject] = []
    seen: set[int] = set()
    while pending and len(seen) < 100_000:
        field = as_dict(pending.pop())
        if id(field) in seen:
            continue
        seen.add(id(field))
        value = resolve(field.get("/V"))
        if isinstance(value, DictionaryObject) and _inherited(field, "/FT") == "/Sig":
            found.append(value)
        pending += _array(field.get("/Kids"))
    return found


def _inherited(field: DictionaryObject, key: str) -> object:
    """An entry of a form field, or of the nearest parent that has it."""
    for _ in range(32):
        if key in field:
            return resolve(field.get(key))
        field = as_dict(field.get("/Parent"))
    return None


def _array(value: object) -> list[object]:
    value = resolve(value)
    return list(value) if isinstance(value, ArrayObject) else []


def _dynamic_form(reader: PdfReader) -> bool:
    """A dynamic XFA form: the catalog asks the viewer to render it (/NeedsRendering true), or its
    XFA has no AcroForm fields beside it, so its pages are a placeholder."""
    catalog = reader.root_object
    needs = resolve(catalog.get("/NeedsRendering"))
    if isinstance(needs, BooleanObject) and needs == BooleanObject(True):
        return True
    form = as_dict(catalog.get("/AcroForm"))
    fields = resolve(form.get("/Fields"))
    real = (
        [field for field in fields if isinstance(resolve(field), DictionaryObject)]
        if isinstance(fields, ArrayObject)
        else []
    )
    return "/XFA" in form and not real  # null entries are no fields
