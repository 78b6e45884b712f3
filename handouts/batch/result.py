"""One spec of a batch built, as a worker hands it back: everything the parent reports and writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..build import Built, Options, build_checked, passed_over
from ..errors import HandoutsError, Problem
from ..layout.remembered import Remembered
from ..spec.figures import image_files
from ..spec.loading import Checked, validate_file
from ..spec.translations import Sources


@dataclass(frozen=True)
class Result:
    source: Path
    warnings: tuple[Problem, ...]
    error: HandoutsError | None = None
    spec_id: str = ""
    pdf: bytes = b""
    description: str = ""
    report: str | None = None  # the quality report as text, when asked for
    gates_failed: int = 0
    until: date | None = None  # the spec's next review: a clean build stays clean until then
    fitted: Remembered | None = None  # what the fitting chose, for the next build to check first
    passed_over: str = ""  # why it was not built, though nothing is wrong with it (build.passed_over)
    images: tuple[Path, ...] = ()  # the figure images it read, which its PDF must not replace


def build_one(
    source: Path,
    options: Options,
    with_report: bool,
    among: Sources | None = None,
    remembered: Remembered | None = None,
) -> Result:
    """Build one spec; what goes wrong for the user (a HandoutsError) is part of the result, not raised.
    A translation is checked against its source, found `among` the batch's specs or beside it.
    `remembered`: what the last build of this spec into the same folder chose (see build_pdf)."""
    checked = validate_file(source, strict=options.strict)
    checked = (among or Sources([source])).check(checked, source, strict=options.strict)
    if reason := passed_over(checked, options):
        return Result(source, (), passed_over=reason)
    warnings = tuple(checked.warnings)
    try:
        built = build_checked(checked, options, remembered)
        warnings += built.warnings
        if options.strict:
            from ..report.fits import require_every_fit

            require_every_fit(built.spec, options.clinic, checked.file)
        report, gates_failed = _report(built, checked) if with_report else (None, 0)
    except HandoutsError as error:
        return Result(source, warnings, error=error)
    images = tuple(image_files(checked.draft, source))
    return Result(
        source,
        warnings,
        images=images,
        spec_id=built.spec.id,
        pdf=built.pdf,
        description=describe(built),
        report=report,
        gates_failed=gates_failed,
        until=built.spec.review.next_review,
        fitted=built.remembered,
    )


def _report(built: Built, checked: Checked) -> tuple[str, int]:
    """The quality report as text, and how many of its gates failed."""
    from ..report.make import make_report
    from ..report.output import report_text

    quality = make_report(built, file=checked.file, parity=checked.parity)
    return report_text(quality), len(quality.failed)


def describe(built: Built) -> str:
    kind = "clinician summary" if built.spec.audience == "clinician" else "patient handout"
    pages = f", {built.pages} pages" if built.pages > 1 else ""
    return f"{kind}, {built.page_size}, body type {built.body_size:g} pt{pages}"
