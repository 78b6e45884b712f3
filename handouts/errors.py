"""The one family of errors a user can see. The CLI alone turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in one input file, at one place in it."""

    file: str
    where: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}: {where}{prefix}{self.message}"


class HandoutsError(Exception):
    """Base of every error meant for the person running handouts; its text says what to fix."""


class SpecError(HandoutsError):
    """A spec (or clinic profile) that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = [p for p in problems if p.severity == "error"]
        super().__init__("\n".join(str(p) for p in self.problems))


class FitError(HandoutsError):
    """The document does not fit on its page(s) even at the smallest allowed type size."""


class GlyphError(HandoutsError):
    """The spec holds a character that the bundled fonts cannot draw."""


class OutputError(HandoutsError):
    """The PDF could not be written where it was asked for."""


class PdfInputError(HandoutsError):
    """A PDF given to handouts (a letter, a handout to check) cannot be read or used."""
