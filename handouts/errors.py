"""The one family of errors a user can see, and the words messages quote input in.

The library raises these; the command line alone turns them into lines and exit codes. A message
names a spec field, a profile key or a build setting in the library's own terms (`patient`, `clinic`,
`page_size`); the command line words a setting as its option.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in one input, at one place in it.

    `file` names the input file; a problem with a build setting (the patient's name, say) has no file
    and names the setting in `setting` instead.
    """

    file: str
    where: str
    message: str
    severity: Literal["error", "warning"] = "error"
    setting: str | None = None

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        where = f"{self.where}: " if self.where else ""
        source = self.setting if self.setting is not None else self.file
        return f"{source}: {where}{prefix}{self.message}"


def setting_problem(setting: str, message: str) -> Problem:
    """A problem with a build setting rather than a file: its message never quotes the value."""
    return Problem("", "", message, setting=setting)


class HandoutsError(Exception):
    """Base of every error meant for the person running handouts; its text says what to fix."""


class SpecError(HandoutsError):
    """A spec (or clinic profile, or build setting) that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = [p for p in problems if p.severity == "error"]
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[Any, ...]:  # a batch's workers send errors to the parent pickled
        return (type(self), (self.problems,))


class FitError(HandoutsError):
    """The document does not fit on its page(s) even at the smallest allowed type size; `lines` says
    about how many lines of body text it is over (None when it is not the text that does not fit)."""

    def __init__(self, message: str, lines: int | None = None) -> None:
        super().__init__(message)
        self.lines = lines

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.lines))


class GlyphError(HandoutsError):
    """The spec holds a character that the bundled fonts cannot draw."""


class OutputError(HandoutsError):
    """The PDF could not be written where it was asked for."""


class PdfInputError(HandoutsError):
    """A PDF given to handouts (a letter, a handout to check) cannot be read or used."""


def shorten(text: str, limit: int = 60) -> str:
    """Text on one line, cut with an ellipsis at `limit` characters: for quoting input in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: Any, limit: int = 60) -> str:
    """A value from a file as a one-line message may show it: quoted, escaped, shortened."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an integer too long to print, or nesting too deep
        return f"a {type(value).__name__} too long to show"
    return text if len(text) <= limit else text[: limit - 1] + "…"
