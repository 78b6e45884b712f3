"""The kinds of value a spec (and a clinic profile) holds: text of three lengths, dates, addresses, the
strict base model, and `about`, which gives a field its description and example for the JSON Schema.

Text is content: printed exactly as written (inline markup aside), never stripped or coerced.
"""

from __future__ import annotations

import re
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


def _printable(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty or only spaces")
    bad = CONTROL.search(text)
    if bad:
        raise ValueError(f"holds the control character U+{ord(bad.group()):04X}; remove it")
    return text


Short = Annotated[str, Field(min_length=1, max_length=160), AfterValidator(_printable)]
Text = Annotated[str, Field(min_length=1, max_length=1500), AfterValidator(_printable)]
Long = Annotated[str, Field(min_length=1, max_length=3000), AfterValidator(_printable)]
StrictDate = Annotated[date, Strict()]
WebAddress = Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")]


class Model(BaseModel):
    """Strict base: unknown keys are errors, nothing is coerced or stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=False)


def about(description: str, example: Any, **field: Any) -> Any:
    """A field with its description and one example, for the JSON Schema an editor shows as you type
    (`field` holds the rest: a default, limits)."""
    return Field(description=description, examples=[example], **field)
