"""Edge cases found in review of clinic profiles, personalisation and letters: each one asserted on
real output (the PDF's text, file modes, command output)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from build_helpers import current, spec_text, valid_spec
from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas

from handouts import Prepared, SpecError, build_pdf, load_profile, validate_bytes
from handouts.checking import pdf_text
from handouts.cli import cli
from handouts.pdf import write_atomic

SECTION = """
[[sections]]
title = "What to do"

[[sections.blocks]]
kind = "paragraph"
text = "Rest, then walk a little more each day."
"""


@pytest.fixture(autouse=True)
def _no_profile_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUTS_CLINIC", raising=False)


def profile(folder: Path, extra: str = "") -> Path:
    path = folder / "clinic.toml"
    path.write_text(
        f'name = "Oak Clinic"\nphone = "555 0100"\n{extra}\n[out_of_hours]\nphone = "555 0199"\n',
        encoding="utf-8",
    )
    return path


def without_disclaimer(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("disclaimer ="))


def test_a_profiles_disclaimer_is_printed_exactly_not_read_as_markup(tmp_path: Path) -> None:
    clinic = load_profile(profile(tmp_path, 'disclaimer = "Rule [1] applies; use 2*3*4 and **this**."'))
    spec = valid_spec(without_disclaimer(spec_text(SECTION)))
    _, text = pdf_text(build_pdf(spec, clinic=clinic).pdf)
    assert "Rule [1] applies; use 2*3*4 and **this**." in " ".join(text.split())


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_a_rebuilt_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")
    target.chmod(mode)
    write_atomic(b"%PDF-new", target)
    assert stat.S_IMODE(target.stat().st_mode) == mode and target.read_bytes() == b"%PDF-new"


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_atomic(b"%PDF-new", tmp_path / "private.pdf")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "private.pdf").stat().st_mode) == 0o600


def test_decomposed_accents_are_joined_and_loose_ones_refused() -> None:
    spec = valid_spec(spec_text(SECTION))
    joined = Prepared(patient="Zoe\u0308 Nguye\u0302\u0303n")  # typed as letters plus separate accents
    assert joined.patient == "Zoë Nguyễn"
    _, text = pdf_text(build_pdf(spec, prepared=joined).pdf)
    assert "Prepared for Zoë Nguyễn" in text
    with pytest.raises(SpecError, match=r"^--patient: holds an accent that cannot be printed"):
        build_pdf(spec, prepared=Prepared(patient="Jane q\u0308"))  # no precomposed q with diaeresis


def test_page_size_is_read_in_any_case_and_a_wrong_one_is_a_clear_error() -> None:
    spec = valid_spec(spec_text(SECTION))
    assert build_pdf(spec, page_size="A4").page_size == "a4"  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="page_size must be one of letter, a4"):
        build_pdf(spec, page_size="legal")  # type: ignore[arg-type]


def test_a_spec_url_must_be_short_enough_to_scan_and_type() -> None:
    long = "https://example.org/" + "a" * 101
    checked = validate_bytes(spec_text(SECTION, extra=f'url = "{long}"').encode())
    assert [str(p) for p in checked.errors] == ["<spec>: url: is too long: 121 characters, at most 120"]


@pytest.mark.parametrize("value", ["20261121", "2026-W47-6", "2026-11-21T08:00", "21/11/2026"])
def test_date_must_be_written_year_month_day(runner: CliRunner, value: str) -> None:
    Path("s.toml").write_text(current(spec_text(SECTION, spec_id="s")), encoding="utf-8")
    result = runner.invoke(cli, ["build", "s.toml", "--date", value, "-o", "s.pdf"])
    assert result.exit_code == 2 and "must be a date such as 2026-11-21" in result.output
    assert value not in result.output and not Path("s.pdf").exists()


def test_validate_with_a_clinic_checks_the_profiles_characters(runner: CliRunner, tmp_path: Path) -> None:
    Path("s.toml").write_text(current(spec_text(SECTION, spec_id="s")), encoding="utf-8")
    clinic = profile(tmp_path, 'department = "诊所"')
    result = runner.invoke(cli, ["validate", "s.toml", "--clinic", str(clinic)])
    assert result.exit_code == 2
    assert f"{clinic}: department: the character '诊' (U+8BCA" in result.output


def test_attach_reports_the_warnings_build_would(runner: CliRunner) -> None:
    overdue = spec_text(SECTION, spec_id="s")  # reviewed 2026-01-01, next review 2027-01-01
    overdue = overdue.replace("next_review = 2027-01-01", "next_review = 2026-02-01")
    Path("s.toml").write_text(overdue, encoding="utf-8")
    canvas = Canvas("letter.pdf", invariant=1)
    canvas.drawString(72, 720, "Dear patient,")
    canvas.showPage()
    canvas.save()
    result = runner.invoke(cli, ["attach", "letter.pdf", "s.toml", "-o", "out.pdf"])
    assert result.exit_code == 0, result.output
    assert "s.toml: review.next_review: warning:" in result.output
    strict = runner.invoke(cli, ["attach", "letter.pdf", "s.toml", "-o", "strict.pdf", "--strict"])
    assert strict.exit_code == 2 and not Path("strict.pdf").exists()
