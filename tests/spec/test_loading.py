"""Loading spec files: the fixture table, and the warning for an id that is not the file's name.

Most cases are data: each file in fixtures/spec/problems/ is a spec with one kind of mistake (or a
few), and its `# expect: ...` comment lines are every problem it must produce, no more and no fewer,
as printed after `FILE: `. To add a case, add a file.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from handouts import Spec, SpecError, load_spec, validate_file
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
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    checked = validate_file(path, today=TODAY)
    assert Counter(lines(checked)) == Counter(expected)
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
