"""Fixtures of the batch tests."""

from __future__ import annotations

import pytest

from handouts.layout.fitting import Fitted
from handouts.layout.page_layout import Layout
from handouts.layout.remembered import Remembered


@pytest.fixture
def remembered_by_builds(monkeypatch: pytest.MonkeyPatch) -> list[Remembered | None]:
    """What each build in this process (--jobs 1, or a watch) was handed to check first."""
    handed: list[Remembered | None] = []
    fit = Layout.fit

    def spied(self: Layout, remembered: Remembered | None = None) -> Fitted:
        handed.append(remembered)
        return fit(self, remembered)

    monkeypatch.setattr(Layout, "fit", spied)
    return handed
