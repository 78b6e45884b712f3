"""Specs for the tests: written in a test (spec_text), read from the fixtures, or the bundled ones; and
the one day on which the tests validate them (TODAY).

Every review date the tests write or keep is current on TODAY: spec_text's and the build fixtures'
(LAST_REVIEWED to NEXT_REVIEW), the spec fixtures' (2026-07-15 to 2027-07-15, unless a fixture is about
its dates) and the bundled specs' (2026-11-15 to 2027-11-15). The command line checks review dates
against the clock, so a spec it reads is first made current() on the real today.
"""

from __future__ import annotations

import copy
import json
import re
import textwrap
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from handouts import Checked, Problem, Spec, load_spec, validate_bytes

from .paths import BUILD_FIXTURES, CLINICIAN_SPEC, PATIENT_SPEC, VALID
from .toml import dumps

TODAY = date(2026, 12, 1)
LAST_REVIEWED, NEXT_REVIEW = date(2026, 7, 1), date(2027, 7, 1)  # what spec_text writes
PATIENT_TITLE, CLINICIAN_TITLE = "Myelomalacia", "Myelopathy vs. myelomalacia"  # the bundled specs'


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
        last_reviewed = {LAST_REVIEWED}
        next_review = {NEXT_REVIEW}
        reviewed_by = "Reviewer"
        """
    )
    return head + "\n" + textwrap.dedent(sections)


def valid_spec(text: str, name: str = "<test>", *, today: date = TODAY) -> Spec:
    """The spec in `text`, validated as a user's would be; it must have no errors."""
    checked = validate_bytes(text.encode("utf-8"), name, today=today)
    assert not checked.errors, checked.problems
    assert checked.spec is not None
    return checked.spec


def current(text: str, today: date | None = None) -> str:
    """A spec's review dates moved to be current on `today` (the real today by default), so that a spec
    read by the command line, which checks against the clock, draws no review warning."""
    today = today or date.today()
    text = re.sub(r"\blast_reviewed = \d{4}-\d\d-\d\d", f"last_reviewed = {today - timedelta(days=30)}", text)
    return re.sub(r"\bnext_review = \d{4}-\d\d-\d\d", f"next_review = {today + timedelta(days=300)}", text)


def q(text: str) -> str:
    """A TOML basic string holding `text` exactly (JSON string syntax is valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def fixture(name: str) -> str:
    """The text of a build fixture: tests/fixtures/build/NAME.toml."""
    return (BUILD_FIXTURES / f"{name}.toml").read_text(encoding="utf-8")


def load(source: Path) -> Spec:
    """A build fixture or a bundled spec, validated on TODAY."""
    if source.parent == BUILD_FIXTURES:
        return valid_spec(source.read_text(encoding="utf-8"), str(source))
    return load_spec(source, today=TODAY)


# --- small specs for the clinic, page-size and large-print tests -------------------------------------

SECTION = """
[[sections]]
title = "What to do"

[[sections.blocks]]
kind = "paragraph"
text = "Rest, then walk a little more each day, and see a doctor if the pain gets worse."
"""
URL = "https://example.org/handouts/knee-pain/v2?lang=en&print=1"


def small_spec(sections: str = SECTION, *, audience: str = "patient", extra: str = "") -> str:
    return spec_text(sections, audience=audience, spec_id="small", title="Knee pain", extra=extra)


def one_paragraph(text: str) -> str:
    """A spec whose one section holds one paragraph of `text` (a string of TOML, unescaped)."""
    return spec_text(
        f'[[sections]]\ntitle = "S"\n\n[[sections.blocks]]\nkind = "paragraph"\ntext = "{text}"\n'
    )


def bullets(blocks: int, last: int) -> str:
    """A section of `blocks` lists of ten short bullets and one of `last`: tall, not wide."""
    items = [10] * blocks + [last]
    lists = "".join(
        f'\n[[sections.blocks]]\nkind = "bullets"\nitems = {json.dumps([f"Item {j}" for j in range(n)])}\n'
        for n in items
    )
    return f'[[sections]]\ntitle = "Lists"\n{lists}'


# Measured: 6 lists of ten and one of four fit one A4 page (at 12.5 pt) but not one letter page; with
# one of seven, two A4 pages in large print but not two letter pages; with one of ten, neither. With
# one of five and the Hillside profile's longer contact block: two A4 pages, not two letter pages.
FITS_A4_ONLY = bullets(8, 6)
FITS_A4_ONLY_IN_LARGE_PRINT = bullets(14, 5)  # on four A4 pages
FITS_A4_ONLY_IN_LARGE_PRINT_FOR_HILLSIDE = bullets(14, 3)
TOO_LONG_FOR_LARGE_PRINT = bullets(14, 7)
NO_DISCLAIMER = small_spec().replace('disclaimer = "General information only."\n', "")


# --- the spec fixtures (tests/fixtures/spec) ---------------------------------------------------------


def minimal() -> dict[str, Any]:
    """A fresh copy of the smallest valid spec, as a dict."""
    return copy.deepcopy(_MINIMAL)


def full() -> dict[str, Any]:
    """A fresh copy of the valid spec that uses every block kind and every optional key."""
    return copy.deepcopy(_FULL)


def expectations(path: Path) -> list[str]:
    """The `# expect: ...` lines at the top of a fixture (read as bytes: the file need not be UTF-8)."""
    found = re.findall(rb"^# expect: (.*?)\r?$", path.read_bytes(), flags=re.MULTILINE)
    return [line.decode("utf-8") for line in found]


_LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def assert_well_reported(checked: Checked, file: str) -> list[str]:
    """Check the shape of a result for any input at all; return its problems as printed lines."""
    assert isinstance(checked, Checked)
    assert checked.file == file
    if checked.spec is None:
        assert checked.errors, "an unusable spec must come with at least one error"
    lines = []
    for problem in checked.problems:
        assert isinstance(problem, Problem)
        assert problem.severity in ("error", "warning")
        assert problem.message.strip()
        line = str(problem)
        assert not _LINE_BREAKS.search(line), f"not one line: {line!r}"
        assert line.isprintable(), f"unprintable characters: {line!r}"
        assert line.startswith(f"{file}: ")
        lines.append(line)
    return lines


_MINIMAL = tomllib.loads((VALID / "minimal-patient.toml").read_text(encoding="utf-8"))
_FULL = tomllib.loads((VALID / "full-clinician.toml").read_text(encoding="utf-8"))


def validate_table(table: dict[str, Any], *, today: date = TODAY, strict: bool = False) -> Checked:
    """A spec given as a table, written as TOML and validated as the file spec.toml."""
    return validate_bytes(dumps(table).encode(), "spec.toml", today=today, strict=strict)


def lines(checked: Checked) -> list[str]:
    """The problems as printed, without the `FILE: ` prefix (each checked for its shape)."""
    return [line.removeprefix(f"{checked.file}: ") for line in assert_well_reported(checked, checked.file)]


PARAGRAPH = (
    "This paragraph explains, in plain words, what the condition is, why it happens, how it is "
    "treated, and what a person can do at home to feel better while it heals over the coming weeks."
)


def over_long(spec_id: str = "too-long") -> str:
    """A patient spec far too long for its page(s), in two sections named in the refusal; current on
    the real today, for the command line."""
    blocks = "".join(
        f'\n[[sections.blocks]]\nkind = "paragraph"\ntext = {q(PARAGRAPH + " " + PARAGRAPH)}\n'
        for _ in range(15)
    )
    sections = f'[[sections]]\ntitle = "First half"\n{blocks}\n[[sections]]\ntitle = "Second half"\n{blocks}'
    return current(spec_text(sections, spec_id=spec_id))


def copy_of(source: Path, spec_id: str) -> str:
    """A bundled spec under another id (a spec's file is named after its id), current on the real today."""
    text = source.read_text(encoding="utf-8")
    return current(re.sub(r'^id = ".*"$', f'id = "{spec_id}"', text, count=1, flags=re.MULTILINE))


def library(folder: Path, count: int, clinicians: int = 0) -> list[str]:
    """`count` copies of the bundled specs in `folder`, the last `clinicians` of them clinician summaries;
    their ids, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"spec-{number:04d}" for number in range(1, count + 1)]
    for index, spec_id in enumerate(ids):
        source = CLINICIAN_SPEC if index >= count - clinicians else PATIENT_SPEC
        (folder / f"{spec_id}.toml").write_text(copy_of(source, spec_id), encoding="utf-8")
    return ids
