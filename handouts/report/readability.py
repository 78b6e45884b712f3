"""Reading level: grade formulas (textstat) over the reader's text, per section and overall, and what
raises the grade: the hardest sentences and the longest words.

English uses Flesch-Kincaid and SMOG. SMOG counts words of three or more syllables and so reads
health text, full of long medical words, about three grades harder than Flesch-Kincaid: it is the
stricter gate, and a page of 30 sentences or more must pass both. SMOG was calibrated on 30
sentences; on fewer it is an estimate, shown but not gating, and Flesch-Kincaid alone gates. Spanish
uses Crawford's grade (years of schooling), with two reading-ease scores beside it, each read on its
own published bands: Fernández Huerta's, and Szigriszt-Pazos' perspicuity on the INFLESZ scale
(Barrio-Cantalejo et al., 2008), whose authors ask at least 55 ("normal") of text for the public.
Other languages have no formula here: a person judges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..spec.model import Spec
from .prose import Part, language_root, parts, words

if TYPE_CHECKING:
    from textstat.textstat import textstatistics

SMOG_SAMPLE = 30  # SMOG was calibrated on samples of 30 sentences; fewer give an estimate
FK, SMOG, CRAWFORD = "Flesch-Kincaid grade", "SMOG grade", "Crawford grade"
HUERTA, INFLESZ = "Fernández Huerta ease", "Szigriszt-Pazos (INFLESZ)"
GRADE_FORMULAS = {"en": (FK, SMOG), "es": (CRAWFORD,)}
OTHER_SCORES = {"es": (HUERTA, INFLESZ)}  # reported, not gated: an ease score is not a grade
SHORT_NAMES = {FK: "FK", SMOG: "SMOG", CRAWFORD: "Crawford", HUERTA: "Huerta", INFLESZ: "INFLESZ"}
# Each ease score's published bands, from the lowest score up: (lowest score of the band, its name).
BANDS = {
    HUERTA: (
        (0, "very difficult"),
        (30, "difficult"),
        (50, "fairly difficult"),
        (60, "normal"),
        (70, "fairly easy"),
        (80, "easy"),
        (90, "very easy"),
    ),
    INFLESZ: (
        (0, "very difficult"),
        (40, "fairly difficult"),
        (55, "normal"),
        (65, "fairly easy"),
        (80, "very easy"),
    ),
}
INFLESZ_PUBLIC = 55  # the INFLESZ scale's "normal": what its authors ask of text for the public


LONG_WORD = 3  # syllables: the words SMOG counts
SHOWN_SENTENCES, SHOWN_WORDS, SHOWN_PER_SECTION = 3, 6, 3


@dataclass(frozen=True)
class Grades:
    """The scores of one part of the text (or of all of it), and its longest words, most used first."""

    title: str
    sentences: int
    words: int
    scores: dict[str, float]
    long_words: list[tuple[str, int, int]]  # (word, syllables, times used)


@dataclass(frozen=True)
class Readability:
    language: str  # the language root the formulas are for, e.g. "en"
    formulas: tuple[str, ...]  # the grade formulas for the language
    overall: Grades
    parts: list[Grades]
    hardest: list[tuple[str, float]]  # the sentences that raise the grade most, and by how much

    @property
    def small_sample(self) -> bool:
        return SMOG in self.formulas and self.overall.sentences < SMOG_SAMPLE

    @property
    def gated(self) -> tuple[str, ...]:
        """The formulas whose grade is held to the limit: SMOG only on a sample it was made for."""
        return tuple(name for name in self.formulas if not (name == SMOG and self.small_sample))

    @property
    def grade(self) -> float:
        """The highest grade the gated formulas give the whole text."""
        return max(self.overall.scores[name] for name in self.gated)


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
        _hardest(everything.sentences(), language),
    )


def _grades(part: Part, language: str) -> Grades:
    sentence_list = part.sentences()
    word_list = [word for sentence in sentence_list for word in words(sentence)]
    syllables = [_syllables(word, language) for word in word_list]
    scores = _formulas(
        len(sentence_list), len(word_list), sum(syllables), sum(1 for n in syllables if n >= LONG_WORD)
    )
    names = GRADE_FORMULAS[language] + OTHER_SCORES.get(language, ())
    return Grades(
        part.title,
        len(sentence_list),
        len(word_list),
        {name: scores[name] for name in names},
        _long_words(word_list, syllables),
    )


def _long_words(word_list: list[str], syllables: list[int]) -> list[tuple[str, int, int]]:
    """Words of three or more syllables, each once (as first written), the most used and longest first."""
    counts: dict[str, list[Any]] = {}
    for word, count in zip(word_list, syllables, strict=True):
        if count >= LONG_WORD:
            found = counts.setdefault(word.lower(), [word, count, 0])
            found[2] += 1
    ranked = sorted(counts.values(), key=lambda found: (-found[2], -found[1], found[0].lower()))
    return [(word, count, uses) for word, count, uses in ranked]


def _hardest(sentence_list: list[str], language: str) -> list[tuple[str, float]]:
    """The sentences that raise the grade most, and by how much: the grade of the whole text less its
    grade without that sentence (so a short sentence with one long word does not outrank a long one
    full of them). Only sentences that raise it; a sentence said twice is counted once."""
    counts = {sentence: _counts(sentence, language) for sentence in dict.fromkeys(sentence_list)}
    total = [sum(found[n] for found in counts.values()) for n in range(4)]
    if total[0] < 2 or not total[1]:
        return []
    name = GRADE_FORMULAS[language][0]
    whole = _formulas(*total)[name]
    raised = []
    for sentence, found in counts.items():
        rest = [all_of - own for all_of, own in zip(total, found, strict=True)]
        if rest[1]:
            raised.append((sentence, round(whole - _formulas(*rest)[name], 1)))
    ranked = sorted((pair for pair in raised if pair[1] > 0), key=lambda pair: -pair[1])
    return ranked[:SHOWN_SENTENCES]


def _counts(sentence: str, language: str) -> tuple[int, int, int, int]:
    """Sentences (1), words, syllables and words of three syllables or more in one sentence."""
    syllables = [_syllables(word, language) for word in words(sentence)]
    return 1, len(syllables), sum(syllables), sum(1 for n in syllables if n >= LONG_WORD)


def band(name: str, score: float) -> str:
    """The name of the published band an ease score falls in."""
    return (
        [label for lowest, label in BANDS[name] if score >= lowest][-1] if score >= 0 else BANDS[name][0][1]
    )


@lru_cache(maxsize=8192)
def _syllables(word: str, language: str) -> int:
    return int(_meter(language).syllable_count(word))


def _formulas(sentences: int, words: int, syllables: int, polysyllables: int) -> dict[str, float]:
    """The published formulas, over our own count of sentences.

    textstat's own functions split the text again and drop "sentences" of one or two words while
    keeping their words, so a list of short symptoms would raise the grade of the text around it;
    here every list item is a sentence, as the report says, and textstat counts the syllables.
    """
    if not words:
        return dict.fromkeys((FK, SMOG, CRAWFORD, HUERTA, INFLESZ), 0.0)
    per_word = syllables / words
    per_100_words = 100 / words
    scores = {
        FK: 0.39 * words / sentences + 11.8 * per_word - 15.59,
        SMOG: 1.043 * math.sqrt(polysyllables * 30 / sentences) + 3.1291,
        CRAWFORD: -0.205 * sentences * per_100_words + 0.049 * syllables * per_100_words - 3.407,
        # With words per sentence, as Law (2011) corrected it: the form printed with sentences per 100
        # words scores shorter sentences as harder.
        HUERTA: 206.84 - 60 * per_word - 1.02 * words / sentences,
        INFLESZ: 206.835 - 62.3 * per_word - words / sentences,
    }
    return {name: round(score, 1) for name, score in scores.items()}


@cache
def _meter(language: str) -> textstatistics:
    # Imported here: textstat loads a pronouncing dictionary, which only a report needs.
    from textstat.textstat import textstatistics

    meter = textstatistics()
    meter.set_lang(language)
    return meter
