"""One set of contact details: a spec's contact and a clinic profile print one number for one purpose;
a spec phone that differs from the clinic's is a warning naming both (an error under --strict)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from handouts import build_pdf, load_profile
from handouts.cli.main import cli
from tests.helpers.clinics import write_profile
from tests.helpers.pdfs import text_of
from tests.helpers.specs import current, small_spec, valid_spec


def spec_with_phone(phone: str) -> str:
    return small_spec(extra="") + f'\n[contact]\nname = "Spine nurse line"\nphone = "{phone}"\n'


def test_a_different_phone_prints_the_specs_alone_and_warns_naming_both(runner: CliRunner) -> None:
    profile = load_profile(write_profile())
    built = build_pdf(valid_spec(spec_with_phone("555 0111")), clinic=profile, file="knee.toml")
    text = text_of(built.pdf)
    assert text.count("5550111") == 1 and "5550100" not in text  # text_of drops spaces
    (warning,) = [str(problem) for problem in built.warnings]
    assert warning.startswith("knee.toml: contact.phone: warning: 555 0111 differs from the clinic's phone")
    assert "+1 555 0100 (clinic.toml)" in warning


def test_the_same_number_written_otherwise_prints_once_without_a_word(runner: CliRunner) -> None:
    profile = load_profile(write_profile())
    built = build_pdf(valid_spec(spec_with_phone("+1 (555) 0100")), clinic=profile)
    text = text_of(built.pdf)
    assert built.warnings == ()
    assert text.count("+1(555)0100") == 1 and "+15550100" not in text  # the spec's form, once


def test_the_command_line_warns_on_stderr_and_refuses_under_strict(runner: CliRunner) -> None:
    write_profile()
    Path("small.toml").write_text(current(spec_with_phone("555 0111")), encoding="utf-8")
    result = runner.invoke(cli, ["build", "small.toml", "--clinic", "clinic.toml", "-o", "knee.pdf"])
    assert result.exit_code == 0, result.output
    assert "small.toml: contact.phone: warning: 555 0111 differs" in result.stderr
    assert "warning" not in result.stdout
    strict = runner.invoke(
        cli, ["build", "small.toml", "--clinic", "clinic.toml", "--strict", "-o", "strict.pdf"]
    )
    assert strict.exit_code == 2
    assert strict.stderr.startswith("small.toml: contact.phone: 555 0111 differs")
    assert not Path("strict.pdf").exists()
