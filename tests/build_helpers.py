"""Shared helpers for the builder tests: small specs written in the test, validated as a user's would be."""

from __future__ import annotations

import textwrap
from datetime import date

from handouts import Spec, validate_bytes

# The review dates spec_text writes (2026-01-01 to 2027-01-01) are current on this day.
TODAY = date(2026, 6, 1)


def valid_spec(text: str, name: str = "<test>") -> Spec:
    checked = validate_bytes(text.encode("utf-8"), name, today=TODAY)
    assert not checked.errors, checked.problems
    assert checked.spec is not None
    return checked.spec


def spec_text(
    sections: str, *, audience: str = "patient", spec_id: str = "test", title: str = "", extra: str = ""
) -> str:
    """A complete spec around the given [[sections]] TOML; `extra` holds more top-level keys."""
    head = textwrap.dedent(
        f"""\
        id = "{spec_id}"
        audience = "{audience}"
        title = "{title or spec_id.capitalize()}"
        version = "1.0"
        key_message = "The key message."
        disclaimer = "General information only."
        {extra}
        [review]
        last_reviewed = 2026-01-01
        next_review = 2027-01-01
        reviewed_by = "Reviewer"
        """
    )
    return head + "\n" + textwrap.dedent(sections)
