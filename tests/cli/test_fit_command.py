"""`handouts fit`: a row for every way a spec is printed, the same sizes a build chooses, exit 2 when any
does not fit; `build --strict` refuses a spec that fits only some of its variants."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handouts import FitError, build_pdf, load_profile
from handouts.cli.main import cli
from tests.helpers.cli import assert_clean, files_in, refused_in_one_line, write
from tests.helpers.clinics import OTHER_NAME, OTHER_PROFILE
from tests.helpers.paths import EXAMPLE_CLINIC, PATIENT_SPEC
from tests.helpers.specs import FITS_A4_ONLY, NO_DISCLAIMER, bullets, current, load, small_spec

FITS_A4_ONLY_FOR_HILLSIDE = bullets(8, 2)  # with or without the Hillside banner
ROW = re.compile(r"^  (?P<name>.+?)  +(?P<result>\d.*|does not fit.*|cannot be built.*)$")


def fit(runner: CliRunner, *arguments: str) -> Result:
    result = runner.invoke(cli, ["fit", *arguments])
    assert_clean(result)
    return result


def rows(result: Result) -> dict[str, str]:
    found = {}
    for line in result.stdout.splitlines():
        match = ROW.match(line)
        if match:
            found[match["name"].strip()] = match["result"]
    return found


def test_every_variant_has_a_row_with_the_size_a_build_chooses(runner: CliRunner) -> None:
    result = fit(runner, str(PATIENT_SPEC), "--clinic", str(EXAMPLE_CLINIC))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == str(PATIENT_SPEC)
    found = rows(result)
    clinic = load_profile(EXAMPLE_CLINIC)
    name = clinic.clinic.name
    assert list(found) == [
        "letter",
        "letter, large print",
        "a4",
        "a4, large print",
        f"letter, {name}",
        f"letter, {name}, large print",
        f"a4, {name}",
        f"a4, {name}, large print",
    ]
    spec = load(PATIENT_SPEC)
    for variant, shown in found.items():
        built = build_pdf(
            spec,
            page_size="a4" if variant.startswith("a4") else "letter",
            clinic=clinic if name in variant else None,
            large_print=variant.endswith("large print"),
        )
        pages = f" on {built.pages} pages" if built.pages > 1 else ""
        assert shown.startswith(f"{built.body_size:g} pt{pages}; about "), (variant, shown)


def test_a_clinician_summary_has_no_large_print_rows(runner: CliRunner) -> None:
    write("summary.toml", current(small_spec(audience="clinician")))
    result = fit(runner, "summary.toml")
    assert result.exit_code == 0, result.output
    assert list(rows(result)) == ["letter", "a4"]


def test_a_spec_that_fits_only_a4_fails_with_how_far_over_it_is_on_letter(runner: CliRunner) -> None:
    write("long.toml", current(small_spec(FITS_A4_ONLY)))
    result = fit(runner, "long.toml")
    assert result.exit_code == 2, result.output
    found = rows(result)
    with pytest.raises(FitError) as refused:
        build_pdf(load(Path("long.toml")), page_size="letter")
    assert refused.value.lines is not None and refused.value.lines > 0
    assert found["letter"] == f"does not fit: about {refused.value.lines} line(s) over at the smallest type"
    assert found["a4"].startswith(f"{build_pdf(load(Path('long.toml')), page_size='a4').body_size:g} pt")
    assert files_in(".") == ["long.toml"]  # measured in memory: nothing written


def test_the_profile_names_the_variants_the_clinic_prints(runner: CliRunner) -> None:
    write("long.toml", current(small_spec(FITS_A4_ONLY_FOR_HILLSIDE)))
    write(
        "clinic/clinic.toml", OTHER_PROFILE.replace('page_size = "a4"', 'page_size = "a4"\nvariants = ["a4"]')
    )
    result = fit(runner, "long.toml", "--clinic", "clinic/clinic.toml")
    assert result.exit_code == 0, result.output
    assert list(rows(result)) == [f"a4, {OTHER_NAME}"]


def test_a_variant_that_cannot_be_built_says_why(runner: CliRunner) -> None:
    write("bare.toml", current(NO_DISCLAIMER))
    write("clinic/clinic.toml", OTHER_PROFILE)
    result = fit(runner, "bare.toml", "--clinic", "clinic/clinic.toml")
    assert result.exit_code == 2, result.output
    found = rows(result)
    assert found["letter"].startswith("cannot be built: disclaimer: is missing")
    assert found[f"a4, {OTHER_NAME}"].endswith("to spare at the smallest type")  # the profile's disclaimer


def test_a_profile_with_an_unknown_variant_is_refused_naming_it(runner: CliRunner) -> None:
    write("clinic/clinic.toml", OTHER_PROFILE.replace('page_size = "a4"', 'variants = ["A4 big"]'))
    line = refused_in_one_line(fit(runner, str(PATIENT_SPEC), "--clinic", "clinic/clinic.toml"))
    assert re.match(r"clinic/clinic\.toml: variants\[1\]: must be one of 'letter', 'a4', ", line), line


def test_several_specs_end_with_a_count(runner: CliRunner) -> None:
    write("long.toml", current(small_spec(FITS_A4_ONLY)))
    result = fit(runner, str(PATIENT_SPEC), "long.toml")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "2 spec(s): 1 fit every variant, 1 do not"


def test_strict_build_refuses_a_spec_that_fits_only_some_variants(runner: CliRunner) -> None:
    write("small.toml", current(small_spec(FITS_A4_ONLY_FOR_HILLSIDE)))
    write("clinic/clinic.toml", OTHER_PROFILE)  # prints on A4
    arguments = ["build", "small.toml", "--clinic", "clinic/clinic.toml", "-o", "long.pdf"]
    assert runner.invoke(cli, arguments).exit_code == 0  # its own page size fits
    line = refused_in_one_line(runner.invoke(cli, [*arguments, "--strict", "-o", "strict.pdf"]), quiet=False)
    assert line.startswith("small.toml: fits only some of the ways it is printed: not letter;"), line
    assert "strict.pdf" not in files_in(".")
    # Told that the clinic prints on A4 only, a strict build passes.
    write(
        "clinic/clinic.toml", OTHER_PROFILE.replace('page_size = "a4"', 'page_size = "a4"\nvariants = ["a4"]')
    )
    assert runner.invoke(cli, [*arguments, "--strict", "-o", "strict.pdf"]).exit_code == 0
    assert "strict.pdf" in files_in(".")
