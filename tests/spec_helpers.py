"""Shared helpers for the spec-validation tests: fixture paths, a tiny TOML writer, output checks."""

from __future__ import annotations

import copy
import math
import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from handouts import Checked, Problem

FIXTURES = Path(__file__).parent / "fixtures" / "spec"
VALID = FIXTURES / "valid"
PROBLEMS = FIXTURES / "problems"

# The fixtures' review dates (2025-01-15 to 2026-01-15) are current on this day.
TODAY = date(2025, 6, 1)


def minimal() -> dict[str, Any]:
    """A fresh copy of the smallest valid spec, as a dict."""
    return copy.deepcopy(_MINIMAL)


def full() -> dict[str, Any]:
    """A fresh copy of the valid spec that uses every block kind and every optional key."""
    return copy.deepcopy(_FULL)


# --- a TOML writer, enough for any value tomllib can return -----------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def dumps(table: dict[str, Any]) -> str:
    """TOML for a table, every value inline: one `key = value` line per top-level key."""
    return "".join(f"{_key(key)} = {_value(value)}\n" for key, value in table.items())


def _key(key: str) -> str:
    return key if _BARE.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML for {type(value).__name__}")


# --- what every report must look like ---------------------------------------------------------------

_LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def assert_well_reported(checked: Checked, file: str) -> list[str]:
    """Check the shape of a result for any input at all; return its problems as printed lines."""
    assert isinstance(checked, Checked)
    assert checked.file == file
    if checked.spec is None:
        assert checked.errors, "an unusable spec must come with at least one error"
    lines = []
    for problem in checked.problems:
        assert isinstance(problem, Problem)
        assert problem.severity in ("error", "warning")
        assert problem.message.strip()
        line = str(problem)
        assert not _LINE_BREAKS.search(line), f"not one line: {line!r}"
        assert line.isprintable(), f"unprintable characters: {line!r}"
        assert line.startswith(f"{file}: ")
        lines.append(line)
    return lines


def expectations(path: Path) -> list[str]:
    """The `# expect: ...` lines at the top of a fixture (read as bytes: the file need not be UTF-8)."""
    found = re.findall(rb"^# expect: (.*?)\r?$", path.read_bytes(), flags=re.MULTILINE)
    return [line.decode("utf-8") for line in found]


_MINIMAL = tomllib.loads((VALID / "minimal-patient.toml").read_text(encoding="utf-8"))
_FULL = tomllib.loads((VALID / "full-clinician.toml").read_text(encoding="utf-8"))
