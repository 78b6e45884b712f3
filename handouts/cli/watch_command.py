"""The watch command: rebuild a spec's PDF on every change, for a viewer that reloads it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from handouts import Options, file_name

from .errors import OK, error_lines, problem_line
from .options import CLINIC, LARGE_PRINT, PAGE_SIZE, STRICT, named

if TYPE_CHECKING:  # the report and the loop load with the command
    from handouts import Rebuilt


@click.command(name="watch")
@click.argument("spec")
@click.option(
    "-o", "--output", callback=named, help="The PDF to write.  [default: out/NAME.pdf, NAME the spec file's]"
)
@PAGE_SIZE
@CLINIC
@LARGE_PRINT
@STRICT
def watch_command(
    spec: str,
    output: str | None,
    page_size: str | None,
    clinic_path: str | None,
    large_print: bool,
    strict: bool,
) -> None:
    """Build SPEC, then build it again whenever it, the clinic profile (or its logo) or a figure's
    image changes; each time, print the file written and the quality report's closing line, or the
    spec's problems (the last good PDF stays). Ctrl-C stops it.

    The PDF is replaced whole (written beside it and renamed), so a viewer that reloads a changed file
    shows the new page.
    """
    from handouts import Watch, watch

    source = Path(spec)
    name = f"{source.stem}-large-print.pdf" if large_print else f"{source.stem}.pdf"
    target = Path(output) if output else Path("out") / name
    options = Options(cast(Any, page_size), None, None, large_print, strict)
    settings = Watch(source, target, clinic_path, options)
    click.echo(f"watching {spec}; Ctrl-C to stop", err=True)
    try:
        watch(settings, show)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)
    sys.exit(OK)


def show(outcome: Rebuilt) -> None:
    """One rebuild, as build and report say it: results on stdout, problems on stderr."""
    for warning in outcome.warnings:
        click.echo(problem_line(warning), err=True)
    if outcome.error is not None:
        for line in error_lines(outcome.error):
            click.echo(line, err=True)
    if outcome.built is not None and outcome.written is not None:
        click.echo(f"wrote {file_name(outcome.written)} ({outcome.description})")
    if outcome.summary is not None:
        click.echo(f"  {outcome.summary}")
