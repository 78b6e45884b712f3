"""Pydantic's validation errors in words an author can act on: where (with the section's title), and
what to do."""

from __future__ import annotations

import difflib
import re
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem, shown
from .model import BLOCK_KINDS, Block, NestedItem, Spec


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
            where = location(_visible_loc(tuple(parent)), data)
            problems.append(Problem(file, where, _unknown_key(str(key), tuple(parent), root)))
        else:
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


def location(loc: tuple[int | str, ...], data: Any) -> str:
    path = ""
    for key in loc:
        if not isinstance(key, int) and not _BARE_KEY.match(key):
            key = shown(key)  # a quoted TOML key may hold anything, a newline included
        path += f"[{key + 1}]" if isinstance(key, int) else (f".{key}" if path else key)
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


def _unknown_key(key: str, parent: tuple[int | str, ...] = (), root: type[BaseModel] = Spec) -> str:
    model = _model_at(parent, root)
    known = sorted(model.model_fields) if model else _all_keys(root)
    close = difflib.get_close_matches(key, [k for k in known if k != key], n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key {shown(key)}{hint}"


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
        return f"must be one of {ctx['expected']} (got {shown(value)})"
    if kind == "union_tag_invalid":
        close = difflib.get_close_matches(str(ctx.get("tag", "")), BLOCK_KINDS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown kind {shown(ctx.get('tag'))}{hint} (kinds: {', '.join(BLOCK_KINDS)})"
    if kind == "union_tag_not_found":
        return f"needs a 'kind': one of {', '.join(BLOCK_KINDS)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}"
    return str(detail["msg"]).removeprefix("Value error, ")
