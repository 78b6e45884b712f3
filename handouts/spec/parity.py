"""Translations that cannot drift: a translation compared with the spec it translates.

Words differ between languages; what a reader acts on must not. The two specs must have the same
sections and blocks in the same order, the same number of everything listed, the same callout levels,
the same numbers (phone numbers, 911, doses, dates, ages), the same citations and the same address.
Numbers are compared as digit groups ("2.5 mg" and "2,5 mg" agree; "555-0100" and "555-0199" do not),
part by part: each top-level field, each section's title, each block, each reference. When a count
differs, what lies inside is not compared, so one missing item is one problem, not a cascade.

The declaration (`translation_of`) is checked too: the source's id, and its content hash as it stood
when translated; a source changed since is a warning (an error under --strict).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from ..errors import Problem, shown
from .governance import content_hash
from .markup import citations, plain
from .model import Spec
from .rules import where
from .walking import LITERAL_FIELDS, leaves

_DIGITS = re.compile(r"\d+")
TOP_LEVEL = ("title", "subtitle", "key_message", "contact", "disclaimer")
_NOT_COUNTED = frozenset({"cells"})  # a row has one per column: the columns are counted


@dataclass(frozen=True)
class Parity:
    """What checking a translation against its source found.

    `source_file` is None when it was not checked, and `reason` then says why.
    """

    declared: str  # the source as the translation names it: "myelomalacia 1.0"
    source_file: str | None
    problems: tuple[Problem, ...] = ()
    reason: str = ""

    @property
    def in_step(self) -> bool:
        return self.source_file is not None and not self.problems


@dataclass(frozen=True)
class _Pair:
    """A translation, its file, and the source's file: how each difference is worded."""

    spec: Spec
    file: str
    source_file: str

    def problem(self, path: str, message: str, severity: Literal["error", "warning"] = "error") -> Problem:
        return Problem(self.file, where(self.spec, path), message, severity)

    @property
    def source(self) -> str:
        return f"the source ({self.source_file})"


def compare(translation: Spec, source: Spec, file: str, source_file: str) -> list[Problem]:
    """Every way `translation` (read from `file`) differs from `source` (read from `source_file`)."""
    pair = _Pair(translation, file, source_file)
    problems = _declaration(pair, source)
    for name in TOP_LEVEL:
        problems += _same_content(pair, name, getattr(translation, name), getattr(source, name))
    problems += _sections(pair, translation, source)
    problems += _references(pair, translation, source)
    if translation.url != source.url:
        theirs = shown(source.url) if source.url else "none"
        ours = shown(translation.url) if translation.url else "is missing"
        problems.append(pair.problem("url", f"{ours}; {pair.source} has {theirs}"))
    return problems


def _declaration(pair: _Pair, source: Spec) -> list[Problem]:
    declared = pair.spec.translation_of
    if declared is None:
        return []
    if declared.id != source.id:
        return [
            pair.problem(
                "translation_of.id", f"is {declared.id!r} but {pair.source} has the id {source.id!r}"
            )
        ]
    digest = content_hash(source)
    if declared.content_hash != digest:
        now = f'{pair.source_file} is now version {source.version}, content_hash = "{digest}"'
        message = f"the source has changed since this translation ({now}); update it and its content_hash"
        return [pair.problem("translation_of.content_hash", message, "warning")]
    if declared.version != source.version:
        message = f"is {declared.version!r} but {pair.source} is version {source.version!r}"
        return [pair.problem("translation_of.version", message)]
    return []


def _sections(pair: _Pair, translation: Spec, source: Spec) -> list[Problem]:
    problems = _count(pair, "sections", len(translation.sections), len(source.sections))
    if problems:
        return problems
    for number, (ours, theirs) in enumerate(zip(translation.sections, source.sections, strict=True), 1):
        path = f"sections[{number}]"
        problems += _same_content(pair, f"{path}.title", ours.title, theirs.title)
        found = _count(pair, f"{path}.blocks", len(ours.blocks), len(theirs.blocks))
        if found:
            problems += found
            continue
        for index, (mine, its) in enumerate(zip(ours.blocks, theirs.blocks, strict=True), 1):
            problems += _block(pair, f"{path}.blocks[{index}]", mine, its)
    return problems


def _block(pair: _Pair, path: str, ours: BaseModel, theirs: BaseModel) -> list[Problem]:
    kind, its_kind = getattr(ours, "kind", ""), getattr(theirs, "kind", "")
    if kind != its_kind:
        return [pair.problem(f"{path}.kind", f"is {kind!r}; {pair.source} has {its_kind!r} here")]
    level, its_level = getattr(ours, "level", None), getattr(theirs, "level", None)
    problems: list[Problem] = []
    if level != its_level:
        problems.append(pair.problem(f"{path}.level", f"is {level!r}; {pair.source} has {its_level!r}"))
    lengths = _lists(pair, path, ours, theirs)  # when a list is longer, its numbers differ too: said once
    return problems + (lengths or _same_content(pair, path, ours, theirs))


def _lists(pair: _Pair, path: str, ours: BaseModel, theirs: BaseModel) -> list[Problem]:
    """The length of every list in a block (sub-bullets included); a list missing counts as empty."""
    mine, its = _lengths(ours, path), _lengths(theirs, path)
    problems: list[Problem] = []
    differing: list[str] = []
    for place in [*its, *(place for place in mine if place not in its)]:
        if any(place.startswith(f"{outer}[") for outer in differing):
            continue  # inside a list whose length differs: its items are not aligned
        found = _count(pair, place, mine.get(place, 0), its.get(place, 0))
        if found:
            differing.append(place)
            problems += found
    return problems


def _lengths(value: BaseModel, path: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in type(value).model_fields:
        item = getattr(value, name)
        if not isinstance(item, list) or name in _NOT_COUNTED:
            continue
        found[f"{path}.{name}"] = len(item)
        for number, element in enumerate(item, 1):
            if isinstance(element, BaseModel):
                found.update(_lengths(element, f"{path}.{name}[{number}]"))
    return found


def _references(pair: _Pair, translation: Spec, source: Spec) -> list[Problem]:
    ours, theirs = translation.references, source.references
    problems = _count(pair, "references", len(ours), len(theirs))
    if problems:
        return problems
    for number, (mine, its) in enumerate(zip(ours, theirs, strict=True), 1):
        problems += _same_content(pair, f"references[{number}]", mine, its)
    return problems


def _count(pair: _Pair, path: str, ours: int, theirs: int) -> list[Problem]:
    if ours == theirs:
        return []
    noun = path.rsplit(".", 1)[-1].split("[")[0].removesuffix("s")
    return [pair.problem(path, f"{_counted(ours, noun)}; {pair.source} has {theirs}")]


def _counted(count: int, noun: str) -> str:
    return f"no {noun}s" if count == 0 else f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _same_content(pair: _Pair, path: str, ours: object, theirs: object) -> list[Problem]:
    """The numbers and the citations of one part, each a problem when they differ."""
    problems: list[Problem] = []
    for what, mine, its in (
        ("numbers", numbers(ours), numbers(theirs)),
        ("citations", _cited(ours), _cited(theirs)),
    ):
        if Counter(mine) != Counter(its):  # in any order: a date reads in another order in another language
            problems.append(pair.problem(path, f"{what} differ from {pair.source}: {_difference(mine, its)}"))
    return problems


def numbers(value: object) -> list[str]:
    """The digit groups of every printed string in a part, in order; other scripts' digits as ASCII."""
    return [_ascii(group) for text in _strings(value) for group in _DIGITS.findall(text)]


def _cited(value: object) -> list[str]:
    return [
        f"[{n}]" for text in _strings(value, printed=False) for cite in citations(text) for n in cite.numbers
    ]


def _strings(value: object, *, printed: bool = True) -> Iterator[str]:
    """The text of a part: as printed (markup's words without citations; an identifier, such as a phone
    number, as written), or as written in the spec."""
    for _, field, leaf in leaves(value) if isinstance(value, BaseModel) else [("", "", value)]:
        if isinstance(leaf, str) and field not in ("kind", "level"):
            yield plain(leaf) if printed and field not in LITERAL_FIELDS else leaf
        elif isinstance(leaf, int) and not isinstance(leaf, bool):  # a reference's year
            yield str(leaf)


def _ascii(group: str) -> str:
    return "".join(str(unicodedata.digit(char, 0)) for char in group)


def _difference(ours: list[str], theirs: list[str]) -> str:
    missing, extra = Counter(theirs) - Counter(ours), Counter(ours) - Counter(theirs)
    parts = []
    if missing:
        parts.append(f"{', '.join(_in_order(theirs, missing))} missing")
    if extra:
        parts.append(f"{', '.join(_in_order(ours, extra))} not in the source")
    return "; ".join(parts)


def _in_order(found: list[str], wanted: Counter[str]) -> list[str]:
    left, shown_ = Counter(wanted), []
    for item in found:
        if left[item] > 0:
            left[item] -= 1
            shown_.append(item)
    return shown_
