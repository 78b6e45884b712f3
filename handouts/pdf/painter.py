"""The page interpreter: a content stream replayed with the operators ReportLab writes (and the common
rest of PDF's graphics model), recording every visible run of text and every other mark of ink.

Deliberate simplifications, each erring towards a plain answer rather than a clever wrong one: a
filled path covers its bounding box (a triangle counts as its box); clipping, blending and
transparency are ignored; only the device colour spaces (and calibrated or ICC spaces standing in for
them) are understood, and a colour set in any other space leaves the previous colour in force; a
Type0 font's strings are read as two-byte codes (Identity-H, what every embedding tool writes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, StreamObject, TextStringObject

from ..standards import RGB
from .colours import rgb, space_components
from .font_codes import PdfFont, load_font
from .ink import WHITE, Mark, TextRun
from .objects import (
    IDENTITY,
    Box,
    Matrix,
    apply,
    as_dict,
    bounds,
    contains,
    matrix,
    multiply,
    numbers,
    object_key,
    resolve,
    resource,
    translate,
)
from .reading import TooComplex

NAME = "<pdf>"
_BLACK: RGB = (0.0, 0.0, 0.0)
# A page that needs more than this is hostile or broken, not a handout; stop rather than spin.
_MAX_OPERATIONS = 1_000_000


def operations(stream: StreamObject, reader: PdfReader) -> list[tuple[Any, bytes]]:
    """A content stream's operators; pypdf asserts on some malformed ones (an operand before BI, say)."""
    return ContentStream(stream, reader).operations  # read inside `guarded`: a failure is "damaged"


@dataclass(frozen=True)
class _State:
    """The part of PDF's graphics state that q and Q save and restore, text state included."""

    ctm: Matrix = IDENTITY
    fill: RGB = _BLACK
    stroke: RGB = _BLACK
    fill_components: int = 1  # of the current fill colour space; 0 when it is not understood
    stroke_components: int = 1
    font: PdfFont | None = None
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
class Painter:
    """One page replayed: the state a viewer keeps while drawing, and what has been put on paper so far."""

    reader: PdfReader
    page: int
    runs: list[TextRun] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    areas: list[tuple[Box, RGB]] = field(default_factory=list)  # filled paths, in painting order
    state: _State = field(default_factory=_State)
    stack: list[_State] = field(default_factory=list)
    # Marked content open at this point: (tag, marked-content id or None), innermost last.
    marked: list[tuple[str, int | None]] = field(default_factory=list)
    unmarked: int = 0  # painting operators drawn outside any marked content
    spoken: list[tuple[int, str]] = field(default_factory=list)  # see ink.PrintedPage
    path: list[tuple[float, float]] = field(default_factory=list)
    text: Matrix = IDENTITY  # Tm
    line: Matrix = IDENTITY  # Tlm
    resources: DictionaryObject = field(default_factory=DictionaryObject)
    fonts: dict[tuple[int, int], PdfFont] = field(default_factory=dict)
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
                raise TooComplex
            if operator in _PAINTING and not self.marked:
                self.unmarked += 1
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
            b"Tj": lambda operands: self._show([string_bytes(operands[0])] if len(operands) == 1 else []),
            b"TJ": lambda operands: self._show(list(operands[0]) if _is_array(operands) else []),
            b"'": self._next_line_show,
            b'"': self._space_next_line_show,
            b"Do": self._draw_xobject,
            b"BMC": lambda operands: self._begin_marked(operands[:1]),
            b"BDC": self._begin_marked,
            b"EMC": self._end_marked,
            b"INLINE IMAGE": lambda _: self._mark_image(),
        }

    # graphics state and colour

    def _restore(self, depth: int) -> None:
        if self.floor <= depth < len(self.stack):
            self.state = self.stack[depth]
            del self.stack[depth:]

    def _concat(self, operands: list[Any]) -> None:
        m = numbers(operands, 6)
        if m is not None:
            self.state = replace(self.state, ctm=multiply(matrix(m), self.state.ctm))

    def _set_colour(self, fill: bool, count: int, operands: list[Any]) -> None:
        values = numbers(operands, count)
        colour = rgb(values) if values is not None else None
        if colour is not None:
            self._colour(fill, colour, count)

    def _colour(self, fill: bool, colour: RGB, components: int) -> None:
        if fill:
            self.state = replace(self.state, fill=colour, fill_components=components)
        else:
            self.state = replace(self.state, stroke=colour, stroke_components=components)

    def _set_space(self, fill: bool, operands: list[Any]) -> None:
        if len(operands) == 1:
            components = space_components(operands[0], self.resources)
            old = self.state.fill if fill else self.state.stroke
            self._colour(fill, _BLACK if components else old, components)  # a new space starts in black

    def _set_components(self, fill: bool, operands: list[Any]) -> None:
        components = self.state.fill_components if fill else self.state.stroke_components
        values = numbers(operands, components) if components else None
        colour = rgb(values) if values is not None else None
        if colour is not None:
            self._colour(fill, colour, components)

    # paths

    def _add_points(self, count: int, operands: list[Any]) -> None:
        values = numbers(operands, count)
        if values is not None:
            self.path += [apply(self.state.ctm, x, y) for x, y in zip(values[::2], values[1::2], strict=True)]

    def _rectangle(self, operands: list[Any]) -> None:
        values = numbers(operands, 4)
        if values is not None:
            x, y, width, height = values
            corners = [x, y, x + width, y, x, y + height, x + width, y + height]
            self._add_points(8, corners)

    def _paint_path(self, filled: bool, inked: bool, _: list[Any]) -> None:
        if self.path and inked:
            box = bounds(self.path)
            self.marks.append(Mark(self.page, "path", *box))
            if filled:
                self.areas.append((box, self.state.fill))
        self.path = []

    # text

    def _start_text(self) -> None:
        self.text = self.line = IDENTITY

    def _set_font(self, operands: list[Any]) -> None:
        if len(operands) == 2:
            size = numbers(operands[1:], 1)
            self.state = replace(self.state, font=self._font(operands[0]), font_size=size[0] if size else 0.0)

    def _font(self, name: Any) -> PdfFont | None:
        """The font a resource name stands for, loaded once per file object; None when there is none."""
        reference = resource(self.resources, "/Font", name)
        font, key = resolve(reference), object_key(reference)
        if not isinstance(font, DictionaryObject):
            return None
        if key is None:
            return load_font(font)
        if key not in self.fonts:
            self.fonts[key] = load_font(font)
        return self.fonts[key]

    def _set_text_state(self, change: Callable[[_State, float], _State], operands: list[Any]) -> None:
        value = numbers(operands, 1)
        if value is not None:
            self.state = change(self.state, value[0])

    def _move(self, operands: list[Any]) -> None:
        values = numbers(operands, 2)
        if values is not None:
            self.text = self.line = multiply(translate(values[0], values[1]), self.line)

    def _move_and_lead(self, operands: list[Any]) -> None:
        values = numbers(operands, 2)
        if values is not None:
            self.state = replace(self.state, leading=-values[1])
            self._move(operands)

    def _set_text_matrix(self, operands: list[Any]) -> None:
        m = numbers(operands, 6)
        if m is not None:
            self.text = self.line = matrix(m)

    def _next_line_show(self, operands: list[Any]) -> None:
        if len(operands) == 1:
            self._move([0, -self.state.leading])
            self._show([string_bytes(operands[0])])

    def _space_next_line_show(self, operands: list[Any]) -> None:
        spacing = numbers(operands[:2], 2)
        if spacing is not None and len(operands) == 3:
            self.state = replace(self.state, word_spacing=spacing[0], char_spacing=spacing[1])
            self._next_line_show(operands[2:])

    def _show(self, items: list[Any]) -> None:
        """Show strings (and TJ's kerning numbers) as one run, moving the text position past each glyph."""
        s, start = self.state, self.text
        if s.font is None:
            return
        chars: list[str] = []
        inked = start  # where the last glyph that is not a space ends: a trailing space puts no ink down
        for item in items:
            if isinstance(item, int | float) and not isinstance(item, bool):
                self._advance(-float(item) / 1000 * s.font_size * s.scaling)
                continue
            for char, width, space in s.font.glyphs(string_bytes(item)):
                chars.append(char)
                spacing = s.char_spacing + (s.word_spacing if space else 0.0)
                self._advance((width * s.font_size + spacing) * s.scaling)
                if not char.isspace():
                    inked = self.text
        self._record("".join(chars), start, inked)

    def _advance(self, distance: float) -> None:
        if math.isfinite(distance):
            self.text = multiply(translate(distance, 0.0), self.text)

    def _record(self, text: str, start: Matrix, inked: Matrix) -> None:
        s = self.state
        mcid = next((mcid for _, mcid in reversed(self.marked) if mcid is not None), None)
        if mcid is not None and not any(tag == "/Artifact" for tag, _ in self.marked):
            self.spoken.append((mcid, text))  # spaces too: a space shown on its own is read, not inked
        if not text.strip() or s.render in (3, 7) or s.font is None:  # 3 and 7 put no ink on paper
            return
        begin, end = multiply(start, s.ctm), multiply(inked, s.ctm)
        (left, y), (right, _) = apply(begin, 0.0, s.rise), apply(end, 0.0, s.rise)
        size = abs(s.font_size) * math.hypot(begin[2], begin[3])
        x0, x1 = min(left, right), max(left, right)
        middle = ((x0 + x1) / 2, y + size * 0.35)
        background = next((colour for box, colour in reversed(self.areas) if contains(box, *middle)), WHITE)
        colour = s.stroke if s.render in (1, 5) else s.fill  # outlined text is inked by the stroke
        self.runs.append(TextRun(self.page, text, s.font.name, size, x0, x1, y, colour, background))

    # marked content

    def _begin_marked(self, operands: list[Any]) -> None:
        tag = str(operands[0]) if operands else ""
        properties = resolve(operands[1]) if len(operands) > 1 else None
        if isinstance(properties, str):  # a name for an entry of the page's /Properties
            properties = resolve(resource(self.resources, "/Properties", properties))
        mcid = as_dict(properties).get("/MCID") if properties is not None else None
        self.marked.append((tag, int(mcid) if isinstance(mcid, int) and not isinstance(mcid, bool) else None))

    def _end_marked(self, _: list[Any]) -> None:
        if self.marked:
            self.marked.pop()

    # external objects

    def _draw_xobject(self, operands: list[Any]) -> None:
        if len(operands) != 1:
            return
        reference = resource(self.resources, "/XObject", operands[0])
        xobject, key = resolve(reference), object_key(reference)
        if not isinstance(xobject, StreamObject):
            return
        if xobject.get("/Subtype") == "/Image":
            self._mark_image()
        elif xobject.get("/Subtype") == "/Form" and key is not None and key not in self.open_forms:
            self._draw_form(xobject, key)

    def _mark_image(self) -> None:
        corners = [apply(self.state.ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        self.marks.append(Mark(self.page, "image", *bounds(corners)))

    def _draw_form(self, form: StreamObject, key: tuple[int, int]) -> None:
        """A form draws as if inlined between q and Q, under its own matrix and resources."""
        if key not in self.forms:
            self.forms[key] = operations(form, self.reader)
        found = resolve(form.get("/Matrix"))
        values = numbers([resolve(x) for x in found] if isinstance(found, list) else [], 6)
        resources = resolve(form.get("/Resources"))
        depth = len(self.stack)
        outer_floor, self.floor = self.floor, depth + 1
        self.stack.append(self.state)
        self.state = replace(self.state, ctm=multiply(matrix(values or list(IDENTITY)), self.state.ctm))
        self.open_forms.add(key)
        self.paint(self.forms[key], resources if isinstance(resources, DictionaryObject) else self.resources)
        self.open_forms.discard(key)
        self.floor = outer_floor
        self._restore(depth)


# Operators that put something on the page (PDF/UA 7.1: each inside tagged content or an artifact).
_PAINTING = frozenset(
    {
        b"Tj",
        b"TJ",
        b"'",
        b'"',
        b"Do",
        b"S",
        b"s",
        b"f",
        b"F",
        b"f*",
        b"B",
        b"B*",
        b"b",
        b"b*",
        b"sh",
        b"INLINE IMAGE",
    }
)
_COLOUR_OPERATORS = {b"g": 1, b"G": 1, b"rg": 3, b"RG": 3, b"k": 4, b"K": 4}
_PAINTERS = (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n")


def _is_array(operands: list[Any]) -> bool:
    return len(operands) == 1 and isinstance(operands[0], list)


def string_bytes(item: Any) -> bytes:
    """The raw codes of a string operand: pypdf may have decoded them as text, which they are not."""
    if isinstance(item, bytes):
        return bytes(item)
    if isinstance(item, TextStringObject):
        return item.original_bytes
    return b""
