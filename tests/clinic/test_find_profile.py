"""Finding the clinic profile to use (handouts.find_profile): the one named, else the one
HANDOUTS_CLINIC names, else none."""

from __future__ import annotations

import pytest

from handouts import SpecError, find_profile
from tests.helpers.clinics import BASE
from tests.helpers.clinics import write_profile as write


def test_find_profile_prefers_the_option_then_the_variable() -> None:
    write(name="From the option", path="option.toml")
    write(name="From the variable", path="variable.toml")
    environ = {"HANDOUTS_CLINIC": "variable.toml"}
    chosen = find_profile("option.toml", environ)
    assert chosen is not None
    assert chosen.clinic.name == "From the option"
    chosen = find_profile(None, environ)
    assert chosen is not None
    assert (chosen.clinic.name, chosen.file) == ("From the variable", "variable.toml")


def test_without_option_or_variable_there_is_no_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    assert find_profile(None, {}) is None
    assert find_profile(None, {"HANDOUTS_CLINIC": ""}) is None
    assert find_profile(None) is None  # the real environment, where the variable is unset
    monkeypatch.setenv("HANDOUTS_CLINIC", "")
    assert find_profile(None) is None


def test_find_profile_reads_the_real_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    write()
    monkeypatch.setenv("HANDOUTS_CLINIC", "clinic.toml")
    profile = find_profile(None)
    assert profile is not None
    assert profile.clinic.name == BASE["name"]


def test_a_variable_naming_a_missing_or_bad_profile_is_an_error_naming_the_variable() -> None:
    with pytest.raises(SpecError) as caught:
        find_profile(None, {"HANDOUTS_CLINIC": "/nowhere/clinic.toml"})
    missing = "cannot be read: No such file or directory"
    assert str(caught.value) == f"HANDOUTS_CLINIC=/nowhere/clinic.toml: {missing}"
    write(accent="#eeeeee", name="")
    with pytest.raises(SpecError) as caught:
        find_profile(None, {"HANDOUTS_CLINIC": "clinic.toml"})
    assert [str(problem) for problem in caught.value.problems] == [
        "HANDOUTS_CLINIC=clinic.toml: name: must not be empty",
        "HANDOUTS_CLINIC=clinic.toml: accent: '#eeeeee' has a contrast of 1.1:1 against white; "
        "text needs 4.5:1 or better (try a darker shade)",
    ]


def test_an_option_naming_a_missing_profile_is_an_error_even_with_the_variable_set() -> None:
    write(path="variable.toml")
    with pytest.raises(SpecError) as caught:
        find_profile("missing.toml", {"HANDOUTS_CLINIC": "variable.toml"})
    assert str(caught.value) == "missing.toml: cannot be read: No such file or directory"
    with pytest.raises(SpecError) as caught:
        find_profile("", {})
    assert str(caught.value) == "clinic: needs the path of a clinic profile"  # the setting, not the option
    assert [problem.setting for problem in caught.value.problems] == ["clinic"]
