"""How a spec fits every way a clinic prints it: each page size, with and without the clinic's profile,
and in large print, measured in memory (nothing is drawn), so an author knows before the nurse does.

A clinic profile may name the variants it prints (`variants = ["letter", "letter large print"]`);
then those are fitted, with the profile. Personal details never change what fits (the room for them is
part of every page), so they are not a variant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..build import preflight
from ..document import Document
from ..errors import FitError
from ..layout.page_layout import Layout
from ..spec.model import Spec
from ..standards import MAX_PAGES, PAGE_SIZES, PageSize
from .output import pad, shown_width
from .words import Words, english_words, report_words

if TYPE_CHECKING:
    from ..clinic.profile import Profile


@dataclass(frozen=True)
class Variant:
    """One way of printing a spec."""

    page_size: PageSize
    clinic: Profile | None = None
    large_print: bool = False
    # The fit report's words: those of the profile it was asked about, for every variant (words.py).
    words: Words = field(default_factory=english_words, compare=False, repr=False)

    @property
    def name(self) -> str:
        """As a reader of the fit report sees it: "letter, Riverside Clinic, large print"."""
        parts = [self.page_size] + ([self.clinic.clinic.name] if self.clinic else [])
        return ", ".join(parts + ([self.words("large_print")] if self.large_print else []))


@dataclass(frozen=True)
class Fit:
    """How a spec fits one variant: the body size chosen and the lines to spare, or what stops it."""

    variant: Variant
    body_size: float | None = None  # None: it does not fit, or cannot be built
    pages: int = 1
    # Lines of body text over when it does not fit; when it does, the lines it could still gain before
    # it would be refused (at the smallest type and tightest spacing): how close it is to the edge.
    lines: int = 0
    problem: str = ""  # why it cannot be built at all (a missing disclaimer, say)

    @property
    def fits(self) -> bool:
        return self.body_size is not None


def variants(spec: Spec, clinic: Profile | None) -> list[Variant]:
    """The profile's own variants, if it names them; else every page size, without and with the profile
    (when there is one), each also in large print for a patient handout."""
    words = report_words(clinic)
    if clinic is not None and clinic.clinic.variants:
        named = [name.split(" ", 1) for name in clinic.clinic.variants]
        return [Variant(parts[0], clinic, len(parts) > 1, words) for parts in named]  # type: ignore[arg-type]
    large = (False, True) if spec.audience == "patient" else (False,)
    profiles = (None, clinic) if clinic is not None else (None,)
    return [
        Variant(size, profile, big, words) for profile in profiles for size in PAGE_SIZES for big in large
    ]


def fit_variant(spec: Spec, variant: Variant, file: str) -> Fit:
    document = Document(spec, variant.clinic, None, variant.large_print, variant.page_size)
    problems = preflight(document, file)
    if problems:
        first = problems[0]
        return Fit(variant, problem=f"{first.where or first.setting or first.file}: {first.message}")
    layout = Layout(document)
    try:
        fitted = layout.fit()
    except FitError as error:
        return Fit(variant, lines=error.lines or 0, problem="" if error.lines else str(error))
    return Fit(variant, fitted.body_size, len(fitted.arrangement.sheets), _headroom(layout))


def _headroom(layout: Layout) -> int:
    """Lines the document could gain before it is refused: room at the smallest type and tightest
    spacing on the fullest page, and whole pages more if it may take more than it needs there."""
    template = layout.template
    tightest = layout.measure(template.minimum, template.typography.levels - 1)
    line = tightest.page.line
    spare = math.floor(-tightest.over / line + 1e-9)
    pages = MAX_PAGES[layout.document.kind] - len(tightest.sheets)
    return max(spare, 0) + pages * math.floor(layout.frame[1] / line)


def fit_variants(spec: Spec, clinic: Profile | None, file: str = "<spec>") -> list[Fit]:
    """How `spec` fits each of its variants (see `variants`)."""
    return [fit_variant(spec, variant, file) for variant in variants(spec, clinic)]


def fit_rows(fits: list[Fit]) -> list[str]:
    """The fit report's rows: each variant's name, padded to line up in any script, then its line."""
    width = max((shown_width(fit.variant.name) for fit in fits), default=0)
    return [f"  {pad(fit.variant.name, width)}  {fit_line(fit)}" for fit in fits]


def fit_line(fit: Fit) -> str:
    """One variant's row of the fit report, after its name (a problem is the build's own message)."""
    words = fit.variant.words
    if fit.problem:
        return words("fit_cannot_build", problem=fit.problem)
    if fit.body_size is None:
        return words("fit_over", lines=fit.lines)
    size = f"{fit.body_size:g}"
    if fit.pages > 1:
        return words("fit_spare_pages", size=size, pages=fit.pages, lines=fit.lines)
    return words("fit_spare", size=size, lines=fit.lines)


def require_every_fit(spec: Spec, clinic: Profile | None, file: str) -> None:
    """FitError naming the variants a spec does not fit, if any: a spec that fits only some of the ways
    its clinic prints it fails a strict build."""
    # An error, and errors are in English: so are the variants' names in it.
    fits = fit_variants(spec, clinic, file)
    failed = [replace(fit.variant, words=english_words()).name for fit in fits if not fit.fits]
    if failed:
        raise FitError(
            f"{file}: fits only some of the ways it is printed: not {'; not '.join(failed)} "
            "(see handouts fit)"
        )
