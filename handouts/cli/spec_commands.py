"""The commands about specs themselves: validate, schema, new."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date

import click

from handouts import (
    Checked,
    Options,
    Sources,
    file_name,
    find_profile,
    find_specs,
    preflight_checked,
    shared_ids,
    spec_schema,
    validate_file,
)

from .errors import INVALID, problem_line
from .options import CLINIC, STRICT


@click.command()
@click.argument("paths", nargs=-1, required=True)
@STRICT
@CLINIC
def validate(paths: tuple[str, ...], strict: bool, clinic_path: str | None) -> None:
    """Check spec files (or folders of them) and report every problem found.

    With a clinic profile (--clinic or HANDOUTS_CLINIC), the profile is checked too, and a spec may
    take its disclaimer from it. A translation (translation_of) is checked against its source, found
    among the specs given or beside the translation.
    """
    options = Options(clinic=find_profile(clinic_path), strict=strict)
    results: list[Checked] = []
    shown: set[str] = set()  # a problem of another file (the profile, a catalogue), reported once
    warnings = 0  # as shown: an unreviewed catalogue is one warning for all its specs, as build counts it
    sources = find_specs(paths)
    among = Sources(sources)
    clashes = shared_ids(sources)
    for path in sources:
        checked = among.check(validate_file(path, strict=strict), path, strict=strict)
        found = preflight_checked(checked, options) + ([clashes[path]] if path in clashes else [])
        checked = replace(checked, problems=checked.problems + found)
        for problem in checked.problems:
            line = problem_line(problem)
            if problem.file != checked.file and line in shown:
                continue
            shown.add(line)
            warnings += problem.severity == "warning"
            click.echo(line, err=True)  # warnings and errors alike: stdout holds the summary
        results.append(checked)
    invalid = sum(1 for checked in results if checked.errors)
    errors = sum(len(checked.errors) for checked in results)
    translations = [checked.parity for checked in results if checked.parity is not None]
    in_step = sum(1 for parity in translations if parity.in_step)
    click.echo(
        f"{len(results)} spec(s) checked: {len(results) - invalid} valid, {invalid} invalid; "
        f"{errors} error(s), {warnings} warning(s)"
        + (f"; {len(translations)} translation(s), {in_step} in step with the source" if translations else "")
    )
    if invalid:
        sys.exit(INVALID)


@click.command()
def schema() -> None:
    """Print the JSON Schema of a spec, for editors' completion and checking."""
    click.echo(json.dumps(spec_schema(), indent=2, ensure_ascii=False))


@click.command()
@click.argument("spec_id", metavar="ID")
@click.option("--audience", type=click.Choice(["clinician", "patient"]), required=True, help="Who reads it.")
@click.option("--dir", "folder", default="specs", show_default=True, help="Folder to write ID.toml into.")
def new(spec_id: str, audience: str, folder: str) -> None:
    """Write a starter spec, valid as it stands, to FOLDER/ID.toml."""
    from handouts import write_starter  # only `new` needs the starter spec

    target = write_starter(spec_id, "patient" if audience == "patient" else "clinician", folder, date.today())
    click.echo(f"wrote {file_name(target)}")
