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
from ..spec.governance import content_hash, review_status, short_hash
from ..spec.markup import plain
from ..spec.model import Spec
from ..spec.parity import Parity
from ..standards import DEFAULT_READING_GRADE
from .accessibility import accessibility_part
from .actionability import Actionability, Contact, actionability
from .legibility import legibility_part
from .model import Check, Outcome, Part, Report, gate, quote, unchecked
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

FIT = "Fit"


def make_report(
    built: Built, *, file: str, today: date | None = None, parity: Parity | None = None
) -> Report:
    """The report on a built document, judged with what it was built with (its clinic above all); a
    translation's `parity` is what checking it against its source found (Sources.check)."""
    document = built.document
    pages = read_pages(built.pdf)
    sheets = "1 page" if built.pages == 1 else f"{built.pages} pages"
    fit = Part(
        FIT, [gate("Fits the page", "pass", f"{sheets}, body type {built.body_size:g} pt", built.pages)]
    )
    printed = [
        legibility_part(document.spec, built.pdf, pages, document.kind),
        accessibility_part(document.spec, built.pdf),
    ]
    return _report(document, file, [fit, *printed], today, parity)


def report_unfitted(
    document: Document, *, file: str, reason: str, today: date | None = None, parity: Parity | None = None
) -> Report:
    """The report on a document that does not fit its page(s): everything judged from its words, the
    fit as a failed gate (`reason` says by how much), and what is read from a PDF not checked."""
    fit = Part(FIT, [gate("Fits the page", "fail", reason)])
    not_made = "no page was made: shorten the text until it fits"
    printed = [
        Part("Print legibility (read from the PDF)", [unchecked("Legibility", not_made, is_gate=False)]),
        Part("Accessibility (read from the PDF's tags)", [unchecked("Tags", not_made, is_gate=False)]),
    ]
    return _report(document, file, [fit, *printed], today, parity)


def _report(
    document: Document, file: str, printed: list[Part], today: date | None, parity: Parity | None
) -> Report:
    spec = document.spec
    found = [*_words_parts(document), *printed, _governance_part(spec, today or date.today(), parity)]
    if spec.report is not None:
        found = apply_waivers(found, spec.report.waive)
    return Report(
        file,
        spec.id,
        plain(spec.title),
        spec.audience,
        spec.language,
        document.paper,
        document.large_print,
        found,
    )


def _words_parts(document: Document) -> list[Part]:
    """Reading level, and for a patient document plain language and actionability."""
    spec, clinic = document.spec, document.clinic
    patient = spec.audience == "patient"
    limit = (clinic.clinic.reading_grade if clinic else None) or DEFAULT_READING_GRADE
    grades = readability(spec)
    found = [reading_part(grades, limit if patient else None, spec.language)]
    if patient:
        language = plain_language(spec)
        actions = actionability(spec, clinic, language, grades.grade <= limit if grades else None)
        found += [_plain_language_part(language, spec.language), _actionability_part(actions, spec.language)]
    return found


# --- plain language ------------------------------------------------------------------------------------


def _plain_language_part(language: PlainLanguage, tag: str) -> Part:
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
        _terms_check(language, tag),
    ]
    return Part("Plain language", checks)


def _terms_check(language: PlainLanguage, tag: str) -> Check:
    """Every listed term explained at first use. The shipped list is English: on a page in another
    language only the spec's own definitions can be judged, so the gate is not checked unless one of
    them fails."""
    name = "Medical terms"
    if language.unexplained:
        shown = "; ".join(_unexplained(term) for term in language.unexplained)
        return gate(name, "fail", shown, len(language.unexplained))
    if not language.known:
        own = f"; the spec's own definitions are: {', '.join(language.terms)}" if language.terms else ""
        return unchecked(
            name, f"the shipped term lists are for {', '.join(KNOWN)} and the page is {tag}{own}"
        )
    shown = (
        f"each explained where it first appears: {', '.join(language.terms)}"
        if language.terms
        else "none used"
    )
    return gate(name, "pass", shown, 0)


def _passive_check(language: PlainLanguage) -> Check:
    if not language.known:
        return unchecked("Passive voice", f"the heuristic is for {', '.join(KNOWN)} text", is_gate=False)
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


def _actionability_part(found: Actionability, tag: str) -> Part:
    checks = [_actions_check(found, tag), _help_check(found), _contact_check(found.contact)]
    return Part("Actionability", checks, items=found.items)


def _actions_check(found: Actionability, tag: str) -> Check:
    name = "Actions for the reader"
    if found.actions:
        return gate(name, "pass", f"{len(found.actions)}, e.g. {quote(found.actions[0])}", len(found.actions))
    if not found.orders_known:  # only numbered steps were recognised: a person reads the rest
        reason = f"no numbered steps, and instructions are recognised in English and Spanish only, not {tag}"
        return unchecked(name, f"{reason}: a person checks")
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


def _governance_part(spec: Spec, today: date, parity: Parity | None) -> Part:
    review = spec.review
    status = review_status(spec, today)
    due: Outcome = "fail" if status.overdue else "warn" if status.due_soon else "pass"
    digest = content_hash(spec)
    checks = [
        Check("Version", "info", spec.version, spec.version),
        Check("Reviewed by", "info", plain(review.reviewed_by), plain(review.reviewed_by)),
        Check("Last reviewed", "info", review.last_reviewed.isoformat(), review.last_reviewed.isoformat()),
        gate("Next review", due, f"{review.next_review.isoformat()}, {status.describe()}", status.days_left),
        Check(
            "Content hash",
            "info",
            f"sha256 {digest} (the footer prints {short_hash(spec)}; the PDF keywords hold it all)",
            digest,
        ),
    ]
    return Part("Governance", checks + _translation_checks(spec, parity))


def _translation_checks(spec: Spec, parity: Parity | None) -> list[Check]:
    """A translation in step with its source passes; one that differs fails (it is not built), one whose
    source has changed since warns; one whose source was not found or looked for is not checked."""
    if spec.translation_of is None:
        return []
    name = "Translation"
    if parity is None:
        return [unchecked(name, "source not found: none was given to check against")]
    if parity.source_file is None:
        return [unchecked(name, parity.reason)]
    if not parity.problems:
        return [
            gate(name, "pass", f"of {parity.declared}: in step with {parity.source_file}", parity.declared)
        ]
    errors = any(problem.severity == "error" for problem in parity.problems)
    count = len(parity.problems)
    shown = f"of {parity.declared}: {count} difference{'s' * (count != 1)} from {parity.source_file}"
    details = tuple(f"{p.where}: {p.message}" if p.where else p.message for p in parity.problems)
    return [gate(name, "fail" if errors else "warn", shown, parity.declared, details)]
