"""Test configuration shared by the test files (kept small: helpers live in spec_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner


def pytest_configure(config: pytest.Config) -> None:
    # When a hypothesis test fails, hypothesis writes a patch with libcst, whose older releases warn
    # as they are imported; under filterwarnings=error that warning hides the failure behind an
    # INTERNALERROR.
    config.addinivalue_line(
        "filterwarnings", "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
    )


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CliRunner whose commands run inside an empty folder of their own."""
    monkeypatch.chdir(tmp_path)
    return CliRunner()
