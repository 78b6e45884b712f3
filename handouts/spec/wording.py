"""Pydantic's validation errors in words an author can act on: where (with the section's title), and
what to do."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem, shown
from .model import BLOCK_KINDS, Block, NestedItem, Spec


def describe_validation(
    error: ValidationError, data: Any, file: str, root: type[BaseModel] = Spec
) -> list[Problem]:
    """One Problem per pydantic error; `root` is the model `data` was validated as.

    A required key that is missing because it was misspelt (`Title` for `title`) is one mistake: the
    unknown key's "did you mean" says it, and the missing key is not reported as well.
    """
    details = error.errors(include_url=False)
    # The last place of an unknown key is the key as written, even when it looks like a union tag.
    unknown = {
        number: _unknown_key(str(detail["loc"][-1]), tuple(detail["loc"][:-1]), root)
        for number, detail in enumerate(details)
        if detail["type"] == "extra_forbidden"
    }
    meant = {(*details[number]["loc"][:-1], key) for number, (_, key) in unknown.items() if key}
    problems: list[Problem] = []
    for number, detail in enumerate(details):
        if number in unknown:
            parent = _visible_loc(tuple(detail["loc"][:-1]))
            problems.append(Problem(file, location(parent, data), unknown[number][0]))
        elif not (detail["type"] == "missing" and detail["loc"] in meant):
            loc = _visible_loc(detail["loc"])
            problems.append(Problem(file, location(loc, data), _message(detail, loc)))
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


def error_paths(error: ValidationError) -> frozenset[str]:
    """The places (as dotted paths, without section titles) where the model found something wrong."""
    return frozenset(dotted(_visible_loc(detail["loc"])) for detail in error.errors(include_url=False))


def dotted(loc: tuple[int | str, ...]) -> str:
    """A location as messages write it: `sections[2].blocks[1].items[3]`, counting from 1."""
    path = ""
    for key in loc:
        path += f"[{key + 1}]" if isinstance(key, int) else (f".{key_shown(key)}" if path else key_shown(key))
    return path


def key_shown(key: str) -> str:
    """A key as a path shows it: quoted and escaped unless bare (a quoted TOML key may hold anything,
    a newline included)."""
    return key if _BARE_KEY.match(key) else shown(key)


def location(loc: tuple[int | str, ...], data: Any) -> str:
    path = dotted(loc)
    title = _section_title(loc, data)
    return f"{path} (section {shown(title)})" if title and len(loc) > 2 else path


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


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


def _unknown_key(
    key: str, parent: tuple[int | str, ...] = (), root: type[BaseModel] = Spec
) -> tuple[str, str | None]:
    """The message for an unknown key, and the key it was most likely meant to be (when it is known
    where the key is)."""
    model = _model_at(parent, root)
    known = sorted(model.model_fields) if model else _all_keys(root)
    meant = closest(key, [k for k in known if k != key])
    hint = f"; did you mean {meant!r}?" if meant else ""
    return f"unknown key {shown(key)}{hint}", meant if model else None


_LITERAL = re.compile(r"'([^']*)'")


def did_you_mean(given: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'a4'?" for the choice `given` was most likely meant to be; "" when none is close."""
    meant = closest(given, choices)
    return f"; did you mean {meant!r}?" if meant else ""


def closest(given: str, choices: Iterable[str]) -> str | None:
    """The choice `given` was most likely meant to be: the same word in other capitals first (A4,
    Patient), else the closest spelling; None when none is close."""
    options = list(choices)
    same = [choice for choice in options if choice.casefold() == given.casefold() and choice != given]
    close = same or difflib.get_close_matches(given, options, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(given.casefold(), options, n=1, cutoff=0.6)
    return close[0] if close else None


def date_advice(value: Any) -> str:
    """How to write a date, for a value that is not a TOML date: text in quotes, a date in another order,
    a date with a time, a number."""
    advice = "write dates as YYYY-MM-DD (no quotes)"
    if isinstance(value, datetime):
        return f"{advice}, without a time (got a date and time)"
    if not isinstance(value, str):
        return f"{advice}, e.g. 2026-03-01{_got(value)}"
    meant = read_date(value)
    if meant == "not in the calendar":
        return f"{shown(value)} is not a date in the calendar; {advice}"
    if meant == value:
        return f"{advice}: take the quotes off {shown(value)}"
    if meant:
        return f"{advice}; did you mean {meant}? (got {shown(value)})"
    return f"{advice}, e.g. 2026-03-01 (got {shown(value)})"


_NUMBERS = re.compile(r"\s*(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,4})\s*\Z")


def read_date(text: str) -> str | None:
    """The one date `text` can mean, as YYYY-MM-DD: "2026/11/30" and "30/11/2026" (a day over 12 tells
    day from month); None when it could mean two dates or is not a date at all, "not in the calendar"
    for a date that does not exist."""
    found = _NUMBERS.match(text)
    if not found:
        return None
    first, second, third = (int(part) for part in found.groups())
    if len(found[1]) == 4:
        candidates = [(first, second, third)]
    elif len(found[3]) == 4:
        orders = [(third, second, first), (third, first, second)]  # day first, month first
        candidates = list(dict.fromkeys(order for order in orders if order[1] <= 12))
    else:
        return None
    if len(candidates) != 1:
        return None
    try:
        return date(*candidates[0]).isoformat()
    except ValueError:
        return "not in the calendar"


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
    "fallback_language": "must be a language tag such as 'en', 'es' or 'fr-CA'",
    "version": "must be a version such as '1.0' or '2026.1' (letters, digits, dots, hyphens)",
    "volume": "must be a volume such as '19' or '19A' (letters, digits, spaces, hyphens)",
    "issue": "must be an issue such as '4' or 'Suppl 2' (letters, digits, spaces, hyphens)",
    "pages": "must be pages such as '112-9', 'e0123' or 'S1-S10' (letters, digits, spaces, hyphens)",
    "url": "must be a web address starting with https:// (or http://), without spaces",
    "content_hash": "must be the source's content hash: 64 hex digits (0-9, a-f), as its report gives it",
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
        return date_advice(value)
    if kind in ("list_type",):
        return "must be a list in square brackets" + _got(value)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a table of key = value pairs" + _got(value)
    if kind == "literal_error":
        choices = _LITERAL.findall(str(ctx.get("expected", "")))
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        return f"must be one of {ctx['expected']} (got {shown(value)}){hint}"
    if kind == "union_tag_invalid":
        hint = did_you_mean(str(ctx.get("tag", "")), BLOCK_KINDS)
        return f"unknown kind {shown(ctx.get('tag'))}{hint} (kinds: {', '.join(BLOCK_KINDS)})"
    if kind == "union_tag_not_found":
        return f"needs a 'kind': one of {', '.join(BLOCK_KINDS)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}"
    if kind in ("greater_than", "less_than"):
        bound = ctx.get("gt", ctx.get("lt"))
        return f"must be {'more' if kind == 'greater_than' else 'less'} than {bound}"
    if kind in ("float_type", "float_parsing"):
        return "must be a number" + _got(value)
    if kind == "finite_number":
        return "must be a number, not infinity or nan"
    if kind == "bool_type":
        return "must be true or false" + _got(value)
    return str(detail["msg"]).removeprefix("Value error, ")
