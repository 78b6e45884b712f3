"""Reading level: grade formulas (textstat) over the reader's text, per section and overall.

English uses Flesch-Kincaid and SMOG. SMOG counts words of three or more syllables and so reads
health text, full of long medical words, about three grades harder than Flesch-Kincaid: it is the
stricter gate, and a page must pass both. Spanish uses Crawford's grade (years of schooling), with
Fernández Huerta's reading ease beside it. Other languages have no formula here: a person judges.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .prose import Part, as_text, language_root, parts, words
from .spec import Spec

if TYPE_CHECKING:
    from textstat.textstat import textstatistics

SMOG_SAMPLE = 30  # SMOG was calibrated on samples of 30 sentences; fewer give an estimate
FK, SMOG, CRAWFORD, HUERTA = "Flesch-Kincaid grade", "SMOG grade", "Crawford grade", "Fernández Huerta ease"
GRADE_FORMULAS = {"en": (FK, SMOG), "es": (CRAWFORD,)}
OTHER_SCORES = {"es": (HUERTA,)}  # reported, not gated: an ease score is not a grade


@dataclass(frozen=True)
class Grades:
    """The scores of one part of the text (or of all of it)."""

    title: str
    sentences: int
    words: int
    scores: dict[str, float]


@dataclass(frozen=True)
class Readability:
    language: str  # the language root the formulas are for, e.g. "en"
    gated: tuple[str, ...]  # the formulas whose grade is held to the limit
    overall: Grades
    parts: list[Grades]

    @property
    def grade(self) -> float:
        """The highest grade the gated formulas give the whole text."""
        return max(self.overall.scores[name] for name in self.gated)

    @property
    def small_sample(self) -> bool:
        return SMOG in self.gated and self.overall.sentences < SMOG_SAMPLE


def readability(spec: Spec) -> Readability | None:
    """Grades for the spec's text, or None when there is no formula for its language."""
    language = language_root(spec.language)
    if language not in GRADE_FORMULAS:
        return None
    sections = parts(spec)
    everything = Part("All text", [piece for part in sections for piece in part.pieces])
    return Readability(
        language,
        GRADE_FORMULAS[language],
        _grades(everything, language),
        [_grades(part, language) for part in sections if part.sentences()],
    )


def _grades(part: Part, language: str) -> Grades:
    sentence_list = part.sentences()
    text = as_text(sentence_list)
    meter = _meter(language)
    formulas = {
        FK: meter.flesch_kincaid_grade,
        SMOG: meter.smog_index,
        CRAWFORD: meter.crawford,
        HUERTA: meter.fernandez_huerta,
    }
    names = GRADE_FORMULAS[language] + OTHER_SCORES.get(language, ())
    scores = {name: round(float(formulas[name](text)), 1) for name in names}
    return Grades(part.title, len(sentence_list), len(words(text)), scores)


@cache
def _meter(language: str) -> textstatistics:
    # Imported here: textstat loads a pronouncing dictionary, which only a report needs.
    from textstat.textstat import textstatistics

    meter = textstatistics()
    meter.set_lang(language)
    return meter
