"""TOML source to a table: UTF-8 checked, syntax errors and out-of-range numbers as Problems."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from typing import Any

from ..errors import Problem, SpecError
from .wording import location

# TOML integers are 64-bit; tomllib reads longer ones, which Python may then refuse to print.
_TOML_INT_RANGE = range(-(2**63), 2**63)
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def parse_toml(data: bytes, file: str, what: str = "a spec") -> dict[str, Any]:
    """The TOML table in `data`; `what` the file should be (for messages), e.g. "a clinic profile"."""
    text = decode_utf8(data, file)
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        where = "end of file"
        if match and match.group(1):
            where = f"line {match.group(1)}, column {match.group(2)}"
        reason = _TOML_POSITION.sub("", message) if match else message
        raise SpecError([Problem(file, where, f"TOML syntax error: {reason}")]) from None
    except ValueError:  # an integer of thousands of digits, beyond int(str)'s limit
        raise SpecError([Problem(file, "", "TOML syntax error: a number has too many digits")]) from None
    except RecursionError:
        raise SpecError([Problem(file, "", f"is nested too deeply to be {what}")]) from None
    big = [
        Problem(file, location(loc, table), "is too large a number for TOML (integers are 64-bit)")
        for loc, value in _scalars(table)
        if isinstance(value, int) and value not in _TOML_INT_RANGE
    ]
    if big:
        raise SpecError(big)
    return table


def _scalars(value: Any) -> Iterable[tuple[tuple[int | str, ...], Any]]:
    """(location, value) for every non-container value in parsed TOML, without recursion."""
    pending: list[tuple[tuple[int | str, ...], Any]] = [((), value)]
    while pending:
        loc, item = pending.pop()
        if isinstance(item, dict):
            pending.extend(((*loc, key), sub) for key, sub in reversed(item.items()))
        elif isinstance(item, list):
            pending.extend(((*loc, number), sub) for number, sub in reversed(list(enumerate(item))))
        else:
            yield loc, item


def decode_utf8(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpecError([Problem(file, "", "is UTF-16 text; save it as UTF-8")])
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.start + 1].hex()
        raise SpecError(
            [Problem(file, f"line {line}", f"is not UTF-8 text (byte 0x{bad}); save it as UTF-8")]
        ) from None
