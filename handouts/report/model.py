"""What a quality report is made of: checks (a gate or information), grouped in parts, for one document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import shorten
from .items import Item

# "not checked": there is nothing to judge with (no word list or formula for the page's language, no
# page when the document does not fit); never a pass. "waived": a gate the spec waives, with its reason.
Outcome = Literal["pass", "fail", "warn", "info", "not checked", "waived"]


@dataclass(frozen=True)
class Check:
    name: str
    outcome: Outcome
    shown: str  # the finding, in words
    value: float | int | str | None = None  # the finding as a number (or text) for programs
    gate: bool = False  # a gate can fail the report; the other checks inform or warn
    details: tuple[str, ...] = ()  # more lines of the finding (the sentences that raise a grade, say)
    waived: str | None = None  # the spec's reason, when it waives this gate

    @property
    def key(self) -> str:
        """A stable name for programs: "smog_grade", "text_contrast"."""
        return re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")


@dataclass(frozen=True)
class Part:
    title: str
    checks: list[Check]
    items: list[Item] = field(default_factory=list)  # PEMAT-P and CDC CCI, in the actionability part
    grades: list[dict[str, Any]] = field(default_factory=list)  # per-section grades, in reading level


@dataclass(frozen=True)
class Report:
    file: str
    id: str
    title: str
    audience: str
    language: str
    page_size: str
    large_print: bool
    parts: list[Part]

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
    name: str,
    outcome: Outcome,
    shown: str,
    value: float | int | str | None = None,
    details: tuple[str, ...] = (),
) -> Check:
    return Check(name, outcome, shown, value, gate=True, details=details)


def unchecked(name: str, reason: str, *, is_gate: bool = True) -> Check:
    """A check with nothing to judge with: says why, and is never a pass."""
    return Check(name, "not checked", f"not checked: {reason}", None, gate=is_gate)


def quote(text: str | None, limit: int = 60) -> str:
    return f'"{shorten(text or "", limit)}"'
