"""TOML source to a table: UTF-8 checked, syntax errors and out-of-range numbers as Problems."""

from __future__ import annotations

import json
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
    """The TOML table in `data`; `what` the file should be (for messages), e.g. "a clinic profile".

    A date written in another form (`30/11/2026`) is not TOML; its line is read again with the date
    in quotes, so that the model names the field and says how to write a date, and every other
    mistake of the file is still found.
    """
    text = decode_utf8(data, file)
    for _ in range(MAX_REPAIRS + 1):
        try:
            table = tomllib.loads(text)
            break
        except tomllib.TOMLDecodeError as error:
            repaired = _quote_date(text, str(error))
            if repaired is None:
                raise SpecError([_syntax_problem(str(error), file)]) from None
            text = repaired
        except ValueError:  # an integer of thousands of digits, beyond int(str)'s limit
            raise SpecError([Problem(file, "", "TOML syntax error: a number has too many digits")]) from None
        except RecursionError:
            raise SpecError([Problem(file, "", f"is nested too deeply to be {what}")]) from None
    else:
        raise SpecError(
            [Problem(file, "", f"TOML syntax error: more than {MAX_REPAIRS} dates are not TOML dates")]
        )
    big = [
        Problem(file, location(loc, table), "is too large a number for TOML (integers are 64-bit)")
        for loc, value in _scalars(table)
        if isinstance(value, int) and value not in _TOML_INT_RANGE
    ]
    if big:
        raise SpecError(big)
    return table


def _syntax_problem(message: str, file: str) -> Problem:
    match = _TOML_POSITION.search(message)
    where = "end of file"
    if match and match.group(1):
        where = f"line {match.group(1)}, column {match.group(2)}"
    reason = _TOML_POSITION.sub("", message) if match else message
    return Problem(file, where, f"TOML syntax error: {reason}")


MAX_REPAIRS = 20  # dates read again in quotes; a file with more is not a spec with a few slips
DATE_KEYS = frozenset({"last_reviewed", "next_review"})
_ASSIGNMENT = re.compile(
    r"^(?P<head>\s*(?P<key>[A-Za-z0-9_-]+)\s*=\s*)(?P<value>[^\s\"'\[{#][^#]*?)(?P<tail>\s*(?:#.*)?)$"
)


def _quote_date(text: str, message: str) -> str | None:
    """`text` with the value of the date key on the line the error names put in quotes, so that the model
    says how to write it; None if that line is not a date key's (`key = value` on a line of its own)."""
    match = _TOML_POSITION.search(message)
    if not match or not match.group(1):
        return None
    lines = text.split("\n")
    number = int(match.group(1)) - 1
    if not 0 <= number < len(lines):
        return None
    line = lines[number].removesuffix("\r")
    found = _ASSIGNMENT.match(line)
    if not found:
        return None
    value = found["value"]
    if found["key"] not in DATE_KEYS:  # elsewhere the value is not read as anything but TOML
        return None
    ending = "\r" if lines[number].endswith("\r") else ""
    lines[number] = f"{found['head']}{json.dumps(value, ensure_ascii=False)}{found['tail']}{ending}"
    return "\n".join(lines)


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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_mark(data):
        raise SpecError([Problem(file, "", "is UTF-16 text; save it as UTF-8")])
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.start + 1].hex()
        raise SpecError(
            [Problem(file, f"line {line}", f"is not UTF-8 text (byte 0x{bad}); save it as UTF-8")]
        ) from None


def _utf16_without_mark(data: bytes) -> bool:
    """UTF-16 saved without its byte order mark: in mostly Latin text, most bytes on one side of each
    pair are zeros and few on the other (a file of zeros alone is not text). Text mostly in another
    script has few zeros, and is then said not to be UTF-8, which is true too."""
    halves = (data[:200:2], data[1:200:2])
    zeros = sorted(half.count(0) / len(half) for half in halves if half)
    return len(zeros) == 2 and zeros[1] > 0.5 and zeros[0] < 0.1
