"""What one build prints (document.py): the paper, what the document is printed as and its disclaimer,
decided in one place from the spec, the clinic and the settings asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts import Document, load_profile
from tests.helpers.clinics import write_profile
from tests.helpers.specs import NO_DISCLAIMER, small_spec, valid_spec


def test_the_paper_is_the_one_asked_for_else_the_clinics_else_letter(tmp_path: Path) -> None:
    spec = valid_spec(small_spec())
    a4_clinic = load_profile(write_profile(path=str(tmp_path / "a4.toml"), page_size="a4"))
    quiet_clinic = load_profile(write_profile(path=str(tmp_path / "quiet.toml")))
    assert Document(spec).paper == "letter"
    assert Document(spec, page_size="a4").paper == "a4"
    assert Document(spec, page_size="A4").paper == "a4"  # type: ignore[arg-type]
    assert Document(spec, clinic=a4_clinic).paper == "a4"
    assert Document(spec, clinic=a4_clinic, page_size="letter").paper == "letter"
    assert Document(spec, clinic=quiet_clinic).paper == "letter"
    with pytest.raises(ValueError, match="page_size must be one of letter, a4, not 'legal'"):
        Document(spec, page_size="legal")  # type: ignore[arg-type]


def test_what_a_document_is_printed_as() -> None:
    patient = valid_spec(small_spec())
    clinician = valid_spec(small_spec(audience="clinician"))
    assert Document(patient).kind == "patient"
    assert Document(patient, large_print=True).kind == "large print"
    assert Document(clinician).kind == "clinician"
    assert Document(clinician, large_print=True).kind == "clinician"  # refused when built


def test_the_disclaimer_is_the_specs_else_the_clinics(tmp_path: Path) -> None:
    own = valid_spec(small_spec())
    without = valid_spec(NO_DISCLAIMER)
    clinic = load_profile(write_profile(path=str(tmp_path / "clinic.toml"), disclaimer="The clinic's own."))
    assert Document(own, clinic=clinic).disclaimer == "General information only."
    assert Document(without, clinic=clinic).disclaimer == "The clinic's own."
    assert Document(without).disclaimer is None
