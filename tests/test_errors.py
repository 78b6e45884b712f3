"""How problems print (errors.py): one line each, naming the file (or the build setting) and the place."""

from __future__ import annotations

from handouts import Problem, SpecError
from handouts.errors import setting_problem


def test_problem_lines() -> None:
    assert str(Problem("a.toml", "title", "must not be empty")) == "a.toml: title: must not be empty"
    assert str(Problem("a.toml", "", "is a folder, not a file")) == "a.toml: is a folder, not a file"
    assert str(Problem("a.toml", "id", "differs", "warning")) == "a.toml: id: warning: differs"


def test_spec_error_carries_only_errors() -> None:
    error = SpecError([Problem("a", "x", "bad"), Problem("a", "y", "doubtful", "warning")])
    assert error.problems == [Problem("a", "x", "bad")]
    assert str(error) == "a: x: bad"


def test_a_build_setting_is_named_instead_of_a_file() -> None:
    """The library names a setting as the API does; the command line words it as its option."""
    problem = setting_problem("patient", "must not be empty")
    assert (problem.file, problem.setting) == ("", "patient")
    assert str(problem) == "patient: must not be empty"
    assert str(SpecError([problem])) == "patient: must not be empty"
