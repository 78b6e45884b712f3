"""What a printed page is made of, read back from the PDF's own drawing instructions.

A spec says what a handout should say; only the PDF says how it came out: the size each piece of text
was set at, the ink it was printed in and what lies behind it. Judging legibility from the spec would
trust the layout code to have done what it meant to, so this module replays each page's content
stream with a small interpreter of the operators ReportLab writes (and the common rest of PDF's
graphics model) and reports every visible run of text and every other mark of ink.

Deliberate simplifications, each erring towards a plain answer rather than a clever wrong one: a
filled path covers its bounding box (a triangle counts as its box); clipping, blending and
transparency are ignored; only the device colour spaces (and calibrated or ICC spaces standing in for
them) are understood, and a colour set in any other space leaves the previous colour in force; a
Type0 font's strings are read as two-byte codes (Identity-H, what every embedding tool writes).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ContentStream,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)
from reportlab.pdfbase import pdfmetrics

from .checking import read_pdf
from .clinic import RGB
from .clinic import contrast_ratio_rgb as contrast_ratio
from .errors import PdfInputError

__all__ = [
    "RGB",
    "WHITE",
    "FontUse",
    "Mark",
    "PrintedPage",
    "TextRun",
    "contrast_ratio",
    "fonts_used",
    "read_pages",
]

WHITE: RGB = (1.0, 1.0, 1.0)
_BLACK: RGB = (0.0, 0.0, 0.0)

_Matrix = tuple[float, float, float, float, float, float]
_Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in page coordinates
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

# A page that needs more than this is hostile or broken, not a handout; stop rather than spin.
_MAX_OPERATIONS = 1_000_000
# Codes a font may map or size: two-byte codes stop at 0xFFFF, and a hostile CMap or /W array could
# otherwise ask for billions of entries.
_MAX_CODES = 0x20000
_NAME = "<pdf>"


@dataclass(frozen=True)
class TextRun:
    """One string shown in one font, size and colour: the unit legibility is judged in."""

    page: int  # 1-based
    text: str
    font: str  # base font name without the subset prefix
    size: float  # effective size in pt, after every scaling
    x0: float
    x1: float
    y: float  # baseline, pt from the page bottom
    colour: RGB
    background: RGB  # the last filled area under the run's middle, else the paper


@dataclass(frozen=True)
class Mark:
    """Ink that is not text, as the box it covers, so crowding and margins can be judged too."""

    page: int
    kind: str  # "path" or "image"
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PrintedPage:
    """A page as it comes off the printer; its size, because margins and crowding are judged against it."""

    number: int
    width: float
    height: float
    runs: list[TextRun]
    marks: list[Mark]


@dataclass(frozen=True)
class FontUse:
    """A font the file relies on; one that is not embedded prints in whatever the printer substitutes."""

    name: str
    embedded: bool


# --- public API ---------------------------------------------------------------------------------------


def read_pages(pdf: bytes) -> list[PrintedPage]:
    """Every page as printed, so legibility is judged from what a reader will actually hold."""

    def read(reader: PdfReader) -> list[PrintedPage]:
        return [_read_page(reader, page, number) for number, page in enumerate(reader.pages, 1)]

    return read_pdf(pdf, read, _NAME)


def fonts_used(pdf: bytes) -> list[FontUse]:
    """Every font the pages (and their forms) refer to; a font used both ways counts as not embedded."""

    def collect(reader: PdfReader) -> list[FontUse]:
        found: dict[str, bool] = {}
        visited: set[tuple[int, int]] = set()
        for page in reader.pages:
            for font in _resource_fonts(_resolve(page.get("/Resources")), visited):
                name = _base_name(font)
                found[name] = found.get(name, True) and _embedded(font)
        return [FontUse(name, embedded) for name, embedded in sorted(found.items())]

    return read_pdf(pdf, collect, _NAME)


# --- reading the file ---------------------------------------------------------------------------------


def _read_page(reader: PdfReader, page: PageObject, number: int) -> PrintedPage:
    painter = _Painter(reader, number)
    contents = page.get_contents()
    resources = _resolve(page.get("/Resources"))
    if contents is not None:
        painter.paint(_operations(contents, reader), _dict(resources))
    box = page.mediabox
    return PrintedPage(number, float(box.width), float(box.height), painter.runs, painter.marks)


def _operations(stream: StreamObject, reader: PdfReader) -> list[tuple[Any, bytes]]:
    """A content stream's operators; pypdf asserts on some malformed ones (an operand before BI, say)."""
    try:
        return ContentStream(stream, reader).operations
    except AssertionError:
        raise PdfInputError(f"{_NAME}: cannot be read as a PDF (a content stream cannot be parsed)") from None


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, PdfObject) else value


def _resource(resources: DictionaryObject, kind: str, name: Any) -> Any:
    """The (unresolved) resource an operand names; None for a name that is not there or not a name."""
    return _dict(resources.get(kind)).get(name) if isinstance(name, str) else None


def _dict(value: Any) -> DictionaryObject:
    value = _resolve(value)
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _key(value: Any) -> tuple[int, int] | None:
    """An object's identity in the file, for caches and for spotting forms that draw themselves."""
    reference = value if isinstance(value, IndirectObject) else getattr(value, "indirect_reference", None)
    return (reference.idnum, reference.generation) if isinstance(reference, IndirectObject) else None


def _number(value: Any, default: float = 0.0) -> float:
    value = _resolve(value)
    is_number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if is_number else default


def _numbers(operands: list[Any], count: int) -> list[float] | None:
    """The operands as numbers, or None when there are not exactly `count`: such an operator is skipped."""
    if len(operands) != count or not all(
        isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in operands
    ):
        return None
    return [float(x) for x in operands]


# --- geometry -------------------------------------------------------------------------------------------


def _multiply(m: _Matrix, n: _Matrix) -> _Matrix:
    """m then n, in PDF's row-vector convention (so `cm` is multiply(new, ctm))."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _matrix(values: list[float]) -> _Matrix:
    a, b, c, d, e, f = values
    return a, b, c, d, e, f


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _translate(x: float, y: float) -> _Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


def _bounds(points: list[tuple[float, float]]) -> _Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _contains(box: _Box, x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# --- colour ---------------------------------------------------------------------------------------------

# Components of the colour spaces understood; calibrated spaces are read as their device twins.
_SPACES = {
    "/DeviceGray": 1,
    "/DeviceRGB": 3,
    "/DeviceCMYK": 4,
    "/CalGray": 1,
    "/CalRGB": 3,
    "/G": 1,
    "/RGB": 3,
}


def _rgb(values: list[float]) -> RGB | None:
    """Device gray, RGB or CMYK as RGB; CMYK by the naive formula, which is what a viewer shows too."""
    v = [min(max(value, 0.0), 1.0) for value in values]
    if len(v) == 1:
        return v[0], v[0], v[0]
    if len(v) == 3:
        return v[0], v[1], v[2]
    if len(v) == 4:
        c, m, y, k = v
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


def _space_components(name: Any, resources: DictionaryObject) -> int:
    """How many numbers a colour in this space takes, or 0 for a space whose colours are not understood."""
    if not isinstance(name, str):
        return 0
    if name in _SPACES or name == "/CMYK":
        return 4 if name == "/CMYK" else _SPACES[name]
    space = _resolve(_resource(resources, "/ColorSpace", name))
    if isinstance(space, list) and space:
        family = _resolve(space[0])
        if family == "/ICCBased" and len(space) > 1:
            components = int(_number(_dict(space[1]).get("/N")))
            return components if components in (1, 3, 4) else 0
        return _SPACES.get(family, 0) if family in ("/CalGray", "/CalRGB") else 0
    return _SPACES.get(space, 0) if isinstance(space, str) else 0


# --- fonts ------------------------------------------------------------------------------------------------

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_ENCODINGS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
_CMAP_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])|(begin|end)(bfchar|bfrange)")


@dataclass(frozen=True)
class _Font:
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


def _base_name(font: DictionaryObject) -> str:
    base = _resolve(font.get("/BaseFont")) or _resolve(font.get("/Name")) or "/unnamed"
    return _SUBSET.sub("", str(base).removeprefix("/"))


def _descendant(font: DictionaryObject) -> DictionaryObject:
    descendants = _resolve(font.get("/DescendantFonts"))
    return _dict(descendants[0]) if isinstance(descendants, list) and descendants else DictionaryObject()


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are drawn by procedures in the file itself
    holder = _descendant(font) if font.get("/Subtype") == "/Type0" else font
    descriptor = _dict(holder.get("/FontDescriptor"))
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _load_font(font: DictionaryObject) -> _Font:
    name = _base_name(font)
    cmap = _resolve(font.get("/ToUnicode"))
    unicode = _to_unicode(cmap.get_data()) if isinstance(cmap, StreamObject) else {}
    if font.get("/Subtype") == "/Type0":
        descendant = _descendant(font)
        widths = _cid_widths(_resolve(descendant.get("/W")))
        return _Font(name, 2, unicode, widths, _number(descendant.get("/DW"), 1000) / 1000, "latin-1")
    encoding, differences = _encoding(_resolve(font.get("/Encoding")))
    missing = _number(_dict(font.get("/FontDescriptor")).get("/MissingWidth")) / 1000
    return _Font(name, 1, differences | unicode, _simple_widths(font, name), missing, encoding)


def _simple_widths(font: DictionaryObject, name: str) -> dict[int, float]:
    widths = _resolve(font.get("/Widths"))
    if isinstance(widths, list):
        matrix = _resolve(font.get("/FontMatrix"))  # Type3 glyph space is not always 1/1000
        scale = _number(matrix[0], 0.001) if isinstance(matrix, list) and matrix else 0.001
        first = int(_number(font.get("/FirstChar")))
        return {first + i: _number(width) * scale for i, width in enumerate(widths)}
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
    items = _resolve(encoding.get("/Differences"))
    for item in map(_resolve, items if isinstance(items, list) else []):
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
    items = [_resolve(item) for item in array] if isinstance(array, list) else []
    index = spent = 0
    while index + 1 < len(items) and spent < _MAX_CODES:
        first, following = int(_number(items[index])), items[index + 1]
        if isinstance(following, list):
            widths |= {first + i: _number(w) / 1000 for i, w in enumerate(following)}
            index, spent = index + 2, spent + len(following)
        elif index + 2 < len(items):
            codes = range(first, min(int(_number(following)), 0xFFFF) + 1)
            widths |= dict.fromkeys(codes, _number(items[index + 2]) / 1000)
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
            spent += _map_range(mapping, *pending) if spent < _MAX_CODES else 0
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


def _resource_fonts(resources: Any, visited: set[tuple[int, int]]) -> Iterator[DictionaryObject]:
    """The fonts of some resources and of the forms they hold, each form looked into once."""
    resources = _dict(resources)
    for font in _dict(resources.get("/Font")).values():
        if isinstance(_resolve(font), DictionaryObject):
            yield _resolve(font)
    for reference in _dict(resources.get("/XObject")).values():
        xobject, key = _resolve(reference), _key(reference)
        if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form" and key not in visited:
            if key is not None:
                visited.add(key)
            yield from _resource_fonts(xobject.get("/Resources"), visited)


# --- the interpreter --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    """The part of PDF's graphics state that q and Q save and restore, text state included."""

    ctm: _Matrix = _IDENTITY
    fill: RGB = _BLACK
    stroke: RGB = _BLACK
    fill_components: int = 1  # of the current fill colour space; 0 when it is not understood
    stroke_components: int = 1
    font: _Font | None = None
    font_size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scaling: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render: int = 0


_TEXT_STATE: dict[bytes, Callable[[_State, float], _State]] = {
    b"Tc": lambda s, value: replace(s, char_spacing=value),
    b"Tw": lambda s, value: replace(s, word_spacing=value),
    b"TL": lambda s, value: replace(s, leading=value),
    b"Ts": lambda s, value: replace(s, rise=value),
    b"Tz": lambda s, value: replace(s, scaling=value / 100),
    b"Tr": lambda s, value: replace(s, render=int(value)),
}


@dataclass
class _Painter:
    """One page replayed: the state a viewer keeps while drawing, and what has been put on paper so far."""

    reader: PdfReader
    page: int
    runs: list[TextRun] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    areas: list[tuple[_Box, RGB]] = field(default_factory=list)  # filled paths, in painting order
    state: _State = field(default_factory=_State)
    stack: list[_State] = field(default_factory=list)
    path: list[tuple[float, float]] = field(default_factory=list)
    text: _Matrix = _IDENTITY  # Tm
    line: _Matrix = _IDENTITY  # Tlm
    resources: DictionaryObject = field(default_factory=DictionaryObject)
    fonts: dict[tuple[int, int], _Font] = field(default_factory=dict)
    forms: dict[tuple[int, int], list[tuple[Any, bytes]]] = field(default_factory=dict)
    open_forms: set[tuple[int, int]] = field(default_factory=set)
    floor: int = 0  # a Q inside a form may not undo the q the form was drawn inside
    operations: int = 0
    handlers: dict[bytes, Callable[[list[Any]], None]] = field(init=False)

    def __post_init__(self) -> None:
        self.handlers = self._handlers()

    def paint(self, operations: list[tuple[Any, bytes]], resources: DictionaryObject) -> None:
        outer, self.resources = self.resources, resources
        for operands, operator in operations:
            self.operations += 1
            if self.operations > _MAX_OPERATIONS:
                raise PdfInputError(f"{_NAME}: page {self.page} has too many drawing operations to read")
            handler = self.handlers.get(operator)
            if handler is not None:
                handler(list(operands) if isinstance(operands, list) else [])
        self.resources = outer

    def _handlers(self) -> dict[bytes, Callable[[list[Any]], None]]:
        return {
            b"q": lambda _: self.stack.append(self.state),
            b"Q": lambda _: self._restore(len(self.stack) - 1),
            b"cm": self._concat,
            **{op: partial(self._set_colour, op.islower(), count) for op, count in _COLOUR_OPERATORS.items()},
            b"cs": partial(self._set_space, True),
            b"CS": partial(self._set_space, False),
            **{op: partial(self._set_components, op.islower()) for op in (b"sc", b"scn", b"SC", b"SCN")},
            b"m": partial(self._add_points, 2),
            b"l": partial(self._add_points, 2),
            b"c": partial(self._add_points, 6),
            b"v": partial(self._add_points, 4),
            b"y": partial(self._add_points, 4),
            b"re": self._rectangle,
            **{op: partial(self._paint_path, op not in (b"S", b"s", b"n"), op != b"n") for op in _PAINTERS},
            b"BT": lambda _: self._start_text(),
            b"Tf": self._set_font,
            **{op: partial(self._set_text_state, change) for op, change in _TEXT_STATE.items()},
            b"Td": self._move,
            b"TD": self._move_and_lead,
            b"Tm": self._set_text_matrix,
            b"T*": lambda _: self._move([0, -self.state.leading]),
            b"Tj": lambda operands: self._show([_string_bytes(operands[0])] if len(operands) == 1 else []),
            b"TJ": lambda operands: self._show(list(operands[0]) if _is_array(operands) else []),
            b"'": self._next_line_show,
            b'"': self._space_next_line_show,
            b"Do": self._draw_xobject,
            b"INLINE IMAGE": lambda _: self._mark_image(),
        }

    # graphics state and colour

    def _restore(self, depth: int) -> None:
        if self.floor <= depth < len(self.stack):
            self.state = self.stack[depth]
            del self.stack[depth:]

    def _concat(self, operands: list[Any]) -> None:
        m = _numbers(operands, 6)
        if m is not None:
            self.state = replace(self.state, ctm=_multiply(_matrix(m), self.state.ctm))

    def _set_colour(self, fill: bool, count: int, operands: list[Any]) -> None:
        values = _numbers(operands, count)
        colour = _rgb(values) if values is not None else None
        if colour is not None:
            self._colour(fill, colour, count)

    def _colour(self, fill: bool, colour: RGB, components: int) -> None:
        if fill:
            self.state = replace(self.state, fill=colour, fill_components=components)
        else:
            self.state = replace(self.state, stroke=colour, stroke_components=components)

    def _set_space(self, fill: bool, operands: list[Any]) -> None:
        if len(operands) == 1:
            components = _space_components(operands[0], self.resources)
            old = self.state.fill if fill else self.state.stroke
            self._colour(fill, _BLACK if components else old, components)  # a new space starts in black

    def _set_components(self, fill: bool, operands: list[Any]) -> None:
        components = self.state.fill_components if fill else self.state.stroke_components
        values = _numbers(operands, components) if components else None
        colour = _rgb(values) if values is not None else None
        if colour is not None:
            self._colour(fill, colour, components)

    # paths

    def _add_points(self, count: int, operands: list[Any]) -> None:
        values = _numbers(operands, count)
        if values is not None:
            self.path += [
                _apply(self.state.ctm, x, y) for x, y in zip(values[::2], values[1::2], strict=True)
            ]

    def _rectangle(self, operands: list[Any]) -> None:
        values = _numbers(operands, 4)
        if values is not None:
            x, y, width, height = values
            corners = [x, y, x + width, y, x, y + height, x + width, y + height]
            self._add_points(8, corners)

    def _paint_path(self, filled: bool, inked: bool, _: list[Any]) -> None:
        if self.path and inked:
            box = _bounds(self.path)
            self.marks.append(Mark(self.page, "path", *box))
            if filled:
                self.areas.append((box, self.state.fill))
        self.path = []

    # text

    def _start_text(self) -> None:
        self.text = self.line = _IDENTITY

    def _set_font(self, operands: list[Any]) -> None:
        if len(operands) == 2:
            size = _numbers(operands[1:], 1)
            self.state = replace(self.state, font=self._font(operands[0]), font_size=size[0] if size else 0.0)

    def _font(self, name: Any) -> _Font | None:
        """The font a resource name stands for, loaded once per file object; None when there is none."""
        reference = _resource(self.resources, "/Font", name)
        font, key = _resolve(reference), _key(reference)
        if not isinstance(font, DictionaryObject):
            return None
        if key is None:
            return _load_font(font)
        if key not in self.fonts:
            self.fonts[key] = _load_font(font)
        return self.fonts[key]

    def _set_text_state(self, change: Callable[[_State, float], _State], operands: list[Any]) -> None:
        value = _numbers(operands, 1)
        if value is not None:
            self.state = change(self.state, value[0])

    def _move(self, operands: list[Any]) -> None:
        values = _numbers(operands, 2)
        if values is not None:
            self.text = self.line = _multiply(_translate(values[0], values[1]), self.line)

    def _move_and_lead(self, operands: list[Any]) -> None:
        values = _numbers(operands, 2)
        if values is not None:
            self.state = replace(self.state, leading=-values[1])
            self._move(operands)

    def _set_text_matrix(self, operands: list[Any]) -> None:
        m = _numbers(operands, 6)
        if m is not None:
            self.text = self.line = _matrix(m)

    def _next_line_show(self, operands: list[Any]) -> None:
        if len(operands) == 1:
            self._move([0, -self.state.leading])
            self._show([_string_bytes(operands[0])])

    def _space_next_line_show(self, operands: list[Any]) -> None:
        spacing = _numbers(operands[:2], 2)
        if spacing is not None and len(operands) == 3:
            self.state = replace(self.state, word_spacing=spacing[0], char_spacing=spacing[1])
            self._next_line_show(operands[2:])

    def _show(self, items: list[Any]) -> None:
        """Show strings (and TJ's kerning numbers) as one run, moving the text position past each glyph."""
        s, start = self.state, self.text
        if s.font is None:
            return
        chars: list[str] = []
        for item in items:
            if isinstance(item, int | float) and not isinstance(item, bool):
                self._advance(-float(item) / 1000 * s.font_size * s.scaling)
                continue
            for char, width, space in s.font.glyphs(_string_bytes(item)):
                chars.append(char)
                spacing = s.char_spacing + (s.word_spacing if space else 0.0)
                self._advance((width * s.font_size + spacing) * s.scaling)
        self._record("".join(chars), start)

    def _advance(self, distance: float) -> None:
        if math.isfinite(distance):
            self.text = _multiply(_translate(distance, 0.0), self.text)

    def _record(self, text: str, start: _Matrix) -> None:
        s = self.state
        if not text.strip() or s.render in (3, 7) or s.font is None:  # 3 and 7 put no ink on paper
            return
        begin, end = _multiply(start, s.ctm), _multiply(self.text, s.ctm)
        x0, y = _apply(begin, 0.0, s.rise)
        x1, _ = _apply(end, 0.0, s.rise)
        size = abs(s.font_size) * math.hypot(begin[2], begin[3])
        x0, x1 = min(x0, x1), max(x0, x1)
        middle = ((x0 + x1) / 2, y + size * 0.35)
        background = next((colour for box, colour in reversed(self.areas) if _contains(box, *middle)), WHITE)
        colour = s.stroke if s.render in (1, 5) else s.fill  # outlined text is inked by the stroke
        self.runs.append(TextRun(self.page, text, s.font.name, size, x0, x1, y, colour, background))

    # external objects

    def _draw_xobject(self, operands: list[Any]) -> None:
        if len(operands) != 1:
            return
        reference = _resource(self.resources, "/XObject", operands[0])
        xobject, key = _resolve(reference), _key(reference)
        if not isinstance(xobject, StreamObject):
            return
        if xobject.get("/Subtype") == "/Image":
            self._mark_image()
        elif xobject.get("/Subtype") == "/Form" and key is not None and key not in self.open_forms:
            self._draw_form(xobject, key)

    def _mark_image(self) -> None:
        corners = [_apply(self.state.ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        self.marks.append(Mark(self.page, "image", *_bounds(corners)))

    def _draw_form(self, form: StreamObject, key: tuple[int, int]) -> None:
        """A form draws as if inlined between q and Q, under its own matrix and resources."""
        if key not in self.forms:
            self.forms[key] = _operations(form, self.reader)
        found = _resolve(form.get("/Matrix"))
        matrix = _numbers([_resolve(x) for x in found] if isinstance(found, list) else [], 6)
        resources = _resolve(form.get("/Resources"))
        depth = len(self.stack)
        outer_floor, self.floor = self.floor, depth + 1
        self.stack.append(self.state)
        self.state = replace(self.state, ctm=_multiply(_matrix(matrix or list(_IDENTITY)), self.state.ctm))
        self.open_forms.add(key)
        self.paint(self.forms[key], resources if isinstance(resources, DictionaryObject) else self.resources)
        self.open_forms.discard(key)
        self.floor = outer_floor
        self._restore(depth)


_COLOUR_OPERATORS = {b"g": 1, b"G": 1, b"rg": 3, b"RG": 3, b"k": 4, b"K": 4}
_PAINTERS = (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n")


def _is_array(operands: list[Any]) -> bool:
    return len(operands) == 1 and isinstance(operands[0], list)


def _string_bytes(item: Any) -> bytes:
    """The raw codes of a string operand: pypdf may have decoded them as text, which they are not."""
    if isinstance(item, bytes):
        return bytes(item)
    if isinstance(item, TextStringObject):
        return item.original_bytes
    return b""
