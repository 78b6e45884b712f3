"""Letters that are refused whole, before anything is copied: what attaching would break (a signature,
a certification), what would not show (a dynamic XFA form), and what a viewer of the merged file
could not draw in reason (drawings.py). Each check reads only what it must: the form's fields, the
catalog, and the drawings.
"""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

from ..errors import PdfInputError
from .drawings import check_drawings
from .objects import as_dict, resolve


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
    check_drawings(reader, name)


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
    fields = form.get("/Fields")
    real = [field for field in _array(fields) if isinstance(resolve(field), DictionaryObject)]  # not null
    return "/XFA" in form and not real
