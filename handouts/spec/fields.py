"""The kinds of value a spec (and a clinic profile) holds: text of three lengths, dates, addresses, the
strict base model, and `about`, which gives a field its description and example for the JSON Schema.

Text is content: printed exactly as written (inline markup aside), never stripped or coerced.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict

# Control characters other than tab and newline have no place in printed text, and some of them
# (NUL, escape) would corrupt the PDF or the terminal that shows an error.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# In pydantic's (Rust) patterns `$` is the very end; in Python's re it also matches before a final
# newline, so SLUG (used with re) ends in \Z instead.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN.removesuffix("$") + r"\Z")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")  # one "@", a dot after it, no spaces: checked, and linked
# Bidirectional embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI): they
# make text read in another order than it prints ("Trojan Source").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# The invisible format characters (Unicode category Cf) that have a use in printed text: the soft
# hyphen (where a long word may break), the zero-width space (where a long address may break), and
# the zero-width non-joiner and joiner (they shape ligatures, scripts and emoji sequences). Every
# other one (the word joiner, direction marks, invisible operators, tags...) is refused: the reader
# cannot see it, and it can make text compare or read otherwise than it prints.
ALLOWED_FORMAT = frozenset("\u00ad\u200b\u200c\u200d")


def _printable(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty or only spaces")
    return _visible(text)


def _visible(text: str) -> str:
    wrong = unprintable(text)
    if wrong:
        raise ValueError(wrong)
    return text


def unprintable(text: str) -> str | None:
    """Why `text` cannot be printed as it reads, naming each character at fault (once); None if it can.
    Control characters; direction controls; invisible format characters."""
    faults: dict[str, list[str]] = {}
    for char in dict.fromkeys(text):
        if CONTROL.match(char):
            faults.setdefault("control", []).append(f"U+{ord(char):04X}")
        elif char in BIDI_CONTROLS:
            faults.setdefault("direction", []).append(_named(char))
        elif unicodedata.category(char) == "Cf" and char not in ALLOWED_FORMAT:
            faults.setdefault("format", []).append(_named(char))
    if not faults:
        return None
    parts = [_FAULTS[kind][len(chars) > 1].format(_listed(chars)) for kind, chars in faults.items()]
    alone = len(faults) == 1 and len(next(iter(faults.values()))) == 1
    return f"holds {'; '.join(parts)}; remove {'it' if alone else 'them'}"


_FAULTS = {  # what each kind of character is called, for one and for several
    "control": ("the control character {}", "the control characters {}"),
    "direction": (
        "the direction control {}, which makes text read in another order than it prints",
        "the direction controls {}, which make text read in another order than it prints",
    ),
    "format": ("the invisible formatting character {}", "the invisible formatting characters {}"),
}


def _listed(names: list[str], most: int = 4) -> str:
    shown = names[:most] + ([f"{len(names) - most} more"] if len(names) > most else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _blank_or_printable(text: str) -> str:
    return text if text == "" else _printable(text)


def _named(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"


Short = Annotated[str, Field(min_length=1, max_length=160), AfterValidator(_printable)]
Text = Annotated[str, Field(min_length=1, max_length=1500), AfterValidator(_printable)]
Long = Annotated[str, Field(min_length=1, max_length=3000), AfterValidator(_printable)]
StrictDate = Annotated[date, Strict()]
WebAddress = Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$"), AfterValidator(_visible)]
# A spec's own online address, printed as a QR code beside it: short enough to scan and to type.
SheetAddress = Annotated[str, Field(max_length=120, pattern=r"^https?://\S+$"), AfterValidator(_visible)]
# A table cell may be left empty (""): it prints a dash, read as "blank".
Cell = Annotated[str, Field(max_length=1500), AfterValidator(_blank_or_printable)]


class Model(BaseModel):
    """Strict base: unknown keys are errors, nothing is coerced or stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=False)


def about(description: str, example: Any, **field: Any) -> Any:
    """A field with its description and one example, for the JSON Schema an editor shows as you type
    (`field` holds the rest: a default, limits)."""
    return Field(description=description, examples=[example], **field)
