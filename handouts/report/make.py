"""The quality report: for one built document, the evidence that it meets the standards a clinic is held to.

Its parts: reading level, plain language, actionability (patient documents only), the fit, print
legibility (read back from the built PDF, never from the spec), accessibility (read from its tags) and
governance. Each check passes, fails, warns or informs, or says it could not be checked (no data for
the page's language: never a pass); a failing gate fails the report, and the CLI turns that into exit
status 1, unless the spec waives that gate with a reason (waivers.py). Clinician documents are
measured for reading level but not held to a grade. A document that does not fit is still reported
on: its words, with the fit as a failed gate (report_unfitted).
"""

from __future__ import annotations

from datetime import date

from ..build import Built
from ..document import Document
from ..pdf.printed import read_pages
from ..spec.markup import plain
from ..spec.parity import Parity
from ..standards import DEFAULT_READING_GRADE
from .accessibility import accessibility_part
from .actionability import Actionability, Contact, actionability
from .governance import governance_part
from .legibility import legibility_part
from .model import Check, Outcome, Part, Report, gate, info, quote, unchecked
from .plain_language import (
    KNOWN,
    LONG_SENTENCE,
    MAX_AVERAGE_SENTENCE,
    MAX_LIST_ITEMS,
    MAX_PASSIVE_SHARE,
    PlainLanguage,
    Unexplained,
    plain_language,
)
from .readability import readability
from .reading import reading_part
from .waivers import apply_waivers
from .words import Words, report_words


def make_report(
    built: Built, *, file: str, today: date | None = None, parity: Parity | None = None
) -> Report:
    """The report on a built document, judged with what it was built with (its clinic above all); a
    translation's `parity` is what checking it against its source found (Sources.check)."""
    document = built.document
    words = report_words(document.clinic)
    pages = read_pages(built.pdf)
    sheets = words.count("pages_count", built.pages)
    shown = words("fits_shown", sheets=sheets, size=f"{built.body_size:g}")
    fit = Part(words("part_fit"), [gate(words, "fits_the_page", "pass", shown, built.pages)])
    printed = [
        legibility_part(document.spec, built.pdf, pages, document.kind, words),
        accessibility_part(document.spec, built.pdf, words),
    ]
    return _report(document, file, [fit, *printed], today, parity, words)


def report_unfitted(
    document: Document, *, file: str, reason: str, today: date | None = None, parity: Parity | None = None
) -> Report:
    """The report on a document that does not fit its page(s): everything judged from its words, the
    fit as a failed gate (`reason` says by how much), and what is read from a PDF not checked."""
    words = report_words(document.clinic)
    fit = Part(words("part_fit"), [gate(words, "fits_the_page", "fail", reason)])
    not_made = words("no_page_made")
    printed = [
        Part(words("part_legibility"), [unchecked(words, "legibility", not_made, is_gate=False)]),
        Part(words("part_accessibility"), [unchecked(words, "tags", not_made, is_gate=False)]),
    ]
    return _report(document, file, [fit, *printed], today, parity, words)


def _report(
    document: Document,
    file: str,
    printed: list[Part],
    today: date | None,
    parity: Parity | None,
    words: Words,
) -> Report:
    spec = document.spec
    governance = governance_part(spec, today or date.today(), parity, words)
    found = [*_words_parts(document, words), *printed, governance]
    if spec.report is not None:
        found = apply_waivers(found, spec.report.waive, words)
    return Report(
        file,
        spec.id,
        plain(spec.title),
        spec.audience,
        spec.language,
        document.paper,
        document.large_print,
        found,
        words,
    )


def _words_parts(document: Document, words: Words) -> list[Part]:
    """Reading level, and for a patient document plain language and actionability."""
    spec, clinic = document.spec, document.clinic
    patient = spec.audience == "patient"
    limit = (clinic.clinic.reading_grade if clinic else None) or DEFAULT_READING_GRADE
    grades = readability(spec)
    found = [reading_part(grades, limit if patient else None, spec.language, words)]
    if patient:
        language = plain_language(spec)
        actions = actionability(spec, clinic, language, grades.grade <= limit if grades else None, words)
        found += [
            _plain_language_part(language, spec.language, words),
            _actionability_part(actions, spec.language, words),
        ]
    return found


# --- plain language ------------------------------------------------------------------------------------


def _plain_language_part(language: PlainLanguage, tag: str, words: Words) -> Part:
    capitals = ", ".join(language.capitals)
    checks = [
        *_sentence_checks(language, tag, words),
        _passive_check(language, words),
        Check(
            f"lists_over_{MAX_LIST_ITEMS}_items",
            words("lists_over_items", count=MAX_LIST_ITEMS),
            "warn" if language.long_lists else "info",
            "; ".join(words("list_has", path=path, items=items) for path, items in language.long_lists)
            or words("none"),
            len(language.long_lists),
        ),
        info(
            words,
            "all_capital_words",
            "warn" if language.capitals else "info",
            capitals or words("none"),
            len(language.capitals),
        ),
        _terms_check(language, tag, words),
    ]
    return Part(words("part_plain_language"), checks)


def _sentence_checks(language: PlainLanguage, tag: str, words: Words) -> list[Check]:
    """The sentences' lengths in words; not checked where words are not set apart by spaces."""
    if not language.counted:
        reason = words("words_unspaced", language=tag)
        return [
            unchecked(words, "average_sentence", reason),
            unchecked(words, "longest_sentence", reason, is_gate=False),
        ]
    average = language.average_sentence
    return [
        gate(
            words,
            "average_sentence",
            "pass" if average <= MAX_AVERAGE_SENTENCE else "fail",
            words("average_sentence_shown", words=f"{average:g}", limit=MAX_AVERAGE_SENTENCE),
            average,
        ),
        info(
            words,
            "longest_sentence",
            "warn" if language.longest_words > LONG_SENTENCE else "info",
            words(
                "longest_sentence_shown",
                words=language.longest_words,
                sentence=quote(language.longest_sentence),
            ),
            language.longest_words,
        ),
    ]


def _terms_check(language: PlainLanguage, tag: str, words: Words) -> Check:
    """Every listed term explained at first use. The shipped list is English: on a page in another
    language only the spec's own definitions can be judged, so the gate is not checked unless one of
    them fails."""
    name = "medical_terms"
    if language.unexplained:
        shown = "; ".join(_unexplained(term, words) for term in language.unexplained)
        return gate(words, name, "fail", shown, len(language.unexplained))
    if not language.known:
        known = ", ".join(KNOWN)
        reason = (
            words("no_term_list_own", languages=known, tag=tag, terms=", ".join(language.terms))
            if language.terms
            else words("no_term_list", languages=known, tag=tag)
        )
        return unchecked(words, name, reason)
    shown = (
        words("terms_explained", terms=", ".join(language.terms)) if language.terms else words("none_used")
    )
    return gate(words, name, "pass", shown, 0)


def _passive_check(language: PlainLanguage, words: Words) -> Check:
    if not language.known:
        why = words("heuristic_for", languages=", ".join(KNOWN))
        return unchecked(words, "passive_voice", why, is_gate=False)
    share = f"{language.passive_share:.0%}"
    shown = (
        words("passive_example", share=share, sentence=quote(language.passive[0]))
        if language.passive
        else words("passive_shown", share=share)
    )
    outcome: Outcome = "warn" if language.passive_share > MAX_PASSIVE_SHARE else "info"
    return info(words, "passive_voice", outcome, shown, round(language.passive_share, 3))


def _unexplained(term: Unexplained, words: Words) -> str:
    if term.hint:
        return words("term_unexplained_hint", term=repr(term.term), path=term.path, hint=term.hint)
    return words("term_unexplained", term=repr(term.term), path=term.path)


# --- actionability -------------------------------------------------------------------------------------


def _actionability_part(found: Actionability, tag: str, words: Words) -> Part:
    checks = [
        _actions_check(found, tag, words),
        _help_check(found, words),
        _contact_check(found.contact, words),
    ]
    return Part(words("part_actionability"), checks, items=found.items)


def _actions_check(found: Actionability, tag: str, words: Words) -> Check:
    name = "actions_for_the_reader"
    if found.actions:
        shown = words("actions_shown", count=len(found.actions), sentence=quote(found.actions[0]))
        return gate(words, name, "pass", shown, len(found.actions))
    if not found.orders_known:  # only numbered steps were recognised: a person reads the rest
        return unchecked(words, name, words("actions_unknown", tag=tag))
    return gate(words, name, "fail", words("actions_none"), 0)


def _help_check(found: Actionability, words: Words) -> Check:
    name = "get_help_now"
    if found.help_block and found.help_from_clinic:
        shown = words("help_from_clinic", callout=quote(found.help_block))
        return gate(words, name, "pass", shown, found.help_block)
    if found.help_block:
        shown = words("help_gives_phone", callout=quote(found.help_block))
        return gate(words, name, "pass", shown, found.help_block)
    if found.urgent_blocks:
        return gate(words, name, "fail", words("help_no_phone"), None)
    return gate(words, name, "fail", words("help_none"), None)


def _contact_check(contact: Contact, words: Words) -> Check:
    name = "contact_details"
    if contact.kind == "given" and contact.clinic_file is not None:
        return gate(words, name, "pass", words("contact_from_clinic", file=contact.clinic_file), contact.kind)
    if contact.kind == "given":
        return gate(words, name, "pass", words("contact_from_spec"), contact.kind)
    if contact.kind == "write-in":
        return gate(words, name, "warn", words("contact_write_in"), contact.kind)
    return gate(words, name, "fail", words("contact_missing"), contact.kind)
