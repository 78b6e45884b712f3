"""The report's own words, and which language they are in.

A quality report is read by the clinic's staff who write and print the handouts, not by the patient:
so it is written in the language of the clinic's own texts (its profile's `language`) when a profile
is given, and in English when none is. The page's language still decides how the page is judged
(which formulas, term lists and heuristics apply); only the report's wording follows its reader.

The words are the `[report]` table of that language's catalogue (language/catalogues), with the
clinic's own catalogue laid over it; a key a catalogue lacks is said in English. What a spec says
(its sentences, terms, paths) is quoted as written, never translated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Problem
from ..language.catalogue import Catalogue, catalogue

if TYPE_CHECKING:
    from ..clinic.profile import Profile


def report_language(clinic: Profile | None) -> str:
    """The language a report is written in: its readers', the clinic's own; English without a clinic."""
    return clinic.clinic.language if clinic is not None else "en"


class Words:
    """The report's words in one language: `words("key", field=value)`."""

    def __init__(self, found: Catalogue) -> None:
        self.catalogue = found

    @property
    def language(self) -> str:
        return self.catalogue.language

    def __call__(self, key: str, **values: str | int) -> str:
        return self.catalogue.said(key, **values)

    def count(self, key: str, count: int) -> str:
        """A count of things: the `KEY_one` text for one, else the `KEY` text ("1 action", "2 actions")."""
        return self(f"{key}_one" if count == 1 else key, count=count)


def report_words(clinic: Profile | None) -> Words:
    """The words of a report for `clinic` (see report_language); English where its language has none."""
    overlay = clinic.catalogues if clinic is not None else None
    found = catalogue(report_language(clinic), overlay) or catalogue("en", overlay)
    assert found is not None  # English ships in the package
    return Words(found)


def english_words() -> Words:
    return report_words(None)


def unreviewed_report_words(words: Words, strict: bool = False) -> Problem | None:
    """A warning (an error when `strict`) when a report's words are an unreviewed translation: said
    once per run by whoever prints reports."""
    found = words.catalogue
    if found.reviewed_by:
        return None
    message = (
        "has not been reviewed by a fluent speaker: the words of the quality report are unchecked "
        "translations; have them reviewed, then set reviewed_by"
    )
    return Problem(
        f"the {found.name} ({found.language}) catalogue", "report", message, "error" if strict else "warning"
    )
