"""The options several commands share, defined once, and the build settings they make."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from typing import Any, cast

import click

from handouts import Options, Prepared, SpecError, find_profile, personal_problems

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
    help="Patient handouts in 18 pt type or larger, 1.5 line spacing, on up to four pages (two sheets).",
)


def named(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An output given as an empty name is a mistake (a variable a script left unset), not the default."""
    if value is not None and not value.strip():
        raise click.BadParameter("must not be empty")
    return value


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError
        on = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("must be a date such as 2026-11-21") from None
    if (on - date.today()).days > 366:  # a copy is prepared for a visit soon, not years ahead: a typo
        raise click.BadParameter("is more than a year from today; check the year")
    return on


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
    problems = personal_problems(prepared)
    if problems:
        raise SpecError(problems)
    return prepared or None


def build_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options shared by build and attach, handed to the command as one `options` argument."""

    @functools.wraps(command)
    def with_options(
        *,
        page_size: str | None,
        clinic_path: str | None,
        large_print: bool,
        patient: str | None,
        on: date | None,
        clinician: str | None,
        strict: bool,
        **arguments: Any,
    ) -> None:
        settings = Options(
            cast(Any, page_size),
            find_profile(clinic_path),
            prepared_for(patient, on, clinician),
            large_print,
            strict,
        )
        command(options=settings, **arguments)

    decorated: Any = with_options
    decorators: list[Callable[[Any], Any]] = [PAGE_SIZE, CLINIC, LARGE_PRINT, personal, STRICT]
    for option in reversed(decorators):
        decorated = option(decorated)
    return cast(Callable[..., None], decorated)
