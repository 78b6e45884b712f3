"""Reading level: grade formulas (textstat) over the reader's text, per section and overall.

English uses Flesch-Kincaid and SMOG. SMOG counts words of three or more syllables and so reads
health text, full of long medical words, about three grades harder than Flesch-Kincaid: it is the
stricter gate, and a page must pass both. Spanish uses Crawford's grade (years of schooling), with
Fernández Huerta's reading ease beside it. Other languages have no formula here: a person judges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..spec.model import Spec
from .prose import Part, language_root, parts, words

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
    word_list = [word for sentence in sentence_list for word in words(sentence)]
    syllables = [_meter(language).syllable_count(word) for word in word_list]
    scores = _formulas(
        len(sentence_list), len(word_list), sum(syllables), sum(1 for n in syllables if n >= 3)
    )
    names = GRADE_FORMULAS[language] + OTHER_SCORES.get(language, ())
    return Grades(part.title, len(sentence_list), len(word_list), {name: scores[name] for name in names})


def _formulas(sentences: int, words: int, syllables: int, polysyllables: int) -> dict[str, float]:
    """The published formulas, over our own count of sentences.

    textstat's own functions split the text again and drop "sentences" of one or two words while
    keeping their words, so a list of short symptoms would raise the grade of the text around it;
    here every list item is a sentence, as the report says, and textstat counts the syllables.
    """
    if not words:
        return dict.fromkeys((FK, SMOG, CRAWFORD, HUERTA), 0.0)
    per_word = syllables / words
    per_100_words = 100 / words
    scores = {
        FK: 0.39 * words / sentences + 11.8 * per_word - 15.59,
        SMOG: 1.043 * math.sqrt(polysyllables * 30 / sentences) + 3.1291,
        CRAWFORD: -0.205 * sentences * per_100_words + 0.049 * syllables * per_100_words - 3.407,
        HUERTA: 206.84 - 0.60 * syllables * per_100_words - 1.02 * sentences * per_100_words,
    }
    return {name: round(score, 1) for name, score in scores.items()}


@cache
def _meter(language: str) -> textstatistics:
    # Imported here: textstat loads a pronouncing dictionary, which only a report needs.
    from textstat.textstat import textstatistics

    meter = textstatistics()
    meter.set_lang(language)
    return meter
