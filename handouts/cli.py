"""The command line: thin commands over the library. The one place errors become messages."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from . import __version__, batch
from .batch import EXIT_INTERRUPTED, Options, default_jobs, same_file
from .build import unprintable
from .document import Document, Prepared, document_problems, prepared_problems
from .errors import HandoutsError, OutputError, Problem, SpecError
from .loading import Checked, file_name, load_spec, validate_file
from .markup import plain
from .pdf import write_atomic
from .spec import SLUG, Spec

# The commands that need pypdf, the quality report, the letter tools or the starter spec import them
# themselves, so that a build of one file (the common case, often run from a script) starts quickly.
if TYPE_CHECKING:
    from .clinic import PageSize, Profile

EXIT_GATE_FAILED = 1  # a quality report's gate failed: the document is sound but not good enough
EXIT_INVALID = 2


def find_profile(option: str | None) -> Profile | None:
    """The clinic profile from --clinic or HANDOUTS_CLINIC; its models load only when there is one."""
    if option is None and not os.environ.get("HANDOUTS_CLINIC"):
        return None
    from .clinic import find_profile as find

    return find(option)


class HandoutsGroup(click.Group):
    """Turns every HandoutsError into its message on one line per problem and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HandoutsError as error:
            for line in str(error).splitlines() or [type(error).__name__]:
                click.echo(line, err=True)
            ctx.exit(EXIT_INVALID)


@click.group(cls=HandoutsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
def cli() -> None:
    """Turn clinical content specs (TOML) into printable one-page PDFs."""


def fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(EXIT_INVALID)


def spec_files(paths: tuple[str, ...]) -> Iterator[Path]:
    """The files named, and the .toml files inside the folders named, in a stable order."""
    for name in paths:
        path = Path(name)
        if _is_dir(path):
            try:
                found = sorted(p for p in path.rglob("*.toml") if p.is_file())
            except OSError as error:
                fail(f"{file_name(path)}: cannot be read: {error.strerror or error}")
            if not found:
                fail(f"{file_name(path)}: no .toml spec files in this folder")
            yield from found
        else:
            yield path


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, a NUL byte: reading it will say what is wrong
        return False


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=problem.severity == "error")


PAGE_SIZE = click.option(
    "--page-size",
    type=click.Choice(["letter", "a4"], case_sensitive=False),
    callback=lambda ctx, param, value: value.lower() if value else None,
    help="Paper size to lay the page out for.  [default: the clinic profile's, else letter]",
)
STRICT = click.option("--strict", is_flag=True, help="Treat warnings (such as an overdue review) as errors.")
CLINIC = click.option(
    "--clinic",
    "clinic_path",
    metavar="PATH",
    help="Clinic profile (TOML) to brand the pages with.  [default: $HANDOUTS_CLINIC, else none]",
)
LARGE_PRINT = click.option(
    "--large-print",
    is_flag=True,
    help="Patient handouts in 18 pt type or larger, 1.5 line spacing, on up to two pages.",
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("must be a date such as 2026-11-21") from None


def personal(command: Any) -> Any:
    """The options of a "Prepared for" line; their values are printed on the page and nowhere else."""
    for option in reversed(
        [
            click.option("--patient", metavar="NAME", help='Print "Prepared for NAME" on the handout.'),
            click.option("--date", "on", metavar="YYYY-MM-DD", callback=_date, help="When it was prepared."),
            click.option("--clinician", metavar="NAME", help="Who prepared it."),
        ]
    ):
        command = option(command)
    return command


def prepared_for(patient: str | None, on: date | None, clinician: str | None) -> Prepared | None:
    prepared = Prepared(patient, on, clinician)
    problems = prepared_problems(prepared)
    if problems:
        raise SpecError(problems)
    return prepared or None


def build_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options shared by build and attach, handed to the command as one `options` argument."""

    @functools.wraps(command)
    def with_options(
        *,
        page_size: PageSize | None,
        clinic_path: str | None,
        large_print: bool,
        patient: str | None,
        on: date | None,
        clinician: str | None,
        strict: bool,
        **arguments: Any,
    ) -> None:
        profile = find_profile(clinic_path)
        prepared = prepared_for(patient, on, clinician)
        command(options=Options(page_size, profile, prepared, large_print, strict), **arguments)

    decorated: Any = with_options
    decorators: list[Callable[[Any], Any]] = [PAGE_SIZE, CLINIC, LARGE_PRINT, personal, STRICT]
    for option in reversed(decorators):
        decorated = option(decorated)
    return cast(Callable[..., None], decorated)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@STRICT
@CLINIC
def validate(paths: tuple[str, ...], strict: bool, clinic_path: str | None) -> None:
    """Check spec files (or folders of them) and report every problem found.

    With a clinic profile (--clinic or HANDOUTS_CLINIC), the profile is checked too, and a spec may
    take its disclaimer from it.
    """
    profile = find_profile(clinic_path)
    results: list[Checked] = []
    for path in spec_files(paths):
        checked = validate_file(path, strict=strict)
        if checked.spec is not None and not checked.errors:
            document = Document(checked.spec, profile)
            found = document_problems(document, checked.file) + unprintable(checked.spec, checked.file)
            if profile and not results:  # the profile's own characters, reported once
                found += unprintable(profile.clinic, profile.file)
            checked = Checked(checked.file, checked.spec, checked.problems + found)
        report(checked.problems)
        results.append(checked)
    invalid = sum(1 for checked in results if checked.errors)
    errors = sum(len(checked.errors) for checked in results)
    warnings = sum(len(checked.warnings) for checked in results)
    click.echo(
        f"{len(results)} spec(s) checked: {len(results) - invalid} valid, {invalid} invalid; "
        f"{errors} error(s), {warnings} warning(s)"
    )
    if invalid:
        sys.exit(EXIT_INVALID)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a spec, for editors' completion and checking."""
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    document.update(Spec.model_json_schema())
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@cli.command()
@click.argument("spec_id", metavar="ID")
@click.option("--audience", type=click.Choice(["clinician", "patient"]), required=True, help="Who reads it.")
@click.option("--dir", "folder", default="specs", show_default=True, help="Folder to write ID.toml into.")
def new(spec_id: str, audience: str, folder: str) -> None:
    """Write a starter spec, valid as it stands, to FOLDER/ID.toml."""
    from .starter import starter_spec

    if not SLUG.match(spec_id) or len(spec_id) > 64:
        fail(f"{spec_id!r}: an id is a slug: lowercase letters, digits and single hyphens")
    target = Path(folder) / f"{spec_id}.toml"
    text = starter_spec(spec_id, "patient" if audience == "patient" else "clinician", date.today())
    if Path(folder).exists() and not _is_dir(Path(folder)):
        fail(f"{file_name(Path(folder))}: is not a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        fail(f"{target}: already exists; choose another id or remove the file first")
    except OSError as error:
        fail(f"{target}: cannot be written: {error.strerror or error}")
    click.echo(f"wrote {target}")


@cli.command()
@click.argument("specs", nargs=-1, required=True)
@click.option("-o", "--output", help="PDF file for one spec; folder for several.  [default: out/ID.pdf]")
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
@build_options
def build(
    specs: tuple[str, ...], output: str | None, with_report: bool, jobs: int | None, options: Options
) -> None:
    """Build one-page PDFs from spec files (or folders of them).

    Large print writes ID-large-print.pdf, so both versions can share a folder. With --report, a
    document that fails a gate of its quality report is not written, and the exit status is 1. A spec
    that cannot be built is reported and the others are still built; the exit status is then 2. On a
    terminal, a batch shows a progress bar; Ctrl-C stops it (exit status 130) with every PDF either
    written whole or not at all.
    """
    if options.prepared and output is None:
        fail("--patient, --date and --clinician need -o: a personalised copy must not replace out/ID.pdf")
    sources = list(spec_files(specs))
    single_file = len(sources) == 1 and output is not None and not _is_folder(output)
    if len(sources) > 1 and output is not None and not _is_folder(output) and output.lower().endswith(".pdf"):
        fail(f"{file_name(Path(output))}: several specs need a folder for their PDFs; give -o FOLDER/")

    def target(spec_id: str) -> Path:
        if single_file and output:
            return Path(output)
        name = f"{spec_id}-large-print.pdf" if options.large_print else f"{spec_id}.pdf"
        return Path(output or "out") / name

    tally = batch.run(sources, options, target, with_report=with_report, jobs=jobs or default_jobs())
    if tally.interrupted:
        click.echo(f"interrupted: {tally.summary()}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if len(sources) > 1:
        click.echo(tally.summary())
    if tally.failed:
        sys.exit(EXIT_INVALID)
    if tally.held_back:
        sys.exit(EXIT_GATE_FAILED)


def _is_folder(output: str) -> bool:
    return output.endswith(("/", os.sep)) or _is_dir(Path(output))


@cli.command(name="report")
@click.argument("specs", nargs=-1, required=True)
@click.option("--json", "as_json_output", is_flag=True, help="Print the reports as JSON.")
@PAGE_SIZE
@CLINIC
@LARGE_PRINT
@STRICT
def report_command(
    specs: tuple[str, ...],
    as_json_output: bool,
    page_size: PageSize | None,
    clinic_path: str | None,
    large_print: bool,
    strict: bool,
) -> None:
    """Build SPECS in memory and report on each: reading level, plain language, actionability, print
    legibility (read from the PDF) and governance.

    Exit status 1 when a document fails a gate, 2 when a spec cannot be built. A clinic profile sets
    the reading grade patient documents are held to (reading_grade; 8 when not set).
    """
    from .report import as_json, as_text, make_report

    options = Options(page_size, find_profile(clinic_path), None, large_print, strict)
    reports = []
    errors: list[str] = []
    for source in spec_files(specs):
        try:
            checked = validate_file(source, strict=strict)
            for warning in checked.warnings:  # on stderr with --json, so that stdout stays JSON
                click.echo(str(warning), err=as_json_output)
            built = options.lay_out(checked, source)
        except HandoutsError as error:
            errors.append(str(error))
            click.echo(str(error), err=True)
            continue
        reports.append(make_report(built, file=file_name(source), clinic=options.profile))
        if not as_json_output:
            click.echo(as_text(reports[-1]))
    if as_json_output:
        click.echo(as_json(reports, errors))
    if errors:
        sys.exit(EXIT_INVALID)
    if not all(quality.passed for quality in reports):
        sys.exit(EXIT_GATE_FAILED)


@cli.command()
@click.argument("letter")
@click.argument("specs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The new PDF: the letter with the handouts.")
@click.option("--before", is_flag=True, help="Put the handouts before the letter, not after it.")
@build_options
def attach(letter: str, specs: tuple[str, ...], output: str, before: bool, options: Options) -> None:
    """Attach handouts built from SPECS to a patient LETTER (PDF), as a new PDF.

    The letter is read, never changed. The new PDF has the letter's pages as they were, then the
    handouts (first with --before), and a bookmark for each document. Nothing is written unless
    every part succeeds.
    """
    from .letters import Attachment
    from .letters import attach as attach_to_letter

    sources = list(spec_files(specs))
    target = Path(output)
    _check_attach_target(target, Path(letter), sources)
    attachments = []
    for source in sources:
        built = options.build(source)
        attachments.append(Attachment(plain(built.spec.title), built.pdf))
    write_atomic(attach_to_letter(letter, attachments, before=before), target)
    where = "before" if before else "after"
    click.echo(f"wrote {target}: {len(attachments)} handout(s) {where} the letter {file_name(Path(letter))}")


def _check_attach_target(target: Path, letter: Path, sources: list[Path]) -> None:
    """The output must be a new PDF: never the letter, never a spec."""
    if target.suffix.lower() != ".pdf":
        raise OutputError(f"{file_name(target)}: the output file name must end in .pdf")
    for source in [letter, *sources]:
        if same_file(target, source):
            raise OutputError(f"{file_name(target)}: is {file_name(source)} itself; choose another output")


@cli.command()
@click.argument("pdf")
@click.argument("spec")
@click.option("--large-print", is_flag=True, help="Allow the two pages of a large-print handout.")
def check(pdf: str, spec: str, large_print: bool) -> None:
    """Check that PDF is one page holding every piece of SPEC's text; exit 1 if not."""
    from .checking import check_pdf

    if pdf.lower().endswith(".toml") and spec.lower().endswith(".pdf"):
        fail(f"the PDF comes first: handouts check {file_name(Path(spec))} {file_name(Path(pdf))}")
    loaded = load_spec(spec)
    result = check_pdf(pdf, loaded, max_pages=2 if large_print else 1)
    for path, text in result.missing:
        if path == "content hash":
            click.echo(
                f"{pdf}: its footer does not carry {text!r}: it was built from another version of {spec}"
            )
        else:
            click.echo(f"{pdf}: missing text from {spec}: {path}: {text!r}")
    allowed = "one or two" if large_print else "one"
    if not 1 <= result.pages <= result.max_pages:
        click.echo(f"{pdf}: has {result.pages} pages; a handout has {allowed}")
    if not result.ok:
        sys.exit(1)
    pages = "one page" if result.pages == 1 else f"{result.pages} pages"
    click.echo(f"{pdf}: ok: {pages}, all text of {spec} present")


def main() -> None:
    """Console entry point: a user never sees a traceback, unless HANDOUTS_DEBUG asks for one."""
    try:
        cli.main(prog_name="handouts")
    except Exception as error:  # a bug of ours: say so in one line, keep the details for debugging
        if os.environ.get("HANDOUTS_DEBUG"):
            raise
        click.echo(
            f"handouts: internal error ({type(error).__name__}: {error}); "
            "set HANDOUTS_DEBUG=1 for details and please report it",
            err=True,
        )
        sys.exit(70)
