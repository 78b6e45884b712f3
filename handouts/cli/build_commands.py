"""The commands that build: build (PDF files), fit (every way a spec is printed, measured in memory)
and report (quality reports, built in memory)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from handouts import (
    FitError,
    HandoutsError,
    Manifest,
    Options,
    Sources,
    SpecError,
    build_checked,
    default_jobs,
    file_name,
    find_profile,
    find_specs,
    passed_over,
    run_batch,
    shared_ids,
    validate_file,
)

from .errors import FAILED, INTERRUPTED, INVALID, error_lines, problem_line
from .options import CLINIC, LARGE_PRINT, PAGE_SIZE, STRICT, build_options, named
from .progress import Progress, passed_over_line, summary

if TYPE_CHECKING:  # the report (and pypdf, which reads the PDF back) is imported by `report` alone
    from handouts import Report


@click.command()
@click.argument("specs", nargs=-1, required=True)
@click.option(
    "-o", "--output", callback=named, help="PDF file for one spec; folder for several.  [default: out/ID.pdf]"
)
@click.option(
    "--report", "with_report", is_flag=True, help="Print each quality report; write only PDFs that pass it."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Build N specs at a time, in worker processes (1: one after another, in this process).  "
    "[default: the number of CPUs]",
)
@click.option(
    "--force", is_flag=True, help="Build every spec, even those whose PDF in the output folder is up to date."
)
@build_options
def build(
    specs: tuple[str, ...],
    output: str | None,
    with_report: bool,
    jobs: int | None,
    force: bool,
    options: Options,
) -> None:
    """Build one-page PDFs from spec files (or folders of them).

    Large print writes ID-large-print.pdf, so both versions can share a folder. With --report, a
    document that fails a gate of its quality report is not written, and the exit status is 1. A spec
    that cannot be built is reported and the others are still built; the exit status is then 2. On a
    terminal, a batch shows a progress bar; Ctrl-C stops it (exit status 130) with every PDF either
    written whole or not at all. Into a folder, only what changed since the last build there is built
    again (a manifest in the folder keeps track); --force builds everything.
    """
    if options.prepared and output is None:
        _fail("--patient, --date and --clinician need -o: a personalised copy must not replace out/ID.pdf")
    if with_report:
        _report_words_reviewed(options)
    sources = find_specs(specs)
    # One spec to a file; but a folder named as input writes into a folder, however few specs it holds,
    # unless the output is plainly a PDF.
    folders_in = any(_is_folder(spec) for spec in specs)
    single_file = (
        len(sources) == 1
        and output is not None
        and not _is_folder(output)
        and (not folders_in or output.lower().endswith(".pdf"))
    )
    options = options.for_several(folders_in or len(sources) > 1)
    if len(sources) > 1 and output is not None and not _is_folder(output) and output.lower().endswith(".pdf"):
        _fail(f"{file_name(Path(output))}: several specs need a folder for their PDFs; give -o FOLDER/")

    def target(spec_id: str) -> Path:
        if single_file and output:
            return Path(output)
        name = f"{spec_id}-large-print.pdf" if options.large_print else f"{spec_id}.pdf"
        return Path(output or "out") / name

    manifest = None
    if not single_file and not with_report:  # a report is printed for every spec: all are built
        folder = Path(output or "out")
        manifest = Manifest.read(folder).forgotten() if force else Manifest.read(folder)
    progress = Progress(len(sources))
    try:
        tally = run_batch(
            sources,
            options,
            target,
            progress,
            with_report=with_report,
            jobs=jobs or default_jobs(),
            manifest=manifest,
        )
    finally:
        progress.close()
    if tally.interrupted:
        click.echo(f"interrupted: {summary(tally, with_report)}", err=True)
        sys.exit(INTERRUPTED)
    if len(sources) > 1 or tally.up_to_date:
        click.echo(summary(tally, with_report))
    if tally.failed:
        sys.exit(INVALID)
    if tally.held_back:
        sys.exit(FAILED)


def _report_words_reviewed(options: Options) -> None:
    """Say once, before any report, that the report's words are an unreviewed translation; under
    --strict that stops the command."""
    from handouts import report_words, unreviewed_report_words

    problem = unreviewed_report_words(report_words(options.clinic), options.strict)
    if problem is not None:
        click.echo(problem_line(problem), err=True)
        if problem.severity == "error":
            sys.exit(INVALID)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(INVALID)


def _is_folder(output: str) -> bool:
    if output.endswith(("/", os.sep)):
        return True
    try:
        return Path(output).is_dir()
    except (OSError, ValueError):
        return False


@click.command(name="report")
@click.argument("specs", nargs=-1, required=True)
@click.option("--json", "as_json_output", is_flag=True, help="Print the reports as JSON.")
@PAGE_SIZE
@CLINIC
@LARGE_PRINT
@STRICT
def report_command(
    specs: tuple[str, ...],
    as_json_output: bool,
    page_size: str | None,
    clinic_path: str | None,
    large_print: bool,
    strict: bool,
) -> None:
    """Build SPECS in memory and report on each: reading level, plain language, actionability, print
    legibility (read from the PDF) and governance.

    Exit status 1 when a document fails a gate, 2 when a spec cannot be built. A spec that does not fit
    its page(s) is still reported on, with the fit as a failed gate. A clinic profile sets the reading
    grade patient documents are held to (reading_grade; 8 when not set).
    """
    from handouts import make_report, report_json, report_text, report_unfitted

    options = Options(page_size, find_profile(clinic_path), None, large_print, strict)  # type: ignore[arg-type]
    _report_words_reviewed(options)
    reports: list[Report] = []
    errors: list[str] = []
    sources = find_specs(specs)
    options = options.for_several(any(_is_folder(spec) for spec in specs) or len(sources) > 1)
    among = Sources(sources)
    clashes = shared_ids(sources, patients_only=options.patients_only)
    for source in sources:
        try:
            if source in clashes:
                raise SpecError([clashes[source]])
            checked = among.check(validate_file(source, strict=strict), source, strict=strict)
            if reason := passed_over(checked, options):  # on stderr: stdout holds the reports alone
                click.echo(passed_over_line(source, reason), err=True)
                continue
            for warning in checked.warnings:  # on stderr: stdout holds the reports alone
                click.echo(problem_line(warning), err=True)
            built = build_checked(checked, options)
            for warning in built.warnings:
                click.echo(problem_line(warning), err=True)
        except FitError as error:  # the words are still judged; the fit is a failed gate
            if checked.spec is None:  # only a valid spec is fitted
                raise
            reason = str(error).removeprefix(f"{checked.file}: ")
            reports.append(
                report_unfitted(
                    options.document(checked.spec),
                    file=file_name(source),
                    reason=reason,
                    parity=checked.parity,
                )
            )
        except HandoutsError as error:
            lines = error_lines(error)
            errors.append("\n".join(lines))
            for line in lines:
                click.echo(line, err=True)
            continue
        else:
            reports.append(make_report(built, file=file_name(source), parity=checked.parity))
        if not as_json_output:
            click.echo(report_text(reports[-1]))
    if as_json_output:
        click.echo(report_json(reports, errors))
    if errors:
        sys.exit(INVALID)
    if not all(quality.passed for quality in reports):
        sys.exit(FAILED)


@click.command(name="fit")
@click.argument("specs", nargs=-1, required=True)
@CLINIC
def fit_command(specs: tuple[str, ...], clinic_path: str | None) -> None:
    """Fit SPECS every way a clinic prints them and print a row for each: the type size chosen and the
    room left, or how far over it is.

    The variants are letter and A4, without and with the clinic profile (if one is given or set in
    HANDOUTS_CLINIC), each also in large print for a patient handout; a profile may name its own
    (variants = ["letter", "letter large print"]). Exit status 2 when any variant does not fit.
    """
    from handouts import fit_rows, fit_variants  # the fit report, for this command alone

    profile = find_profile(clinic_path)
    sources = find_specs(specs)
    short: list[str] = []
    for source in sources:
        checked = validate_file(source)
        for problem in checked.problems:
            click.echo(problem_line(problem), err=True)
        if checked.spec is None or checked.errors:
            short.append(checked.file)
            continue
        fits = fit_variants(checked.spec, profile, checked.file)
        click.echo(checked.file)
        for row in fit_rows(fits):
            click.echo(row)
        if not all(fit.fits for fit in fits):
            short.append(checked.file)
    if len(sources) > 1:
        click.echo(
            f"{len(sources)} spec(s): {len(sources) - len(short)} fit every variant, {len(short)} do not"
        )
    if short:
        sys.exit(INVALID)
