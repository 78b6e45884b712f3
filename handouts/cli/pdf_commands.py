"""The commands about PDFs: attach (handouts to a patient letter) and check (a built PDF against its spec)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

# The letter tools and the PDF check (and pypdf under them) are imported by their commands alone.
from handouts import (
    Options,
    build_checked,
    check_output,
    file_name,
    find_specs,
    image_files,
    load_spec,
    validate_file,
    write_atomic,
)

from .errors import FAILED, INVALID, problem_line
from .options import build_options, named


@click.command(name="attach")
@click.argument("letter")
@click.argument("specs", nargs=-1, required=True)
@click.option(
    "-o", "--output", required=True, callback=named, help="The new PDF: the letter with the handouts."
)
@click.option("--before", is_flag=True, help="Put the handouts before the letter, not after it.")
@click.option(
    "--keep-attachments",
    is_flag=True,
    help="Keep files embedded in the letter (they are removed by default).",
)
@build_options
def attach_command(
    letter: str, specs: tuple[str, ...], output: str, before: bool, keep_attachments: bool, options: Options
) -> None:
    """Attach handouts built from SPECS to a patient LETTER (PDF), as a new PDF.

    The letter is read, never changed. The new PDF has the letter's pages as they were, then the
    handouts (first with --before), and a bookmark for each document. Anything active in the letter
    (JavaScript, actions that launch, import, submit or open other files, automatic actions,
    multimedia, reader-extension rights, XFA data) is removed, and so are embedded files unless
    --keep-attachments is given; each kind removed is named on stderr. Nothing is written unless
    every part succeeds.
    """
    from handouts import Attachment, attach

    sources = find_specs(specs)
    target = Path(output)
    check_output(target, [Path(letter), *sources, *options.inputs])
    attachments = []
    for source in sources:
        checked = validate_file(source, strict=options.strict)
        check_output(target, image_files(checked.draft, source))
        for warning in checked.warnings:
            click.echo(problem_line(warning), err=True)
        built = build_checked(checked, options)
        for warning in built.warnings:
            click.echo(problem_line(warning), err=True)
        attachments.append(Attachment(built.title, built.pdf))
    attached = attach(letter, attachments, before=before, keep_attachments=keep_attachments)
    for warning in attached.warnings:
        click.echo(problem_line(warning), err=True)
    write_atomic(attached.pdf, target)
    where = "before" if before else "after"
    count, letter_name = len(attachments), file_name(Path(letter))
    click.echo(f"wrote {file_name(target)}: {count} handout(s) {where} the letter {letter_name}")


@click.command()
@click.argument("pdf")
@click.argument("spec")
@click.option(
    "--large-print",
    is_flag=True,
    help="Allow the pages of large print whatever the PDF says (no longer needed: the PDF records it).",
)
def check(pdf: str, spec: str, large_print: bool) -> None:
    """Check that PDF is one page (up to four in large print) holding all of SPEC's text; exit 1 if not.

    What the PDF records is read from it: the document it was built from and whether it is in large
    print. A PDF of another document, or of another version of SPEC, is said to be so in one line. In a
    letter made by `attach`, the handout is found by its bookmark and checked on its own pages.
    """
    from handouts import check_pdf

    if pdf.lower().endswith(".toml") and spec.lower().endswith(".pdf"):
        click.echo(
            f"the PDF comes first: handouts check {file_name(Path(spec))} {file_name(Path(pdf))}", err=True
        )
        sys.exit(INVALID)
    loaded = load_spec(spec)
    result = check_pdf(pdf, loaded, large_print=large_print)
    pdf, spec = file_name(Path(pdf)), file_name(Path(spec))  # as shown: a line break escaped
    if result.other is not None:
        click.echo(f"{pdf}: {result.other}")
        sys.exit(FAILED)
    # Another version of the spec: said first, then what differs.
    for path, text in sorted(result.missing, key=lambda missing: missing[0] != "content hash"):
        if path == "content hash":
            click.echo(
                f"{pdf}: its footer does not carry {text!r}: it was built from another version of {spec}"
            )
        else:
            click.echo(f"{pdf}: missing text from {spec}: {path}: {text!r}")
    for problem in result.structure:
        click.echo(f"{pdf}: {problem}")
    allowed = f"one to {result.max_pages}" if result.max_pages > 1 else "one"
    if not 1 <= result.pages <= result.max_pages:
        click.echo(f"{pdf}: has {result.pages} pages; a handout has {allowed}")
    if not result.ok:
        sys.exit(FAILED)
    pages = "one page" if result.pages == 1 else f"{result.pages} pages"
    click.echo(f"{pdf}: ok: {pages}, all text of {spec} present, tagged in reading order")
