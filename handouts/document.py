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
from functools import cached_property
from typing import TYPE_CHECKING, cast

from .errors import Problem, setting_problem
from .language.catalogue import LANGUAGES, Catalogue, catalogue, english, primary
from .spec.governance import content_hash
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

    # Worked out once: the fitting composes the page at several sizes, and each asks again.
    @cached_property
    def words(self) -> Catalogue:
        """The catalogue of the page's language (the clinic's words laid over it). A language with none
        is refused before a build (document_problems); English stands in for it until then."""
        overlay = self.clinic.catalogues if self.clinic else None
        return catalogue(self.spec.language, overlay) or english()

    @cached_property
    def content_hash(self) -> str:
        """The SHA-256 of the spec's content (spec.governance.content_hash)."""
        return content_hash(self.spec)

    @property
    def disclaimer(self) -> str | None:
        """The spec's own disclaimer, else the clinic's default (in the page's language)."""
        if self.spec.disclaimer:
            return self.spec.disclaimer
        said = self.clinic_text("disclaimer")
        return said.text if said else None

    def clinic_text(self, name: str) -> Said | None:
        """One of the clinic's texts (clinic.profile.TRANSLATED) in the page's language; where the
        profile has none in it but names a fallback language, that one's, marked with its language.
        None when there is none to print (document_problems says when one is missing)."""
        if self.clinic is None:
            return None
        clinic = self.clinic.clinic
        own = clinic.text(name, None)
        if own is None or primary(self.spec.language) == primary(clinic.language):
            return Said(own) if own is not None else None
        translated = clinic.text(name, self.spec.language)
        if translated is not None:
            return Said(translated)
        fallback = clinic.fallback_language
        if fallback is None:
            return None
        text = own if primary(fallback) == primary(clinic.language) else clinic.text(name, fallback)
        return Said(text, fallback) if text is not None else None


@dataclass(frozen=True)
class Said:
    """A clinic's text as a page prints it, with its language where that is not the page's."""

    text: str
    lang: str | None = None


def clinic_text_problems(document: Document) -> list[Problem]:
    """A clinic text the page would print that has no version in the page's language, and no fallback."""
    if document.clinic is None:
        return []
    from .clinic.profile import TRANSLATED  # loaded already: there is a profile

    profile, language = document.clinic, document.spec.language
    clinic = profile.clinic
    missing = [
        name
        for name in TRANSLATED
        if not (name == "disclaimer" and document.spec.disclaimer)
        and clinic.text(name, None) is not None
        and document.clinic_text(name) is None
    ]
    instead = (
        f" (fallback_language {clinic.fallback_language!r} has none either)"
        if clinic.fallback_language
        else f", or set fallback_language to print the {clinic.language!r} text"
    )
    message = (
        f"is missing: a page in {language!r} would print the clinic's {clinic.language!r} text; write it "
        f"in [languages.{primary(language)}]{instead}"
    )
    return [Problem(profile.file, f"languages.{primary(language)}.{name}", message) for name in missing]


def document_warnings(document: Document, file: str) -> list[Problem]:
    """What prints but may be wrong: words of a catalogue no fluent speaker has reviewed (the same line
    for every spec in that language, so a batch says it once), and a spec contact whose phone differs
    from the clinic's "call us" number (the page prints the spec's alone, so the clinic's is named)."""
    warnings: list[Problem] = []
    words = document.words
    if not words.reviewed_by:
        message = (
            "has not been reviewed by a fluent speaker: the words handouts prints itself on these pages "
            "(labels, footer, dates) are unchecked translations; have them reviewed, then set reviewed_by"
        )
        warnings.append(Problem(f"the {words.name} ({words.language}) catalogue", "", message, "warning"))
    return warnings + _phone_warnings(document, file)


def _phone_warnings(document: Document, file: str) -> list[Problem]:
    contact, profile = document.spec.contact, document.clinic
    if not (contact and contact.phone and profile) or _digits(contact.phone) == _digits(profile.clinic.phone):
        return []
    message = (
        f"{contact.phone} differs from the clinic's phone {profile.clinic.phone} ({profile.file}); "
        "the page prints the spec's alone: remove it to print the clinic's, or make them one number"
    )
    return [Problem(file, "contact.phone", message, "warning")]


def _digits(phone: str) -> str:
    return "".join(char for char in phone if char.isdigit())


def document_problems(document: Document, file: str) -> list[Problem]:
    """What stops this combination of spec, clinic and reader from being printed."""
    spec = document.spec
    printing = Printing(document.clinic, document.prepared, document.large_print)
    problems = printing.problems(spec.disclaimer is not None, spec.audience, file)
    overlay = document.clinic.catalogues if document.clinic else None
    if catalogue(spec.language, overlay) is None:
        message = (
            f"handouts has no words of its own for {spec.language!r} (it has {', '.join(LANGUAGES)}); "
            f"add catalogues/{primary(spec.language)}.toml beside the clinic profile"
        )
        problems.append(Problem(file, "language", message))
    return problems + clinic_text_problems(document) + _unread_figures(spec, file)


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
