"""Every clinic test runs inside a folder of its own (its profile is `clinic.toml` there), so messages
read exactly as a user sees them."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
