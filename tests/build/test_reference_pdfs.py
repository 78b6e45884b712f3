"""Reference PDFs: whole documents built as a user builds them, compared with PDFs committed in
tests/reference/ (as fpdf2 keeps its own).

The comparison is structural (tests/helpers/reference.py): pages and their sizes, each page's text,
the fonts, the document info and catalog, the images, and every drawing operator with its numbers
rounded. It catches any change to what prints, as the byte-identity and text checks elsewhere cannot
say where a change is; it ignores how the file happens to be laid out in bytes.

When a change is meant to alter the output (a new layout rule, another font, an edited bundled spec),
write the references anew and look at them before committing them:

    .venv/bin/python -m pytest tests/build/test_reference_pdfs.py --regenerate

(or set HANDOUTS_REGENERATE=1). On a mismatch the new PDF is kept in tests/reference/failed/ (ignored
by git), beside its reference, and the failure says which parts differ.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from handouts import Built, Profile, build_pdf, load_profile
from handouts.standards import PageSize
from tests.helpers.paths import CLINICIAN_SPEC, EXAMPLE_CLINIC, PATIENT_SPEC, REFERENCE
from tests.helpers.reference import differences, structure
from tests.helpers.specs import load

SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: the date every reference PDF carries
FAILED = REFERENCE / "failed"


@dataclass(frozen=True)
class Case:
    source: Path
    clinic: Path | None = None
    page_size: PageSize | None = None
    large_print: bool = False

    def build(self) -> Built:
        clinic: Profile | None = load_profile(self.clinic) if self.clinic else None
        return build_pdf(
            load(self.source), clinic=clinic, page_size=self.page_size, large_print=self.large_print
        )


CASES = {
    # The bundled patient handout, neutral, on letter.
    "myelomalacia-letter": Case(PATIENT_SPEC),
    # The same with the example clinic (logo, accent, out-of-hours number), in large print on two A4 pages.
    "myelomalacia-clinic-large-print-a4": Case(PATIENT_SPEC, EXAMPLE_CLINIC, "a4", large_print=True),
    # The bundled clinician summary: two columns, a comparison table, references.
    "myelopathy-vs-myelomalacia-letter": Case(CLINICIAN_SPEC),
}


@pytest.fixture
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


def regenerating(config: pytest.Config) -> bool:
    return bool(config.getoption("--regenerate")) or os.environ.get("HANDOUTS_REGENERATE") == "1"


@pytest.mark.usefixtures("fixed_date")
@pytest.mark.parametrize("name", list(CASES))
def test_a_build_matches_its_reference(name: str, request: pytest.FixtureRequest) -> None:
    reference, kept = REFERENCE / f"{name}.pdf", FAILED / f"{name}.pdf"
    pdf = CASES[name].build().pdf
    if regenerating(request.config):
        reference.write_bytes(pdf)
        kept.unlink(missing_ok=True)
        return
    assert reference.is_file(), f"no reference PDF {reference}: write it with --regenerate"
    found = differences(structure(reference.read_bytes()), structure(pdf))
    if not found:
        kept.unlink(missing_ok=True)
        return
    FAILED.mkdir(exist_ok=True)
    kept.write_bytes(pdf)
    raise AssertionError(
        f"{name}: the build differs from {reference.relative_to(REFERENCE.parent.parent)}; "
        f"the new PDF is {kept.relative_to(REFERENCE.parent.parent)}. If the change is meant, "
        "regenerate the references (--regenerate) and look at them before committing.\n"
        + "\n".join(f"  - {part}: {how}" for part, how in found.items())
    )


@pytest.mark.usefixtures("fixed_date")
def test_the_comparison_finds_a_changed_word_and_a_changed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not vacuous: a word changed in the spec shows in the page's text and operators; another build
    date shows in the document info and nowhere else."""
    built = CASES["myelomalacia-letter"].build()
    spec = built.spec.model_copy(update={"key_message": built.spec.key_message.replace("stop", "halt")})
    assert spec.key_message != built.spec.key_message
    changed = differences(structure(built.pdf), structure(build_pdf(spec).pdf))
    assert {"text of page 1", "operators of page 1", "document info"} <= set(changed), changed
    assert "halt it getting worse" in changed["text of page 1"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    later = differences(structure(built.pdf), structure(CASES["myelomalacia-letter"].build().pdf))
    assert list(later) == ["document info"], later
    assert "/CreationDate" in later["document info"]
    assert differences(structure(built.pdf), structure(built.pdf)) == {}
