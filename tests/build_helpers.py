"""Shared helpers for the builder tests: small specs written in the test, validated as a user's would be."""

from __future__ import annotations

import textwrap
from datetime import date

from click.testing import Result

from handouts import Spec, validate_bytes
from handouts.fonts import SANS, SANS_BOLD, SANS_BOLD_ITALIC, SANS_ITALIC, SYMBOLS, face

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


def current(text: str, today: date | None = None) -> str:
    """spec_text's review dates moved to be current on `today` (the real today by default), so that a
    spec built through the command line, which checks against the clock, draws no review warning."""
    from datetime import timedelta

    today = today or date.today()
    text = text.replace("last_reviewed = 2026-01-01", f"last_reviewed = {today - timedelta(days=30)}")
    return text.replace("next_review = 2027-01-01", f"next_review = {today + timedelta(days=300)}")


def metadata_text(pdf: bytes) -> str:
    """Everything a PDF says about itself outside its pages: document info, XMP and bookmark titles."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    info = reader.trailer.get("/Info")
    parts = [f"{key}={value}" for key, value in (info.get_object() if info else {}).items()]
    xmp = reader.root_object.get("/Metadata")
    if xmp is not None:
        data = xmp.get_object().get_data()
        parts += [data.decode("utf-8", "replace"), data.decode("utf-16-be", "replace")]

    def titles(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                titles(item)
            else:
                parts.append(str(getattr(item, "title", "")))

    titles(reader.outline)
    return "\n".join(parts)


def assert_clean(result: Result) -> None:
    """A command ended by itself: no exception escaped it and no traceback was printed."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def faces_by_base_font() -> dict[str, str]:
    """Each bundled face by the name a PDF gives it in /BaseFont (after the subset tag)."""
    return {
        face(name).face.name.decode(): name
        for name in (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC, SYMBOLS)
    }
