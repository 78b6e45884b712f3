"""Reading spec files: bytes to TOML to a validated Spec, every mistake turned into a Problem."""

from __future__ import annotations

import difflib
import re
import tomllib
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import rules
from .errors import Problem, SpecError
from .spec import BLOCK_KINDS, Block, NestedItem, Spec

MAX_SPEC_BYTES = 256 * 1024  # a one-page document is a few kilobytes; this stops runaway files


@dataclass(frozen=True)
class Checked:
    """The outcome of validating one file: the spec if it is usable, and everything found."""

    file: str
    spec: Spec | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_spec(path: str | Path, *, today: date | None = None, strict: bool = False) -> Spec:
    """Read and validate one spec file; raise SpecError listing every problem if it is not usable."""
    checked = validate_file(path, today=today, strict=strict)
    if checked.errors or checked.spec is None:
        raise SpecError(checked.problems)
    return checked.spec


def validate_file(path: str | Path, *, today: date | None = None, strict: bool = False) -> Checked:
    file = file_name(path)
    try:
        data = read_limited(Path(path), MAX_SPEC_BYTES)
    except SpecError as error:
        return Checked(file, None, error.problems)
    checked = validate_bytes(data, file, today=today, strict=strict)
    stem = Path(path).stem
    if checked.spec is not None and checked.spec.id != stem:
        note = Problem(file, "id", f"{checked.spec.id!r} differs from the file name {stem!r}", "warning")
        checked = Checked(file, checked.spec, [*checked.problems, *_strictly([note], strict)])
    return checked


def validate_bytes(
    data: bytes, file: str = "<spec>", *, today: date | None = None, strict: bool = False
) -> Checked:
    """Validate spec source given as bytes; `file` names it in messages."""
    try:
        table = parse_toml(data, file)
        spec = Spec.model_validate(table)
    except SpecError as error:
        return Checked(file, None, error.problems)
    except ValidationError as error:
        return Checked(file, None, describe_validation(error, table, file))
    except RecursionError:
        return Checked(file, None, [Problem(file, "", "is nested too deeply to be a spec")])
    found = rules.check(spec, file, today or date.today())
    return Checked(file, spec, _strictly(found, strict))


def file_name(path: str | Path) -> str:
    """A path as messages show it: as it is, unless it holds a line break or other control character."""
    name = str(path)
    return name if name.isprintable() else name.encode("unicode_escape", "backslashreplace").decode("ascii")


def read_limited(path: Path, limit: int) -> bytes:
    """A file's bytes, refusing folders, devices, pipes, unreadable files and anything over `limit`."""
    file = file_name(path)
    try:
        if path.is_dir():
            raise SpecError([Problem(file, "", "is a folder, not a file")])
        if path.exists() and not path.is_file():  # a pipe or device could block or never end
            raise SpecError([Problem(file, "", "is not a regular file")])
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = getattr(error, "strerror", None) or error
        raise SpecError([Problem(file, "", f"cannot be read: {reason}")]) from None
    if len(data) > limit:
        raise SpecError([Problem(file, "", f"is larger than {limit // 1024} KiB; is it the right file?")])
    return data


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
        Problem(file, _where(loc, table), "is too large a number for TOML (integers are 64-bit)")
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


def _strictly(problems: Iterable[Problem], strict: bool) -> list[Problem]:
    if not strict:
        return list(problems)
    return [Problem(p.file, p.where, p.message, "error") for p in problems]


# --- pydantic errors, in words an author can act on ---------------------------------------------


def describe_validation(
    error: ValidationError, data: Any, file: str, root: type[BaseModel] = Spec
) -> list[Problem]:
    """One Problem per pydantic error; `root` is the model `data` was validated as."""
    problems: list[Problem] = []
    for detail in error.errors(include_url=False):
        loc = _visible_loc(detail["loc"])
        if detail["type"] == "extra_forbidden":
            # The last place is the unknown key as written, even when it looks like a union tag.
            *parent, key = detail["loc"]
            where = _where(_visible_loc(tuple(parent)), data)
            problems.append(Problem(file, where, _unknown_key(str(key), tuple(parent), root)))
        else:
            problems.append(Problem(file, _where(loc, data), _message(detail, loc)))
    return problems


# Union tags that pydantic puts into error locations; they name a branch, not a key in the file.
_UNION_TAGS = frozenset({*BLOCK_KINDS, "plain", "nested"})


def _visible_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    kept: list[int | str] = []
    for key in loc:
        if kept and isinstance(kept[-1], int) and key in _UNION_TAGS:
            continue
        kept.append(key)
    return tuple(kept)


def _where(loc: tuple[int | str, ...], data: Any) -> str:
    path = ""
    for key in loc:
        if not isinstance(key, int) and not _BARE_KEY.match(key):
            key = _shown(key)  # a quoted TOML key may hold anything, a newline included
        path += f"[{key + 1}]" if isinstance(key, int) else (f".{key}" if path else key)
    title = _section_title(loc, data)
    return f"{path} (section {_shown(title)})" if title and len(loc) > 2 else path


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def _shown(value: Any, limit: int = 60) -> str:
    """A value from the file as it may appear in a one-line message: quoted, escaped, shortened."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an integer too long to print, or nesting too deep
        return f"a {type(value).__name__} too long to show"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section_title(loc: tuple[int | str, ...], data: Any) -> str | None:
    if len(loc) < 2 or loc[0] != "sections" or not isinstance(loc[1], int):
        return None
    try:
        title = data["sections"][loc[1]]["title"]
    except (KeyError, IndexError, TypeError):
        return None
    return title if isinstance(title, str) and title.strip() else None


def _all_keys(root: type[BaseModel]) -> list[str]:
    """Every key of `root` and of the models inside it (not of other files' models)."""
    keys: set[str] = set()
    seen: set[type[BaseModel]] = set()
    pending: list[type[BaseModel]] = [root]
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        keys.update(model.model_fields)
        for info in model.model_fields.values():
            pending.extend(_models_in(info.annotation))
    return sorted(keys)


def _unknown_key(key: str, parent: tuple[int | str, ...] = (), root: type[BaseModel] = Spec) -> str:
    model = _model_at(parent, root)
    known = sorted(model.model_fields) if model else _all_keys(root)
    close = difflib.get_close_matches(key, [k for k in known if k != key], n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key {_shown(key)}{hint}"


def _model_at(loc: tuple[int | str, ...], root: type[BaseModel] = Spec) -> type[BaseModel] | None:
    """The model whose table is at `loc` in `root` (a location as pydantic gives it, union tags included)."""
    tags = _union_models()
    model: type[BaseModel] | None = root
    previous: int | str | None = None
    for key in loc:
        if isinstance(key, str) and isinstance(previous, int) and key in tags:
            model = tags[key]
        elif isinstance(key, str):
            field = model.model_fields.get(key) if model else None
            found = _models_in(field.annotation) if field else []
            model = found[0] if len(found) == 1 else None
        previous = key
    return model


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def _union_models() -> dict[str, type[BaseModel]]:
    tags: dict[str, type[BaseModel]] = {"nested": NestedItem}
    for model in _models_in(Block):
        (kind,) = typing.get_args(model.model_fields["kind"].annotation)
        tags[kind] = model
    return tags


_PATTERN_HINTS = {
    "id": "must be a slug: lowercase letters, digits and single hyphens, e.g. 'knee-pain'",
    "language": "must be a language tag such as 'en', 'es' or 'fr-CA'",
    "version": "must be a version such as '1.0' or '2026.1' (letters, digits, dots, hyphens)",
    "pmid": "must be a PubMed id: digits only",
    "url": "must be a web address starting with https:// (or http://), without spaces",
}

_TYPE_NAMES = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a table",
    date: "a date",
}


def _got(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return f" (got {name})"
    return ""


def _message(detail: ErrorDetails, loc: tuple[int | str, ...]) -> str:
    kind, ctx, value = detail["type"], detail.get("ctx", {}), detail.get("input")
    last = loc[-1] if loc else ""
    if kind == "missing":
        return "is required but missing"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long: {len(value)} characters, at most {ctx['max_length']}"
    if kind == "too_short":
        return f"needs at least {ctx['min_length']} item(s)"
    if kind == "too_long":
        return f"has {ctx.get('actual_length', 'too many')} items; at most {ctx['max_length']}"
    if kind == "string_pattern_mismatch":
        return _PATTERN_HINTS.get(str(last), f"does not have the expected form {ctx['pattern']}")
    if kind == "string_type":
        return "must be text in quotes" + _got(value)
    if kind == "int_type":
        return "must be a whole number" + _got(value)
    if kind in ("date_type", "date_from_datetime_inexact", "date_from_datetime_parsing"):
        return "must be a TOML date without quotes, e.g. 2026-03-01" + _got(value)
    if kind in ("list_type",):
        return "must be a list in square brackets" + _got(value)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a table of key = value pairs" + _got(value)
    if kind == "literal_error":
        return f"must be one of {ctx['expected']} (got {_shown(value)})"
    if kind == "union_tag_invalid":
        close = difflib.get_close_matches(str(ctx.get("tag", "")), BLOCK_KINDS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown kind {_shown(ctx.get('tag'))}{hint} (kinds: {', '.join(BLOCK_KINDS)})"
    if kind == "union_tag_not_found":
        return f"needs a 'kind': one of {', '.join(BLOCK_KINDS)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}"
    return str(detail["msg"]).removeprefix("Value error, ")
