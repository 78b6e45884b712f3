"""A PDF's structure, for comparing a build with a reference PDF (as fpdf2 does) without comparing bytes.

What is compared is what prints and what the file says about itself: the pages and their sizes, each
page's text, the fonts (embedded or not), the document info and catalog, the images, and every page's
drawing operators with their numbers rounded to 0.1 pt. Compression, object numbers and the order of
objects in the file may change without a difference being found; a word, a rule or a size may not.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject, StreamObject

from handouts import __version__

Structure = dict[str, Any]

_SUBSET = re.compile(r"^/?[A-Z]{6}\+")
_CONTEXT = 12  # lines of a diff shown for each part that differs


def structure(pdf: bytes) -> Structure:
    """What a PDF prints and says about itself, as plain values (see the module's docstring)."""
    reader = PdfReader(io.BytesIO(pdf))
    found: Structure = {
        "pages": len(reader.pages),
        "page sizes": [
            (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
            for page in reader.pages
        ],
        "document info": _info(reader),
        "catalog": _catalog(reader),
    }
    for number, page in enumerate(reader.pages, 1):
        resources = _resolve(page.get("/Resources")) or DictionaryObject()
        found[f"text of page {number}"] = _text(page.extract_text())
        found[f"fonts of page {number}"] = _fonts(resources)
        found[f"images and forms of page {number}"] = _xobjects(resources, reader)
        contents = page.get_contents()
        found[f"operators of page {number}"] = _operators(contents, reader) if contents is not None else []
    return found


def differences(expected: Structure, found: Structure) -> dict[str, str]:
    """Each part of `found` that is not as `expected`, and how, in a few lines (a diff where it helps)."""
    said: dict[str, str] = {}
    for key in dict.fromkeys([*expected, *found]):
        if key not in expected or key not in found:
            said[key] = f"only in the {'new PDF' if key not in expected else 'reference'}"
            continue
        before, after = expected[key], found[key]
        if before == after:
            continue
        if isinstance(before, list) and isinstance(after, list) and (len(before) > 3 or len(after) > 3):
            said[key] = "differ:\n" + _diff([_line(v) for v in before], [_line(v) for v in after])
        else:
            said[key] = f"{before!r} in the reference, {after!r} now"
    return said


def _diff(before: list[str], after: list[str]) -> str:
    lines = list(difflib.unified_diff(before, after, "reference", "new", n=2, lineterm=""))
    shown = lines[: _CONTEXT * 2]
    if len(lines) > len(shown):
        shown.append(f"... and {len(lines) - len(shown)} more lines of difference")
    return "\n".join(f"    {line}" for line in shown)


def _line(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def _info(reader: PdfReader) -> list[tuple[str, str]]:
    info: dict[str, Any] = dict(reader.metadata or {})
    # The version of handouts that made it is in the creator line; a release alone is no difference.
    return sorted((str(key), str(value).replace(__version__, "<version>")) for key, value in info.items())


def _catalog(reader: PdfReader) -> list[tuple[str, str]]:
    root = reader.root_object
    kept = [(key, str(root[key])) for key in ("/Lang", "/PageMode", "/PageLayout") if key in root]
    kept.append(("XMP metadata", "yes" if "/Metadata" in root else "no"))
    kept += [("bookmark", str(getattr(item, "title", item))) for item in reader.outline]
    return kept


def _text(text: str) -> list[str]:
    """A page's text, a line at a time, with runs of white space as one space (extraction's spacing
    is the reader's business, not the page's)."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _fonts(resources: DictionaryObject) -> list[tuple[str, str, str, bool]]:
    fonts = _resolve(resources.get("/Font")) or DictionaryObject()
    found = []
    for name, reference in fonts.items():
        font = _resolve(reference)
        base = _SUBSET.sub("", str(font.get("/BaseFont", "")))
        found.append((str(name), base, str(font.get("/Subtype")), _embedded(font)))
    return sorted(found)


def _embedded(font: DictionaryObject) -> bool:
    for descendant in _resolve(font.get("/DescendantFonts")) or []:
        return _embedded(_resolve(descendant))
    descriptor = _resolve(font.get("/FontDescriptor")) or DictionaryObject()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _xobjects(resources: DictionaryObject, reader: PdfReader) -> list[str]:
    xobjects = _resolve(resources.get("/XObject")) or DictionaryObject()
    found = []
    for name, reference in sorted(xobjects.items()):
        xobject = _resolve(reference)
        if xobject.get("/Subtype") == "/Image":
            data = hashlib.sha256(xobject.get_data()).hexdigest()[:16]
            size = f"{xobject.get('/Width')} x {xobject.get('/Height')}"
            found.append(f"{name}: image {size}, {xobject.get('/BitsPerComponent')} bits, pixels {data}")
        else:
            found.append(f"{name}: form " + "; ".join(_operators(xobject, reader)))
    return found


def _operators(stream: Any, reader: PdfReader) -> list[str]:
    """Each drawing operator with its operands, numbers rounded to 0.1."""
    return [
        " ".join([*(_shown(operand) for operand in operands), operator.decode("latin-1")])
        for operands, operator in ContentStream(stream, reader).operations
    ]


def _shown(value: Any) -> str:
    value = _resolve(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        rounded = round(float(value), 1)
        return f"{rounded + 0.0:g}"  # + 0.0: never "-0"
    if isinstance(value, str | bytes) and hasattr(value, "original_bytes"):
        return "<" + bytes(value.original_bytes).hex() + ">"
    if isinstance(value, bytes):
        return "<" + value.hex() + ">"
    if isinstance(value, ArrayObject | list):
        return "[" + " ".join(_shown(item) for item in value) + "]"
    if isinstance(value, StreamObject):
        return "stream " + hashlib.sha256(value.get_data()).hexdigest()[:16]
    if isinstance(value, dict):
        return "<<" + " ".join(f"{key} {_shown(item)}" for key, item in sorted(value.items())) + ">>"
    return str(value)


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value
