"""Test configuration shared by every test folder (helpers live in the `helpers` package)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate",
        action="store_true",
        default=False,
        help="Write the reference PDFs (tests/reference/) anew instead of comparing with them; "
        "HANDOUTS_REGENERATE=1 does the same.",
    )


def pytest_configure(config: pytest.Config) -> None:
    # When a hypothesis test fails, hypothesis writes a patch with libcst, whose older releases warn
    # as they are imported; under filterwarnings=error that warning hides the failure behind an
    # INTERNALERROR.
    config.addinivalue_line(
        "filterwarnings", "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
    )


@pytest.fixture(autouse=True)
def _no_clinic_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test picks up a clinic profile from whoever runs the tests (HANDOUTS_CLINIC)."""
    monkeypatch.delenv("HANDOUTS_CLINIC", raising=False)


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CliRunner whose commands run inside an empty folder of their own."""
    monkeypatch.chdir(tmp_path)
    return CliRunner()
