"""The fonts of a PDF as the page interpreter needs them: how to cut a string into character codes, and
each code's text and width; and whether a font is embedded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf.generic import DictionaryObject, StreamObject
from reportlab.pdfbase import pdfmetrics

from .objects import as_dict, number, object_key, resolve

# Codes a font may map or size: two-byte codes stop at 0xFFFF, and a hostile CMap or /W array could
# otherwise ask for billions of entries.
MAX_CODES = 0x20000

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_ENCODINGS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
_CMAP_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])|(begin|end)(bfchar|bfrange)")


@dataclass(frozen=True)
class PdfFont:
    """What the interpreter needs of a font: how to cut a string into codes, and each code's text and size."""

    name: str
    code_bytes: int  # 1 for simple fonts; 2 for Type0 fonts, read as Identity-H
    unicode: dict[int, str]
    widths: dict[int, float]  # in text space units per 1 pt of size
    default_width: float
    encoding: str  # codec for a simple font's codes that its ToUnicode map does not cover

    def glyphs(self, data: bytes) -> Iterator[tuple[str, float, bool]]:
        """(text, width, is the single-byte space that word spacing applies to) for each code."""
        step = self.code_bytes
        for start in range(0, len(data) - step + 1, step):
            code = int.from_bytes(data[start : start + step], "big")
            yield self._text(code), self.widths.get(code, self.default_width), step == 1 and code == 32

    def _text(self, code: int) -> str:
        if code in self.unicode:
            text = self.unicode[code]
        elif self.code_bytes == 1:
            text = bytes([code]).decode(self.encoding, errors="replace")
        else:
            text = "\ufffd"
        return text.replace("\x00", "")


def base_name(font: DictionaryObject) -> str:
    base = resolve(font.get("/BaseFont")) or resolve(font.get("/Name")) or "/unnamed"
    return _SUBSET.sub("", str(base).removeprefix("/"))


def _descendant(font: DictionaryObject) -> DictionaryObject:
    descendants = resolve(font.get("/DescendantFonts"))
    return as_dict(descendants[0]) if isinstance(descendants, list) and descendants else DictionaryObject()


def embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are drawn by procedures in the file itself
    holder = _descendant(font) if font.get("/Subtype") == "/Type0" else font
    descriptor = as_dict(holder.get("/FontDescriptor"))
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def load_font(font: DictionaryObject) -> PdfFont:
    name = base_name(font)
    cmap = resolve(font.get("/ToUnicode"))
    unicode = _to_unicode(cmap.get_data()) if isinstance(cmap, StreamObject) else {}
    if font.get("/Subtype") == "/Type0":
        descendant = _descendant(font)
        widths = _cid_widths(resolve(descendant.get("/W")))
        return PdfFont(name, 2, unicode, widths, number(descendant.get("/DW"), 1000) / 1000, "latin-1")
    encoding, differences = _encoding(resolve(font.get("/Encoding")))
    missing = number(as_dict(font.get("/FontDescriptor")).get("/MissingWidth")) / 1000
    return PdfFont(name, 1, differences | unicode, _simple_widths(font, name), missing, encoding)


def _simple_widths(font: DictionaryObject, name: str) -> dict[int, float]:
    widths = resolve(font.get("/Widths"))
    if isinstance(widths, list):
        matrix = resolve(font.get("/FontMatrix"))  # Type3 glyph space is not always 1/1000
        scale = number(matrix[0], 0.001) if isinstance(matrix, list) and matrix else 0.001
        first = int(number(font.get("/FirstChar")))
        return {first + i: number(width) * scale for i, width in enumerate(widths)}
    if name in pdfmetrics.standardFonts:  # the base 14 may leave their widths to the reader
        chars = {code: bytes([code]).decode("cp1252", errors="replace") for code in range(32, 256)}
        return {code: pdfmetrics.stringWidth(char, name, 1) for code, char in chars.items()}
    return {}


def _encoding(encoding: Any) -> tuple[str, dict[int, str]]:
    """The codec for a simple font's base encoding, and the characters its /Differences name plainly."""
    if not isinstance(encoding, DictionaryObject):
        return _ENCODINGS.get(str(encoding), "latin-1"), {}
    differences: dict[int, str] = {}
    code = 0
    items = resolve(encoding.get("/Differences"))
    for item in map(resolve, items if isinstance(items, list) else []):
        if isinstance(item, int | float):
            code = int(item)
        elif isinstance(item, str):
            glyph = item.removeprefix("/")
            if len(glyph) == 1 or re.fullmatch(r"uni[0-9A-F]{4}", glyph):
                differences[code] = glyph if len(glyph) == 1 else chr(int(glyph[3:], 16))
            code += 1
    return _ENCODINGS.get(str(encoding.get("/BaseEncoding")), "latin-1"), differences


def _cid_widths(array: Any) -> dict[int, float]:
    """A Type0 font's /W array: `first [w w ...]` and `first last w` entries."""
    widths: dict[int, float] = {}
    items = [resolve(item) for item in array] if isinstance(array, list) else []
    index = spent = 0
    while index + 1 < len(items) and spent < MAX_CODES:
        first, following = int(number(items[index])), items[index + 1]
        if isinstance(following, list):
            widths |= {first + i: number(w) / 1000 for i, w in enumerate(following)}
            index, spent = index + 2, spent + len(following)
        elif index + 2 < len(items):
            codes = range(first, min(int(number(following)), 0xFFFF) + 1)
            widths |= dict.fromkeys(codes, number(items[index + 2]) / 1000)
            index, spent = index + 3, spent + len(codes) + 1
        else:
            break
    return widths


def _to_unicode(data: bytes) -> dict[int, str]:
    """The code-to-text map of a ToUnicode CMap: its bfchar and bfrange sections, and nothing else."""
    mapping: dict[int, str] = {}
    section: bytes | None = None
    pending: list[bytes | list[bytes]] = []
    array: list[bytes] | None = None
    spent = 0
    for match in _CMAP_TOKEN.finditer(data):
        digits, opening, closing, edge, kind = match.groups()
        if edge is not None:
            section, pending = (kind if edge == b"begin" else None), []
        elif section is None:
            continue
        elif opening is not None:
            array = []
        elif closing is not None:
            pending.append(array or [])
            array = None
        elif array is not None:
            array.append(_hex(digits))
        else:
            pending.append(_hex(digits))
        if section == b"bfchar" and len(pending) == 2:
            source, target = pending
            if isinstance(source, bytes) and isinstance(target, bytes):
                mapping[int.from_bytes(source, "big")] = _utf16(target)
            pending = []
        elif section == b"bfrange" and len(pending) == 3:
            spent += _map_range(mapping, *pending) if spent < MAX_CODES else 0
            pending = []
    return mapping


def _map_range(mapping: dict[int, str], low: Any, high: Any, target: Any) -> int:
    """Map one bfrange entry; return how many codes that took, so a hostile CMap can be cut short."""
    if not isinstance(low, bytes) or not isinstance(high, bytes):
        return 1
    codes = range(int.from_bytes(low, "big"), min(int.from_bytes(high, "big"), 0xFFFF) + 1)
    for offset, code in enumerate(codes):
        if isinstance(target, list):
            if offset < len(target):
                mapping[code] = _utf16(target[offset])
        elif target:
            stem, tail = target[:-2], int.from_bytes(target[-2:], "big") + offset
            mapping[code] = _utf16(stem + (tail & 0xFFFF).to_bytes(2, "big"))
    return len(codes) + 1


def _hex(digits: bytes) -> bytes:
    digits = re.sub(rb"\s", b"", digits)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())


def _utf16(data: bytes) -> str:
    return data.decode("utf-16-be", errors="replace")


def resource_fonts(resources: Any, visited: set[tuple[int, int]]) -> Iterator[DictionaryObject]:
    """The fonts of some resources and of the forms they hold, each form looked into once."""
    resources = as_dict(resources)
    for font in as_dict(resources.get("/Font")).values():
        if isinstance(resolve(font), DictionaryObject):
            yield resolve(font)
    for reference in as_dict(resources.get("/XObject")).values():
        xobject, key = resolve(reference), object_key(reference)
        if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form" and key not in visited:
            if key is not None:
                visited.add(key)
            yield from resource_fonts(xobject.get("/Resources"), visited)
