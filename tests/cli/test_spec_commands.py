"""The spec commands as a person uses them: validate, schema, new.

Through click's CliRunner in an isolated folder. (The entry point itself is in test_main.py.)
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts import validate_file
from handouts.cli.main import cli
from handouts.spec.loading import MAX_SPEC_BYTES
from handouts.spec.model import BLOCK_KINDS
from tests.helpers.cli import UNREVIEWED_ES, assert_clean, errors_of, refused_in_one_line, write
from tests.helpers.clinics import write_profile
from tests.helpers.paths import EXAMPLE_CLINIC, PROBLEMS, SPECS, VALID
from tests.helpers.specs import SECTION, current, expectations, fixture, spec_text

SUMMARY = re.compile(r"^\d+ spec\(s\) checked: \d+ valid, \d+ invalid; \d+ error\(s\), \d+ warning\(s\)$")


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(cli, list(args))
    assert_clean(result)
    return result


def write_current(source: Path, target: Path | None = None) -> Path:
    target = target or Path(source.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(current(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


# --- validate -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["full-clinician.toml", "minimal-patient.toml"])
def test_validate_a_valid_spec(runner: CliRunner, name: str) -> None:
    path = write_current(VALID / name)
    result = run(runner, "validate", str(path))
    assert result.exit_code == 0
    assert result.stdout == "1 spec(s) checked: 1 valid, 0 invalid; 0 error(s), 0 warning(s)\n"
    assert result.stderr == ""


def test_validate_an_invalid_spec(runner: CliRunner) -> None:
    path = write_current(PROBLEMS / "many-mistakes.toml")
    result = run(runner, "validate", str(path))
    assert result.exit_code == 2
    expected = [f"{path}: {line}" for line in expectations(PROBLEMS / "many-mistakes.toml")]
    assert Counter(result.stderr.splitlines()) == Counter(expected)
    assert result.stdout == f"1 spec(s) checked: 0 valid, 1 invalid; {len(expected)} error(s), 0 warning(s)\n"


def test_validate_and_build_give_every_mistake_of_a_first_draft_in_one_run(runner: CliRunner) -> None:
    """The model's errors, the cross-field rules' and the missing disclaimer, in one list, exit 2; build
    refuses it with the same list."""
    path = Path("mistakes-in-one-pass.toml")
    path.write_bytes((PROBLEMS / path.name).read_bytes())
    expected = [f"{path}: {line}" for line in expectations(PROBLEMS / path.name)]
    assert any(": warning: " in line for line in expected)  # warnings come with the errors, on stderr
    result = run(runner, "validate", str(path))
    assert result.exit_code == 2
    assert Counter(result.stderr.splitlines()) == Counter(expected)
    assert len(result.stdout.splitlines()) == 1  # the summary alone
    built = run(runner, "build", str(path), "-o", "out.pdf")
    assert built.exit_code == 2
    assert Counter(built.stderr.splitlines()) == Counter(expected)
    assert not Path("out.pdf").exists()


def _about_dates(path: Path) -> bool:
    return any("review" in line for line in expectations(path))


def test_validate_every_problem_fixture_at_once(runner: CliRunner) -> None:
    """One line per problem on stderr, errors and warnings alike, then the summary on stdout; exit 2."""
    expected_errors: list[str] = []
    expected_warnings: list[str] = []
    invalid = 0
    paths = [path for path in sorted(PROBLEMS.glob("*.toml")) if not _about_dates(path)]
    for source in paths:
        target = Path("specs") / source.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(current(source.read_bytes().decode("latin-1")).encode("latin-1"))
        lines = [f"{target}: {line}" for line in expectations(source)]
        errors = [line for line in lines if ": warning: " not in line]
        expected_errors += errors
        expected_warnings += [line for line in lines if ": warning: " in line]
        invalid += bool(errors)
    result = run(runner, "validate", "specs")
    assert result.exit_code == 2
    assert Counter(result.stderr.splitlines()) == Counter(expected_errors + expected_warnings)
    (summary,) = result.stdout.splitlines()
    assert summary == (
        f"{len(paths)} spec(s) checked: {len(paths) - invalid} valid, {invalid} invalid; "
        f"{len(expected_errors)} error(s), {len(expected_warnings)} warning(s)"
    )


def test_validate_several_paths_and_folders(runner: CliRunner) -> None:
    write_current(VALID / "minimal-patient.toml", Path("a/minimal-patient.toml"))
    write_current(VALID / "full-clinician.toml", Path("a/deeper/full-clinician.toml"))
    Path("a/notes.txt").write_text("not a spec")
    Path("a/folder.toml").mkdir()  # a folder with a spec's name is not a spec
    bad = write_current(PROBLEMS / "empty-string.toml")
    result = run(runner, "validate", "a", str(bad), "missing.toml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "empty-string.toml: title: must not be empty",
        "missing.toml: cannot be read: No such file or directory",
    ]
    assert result.stdout == "4 spec(s) checked: 2 valid, 2 invalid; 2 error(s), 0 warning(s)\n"


def test_a_folder_walk_passes_over_the_clinics_own_files(runner: CliRunner) -> None:
    """A clinic keeps its profile (clinic.toml) and catalogues/ among its specs: they are not specs.
    Named on their own they are read as specs, and say why they are not."""
    write_current(VALID / "minimal-patient.toml", Path("library/minimal-patient.toml"))
    write_profile(path="library/clinic.toml")
    Path("library/catalogues").mkdir()
    Path("library/catalogues/es.toml").write_text('[words]\nquestions = "¿Preguntas?"\n', encoding="utf-8")
    result = run(runner, "validate", "library")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("1 spec(s) checked: 1 valid")
    named = run(runner, "validate", "library/clinic.toml")
    assert named.exit_code == 2 and "library/clinic.toml: id: is required" in named.stderr


def test_validate_an_empty_folder(runner: CliRunner) -> None:
    Path("empty").mkdir()
    result = run(runner, "validate", "empty")
    assert result.exit_code == 2
    assert result.stderr == "empty: no .toml spec files in this folder\n"


def test_validate_needs_a_path(runner: CliRunner) -> None:
    result = run(runner, "validate")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


def test_overdue_review_warns_and_strict_makes_it_an_error(runner: CliRunner) -> None:
    today = date.today()
    path = write_current(VALID / "minimal-patient.toml")
    text = path.read_text()
    text = re.sub(r"last_reviewed = \S+", f"last_reviewed = {today - timedelta(days=400)}", text)
    path.write_text(re.sub(r"next_review = \S+", f"next_review = {today - timedelta(days=1)}", text))
    line = (
        "minimal-patient.toml: review.next_review: warning: review overdue since "
        f"{today - timedelta(days=1)}; review the content and update the dates"
    )

    result = run(runner, "validate", str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [line]
    assert result.stdout.splitlines() == ["1 spec(s) checked: 1 valid, 0 invalid; 0 error(s), 1 warning(s)"]

    result = run(runner, "validate", "--strict", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line.replace("warning: ", "")]
    assert result.stdout == "1 spec(s) checked: 0 valid, 1 invalid; 1 error(s), 0 warning(s)\n"


def unreadable(path: Path) -> Path:
    path.write_text("id = 1\n")
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return path
    if Path("/proc/self/mem").exists():
        return Path("/proc/self/mem")  # readable by nobody, root included (EIO at offset 0)
    pytest.skip("no way to make an unreadable file here")


_FULL = (VALID / "full-clinician.toml").read_text(encoding="utf-8")


_HOSTILE = {
    "random-bytes": bytes(range(256)) * 4,
    "nul-bytes": b"\x00" * 1000,
    "utf-16": _FULL.encode("utf-16"),
    "latin-1": _FULL.encode("latin-1", "replace"),
    "bom-only": b"\xef\xbb\xbf",
    "empty": b"",
    "control-characters": bytes(range(32)) + b"id = 1\n",
    "escape-sequences": b'title = "\\u001b[2J\\u001b]0;pwned\\u0007"\n',
    "deep-arrays": b"a = " + b"[" * 100_000 + b"]" * 100_000,
    "deep-tables": b"a = " + b"{b = " * 50_000 + b"1" + b"}" * 50_000,
    "too-large": b"#" * (MAX_SPEC_BYTES + 1),
    "huge-integer": _FULL.replace("year = 2023", "year = 0x" + "f" * 4000).encode(),
    "long-integer": _FULL.replace("year = 2023", "year = " + "9" * 5000).encode(),
    "long-string": _FULL.replace('audience = "clinician"', 'audience = "' + "x" * 200_000 + '"').encode(),
}


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_validate_hostile_files(runner: CliRunner, name: str) -> None:
    Path(f"{name}.toml").write_bytes(_HOSTILE[name])
    result = run(runner, "validate", f"{name}.toml")
    assert result.exit_code == 2
    assert result.stderr, "an invalid file must say why"
    for line in result.stderr.splitlines():
        assert line.startswith(f"{name}.toml: ")
        assert line.isprintable() and len(line) < 1000, line
    assert SUMMARY.match(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: "missing.toml", "missing.toml: cannot be read: No such file or directory"),
        (
            lambda: "no/such/folder/spec.toml",
            "no/such/folder/spec.toml: cannot be read: No such file or directory",
        ),
        (lambda: str(unreadable(Path("unreadable.toml"))), "cannot be read: "),
        (lambda: "nul\x00.toml", "nul\\x00.toml: cannot be read: embedded null byte"),
        (lambda: "line\nbreak.toml", "line\\nbreak.toml: cannot be read: No such file or directory"),
        (lambda: "x" * 300 + ".toml", "cannot be read: File name too long"),
    ],
)
def test_validate_files_that_cannot_be_read(runner: CliRunner, make, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run(runner, "validate", make())
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert message in line
    assert result.stdout == "1 spec(s) checked: 0 valid, 1 invalid; 1 error(s), 0 warning(s)\n"


def test_a_file_name_with_a_line_break_is_shown_on_one_line(runner: CliRunner) -> None:
    Path("specs").mkdir()
    Path("specs/bad\nname.toml").write_text("title = 1\n")
    result = run(runner, "validate", "specs")
    assert result.exit_code == 2
    assert all(line.startswith("specs/bad\\nname.toml: ") for line in result.stderr.splitlines())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1000))
def test_validate_random_files(runner: CliRunner, data: bytes) -> None:
    Path("random.toml").write_bytes(data)
    result = run(runner, "validate", "random.toml")
    assert result.exit_code == 2
    assert SUMMARY.match(result.stdout.splitlines()[-1])
    assert all(line.startswith("random.toml: ") for line in result.stderr.splitlines())


def test_validate_reports_a_character_the_fonts_cannot_draw(runner: CliRunner) -> None:
    text = current(fixture("patient-full")).replace("Call 911", "Call \U0001f6d1 911", 1)
    assert text != current(fixture("patient-full"))
    source = write("patient-full.toml", text)
    result = runner.invoke(cli, ["validate", str(source)])
    assert result.exit_code == 2
    (line,) = errors_of(result)
    assert line.startswith("patient-full.toml: sections[")
    assert "(section '" in line
    assert "U+1F6D1" in line


def test_a_character_the_fonts_cannot_draw_and_a_missing_disclaimer_come_with_the_models_errors(
    runner: CliRunner,
) -> None:
    """Of a spec the model refuses, what its sound parts show is reported in the same run; then build
    refuses the sound spec with the disclaimer and the character together, not one after the other."""
    text = current(fixture("patient-full")).replace("Call 911", "Call \U0001f6d1 911", 1)
    text = re.sub(r'^disclaimer = """.*?"""\n', "", text, count=1, flags=re.MULTILINE | re.DOTALL)
    source = write("patient-full.toml", text.replace('version = "', 'version = "v ', 1))
    result = runner.invoke(cli, ["validate", str(source)])
    assert result.exit_code == 2
    found = [line.split(": ")[1] for line in result.stderr.splitlines()]
    assert [place.split(" (")[0] for place in found] == [
        "version",
        "disclaimer",
        "sections[4].blocks[1].title",
    ]
    assert "U+1F6D1" in result.stderr
    write("patient-full.toml", text)
    built = runner.invoke(cli, ["build", str(source), "-o", "out.pdf"])
    assert built.exit_code == 2
    assert len(built.stderr.splitlines()) == 2
    assert "disclaimer: is missing" in built.stderr
    assert "U+1F6D1" in built.stderr


# --- validate with a clinic profile -----------------------------------------------------------------


def test_validate_with_a_clinic_checks_the_profiles_characters(runner: CliRunner, tmp_path: Path) -> None:
    """A profile that cannot be printed makes every spec invalid; its own lines are printed once."""
    write("s.toml", current(spec_text(SECTION, spec_id="s")))
    write("t.toml", current(spec_text(SECTION, spec_id="t")))
    # Thai: a script with no bundled face.
    clinic = write_profile(path=str(tmp_path / "clinic" / "clinic.toml"), department="กข")
    result = run(runner, "validate", "s.toml", "t.toml", "--clinic", str(clinic))
    assert result.exit_code == 2
    # One line for the field, naming each character; not one for each spec.
    assert result.stderr.splitlines() == [
        f"{clinic}: department: holds 2 characters the bundled fonts cannot draw: "
        "'ก' (U+0E01 THAI CHARACTER KO KAI), 'ข' (U+0E02 THAI CHARACTER KHO KHAI); "
        "handouts has no font for the Thai script yet"
    ]
    assert result.stdout == "2 spec(s) checked: 0 valid, 2 invalid; 2 error(s), 0 warning(s)\n"
    assert run(runner, "validate", "s.toml", "t.toml").exit_code == 0  # the specs alone are fine


def test_the_bundled_example_profile_and_specs_validate_together(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(SPECS), "--clinic", str(EXAMPLE_CLINIC)])
    assert result.exit_code == 0, result.output
    assert EXAMPLE_CLINIC.with_name("logo.png").is_file()


def test_validate_warns_and_refuses_under_strict_what_build_does(runner: CliRunner) -> None:
    """The Spanish catalogue is unreviewed: validate says so as build does, and under --strict both
    refuse the Spanish spec in the same line, which names the spec it stops."""
    spanish = SPECS / "myelomalacia-es.toml"
    result = run(runner, "validate", str(SPECS))
    assert result.exit_code == 0 and result.stderr.splitlines() == [UNREVIEWED_ES]
    assert "3 valid, 0 invalid; 0 error(s), 1 warning(s)" in result.stdout
    refused = f"{spanish}: language: " + UNREVIEWED_ES.replace(": warning: has", " has")
    result = run(runner, "validate", "--strict", str(SPECS))
    assert result.exit_code == 2 and result.stderr.splitlines() == [refused]
    assert "2 valid, 1 invalid; 1 error(s), 0 warning(s)" in result.stdout
    assert refused_in_one_line(run(runner, "build", "--strict", str(spanish), "-o", "es.pdf")) == refused
    assert not Path("es.pdf").exists()
    # Said once for every spec in that language, and counted once, as build counts it.
    write("two/myelomalacia.toml", (SPECS / "myelomalacia.toml").read_text(encoding="utf-8"))
    write("two/myelomalacia-es.toml", spanish.read_text(encoding="utf-8"))
    other = spanish.read_text(encoding="utf-8").replace('id = "myelomalacia-es"', 'id = "other-es"')
    write("two/other-es.toml", other)
    result = run(runner, "validate", "two")
    assert result.exit_code == 0 and result.stderr.splitlines() == [UNREVIEWED_ES]
    assert "3 valid, 0 invalid; 0 error(s), 1 warning(s)" in result.stdout


# --- schema ---------------------------------------------------------------------------------------


def test_schema_is_json_schema_of_a_spec(runner: CliRunner) -> None:
    result = run(runner, "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    top_level = {"id", "audience", "title", "subtitle", "language", "version", "review", "key_message"}
    optional = {"sections", "comparison_first", "references", "contact", "url", "disclaimer", "report"}
    optional |= {"translation_of"}
    assert top_level | optional == set(schema["properties"])
    assert set(schema["required"]) == {
        "id", "audience", "title", "version", "review", "key_message", "sections"
    }  # fmt: skip
    assert {"Paragraph", "Bullets", "Steps", "Comparison", "Definitions", "Faq", "Callout"} <= set(
        schema["$defs"]
    )
    assert all(definition.get("additionalProperties") is False for definition in schema["$defs"].values())
    assert schema["properties"]["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def test_schema_prints_the_schema_shipped_beside_the_bundled_specs(runner: CliRunner) -> None:
    """What `handouts schema` prints is specs/spec.schema.json, byte for byte (tests/spec/test_schema.py
    checks the specs against it with a JSON Schema validator)."""
    assert run(runner, "schema").stdout == (SPECS / "spec.schema.json").read_text(encoding="utf-8")


# --- new ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_new_writes_a_starter_that_validates(runner: CliRunner, audience: str) -> None:
    result = run(runner, "new", "--audience", audience, "knee-pain", "--dir", "specs/new")
    assert result.exit_code == 0
    assert result.stdout == f"wrote {Path('specs/new/knee-pain.toml')}\n"
    path = Path("specs/new/knee-pain.toml")
    checked = validate_file(path, strict=True)
    assert checked.problems == []
    assert checked.spec is not None and checked.spec.audience == audience and checked.spec.id == "knee-pain"
    kinds = [
        block["kind"]
        for section in tomllib.loads(path.read_text())["sections"]
        for block in section["blocks"]
    ]
    # Every block kind shown once, but a figure (its image would be a file beside the spec): a comment
    # shows it.
    assert Counter(kinds) == Counter(kind for kind in BLOCK_KINDS if kind != "figure")
    assert '# kind = "figure"' in path.read_text()

    result = run(runner, "validate", "--strict", str(path))
    assert result.exit_code == 0
    assert result.stdout == "1 spec(s) checked: 1 valid, 0 invalid; 0 error(s), 0 warning(s)\n"


def test_new_uses_the_specs_folder_by_default(runner: CliRunner) -> None:
    assert run(runner, "new", "--audience", "patient", "a").exit_code == 0
    assert validate_file("specs/a.toml", strict=True).problems == []


def test_new_accepts_the_longest_id(runner: CliRunner) -> None:
    spec_id = "a" * 30 + "-" + "b" * 33
    assert len(spec_id) == 64
    assert run(runner, "new", "--audience", "clinician", spec_id, "--dir", ".").exit_code == 0
    assert validate_file(f"{spec_id}.toml", strict=True).problems == []


def test_new_refuses_to_overwrite(runner: CliRunner) -> None:
    Path("specs").mkdir()
    Path("specs/demo.toml").write_text("precious\n")
    result = run(runner, "new", "--audience", "patient", "demo")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{Path('specs/demo.toml')}: already exists; choose another id or remove the file first\n"
    )
    assert Path("specs/demo.toml").read_text() == "precious\n"


@pytest.mark.parametrize(
    "spec_id",
    [
        "Demo",
        "knee_pain",
        "knee pain",
        "knee--pain",
        "-knee",
        "knee-",
        "",
        "a" * 65,
        "../evil",
        "a/b",
        "é",
        "demo\n",
    ],
)
def test_new_rejects_a_bad_id(runner: CliRunner, spec_id: str) -> None:
    result = run(runner, "new", "--audience", "patient", "--dir", "out", "--", spec_id)
    assert result.exit_code == 2
    assert result.stderr == f"{spec_id!r}: an id is a slug: lowercase letters, digits and single hyphens\n"
    assert not Path("out").exists() and not Path("evil.toml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "demo"], "Missing option '--audience'"),
        (["new", "--audience", "nurse", "demo"], "Invalid value for '--audience'"),
        (["new", "--audience", "patient"], "Missing argument 'ID'"),
    ],
)
def test_new_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    """In one line naming the command and where its help is, not click's usage, hint and error."""
    line = refused_in_one_line(run(runner, *args))  # the runner calls the program "cli"
    assert line.startswith("cli new: " + message) and line.endswith("(see cli new --help)")
    assert not Path("specs").exists()


def test_new_into_a_folder_that_is_a_file(runner: CliRunner) -> None:
    Path("afile").write_text("")
    result = run(runner, "new", "--audience", "patient", "demo", "--dir", "afile")
    assert result.exit_code == 2
    assert "already exists" not in result.stderr
