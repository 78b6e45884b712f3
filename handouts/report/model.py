"""What a quality report is made of: checks (a gate or information), grouped in parts, for one document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import shorten
from .items import Item

Outcome = Literal["pass", "fail", "warn", "info"]


@dataclass(frozen=True)
class Check:
    name: str
    outcome: Outcome
    shown: str  # the finding, in words
    value: float | int | str | None = None  # the finding as a number (or text) for programs
    gate: bool = False  # a gate can fail the report; the other checks inform or warn

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


def outcome(condition: bool) -> Outcome:
    return "pass" if condition else "fail"


def gate(name: str, outcome: Outcome, shown: str, value: float | int | str | None = None) -> Check:
    return Check(name, outcome, shown, value, gate=True)


def quote(text: str | None, limit: int = 60) -> str:
    return f'"{shorten(text or "", limit)}"'
