"""The reading-level part of the report: the grades, which of them gate, and what raises them.

Under 30 sentences SMOG is an estimate: shown, marked so, never a gate (Flesch-Kincaid gates alone).
The sentences with the highest grade on their own and the longest words, overall and per section,
say what to change when a grade is over its limit: a short section is often graded by one word.
"""

from __future__ import annotations

from ..errors import shorten
from .model import Check, Outcome, Part, unchecked
from .prose import KEY_MESSAGE
from .readability import (
    BANDS,
    CRAWFORD,
    FK,
    HUERTA,
    INFLESZ,
    INFLESZ_PUBLIC,
    SHORT_NAMES,
    SHOWN_PER_SECTION,
    SHOWN_WORDS,
    SMOG,
    SMOG_SAMPLE,
    Grades,
    Readability,
    band,
)
from .words import Words

# Each formula's check by its key, which programs and waivers name it by (as they always have: the
# formula's English name in lower case, runs of other characters made "_"); the key is also the
# catalogues' word for its name.
FORMULA_KEYS = {
    FK: "flesch_kincaid_grade",
    SMOG: "smog_grade",
    CRAWFORD: "crawford_grade",
    HUERTA: "fern_ndez_huerta_ease",
    INFLESZ: "szigriszt_pazos_inflesz",
}


def reading_part(grades: Readability | None, limit: int | None, language: str, words: Words) -> Part:
    """`limit` is the grade a patient page is held to; None for a clinician summary (not gated)."""
    title = words("part_reading_level")
    if grades is None:
        return Part(title, [unchecked(words, "grade", words("no_formula", language=language))])
    checks = [_grade_check(grades, name, limit, words) for name in grades.formulas]
    checks += [
        _ease_check(name, score, limit, words)
        for name, score in grades.overall.scores.items()
        if name in BANDS
    ]
    checks += _raisers(grades, words)
    by_section = [
        {
            # The key message is the report's name for it, the sections' titles the spec's own.
            "section": words("key_message") if number == 0 and g.title == KEY_MESSAGE else g.title,
            "sentences": g.sentences,
            "words": g.words,
            **g.scores,
            "long_words": [word for word, _, _ in g.long_words[:SHOWN_PER_SECTION]],
        }
        for number, g in enumerate(grades.parts)
    ]
    return Part(title, checks, grades=by_section)


def _formula(name: str, outcome: Outcome, shown: str, score: float, words: Words, *, gated: bool) -> Check:
    key = FORMULA_KEYS[name]
    return Check(key, words(key), outcome, shown, score, gate=gated)


def _grade_check(grades: Readability, name: str, limit: int | None, words: Words) -> Check:
    score = grades.overall.scores[name]
    if name not in grades.gated:  # SMOG on a small sample
        over = limit is not None and score > limit
        shown = words(
            "smog_estimate_over" if over else "smog_estimate",
            score=f"{score:g}",
            sentences=grades.overall.sentences,
            sample=SMOG_SAMPLE,
            **({"limit": limit} if over and limit is not None else {}),
        )
        return _formula(name, "warn" if over else "info", shown, score, words, gated=False)
    if limit is None:
        return _formula(name, "info", words("grade_clinician", score=f"{score:g}"), score, words, gated=False)
    shown = words("grade_limit", score=f"{score:g}", limit=limit)
    return _formula(name, "pass" if score <= limit else "fail", shown, score, words, gated=True)


def _ease_check(name: str, score: float, limit: int | None, words: Words) -> Check:
    """An ease score on its own bands; a patient page under INFLESZ's "normal" is warned, not failed (the
    grade is the gate)."""
    named = words("band_" + band(name, score).replace(" ", "_"))
    shown = words("ease_shown", score=f"{score:g}", band=named)
    if name == INFLESZ and limit is not None and score < INFLESZ_PUBLIC:
        shown = words("ease_under", shown=shown, public=INFLESZ_PUBLIC)
        return _formula(name, "warn", shown, score, words, gated=False)
    return _formula(name, "info", shown, score, words, gated=False)


def _raisers(grades: Readability, words: Words) -> list[Check]:
    """What raises the grade most: the sentences that raise it (by how much the whole text's grade would
    drop without each) and the longest words."""
    name = SHORT_NAMES[grades.formulas[0]]
    checks = []
    if grades.hardest:
        lines = tuple(f'{name} +{raised:g}: "{shorten(sentence, 70)}"' for sentence, raised in grades.hardest)
        checks.append(
            Check(
                "hardest_sentences",
                words("hardest_sentences"),
                "info",
                lines[0],
                grades.hardest[0][1],
                details=lines[1:],
            )
        )
    longest = _words(grades.overall, words) or words("no_long_words")
    checks.append(
        Check("longest_words", words("longest_words"), "info", longest, len(grades.overall.long_words))
    )
    return checks


def _words(part: Grades, words: Words) -> str:
    shown = [
        words("long_word_uses", word=word, syllables=syllables, uses=uses)
        if uses > 1
        else words("long_word", word=word, syllables=syllables)
        for word, syllables, uses in part.long_words[:SHOWN_WORDS]
    ]
    more = len(part.long_words) - len(shown)
    listed = ", ".join(shown)
    return words("and_more", words=listed, more=more) if more > 0 else listed
