"""The `handouts` command: its group of commands, and the entry point that keeps tracebacks from users."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click

from handouts import HandoutsError, __version__

from .build_commands import build, fit_command, report_command
from .errors import INTERNAL, INVALID, error_lines
from .pdf_commands import attach_command, check
from .spec_commands import new, schema, validate
from .watch_command import watch_command


class HandoutsGroup(click.Group):
    """Turns every HandoutsError into its lines on stderr and exit status 2; a mistake in the command
    line too (an option, an argument, a command), in one line rather than click's usage, hint and error."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # `handouts` alone: its help, as asked
                raise
            _usage_line(error, ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HandoutsError as error:
            for line in error_lines(error):
                click.echo(line, err=True)
            ctx.exit(INVALID)
        except click.UsageError as error:
            _usage_line(error, ctx)


def _usage_line(error: click.UsageError, ctx: click.Context) -> NoReturn:
    path = error.ctx.command_path if error.ctx else ctx.command_path
    message = " ".join(error.format_message().split()).rstrip(".")  # click lists choices on lines
    click.echo(f"{path}: {message} (see {path} --help)", err=True)
    ctx.exit(INVALID)


@click.group(cls=HandoutsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
def cli() -> None:
    """Turn clinical content specs (TOML) into printable one-page PDFs."""


for command in (
    validate,
    schema,
    new,
    build,
    fit_command,
    report_command,
    attach_command,
    check,
    watch_command,
):
    cli.add_command(command)


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
        sys.exit(INTERNAL)
