"""A translation and its source at the command line: validate and build a folder check the pair, and
report shows the check in its governance part (never a pass when the source was not found)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from handouts.cli.main import cli
from tests.helpers.cli import assert_clean, unreviewed, write
from tests.helpers.specs import current
from tests.helpers.translations import FRENCH_SECTIONS, french_text, write_pair

PHONE = (
    "specs/neck-fr.toml: sections[2].blocks[2] (section 'Quand appeler'): numbers differ from the source "
    "(specs/neck.toml): 0100 missing; 0199 not in the source"
)
ITEM = (
    "specs/neck-fr.toml: sections[1].blocks[2].items[2].items (section 'Ce qui aide'): 1 item; "
    "the source (specs/neck.toml) has 2"
)
UNREVIEWED_FR = unreviewed("français (fr)")
OUTDATED = (
    "specs/neck-fr.toml: translation_of.content_hash: warning: the source has changed since this translation"
)


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(cli, list(args))
    assert_clean(result)
    return result


def test_validate_a_folder_with_a_pair_in_step(runner: CliRunner) -> None:
    write_pair("specs")
    result = run(runner, "validate", "specs")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [UNREVIEWED_FR]  # as build says
    assert result.stdout == (
        "2 spec(s) checked: 2 valid, 0 invalid; 0 error(s), 1 warning(s); "
        "1 translation(s), 1 in step with the source\n"
    )


def test_validate_reports_each_difference_in_one_line(runner: CliRunner) -> None:
    changed = FRENCH_SECTIONS.replace("555-0100", "555-0199").replace('"Engourdissement", ', "")
    write_pair("specs", changed)
    result = run(runner, "validate", "specs")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [ITEM, PHONE, UNREVIEWED_FR]
    assert "1 valid, 1 invalid; 2 error(s)" in result.stdout


def test_an_outdated_hash_warns_and_strict_refuses(runner: CliRunner) -> None:
    write_pair("specs", declared="0" * 64)
    result = run(runner, "validate", "specs")
    assert result.exit_code == 0
    [line, catalogue] = result.stderr.splitlines()
    assert line.startswith(OUTDATED) and line.endswith("; update it and its content_hash")
    assert catalogue == UNREVIEWED_FR
    strict = run(runner, "validate", "--strict", "specs")
    assert strict.exit_code == 2
    refused = "specs/neck-fr.toml: language: " + UNREVIEWED_FR.replace(": warning: has", " has")
    assert strict.stderr.splitlines() == [line.replace("warning: ", ""), refused]


def test_validate_one_translation_finds_its_source_beside_it(runner: CliRunner) -> None:
    write_pair("specs", FRENCH_SECTIONS.replace("555-0100", "555-0199"))
    result = run(runner, "validate", "specs/neck-fr.toml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [PHONE, UNREVIEWED_FR]


def test_build_a_folder_stops_a_translation_that_differs(runner: CliRunner) -> None:
    write_pair("specs", FRENCH_SECTIONS.replace('"Engourdissement", ', ""))
    result = run(runner, "build", "specs", "-o", "out", "-j", "1")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [ITEM]
    assert result.stdout.splitlines()[-1].startswith("1 built, 1 failed, 0 warnings")
    assert sorted(path.name for path in Path("out").glob("*.pdf")) == ["neck.pdf"]


def test_build_warns_of_an_outdated_translation_and_strict_refuses_it(runner: CliRunner) -> None:
    write_pair("specs", declared="0" * 64)
    result = run(runner, "build", "specs", "-o", "out")
    assert result.exit_code == 0
    # The French catalogue is not reviewed: that is a warning of its own.
    [line] = [line for line in result.stderr.splitlines() if "catalogue: warning:" not in line]
    assert line.startswith(OUTDATED)
    assert sorted(path.name for path in Path("out").glob("*.pdf")) == ["neck-fr.pdf", "neck.pdf"]
    strict = run(runner, "build", "--strict", "specs", "-o", "strict")
    assert strict.exit_code == 2
    assert line.replace("warning: ", "") in strict.stderr.splitlines()
    assert sorted(path.name for path in Path("strict").glob("*.pdf")) == ["neck.pdf"]


def test_report_shows_the_parity_check(runner: CliRunner) -> None:
    write_pair("specs")
    result = run(runner, "report", "specs/neck-fr.toml")
    assert translation_check(result) == "PASS Translation of neck 1.0: in step with specs/neck.toml"


def test_report_never_passes_a_translation_whose_source_is_not_found(runner: CliRunner) -> None:
    write("alone/neck-fr.toml", current(french_text()))
    result = run(runner, "report", "alone/neck-fr.toml")
    assert translation_check(result) == (
        "N/C Translation not checked: source not found (no spec with the id 'neck' among the specs given "
        "or in its folder)"
    )
    assert "not checked (Grade, Medical terms, Translation)" in result.stdout.splitlines()[-1]


def translation_check(result: Result) -> str:
    """The report's translation line, its columns' spacing folded."""
    [line] = [line for line in result.stdout.splitlines() if line.split()[1:2] == ["Translation"]]
    return " ".join(line.split())
