"""The reading-level part of the report: the grades, which of them gate, and what raises them.

Under 30 sentences SMOG is an estimate: shown, marked so, never a gate (Flesch-Kincaid gates alone).
The sentences with the highest grade on their own and the longest words, overall and per section,
say what to change when a grade is over its limit: a short section is often graded by one word.
"""

from __future__ import annotations

from ..errors import shorten
from .model import Check, Outcome, Part, gate, unchecked
from .readability import (
    BANDS,
    INFLESZ,
    INFLESZ_PUBLIC,
    SHORT_NAMES,
    SHOWN_PER_SECTION,
    SHOWN_WORDS,
    SMOG_SAMPLE,
    Grades,
    Readability,
    band,
)

TITLE = "Reading level"


def reading_part(grades: Readability | None, limit: int | None, language: str) -> Part:
    """`limit` is the grade a patient page is held to; None for a clinician summary (not gated)."""
    if grades is None:
        reason = f"no reading formula for this language ({language}): a person judges"
        return Part(TITLE, [unchecked("Grade", reason)])
    checks = [_grade_check(grades, name, limit) for name in grades.formulas]
    checks += [
        _ease_check(name, score, limit) for name, score in grades.overall.scores.items() if name in BANDS
    ]
    checks += _raisers(grades)
    by_section = [
        {
            "section": g.title,
            "sentences": g.sentences,
            "words": g.words,
            **g.scores,
            "long_words": [word for word, _, _ in g.long_words[:SHOWN_PER_SECTION]],
        }
        for g in grades.parts
    ]
    return Part(TITLE, checks, grades=by_section)


def _grade_check(grades: Readability, name: str, limit: int | None) -> Check:
    score = grades.overall.scores[name]
    if name not in grades.gated:  # SMOG on a small sample
        sentences = grades.overall.sentences
        estimate = f"an estimate: {sentences} sentences, and SMOG needs {SMOG_SAMPLE}; not a gate"
        over = limit is not None and score > limit
        outcome: Outcome = "warn" if over else "info"
        return Check(name, outcome, f"{score:g} ({estimate}" + (f"; over {limit})" if over else ")"), score)
    if limit is None:
        return Check(name, "info", f"{score:g} (clinician documents are not held to a grade)", score)
    return gate(name, "pass" if score <= limit else "fail", f"{score:g} (at most {limit})", score)


def _ease_check(name: str, score: float, limit: int | None) -> Check:
    """An ease score on its own bands; a patient page under INFLESZ's "normal" is warned, not failed (the
    grade is the gate)."""
    shown = f"{score:g}, {band(name, score)} (an ease score on its own bands: higher is easier)"
    if name == INFLESZ and limit is not None and score < INFLESZ_PUBLIC:
        return Check(
            name, "warn", f"{shown}; under {INFLESZ_PUBLIC}, the scale's normal for the public", score
        )
    return Check(name, "info", shown, score)


def _raisers(grades: Readability) -> list[Check]:
    """What raises the grade most: the sentences that raise it (by how much the whole text's grade would
    drop without each) and the longest words."""
    name = SHORT_NAMES[grades.formulas[0]]
    checks = []
    if grades.hardest:
        lines = tuple(f'{name} +{raised:g}: "{shorten(sentence, 70)}"' for sentence, raised in grades.hardest)
        checks.append(Check("Hardest sentences", "info", lines[0], grades.hardest[0][1], details=lines[1:]))
    checks.append(
        Check(
            "Longest words",
            "info",
            _words(grades.overall) or "none of three syllables or more",
            len(grades.overall.long_words),
        )
    )
    return checks


def _words(part: Grades) -> str:
    shown = [
        f"{word} ({syllables} syllables" + (f", {uses} times)" if uses > 1 else ")")
        for word, syllables, uses in part.long_words[:SHOWN_WORDS]
    ]
    more = len(part.long_words) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
