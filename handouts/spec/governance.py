"""Governance: which version of which content a printed page carries, and whether it is due for review.

The content hash is taken over the validated spec, not the file's bytes, so re-wrapping lines or
editing a comment keeps it, while any change to what prints (or to the review record) gives a new
one. Its first twelve characters are printed in every footer and the whole of it is stored in the
PDF's keywords: a page found in a drawer can be traced to the exact spec that made it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from .figures import spec_figures
from .model import Spec

SHORT_HASH = 12  # characters printed on the page: enough to tell apart any two specs a clinic keeps
DUE_SOON_DAYS = 60  # "due soon" gives a review group two months to meet


def content_hash(spec: Spec) -> str:
    """The SHA-256 of the spec's content, as hex: canonical JSON, keys sorted, Unicode kept.

    Fields left at their defaults are left out, so a later release that adds an optional field to
    the spec does not change the hash of a spec that does not use it (nor fail its printed pages).
    A figure's image prints too: the SHA-256 of each image read is part of the content.
    """
    content = spec.model_dump(mode="json", exclude_defaults=True)
    images = {
        figure.image: hashlib.sha256(figure.picture.data).hexdigest()
        for figure in spec_figures(spec)
        if figure.picture is not None
    }
    if images:  # only then: the hash of a spec without figures is what it always was
        content["images"] = images
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_hash(spec: Spec) -> str:
    return content_hash(spec)[:SHORT_HASH]


@dataclass(frozen=True)
class ReviewStatus:
    next_review: date
    days_left: int  # negative once overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return 0 <= self.days_left <= DUE_SOON_DAYS

    def describe(self) -> str:
        if self.overdue:
            return f"overdue by {-self.days_left} day{'s' if self.days_left != -1 else ''}"
        if self.days_left == 0:
            return "due today"
        return f"due in {self.days_left} day{'s' if self.days_left != 1 else ''}"


def review_status(spec: Spec, today: date) -> ReviewStatus:
    return ReviewStatus(spec.review.next_review, (spec.review.next_review - today).days)
