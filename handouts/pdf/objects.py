"""The plain machinery of reading PDF objects and of PDF's geometry, shared by the page interpreter
and the font reader: every value from the file may be missing, of the wrong type, or not finite."""

from __future__ import annotations

import math
from typing import Any

from pypdf.generic import DictionaryObject, IndirectObject, PdfObject

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in page coordinates
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, PdfObject) else value


def resource(resources: DictionaryObject, kind: str, name: Any) -> Any:
    """The (unresolved) resource an operand names; None for a name that is not there or not a name."""
    return as_dict(resources.get(kind)).get(name) if isinstance(name, str) else None


def as_dict(value: Any) -> DictionaryObject:
    value = resolve(value)
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def object_key(value: Any) -> tuple[int, int] | None:
    """An object's identity in the file, for caches and for spotting forms that draw themselves."""
    reference = value if isinstance(value, IndirectObject) else getattr(value, "indirect_reference", None)
    return (reference.idnum, reference.generation) if isinstance(reference, IndirectObject) else None


def number(value: Any, default: float = 0.0) -> float:
    value = resolve(value)
    is_number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if is_number else default


def numbers(operands: list[Any], count: int) -> list[float] | None:
    """The operands as numbers, or None when there are not exactly `count`: such an operator is skipped."""
    if len(operands) != count or not all(
        isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in operands
    ):
        return None
    return [float(x) for x in operands]


# --- geometry -------------------------------------------------------------------------------------------


def multiply(m: Matrix, n: Matrix) -> Matrix:
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


def matrix(values: list[float]) -> Matrix:
    a, b, c, d, e, f = values
    return a, b, c, d, e, f


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def translate(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


def bounds(points: list[tuple[float, float]]) -> Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def contains(box: Box, x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
