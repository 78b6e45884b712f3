"""Loading spec files: the fixture table, and the warning for an id that is not the file's name.

Most cases are data: each file in fixtures/spec/problems/ is a spec with one kind of mistake (or a
few), and its `# expect: ...` comment lines are every problem it must produce, no more and no fewer,
as printed after `FILE: `. To add a case, add a file.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from handouts import (
    Checked,
    Options,
    Spec,
    SpecError,
    load_spec,
    preflight_checked,
    validate_bytes,
    validate_file,
)
from tests.helpers.paths import PROBLEMS, VALID
from tests.helpers.specs import TODAY, expectations, lines

# --- the fixture table ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(VALID.glob("*.toml")), ids=lambda p: p.stem)
def test_valid_fixture_has_no_problems(path: Path) -> None:
    checked = validate_file(path, today=TODAY, strict=True)
    assert lines(checked) == []
    assert isinstance(checked.spec, Spec)
    assert load_spec(path, today=TODAY, strict=True) == checked.spec


@pytest.mark.parametrize("path", sorted(PROBLEMS.glob("*.toml")), ids=lambda p: p.stem)
def test_problem_fixture_reports_exactly_what_it_expects(path: Path) -> None:
    """All of a fixture's problems come from one run, as `handouts validate` finds them: the model's,
    the cross-field rules' and what would stop the build (no disclaimer), whatever else is wrong."""
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    checked = validate_file(path, today=TODAY)
    everything = Checked(checked.file, checked.spec, checked.problems + preflight_checked(checked, Options()))
    assert Counter(lines(everything)) == Counter(expected)
    has_errors = any(": warning: " not in f": {line}" for line in expected)
    assert bool(checked.errors) == has_errors
    if not has_errors:
        assert checked.spec is not None


@pytest.mark.parametrize("path", sorted(PROBLEMS.glob("*.toml")), ids=lambda p: p.stem)
def test_load_spec_raises_spec_error_with_every_error(path: Path) -> None:
    checked = validate_file(path, today=TODAY)
    if not checked.errors:
        assert load_spec(path, today=TODAY) == checked.spec
        return
    with pytest.raises(SpecError) as raised:
        load_spec(path, today=TODAY)
    assert raised.value.problems == checked.errors
    assert str(raised.value).splitlines() == [str(problem) for problem in checked.errors]


def test_every_fixture_id_matches_its_file_name_unless_that_is_the_point() -> None:
    """Keeps the fixture table honest: no case picks up the file-name warning by accident."""
    for path in [*VALID.glob("*.toml"), *PROBLEMS.glob("*.toml")]:
        if path.stem in {"bad-id", "many-mistakes", "id-differs-from-file-name"}:
            continue
        assert f'id = "{path.stem}"'.encode() in path.read_bytes(), path.name


# --- the file's name -----------------------------------------------------------------------------


def test_the_file_name_warning_and_strict(tmp_path: Path) -> None:
    path = tmp_path / "other-name.toml"
    shutil.copy(VALID / "minimal-patient.toml", path)
    warning = f"{path}: id: warning: 'minimal-patient' differs from the file name 'other-name'"
    checked = validate_file(path, today=TODAY)
    assert [str(p) for p in checked.problems] == [warning]
    assert checked.spec is not None
    strict = validate_file(path, today=TODAY, strict=True)
    assert [str(p) for p in strict.problems] == [warning.replace("warning: ", "")]
    with pytest.raises(SpecError):
        load_spec(path, today=TODAY, strict=True)


# --- dates written in other forms --------------------------------------------------------------------


ADVICE = "write dates as YYYY-MM-DD (no quotes)"


def _with_next_review(value: str, more: str = "") -> bytes:
    text = (VALID / "minimal-patient.toml").read_text(encoding="utf-8")
    text = re.sub(r"^next_review = .*$", f"next_review = {value}", text, count=1, flags=re.MULTILINE)
    return (text + more).encode("utf-8")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("30/11/2027", "write dates as YYYY-MM-DD (no quotes); did you mean 2027-11-30? (got '30/11/2027')"),
        (
            "2027/11/30  # due",
            "write dates as YYYY-MM-DD (no quotes); did you mean 2027-11-30? (got '2027/11/30')",
        ),
        ("05.06.2027", "write dates as YYYY-MM-DD (no quotes), e.g. 2026-03-01 (got '05.06.2027')"),
        ("2027-11-31", "'2027-11-31' is not a date in the calendar; write dates as YYYY-MM-DD (no quotes)"),
        ("Nov 30 2027", "write dates as YYYY-MM-DD (no quotes), e.g. 2026-03-01 (got 'Nov 30 2027')"),
        ('"2027-11-30"', "write dates as YYYY-MM-DD (no quotes): take the quotes off '2027-11-30'"),
    ],
)
def test_a_date_in_another_form_is_named_by_its_field_with_the_form_to_use(
    written: str, message: str
) -> None:
    checked = validate_bytes(_with_next_review(written), "spec.toml", today=TODAY)
    assert lines(checked) == [f"review.next_review: {message}"]


def test_a_date_in_another_form_does_not_hide_the_other_mistakes() -> None:
    """TOML cannot read 30/11/2027; the file is read again with it quoted, so the rest is still checked."""
    source = _with_next_review("30/11/2027").replace(b'audience = "patient"', b'audience = "Patient"')
    source = re.sub(rb"last_reviewed = \S+", b"last_reviewed = 2026/7/15", source)
    checked = validate_bytes(source, "spec.toml", today=TODAY)
    assert lines(checked) == [
        "audience: must be one of 'clinician' or 'patient' (got 'Patient'); did you mean 'patient'?",
        f"review.last_reviewed: {ADVICE}; did you mean 2026-07-15? (got '2026/7/15')",
        f"review.next_review: {ADVICE}; did you mean 2027-11-30? (got '30/11/2027')",
    ]
    assert checked.spec is None


def test_what_is_not_a_date_slip_stays_a_syntax_error() -> None:
    """Only a review date's value is read again in quotes: TOML's message stands for any other key's
    (a year, say, which must not become text), and for a date inside an inline table."""
    inline = _with_next_review("2027-11-30").replace(
        b"[review]", b"review = { last_reviewed = 30/11/2026 }\n[other]"
    )
    year = _with_next_review("2027-11-30") + b"\n[[references]]\nyear = 30/11/2026\n"
    for source in (inline, year):
        (problem,) = validate_bytes(source, "spec.toml", today=TODAY).problems
        assert problem.message.startswith("TOML syntax error: ")
    many = "".join(f"\n[[x]]\nnext_review = {n % 28 + 1}/11/2027" for n in range(25)).encode()
    (problem,) = validate_bytes(_with_next_review("2027-11-30") + many, "spec.toml").problems
    assert str(problem) == "spec.toml: TOML syntax error: more than 20 dates are not TOML dates"
