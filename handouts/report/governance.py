"""The governance part of the report: version, review and its due date, the content hash, and for a
translation whether it is in step with its source."""

from __future__ import annotations

from datetime import date

from ..spec.governance import ReviewStatus, content_hash, review_status, short_hash
from ..spec.markup import plain
from ..spec.model import Spec
from ..spec.parity import Parity
from .model import Check, Outcome, Part, gate, info, unchecked
from .words import Words


def governance_part(spec: Spec, today: date, parity: Parity | None, words: Words) -> Part:
    review = spec.review
    status = review_status(spec, today)
    due: Outcome = "fail" if status.overdue else "warn" if status.due_soon else "pass"
    digest = content_hash(spec)
    reviewer, last = plain(review.reviewed_by), review.last_reviewed.isoformat()
    next_review = words("next_review_shown", date=review.next_review.isoformat(), due=_due(status, words))
    checks = [
        info(words, "version", "info", spec.version, spec.version),
        info(words, "reviewed_by", "info", reviewer, reviewer),
        info(words, "last_reviewed", "info", last, last),
        gate(words, "next_review", due, next_review, status.days_left),
        info(
            words,
            "content_hash",
            "info",
            words("content_hash_shown", digest=digest, short=short_hash(spec)),
            digest,
        ),
    ]
    return Part(words("part_governance"), checks + _translation_checks(spec, parity, words))


def _due(status: ReviewStatus, words: Words) -> str:
    """When the review is due, in words (as ReviewStatus.describe says it in English)."""
    if status.overdue:
        return words.count("overdue_by", -status.days_left)
    if status.days_left == 0:
        return words("due_today")
    return words.count("due_in", status.days_left)


def _translation_checks(spec: Spec, parity: Parity | None, words: Words) -> list[Check]:
    """A translation in step with its source passes; one that differs fails (it is not built), one whose
    source has changed since warns; one whose source was not found or looked for is not checked. The
    differences are the parity check's own lines (spec/parity.py), as validate prints them."""
    if spec.translation_of is None:
        return []
    name = "translation"
    if parity is None:
        return [unchecked(words, name, words("translation_no_source"))]
    if parity.source_file is None:
        return [unchecked(words, name, parity.reason)]
    if not parity.problems:
        shown = words("translation_in_step", declared=parity.declared, source=parity.source_file)
        return [gate(words, name, "pass", shown, parity.declared)]
    errors = any(problem.severity == "error" for problem in parity.problems)
    count = len(parity.problems)
    shown = words(
        "translation_differences_one" if count == 1 else "translation_differences",
        declared=parity.declared,
        count=count,
        source=parity.source_file,
    )
    details = tuple(f"{p.where}: {p.message}" if p.where else p.message for p in parity.problems)
    return [gate(words, name, "fail" if errors else "warn", shown, parity.declared, details)]
