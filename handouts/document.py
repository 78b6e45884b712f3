"""What one build prints: a spec, and the clinic, paper, print and reader it is printed for.

This is the one place that decides them: the page size (asked for, else the clinic's, else letter),
what the document is printed as (a clinician summary, a patient handout, or one in large print), its
disclaimer (the spec's, else the clinic's) and who a personal copy is prepared for. Every later stage
reads them from here.

A "Prepared for" line personalises a printed copy; its details are printed on the page and nowhere
else (not in metadata, file names or messages), so they are checked here without ever being quoted.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, cast

from .errors import Problem, setting_problem
from .spec.model import CONTROL, Figure, Spec
from .standards import Kind, PageSize

if TYPE_CHECKING:  # a build without a clinic profile does not load the profile's models
    from .clinic.profile import Profile

MAX_NAME = 80
PAGE_SIZES: tuple[PageSize, ...] = ("letter", "a4")


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

    def names(self) -> list[tuple[str, str]]:
        """(setting, value) for each name given, for the checks that must never quote them."""
        return [
            (key, value) for key, value in (("patient", self.patient), ("clinician", self.clinician)) if value
        ]


@dataclass(frozen=True)
class Document:
    spec: Spec
    clinic: Profile | None = None
    prepared: Prepared | None = None
    large_print: bool = False
    page_size: PageSize | None = None  # as asked for; `paper` is what is used

    def __post_init__(self) -> None:
        if self.page_size is not None and self.page_size.lower() not in PAGE_SIZES:
            raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, not {self.page_size!r}")

    @property
    def paper(self) -> PageSize:
        """The page size: the one asked for, else the clinic's, else letter."""
        chosen = self.page_size or (self.clinic.clinic.page_size if self.clinic else None) or "letter"
        return cast(PageSize, chosen.lower())

    @property
    def kind(self) -> Kind:
        if self.spec.audience == "clinician":
            return "clinician"
        return "large print" if self.large_print else "patient"

    @property
    def disclaimer(self) -> str | None:
        """The spec's own disclaimer, else the clinic's default."""
        if self.spec.disclaimer:
            return self.spec.disclaimer
        return self.clinic.clinic.disclaimer if self.clinic else None


def document_problems(document: Document, file: str) -> list[Problem]:
    """What stops this combination of spec, clinic and reader from being printed."""
    spec = document.spec
    printing = Printing(document.clinic, document.prepared, document.large_print)
    return printing.problems(spec.disclaimer is not None, spec.audience, file) + _unread_figures(spec, file)


def _unread_figures(spec: Spec, file: str) -> list[Problem]:
    """A figure whose image was never read: a spec made in code rather than loaded from its file."""
    return [
        Problem(
            file, f"sections[{number}].blocks[{place}].image", "was not read: load the spec from its file"
        )
        for number, section in enumerate(spec.sections, start=1)
        for place, block in enumerate(section.blocks, start=1)
        if isinstance(block, Figure) and block.picture is None
    ]


@dataclass(frozen=True)
class Printing:
    """How a spec is to be printed, without the spec: for the checks that can be made of a spec that
    is not (yet) sound as a whole."""

    clinic: Profile | None = None
    prepared: Prepared | None = None
    large_print: bool = False

    def problems(self, has_disclaimer: bool, audience: str | None, file: str) -> list[Problem]:
        """What stops a spec from being printed so, from whether it has a disclaimer of its own and its
        audience (None when it has none that can be read)."""
        problems: list[Problem] = []
        clinic_has_one = self.clinic is not None and self.clinic.clinic.disclaimer is not None
        if not has_disclaimer and not clinic_has_one:
            problems.append(
                Problem(
                    file, "disclaimer", "is missing: write one in the spec or give the clinic profile one"
                )
            )
        if self.large_print and audience not in ("patient", None):
            problems.append(Problem(file, "audience", "large print is for patient handouts only"))
        if self.prepared:
            problems += prepared_problems(self.prepared)
        return problems


def prepared_problems(prepared: Prepared) -> list[Problem]:
    """Problems with the personal details; messages name the setting, never the value. (Whether the
    fonts can draw them is the layout's to say: see layout.fonts.)"""
    problems: list[Problem] = []
    for setting, value in (("patient", prepared.patient), ("clinician", prepared.clinician)):
        if value is None:
            continue
        if not value.strip():
            problems.append(setting_problem(setting, "must not be empty"))
        elif len(value) > MAX_NAME:
            problems.append(setting_problem(setting, f"is longer than {MAX_NAME} characters"))
        elif CONTROL.search(value) or "\n" in value or "\t" in value:
            problems.append(setting_problem(setting, "holds a control character or line break"))
        elif any(unicodedata.category(char) == "Cf" for char in value):
            # Zero-width and direction-changing characters would print a name other than it reads.
            problems.append(setting_problem(setting, "holds an invisible formatting character"))
        elif any(unicodedata.combining(char) for char in value):
            problems.append(setting_problem(setting, "holds an accent that cannot be printed on its letter"))
    return problems
