"""The quality report: for one built document, the evidence that it meets the standards a clinic is held to.

Six parts: reading level, plain language, actionability (patient documents only), print legibility
(read back from the built PDF, never from the spec), accessibility (read from its tags) and
governance. Each check passes, fails, warns or informs; a failing gate fails the report, and the
CLI turns that into exit status 1. Clinician documents are measured for reading level but not held
to a grade.
"""

from __future__ import annotations

from datetime import date

from ..build import Built
from ..pdf.printed import read_pages
from ..spec.governance import content_hash, review_status, short_hash
from ..spec.markup import plain
from ..standards import DEFAULT_READING_GRADE
from .accessibility import accessibility_part
from .actionability import Actionability, Contact, actionability
from .legibility import legibility_part
from .model import Check, Outcome, Part, Report, gate, quote
from .plain_language import (
    LONG_SENTENCE,
    MAX_AVERAGE_SENTENCE,
    MAX_LIST_ITEMS,
    MAX_PASSIVE_SHARE,
    PlainLanguage,
    Unexplained,
    plain_language,
)
from .readability import SMOG_SAMPLE, Readability, readability


def make_report(built: Built, *, file: str, today: date | None = None) -> Report:
    """The report on a built document, judged with what it was built with (its clinic above all)."""
    document = built.document
    spec, clinic = document.spec, document.clinic
    patient = spec.audience == "patient"
    limit = (clinic.clinic.reading_grade if clinic else None) or DEFAULT_READING_GRADE
    grades = readability(spec)
    found = [_reading_part(grades, limit if patient else None)]
    if patient:
        language = plain_language(spec)
        actions = actionability(spec, clinic, language, grades.grade <= limit if grades else None)
        found += [_plain_language_part(language), _actionability_part(actions)]
    pages = read_pages(built.pdf)
    found += [
        legibility_part(spec, built.pdf, pages, document.kind),
        accessibility_part(spec, built.pdf),
        _governance_part(built, today or date.today()),
    ]
    return Report(
        file,
        spec.id,
        plain(spec.title),
        spec.audience,
        spec.language,
        built.page_size,
        built.large_print,
        found,
    )


# --- reading level -----------------------------------------------------------------------------------


def _reading_part(grades: Readability | None, limit: int | None) -> Part:
    title = "Reading level"
    if grades is None:
        return Part(title, [Check("Grade", "info", "no reading formula for this language: a person judges")])
    checks = []
    for name in grades.gated:
        score = grades.overall.scores[name]
        if limit is None:
            checks.append(
                Check(name, "info", f"{score:g} (clinician documents are not held to a grade)", score)
            )
        else:
            outcome: Outcome = "pass" if score <= limit else "fail"
            checks.append(gate(name, outcome, f"{score:g} (at most {limit})", score))
    for name, score in grades.overall.scores.items():
        if name not in grades.gated:
            checks.append(Check(name, "info", f"{score:g} (an ease score: higher is easier)", score))
    if grades.small_sample:
        sentences = grades.overall.sentences
        checks.append(
            Check(
                "Sample size",
                "warn",
                f"{sentences} sentences; SMOG needs {SMOG_SAMPLE} to be reliable, so read it as an estimate",
                sentences,
            )
        )
    by_section = [
        {"section": g.title, "sentences": g.sentences, "words": g.words, **g.scores} for g in grades.parts
    ]
    return Part(title, checks, grades=by_section)


# --- plain language ------------------------------------------------------------------------------------


def _plain_language_part(language: PlainLanguage) -> Part:
    average = language.average_sentence
    checks = [
        gate(
            "Average sentence",
            "pass" if average <= MAX_AVERAGE_SENTENCE else "fail",
            f"{average:g} words (at most {MAX_AVERAGE_SENTENCE}; list items count as sentences)",
            average,
        ),
        Check(
            "Longest sentence",
            "warn" if language.longest_words > LONG_SENTENCE else "info",
            f"{language.longest_words} words: {quote(language.longest_sentence)}",
            language.longest_words,
        ),
        _passive_check(language),
        Check(
            f"Lists over {MAX_LIST_ITEMS} items",
            "warn" if language.long_lists else "info",
            "; ".join(f"{path} has {items}" for path, items in language.long_lists) or "none",
            len(language.long_lists),
        ),
        Check(
            "All-capital words",
            "warn" if language.capitals else "info",
            ", ".join(language.capitals) or "none",
            len(language.capitals),
        ),
        gate(
            "Medical terms",
            "fail" if language.unexplained else "pass",
            "; ".join(_unexplained(term) for term in language.unexplained)
            or (
                f"each explained where it first appears: {', '.join(language.terms)}"
                if language.terms
                else "none used"
                if language.english
                else "none of the spec's own definitions used (the shipped term list is English)"
            ),
            len(language.unexplained),
        ),
    ]
    return Part("Plain language", checks)


def _passive_check(language: PlainLanguage) -> Check:
    if not language.english:
        return Check("Passive voice", "info", "not measured: the heuristic is for English text")
    return Check(
        "Passive voice",
        "warn" if language.passive_share > MAX_PASSIVE_SHARE else "info",
        f"{language.passive_share:.0%} of sentences"
        + (f", e.g. {quote(language.passive[0])}" if language.passive else ""),
        round(language.passive_share, 3),
    )


def _unexplained(term: Unexplained) -> str:
    hint = f' (e.g. "{term.hint}")' if term.hint else ""
    return f"{term.term!r} at {term.path} is not explained at first use{hint}"


# --- actionability -------------------------------------------------------------------------------------


def _actionability_part(found: Actionability) -> Part:
    checks = [_actions_check(found), _help_check(found), _contact_check(found.contact)]
    return Part("Actionability", checks, items=found.items)


def _actions_check(found: Actionability) -> Check:
    name = "Actions for the reader"
    if found.actions:
        return gate(name, "pass", f"{len(found.actions)}, e.g. {quote(found.actions[0])}", len(found.actions))
    if not found.orders_known:  # only numbered steps were recognised: a person reads the rest
        advice = "no numbered steps; instructions are recognised in English and Spanish only: a person checks"
        return gate(name, "warn", advice, 0)
    return gate(
        name, "fail", "none: tell the reader what to do (numbered steps, or sentences like 'Call us if')", 0
    )


def _help_check(found: Actionability) -> Check:
    name = "Get help now"
    if found.help_block and found.help_from_clinic:
        shown = f"{quote(found.help_block)} carries the clinic's out-of-hours number"
        return gate(name, "pass", shown, found.help_block)
    if found.help_block:
        return gate(name, "pass", f"{quote(found.help_block)} gives a phone number", found.help_block)
    if found.urgent_blocks:
        return gate(name, "fail", "no urgent callout gives a phone number", None)
    return gate(name, "fail", 'none: add a callout with level = "urgent" saying when and whom to call', None)


def _contact_check(contact: Contact) -> Check:
    if contact.kind == "given":
        return gate("Contact details", "pass", f"from {contact.source}", contact.kind)
    if contact.kind == "write-in":
        advice = "write the clinic's phone on each copy, or build with a clinic profile (--clinic)"
        return gate("Contact details", "warn", f"{contact.source}: {advice}", contact.kind)
    return gate("Contact details", "fail", f"{contact.source}: add a phone number", contact.kind)


# --- governance ------------------------------------------------------------------------------------------


def _governance_part(built: Built, today: date) -> Part:
    review = built.spec.review
    status = review_status(built.spec, today)
    due: Outcome = "fail" if status.overdue else "warn" if status.due_soon else "pass"
    digest = content_hash(built.spec)
    checks = [
        Check("Version", "info", built.spec.version, built.spec.version),
        Check("Reviewed by", "info", plain(review.reviewed_by), plain(review.reviewed_by)),
        Check("Last reviewed", "info", review.last_reviewed.isoformat(), review.last_reviewed.isoformat()),
        gate("Next review", due, f"{review.next_review.isoformat()}, {status.describe()}", status.days_left),
        Check(
            "Content hash",
            "info",
            f"sha256 {digest} (the footer prints {short_hash(built.spec)}; the PDF keywords hold it all)",
            digest,
        ),
    ]
    return Part("Governance", checks)
