"""What a quality report is made of: checks (a gate or information), grouped in parts, for one document."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..errors import shorten
from .items import Item
from .words import Words, english_words

# "not checked": there is nothing to judge with (no word list or formula for the page's language, no
# page when the document does not fit); never a pass. "waived": a gate the spec waives, with its reason.
Outcome = Literal["pass", "fail", "warn", "info", "not checked", "waived"]


@dataclass(frozen=True)
class Check:
    key: str  # a stable name for programs and waivers, in English: "smog_grade", "text_contrast"
    name: str  # in the report's language
    outcome: Outcome
    shown: str  # the finding, in words
    value: float | int | str | None = None  # the finding as a number (or text) for programs
    gate: bool = False  # a gate can fail the report; the other checks inform or warn
    details: tuple[str, ...] = ()  # more lines of the finding (the sentences that raise a grade, say)
    waived: str | None = None  # the spec's reason, when it waives this gate


@dataclass(frozen=True)
class Part:
    title: str
    checks: list[Check]
    items: list[Item] = field(default_factory=list)  # PEMAT-P and CDC CCI, in the actionability part
    grades: list[dict[str, Any]] = field(default_factory=list)  # per-section grades, in reading level


@dataclass(frozen=True)
class Report:
    """A report on one document; its `words` are the language it is written in (words.py)."""

    file: str
    id: str
    title: str
    audience: str
    language: str
    page_size: str
    large_print: bool
    parts: list[Part]
    words: Words = field(default_factory=english_words, repr=False, compare=False)

    @property
    def failed(self) -> list[Check]:
        return [check for part in self.parts for check in part.checks if check.outcome == "fail"]

    @property
    def gates(self) -> int:
        return sum(1 for part in self.parts for check in part.checks if check.gate)

    @property
    def passed(self) -> bool:
        return not self.failed

    def with_outcome(self, outcome: Outcome) -> list[Check]:
        return [check for part in self.parts for check in part.checks if check.outcome == outcome]


def outcome(condition: bool) -> Outcome:
    return "pass" if condition else "fail"


def gate(
    words: Words,
    key: str,
    outcome: Outcome,
    shown: str,
    value: float | int | str | None = None,
    details: tuple[str, ...] = (),
) -> Check:
    """A gate named by its key: the report's words for the key are its name."""
    return Check(key, words(key), outcome, shown, value, gate=True, details=details)


def info(words: Words, key: str, outcome: Outcome, shown: str, *more: Any, **details: Any) -> Check:
    """A check that informs or warns, named by its key: a gate's arguments, never a gate."""
    return replace(gate(words, key, outcome, shown, *more, **details), gate=False)


def unchecked(words: Words, key: str, reason: str, *, is_gate: bool = True) -> Check:
    """A check with nothing to judge with: says why, and is never a pass."""
    return Check(key, words(key), "not checked", words("not_checked", reason=reason), None, gate=is_gate)


def quote(text: str | None, limit: int = 60) -> str:
    return f'"{shorten(text or "", limit)}"'
