"""What one build prints: a spec, and optionally the clinic it is printed for and the reader it is for.

The spec is the content. The clinic profile adds identity, contact numbers, colour and a default
disclaimer. A "Prepared for" line personalises a printed copy; its details are printed on the page
and nowhere else (not in metadata, file names or messages), so they are checked here without ever
being quoted.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .errors import Problem
from .fonts import register
from .spec import CONTROL, Spec

if TYPE_CHECKING:
    from .clinic import Profile

MAX_NAME = 80


@dataclass(frozen=True)
class Prepared:
    """Who a printed copy is for, when, and by whom: printed on the page only."""

    patient: str | None = None
    on: date | None = None
    clinician: str | None = None

    def __post_init__(self) -> None:
        # One form for accented letters: a letter and a separate accent would print side by side.
        for name in ("patient", "clinician"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, unicodedata.normalize("NFC", value))

    def __bool__(self) -> bool:
        return bool(self.patient or self.on or self.clinician)


@dataclass(frozen=True)
class Document:
    spec: Spec
    clinic: Profile | None = None
    prepared: Prepared | None = None
    large_print: bool = False

    @property
    def disclaimer(self) -> str | None:
        """The spec's own disclaimer, else the clinic's default."""
        if self.spec.disclaimer:
            return self.spec.disclaimer
        return self.clinic.clinic.disclaimer if self.clinic else None


def document_problems(document: Document, file: str) -> list[Problem]:
    """What stops this combination of spec, clinic and reader from being printed."""
    problems: list[Problem] = []
    if document.disclaimer is None:
        problems.append(
            Problem(file, "disclaimer", "is missing: write one in the spec or give the clinic profile one")
        )
    if document.large_print and document.spec.audience != "patient":
        problems.append(Problem(file, "audience", "large print is for patient handouts only"))
    if document.prepared:
        problems += prepared_problems(document.prepared)
    return problems


def prepared_problems(prepared: Prepared) -> list[Problem]:
    """Problems with the personal details; messages name the option, never the value."""
    problems: list[Problem] = []
    coverage = register()
    for option, value in (("--patient", prepared.patient), ("--clinician", prepared.clinician)):
        if value is None:
            continue
        if not value.strip():
            problems.append(Problem(option, "", "must not be empty"))
        elif len(value) > MAX_NAME:
            problems.append(Problem(option, "", f"is longer than {MAX_NAME} characters"))
        elif CONTROL.search(value) or "\n" in value or "\t" in value:
            problems.append(Problem(option, "", "holds a control character or line break"))
        elif any(unicodedata.category(char) == "Cf" for char in value):
            # Zero-width and direction-changing characters would print a name other than it reads.
            problems.append(Problem(option, "", "holds an invisible formatting character"))
        elif any(unicodedata.combining(char) for char in value):
            problems.append(Problem(option, "", "holds an accent that cannot be printed on its letter"))
        elif not all(coverage.can_draw(char) for char in value):
            problems.append(Problem(option, "", "holds a character the bundled fonts cannot draw"))
    return problems
