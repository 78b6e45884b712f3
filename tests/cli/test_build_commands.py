"""The commands that build, end to end: `handouts build` (PDF files, one spec or a batch of them) and
`handouts report` (quality reports), with `build --report` between them.

Where the PDFs go, what is printed, and what is refused; a failed build never leaves a file behind nor
touches one already there. Clinic profiles, personal copies and large print through the options. A
batch builds in worker processes, shows a progress bar on a terminal and stops cleanly when
interrupted (real processes, real signals). Specs are written into the runner's empty folder with
review dates current today, as the command line checks them against the clock; the bundled specs are
given by absolute path.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from handouts import Spec, build_pdf, check_pdf
from handouts.cli.main import cli
from handouts.pdf.check import check_pdf_bytes
from tests.helpers import specs
from tests.helpers.cli import (
    UNREVIEWED_ES,
    assert_clean,
    errors_of,
    files_in,
    refused_in_one_line,
    write,
)
from tests.helpers.clinics import (
    CLINIC_NAME,
    CLOSED,
    OTHER_DISCLAIMER,
    OTHER_NAME,
    grade_six_profile,
    other_profile,
)
from tests.helpers.paths import CLINICIAN_SPEC, EXAMPLE_CLINIC, PATIENT_SPEC, SPECS
from tests.helpers.pdfs import PAGES, images, metadata_text, read, squeeze, text_of
from tests.helpers.personal import DETAILS, PATIENT, PERSONAL, PREPARED_LINE
from tests.helpers.reports import (
    DOING,
    EASY_TEXT,
    HARD,
    SEVENTH_GRADE_AT_LENGTH,
    handout,
    paragraph,
    patient,
    section,
)
from tests.helpers.specs import (
    FITS_A4_ONLY,
    FITS_A4_ONLY_IN_LARGE_PRINT,
    FITS_A4_ONLY_IN_LARGE_PRINT_FOR_HILLSIDE,
    NO_DISCLAIMER,
    SECTION,
    TOO_LONG_FOR_LARGE_PRINT,
    copy_of,
    current,
    library,
    load,
    over_long,
    small_spec,
    spec_text,
    valid_spec,
)

EXAMPLE = EXAMPLE_CLINIC
LETTER, A4 = PAGES["letter"], PAGES["a4"]
TITLES = ("Myelomalacia", "Myelopathy vs. myelomalacia", "Mielomalacia")  # the bundled specs'
BUNDLED_PASSING = len(TITLES)  # every bundled spec passes every gate


def fixture(name: str) -> str:
    """A build fixture, current on the real today."""
    return current(specs.fixture(name))


def one_page_a(pdf: Path, size: tuple[float, float]) -> None:
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)


def one_page(data: bytes) -> bool:
    return len(read(data).pages) == 1


@pytest.fixture(scope="module")
def other_profile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return other_profile(tmp_path_factory.mktemp("hillside"))


@pytest.fixture(scope="module")
def bundled_patient() -> Spec:
    return load(PATIENT_SPEC)


# --- where the output goes -------------------------------------------------------------------------


def test_default_output_is_out_id_pdf(runner: CliRunner) -> None:
    text = fixture("patient-full")
    source = write("specs/patient-full.toml", text)
    result = runner.invoke(cli, ["build", str(source)])
    assert result.exit_code == 0, result.output
    target = Path("out/patient-full.pdf")
    assert target.is_file()
    one_page_a(target, LETTER)
    size = build_pdf(valid_spec(text)).body_size
    assert result.stdout.splitlines() == [f"wrote {target} (patient handout, letter, body type {size:g} pt)"]
    assert result.stderr.splitlines() == [UNREVIEWED_ES]  # the fixture is in Spanish
    report = check_pdf(target, valid_spec(text))
    assert report.ok, report


def test_output_file_for_one_spec(runner: CliRunner) -> None:
    text = fixture("clinician-full")
    source = write("clinician-full.toml", text)
    result = runner.invoke(cli, ["build", str(source), "-o", "handouts/summary.pdf"])
    assert result.exit_code == 0, result.output
    target = Path("handouts/summary.pdf")
    assert files_in(Path(".")) == ["clinician-full.toml", "handouts/summary.pdf"]  # no out/, no temp files
    size = build_pdf(valid_spec(text)).body_size
    assert f"wrote {target} (clinician summary, letter, body type {size:g} pt)" in result.stdout
    assert check_pdf(target, valid_spec(text)).ok


def test_output_folder_for_several_specs(runner: CliRunner) -> None:
    write("specs/patient-full.toml", fixture("patient-full"))
    write("specs/clinician-full.toml", fixture("clinician-full"))
    result = runner.invoke(cli, ["build", "specs", "-o", "pdfs/"])
    assert result.exit_code == 0, result.output
    assert files_in(Path("pdfs")) == ["clinician-full.pdf", "patient-full.pdf"]
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"2 built, 0 failed, 1 warning in [0-9]+\.[0-9][0-9]? s", lines[-1]), lines[-1]
    assert any(line.startswith(f"wrote {Path('pdfs/patient-full.pdf')} (patient handout") for line in lines)
    assert any(
        line.startswith(f"wrote {Path('pdfs/clinician-full.pdf')} (clinician summary") for line in lines
    )
    for name in ("patient-full", "clinician-full"):
        assert check_pdf(Path(f"pdfs/{name}.pdf"), valid_spec(fixture(name))).ok


def test_output_folder_for_one_spec(runner: CliRunner) -> None:
    source = write("patient-full.toml", fixture("patient-full"))
    result = runner.invoke(cli, ["build", str(source), "-o", "pdfs/"])
    assert result.exit_code == 0, result.output
    assert files_in(Path("pdfs")) == ["patient-full.pdf"]


def test_a_folder_of_one_spec_builds_into_a_folder_unless_the_output_is_a_pdf(runner: CliRunner) -> None:
    write("specs/patient-full.toml", fixture("patient-full"))
    into = runner.invoke(cli, ["build", "specs", "-o", "pdfs"])
    assert into.exit_code == 0, into.output
    assert files_in(Path("pdfs")) == ["patient-full.pdf"]
    named = runner.invoke(cli, ["build", "specs", "-o", "one.pdf"])
    assert named.exit_code == 0, named.output
    assert Path("one.pdf").read_bytes() == Path("pdfs/patient-full.pdf").read_bytes()


def test_page_size_a4(runner: CliRunner) -> None:
    text = fixture("patient-full")
    source = write("patient-full.toml", text)
    result = runner.invoke(cli, ["build", str(source), "--page-size", "a4", "-o", "a4.pdf"])
    assert result.exit_code == 0, result.output
    one_page_a(Path("a4.pdf"), A4)
    size = build_pdf(valid_spec(text), page_size="a4").body_size
    assert f"(patient handout, a4, body type {size:g} pt)" in result.stdout
    assert check_pdf("a4.pdf", valid_spec(text)).ok


def test_page_size_ignores_case(runner: CliRunner) -> None:
    source = write("patient-full.toml", fixture("patient-full"))
    result = runner.invoke(cli, ["build", str(source), "--page-size", "A4", "-o", "a4.pdf"])
    assert result.exit_code == 0, result.output
    one_page_a(Path("a4.pdf"), A4)


def test_starter_specs_build_check_and_pass_their_report(runner: CliRunner) -> None:
    """Each audience has its own starter: the clinician's a comparison table, a professional disclaimer
    and no "Call 911" box; both show a reference with its DOI and PMID, and both pass their report."""
    printed: dict[str, str] = {}
    for audience in ("patient", "clinician"):
        spec = f"d/demo-{audience}.toml"
        assert (
            runner.invoke(cli, ["new", "--audience", audience, f"demo-{audience}", "--dir", "d"]).exit_code
            == 0
        )
        result = runner.invoke(cli, ["build", spec])
        assert result.exit_code == 0, result.output
        checked = runner.invoke(cli, ["check", f"out/demo-{audience}.pdf", spec])
        assert checked.exit_code == 0, checked.output
        reported = runner.invoke(cli, ["report", spec])
        assert reported.exit_code == 0, reported.output
        assert reported.stdout.rstrip().endswith(
            "Passed all 14 gates" if audience == "clinician" else "Passed all 20 gates"
        )
        printed[audience] = text_of(Path(f"out/demo-{audience}.pdf").read_bytes())
    for text in printed.values():
        assert squeeze("doi:10.1000/xyz123 PMID 12345678") in text
    clinician = printed["clinician"]
    assert "911" not in clinician
    assert squeeze("For healthcare professionals.") in clinician
    assert squeeze("Key differences") in clinician and squeeze("First condition") in clinician
    assert "911" in printed["patient"]


# --- refused outputs -------------------------------------------------------------------------------


def test_refuses_to_write_over_the_spec_itself(runner: CliRunner) -> None:
    text = fixture("patient-full").replace('id = "patient-full"', 'id = "handout"')
    source = write("handout.pdf", text)  # a spec that happens to be named .pdf
    for output in ("handout.pdf", "./handout.pdf", str(source.resolve())):
        result = runner.invoke(cli, ["build", "handout.pdf", "-o", output])
        assert result.exit_code == 2, result.output
        assert_clean(result)
        assert "handout.pdf: is handout.pdf itself; choose another output" in result.stderr
        assert source.read_text(encoding="utf-8") == text
    assert files_in(Path(".")) == ["handout.pdf"]


@pytest.mark.parametrize("output", ["handout.txt", "handout", "patient-full.toml", "handout.pdf.bak"])
def test_refuses_an_output_not_ending_in_pdf(runner: CliRunner, output: str) -> None:
    text = fixture("patient-full")
    write("patient-full.toml", text)
    result = runner.invoke(cli, ["build", "patient-full.toml", "-o", output])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert len(errors_of(result)) == 1
    assert ".pdf" in result.stderr
    assert files_in(Path(".")) == ["patient-full.toml"]
    assert Path("patient-full.toml").read_text(encoding="utf-8") == text


def test_an_output_under_a_file_is_refused_in_one_line(runner: CliRunner) -> None:
    write("patient-full.toml", fixture("patient-full"))
    write("notes.txt", "a file, not a folder\n")
    result = runner.invoke(cli, ["build", "patient-full.toml", "-o", "notes.txt/handout.pdf"])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert len(errors_of(result)) == 1


# --- failed builds ---------------------------------------------------------------------------------


def test_an_over_long_spec_fails_in_one_line_without_output(runner: CliRunner) -> None:
    write("too-long.toml", over_long())
    result = runner.invoke(cli, ["build", "too-long.toml", "-o", "too-long.pdf"])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("too-long.toml: ")
    assert "does not fit" in lines[0] and "over by" in lines[0]
    assert "'First half'" in lines[0] and "'Second half'" in lines[0]
    assert result.stdout == ""
    assert files_in(Path(".")) == ["too-long.toml"]  # no PDF, no temporary file


def test_a_failed_build_leaves_an_existing_file_unchanged(runner: CliRunner) -> None:
    write("too-long.toml", over_long())
    write("patient-full.toml", fixture("patient-full"))
    assert runner.invoke(cli, ["build", "patient-full.toml", "-o", "handout.pdf"]).exit_code == 0
    good = Path("handout.pdf").read_bytes()
    stat = os.stat("handout.pdf")
    glyphs = fixture("patient-full").replace("Stay active", "Stay active 😀")
    write("glyphs.toml", glyphs.replace('id = "patient-full"', 'id = "glyphs"'))
    for source in ("too-long.toml", "glyphs.toml"):
        result = runner.invoke(cli, ["build", source, "-o", "handout.pdf"])
        assert result.exit_code == 2, result.output
        assert_clean(result)
        assert Path("handout.pdf").read_bytes() == good
        assert os.stat("handout.pdf").st_mtime_ns == stat.st_mtime_ns
    assert files_in(Path(".")) == ["glyphs.toml", "handout.pdf", "patient-full.toml", "too-long.toml"]


def test_a_folder_with_bad_specs_builds_the_good_ones(runner: CliRunner) -> None:
    write("specs/patient-full.toml", fixture("patient-full"))
    write("specs/clinician-full.toml", fixture("clinician-full"))
    write("specs/broken.toml", 'id = "broken"\naudience = "patient"\ntitle = \n')
    write("specs/too-long.toml", over_long())
    result = runner.invoke(cli, ["build", "specs"])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert files_in(Path("out")) == ["clinician-full.pdf", "patient-full.pdf"]
    summary = result.stdout.splitlines()[-1]
    assert re.fullmatch(r"2 built, 2 failed, 1 warning in [0-9]+\.[0-9][0-9]? s", summary), summary
    assert str(Path("specs/broken.toml")) in result.stderr
    assert str(Path("specs/too-long.toml")) in result.stderr and "does not fit" in result.stderr
    for name in ("patient-full", "clinician-full"):
        assert check_pdf(Path(f"out/{name}.pdf"), valid_spec(fixture(name))).ok


def test_a_malformed_source_date_epoch_is_a_one_line_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("patient-full.toml", fixture("patient-full"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = runner.invoke(cli, ["build", "patient-full.toml", "-o", "handout.pdf"])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert "SOURCE_DATE_EPOCH" in result.stderr
    assert not Path("handout.pdf").exists()


def test_a_character_the_fonts_cannot_draw_is_refused_without_output(tmp_path: Path) -> None:
    source = tmp_path / "fonts.toml"
    listed = json.dumps(["Fine", "Feeling 😀"], ensure_ascii=False)
    text = spec_text(
        f'[[sections]]\ntitle = "Signs"\n\n[[sections.blocks]]\nkind = "bullets"\nitems = {listed}\n'
    )
    source.write_text(current(text), encoding="utf-8")
    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert "U+1F600" in result.stderr and "sections[1].blocks[1].items[2]" in result.stderr
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


# --- clinic profiles, personal copies and large print ----------------------------------------------


def test_build_branded_and_personalised(runner: CliRunner, bundled_patient: Spec) -> None:
    # A personalised copy never lands at the shared default path, where the next print would find it.
    refused = runner.invoke(cli, ["build", str(PATIENT_SPEC), "--clinic", str(EXAMPLE), *PERSONAL])
    assert refused.exit_code == 2 and "need -o" in refused.output and PATIENT not in refused.output
    assert files_in(Path(".")) == []
    result = runner.invoke(
        cli, ["build", str(PATIENT_SPEC), "--clinic", str(EXAMPLE), *PERSONAL, "-o", "out/"]
    )
    assert result.exit_code == 0, result.output
    assert_clean(result)
    assert files_in(Path(".")) == ["out/myelomalacia.pdf"]  # the name is the spec's id, nothing personal
    pdf = Path("out/myelomalacia.pdf").read_bytes()
    text = text_of(pdf)
    assert squeeze(PREPARED_LINE) in text and squeeze(CLINIC_NAME) in text and squeeze(CLOSED) in text
    assert images(pdf) == [(400, 400)]
    assert check_pdf_bytes(pdf, bundled_patient).ok
    for detail in DETAILS:
        assert detail not in metadata_text(pdf)
        assert detail not in result.output  # stdout and stderr
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"wrote {Path('out/myelomalacia.pdf')} (patient handout, letter, body type ")


def test_build_takes_the_profile_from_the_environment(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, other_profile_path: Path
) -> None:
    source = write("small.toml", current(small_spec()))
    monkeypatch.setenv("HANDOUTS_CLINIC", str(other_profile_path))
    result = runner.invoke(cli, ["build", str(source), "-o", "a4.pdf"])
    assert result.exit_code == 0, result.output
    assert "(patient handout, a4, body type" in result.stdout  # the profile's page size
    assert squeeze(OTHER_NAME) in text_of(Path("a4.pdf").read_bytes())
    result = runner.invoke(cli, ["build", str(source), "-o", "letter.pdf", "--page-size", "letter"])
    assert result.exit_code == 0, result.output
    assert "(patient handout, letter, body type" in result.stdout  # --page-size wins
    pages = read(Path("letter.pdf").read_bytes()).pages
    assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == PAGES["letter"]
    result = runner.invoke(cli, ["build", str(source), "-o", "example.pdf", "--clinic", str(EXAMPLE)])
    assert result.exit_code == 0, result.output  # --clinic wins over the environment
    text = text_of(Path("example.pdf").read_bytes())
    assert squeeze(CLINIC_NAME) in text and squeeze(OTHER_NAME) not in text
    monkeypatch.setenv("HANDOUTS_CLINIC", "")  # set but empty: no profile
    result = runner.invoke(cli, ["build", str(source), "-o", "neutral.pdf"])
    assert result.exit_code == 0, result.output
    neutral = Path("neutral.pdf").read_bytes()
    assert squeeze(OTHER_NAME) not in text_of(neutral) and images(neutral) == []
    monkeypatch.setenv("HANDOUTS_CLINIC", "missing/clinic.toml")
    line = refused_in_one_line(runner.invoke(cli, ["build", str(source), "-o", "missing.pdf"]), quiet=False)
    assert line.startswith("HANDOUTS_CLINIC=")
    assert not Path("missing.pdf").exists()


def test_build_large_print(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", str(PATIENT_SPEC), "--large-print", "--clinic", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert files_in(Path(".")) == ["out/myelomalacia-large-print.pdf"]
    target = Path("out/myelomalacia-large-print.pdf")
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"wrote {target} (patient handout, letter, body type ") and line.endswith(
        ", 3 pages)"
    )
    size = float(line.split("body type ")[1].split(" pt")[0])
    assert size >= 18
    checked = runner.invoke(cli, ["check", str(target), str(PATIENT_SPEC), "--large-print"])
    assert checked.exit_code == 0, checked.output
    assert "ok: 3 pages" in checked.stdout
    # The PDF records that it is in large print: the option is no longer needed.
    assert runner.invoke(cli, ["check", str(target), str(PATIENT_SPEC)]).stdout == checked.stdout
    # Both versions can share a folder, and -o FOLDER/ keeps the large-print name.
    assert runner.invoke(cli, ["build", str(PATIENT_SPEC)]).exit_code == 0
    assert runner.invoke(cli, ["build", str(PATIENT_SPEC), "--large-print", "-o", "pdfs/"]).exit_code == 0
    assert files_in(Path(".")) == [
        "out/myelomalacia-large-print.pdf",
        "out/myelomalacia.pdf",
        "pdfs/myelomalacia-large-print.pdf",
    ]


def test_the_library_in_large_print_is_its_patient_handouts(runner: CliRunner) -> None:
    """Named alone, a clinician summary in large print is refused (above); in a folder of specs, it is
    passed over and said to be, and the patient handouts are built: a clinic prints its library so."""
    clinician = SPECS / "myelopathy-vs-myelomalacia.toml"
    passed = f"passed over: {clinician} (a clinician summary has no large print)"
    for jobs in ("1", "2"):
        result = runner.invoke(cli, ["build", str(SPECS), "--large-print", "-o", f"out{jobs}/", "-j", jobs])
        assert result.exit_code == 0, result.output
        assert passed in result.stdout.splitlines()
        assert "\n2 built, 1 passed over, 0 failed, 1 warning in " in result.stdout
        assert files_in(Path(f"out{jobs}")) == [
            "myelomalacia-es-large-print.pdf",
            "myelomalacia-large-print.pdf",
        ]
    again = runner.invoke(cli, ["build", str(SPECS), "--large-print", "-o", "out1/"])
    assert again.exit_code == 0 and "0 built, 2 up to date, 1 passed over, 0 failed" in again.stdout
    report = runner.invoke(cli, ["report", "--large-print", str(SPECS)])
    assert report.exit_code == 0, report.output
    assert passed in report.stderr.splitlines()
    assert report.stdout.count("Passed all") == 2 and "clinician summary" not in report.stdout
    alone = runner.invoke(cli, ["report", "--large-print", str(clinician)])
    assert alone.exit_code == 2 and "large print is for patient handouts only" in alone.stderr
    Path("one").mkdir()  # a folder is a library, however few specs it holds
    shutil.copy(clinician, "one")
    passed_one = f"passed over: {Path('one', clinician.name)} (a clinician summary has no large print)"
    folder = runner.invoke(cli, ["build", "one", "--large-print", "-o", "o/"])
    assert folder.exit_code == 0 and folder.stdout.splitlines()[0] == passed_one, folder.output
    report_folder = runner.invoke(cli, ["report", "--large-print", "one"])
    assert report_folder.exit_code == 0 and report_folder.stderr.splitlines() == [passed_one]


def test_in_large_print_a_clinician_summary_passed_over_shares_its_id_with_nobody(runner: CliRunner) -> None:
    """A clinician summary and a patient handout of one id clash in an ordinary build (one output
    file); in large print only the handout is built, so it is, and the summary is passed over."""
    Path("pair").mkdir()
    patient = PATIENT_SPEC.read_text(encoding="utf-8")
    clinician = CLINICIAN_SPEC.read_text(encoding="utf-8")
    patient_id = load(PATIENT_SPEC).id
    Path("pair/patient.toml").write_text(patient, encoding="utf-8")
    Path("pair/clinician.toml").write_text(
        clinician.replace(f'id = "{load(CLINICIAN_SPEC).id}"', f'id = "{patient_id}"', 1), encoding="utf-8"
    )
    ordinary = runner.invoke(cli, ["build", "pair", "-o", "plain/"])
    assert ordinary.exit_code == 2 and ordinary.output.count("give each spec its own id") == 2, (
        ordinary.output
    )
    for command in (["build", "-o", "large/"], ["report"]):
        result = runner.invoke(cli, [*command, "pair", "--large-print"])
        assert result.exit_code == 0, result.output
        assert "give each spec its own id" not in result.output
        assert "passed over: " + str(Path("pair/clinician.toml")) in result.output
    assert files_in(Path("large")) == [f"{patient_id}-large-print.pdf"]
    # A summary named twice is named alone: refused in large print, as it is named once.
    twice = runner.invoke(cli, ["build", "pair/clinician.toml", "pair/clinician.toml", "--large-print"])
    assert twice.exit_code == 2 and "large print is for patient handouts only" in twice.stderr


def test_build_large_print_refusals(runner: CliRunner, other_profile_path: Path) -> None:
    line = refused_in_one_line(
        runner.invoke(cli, ["build", str(CLINICIAN_SPEC), "--large-print"]), quiet=False
    )
    assert "large print is for patient handouts only" in line
    write("long/small.toml", current(small_spec(FITS_A4_ONLY_IN_LARGE_PRINT)))  # each id its file's
    line = refused_in_one_line(
        runner.invoke(cli, ["build", "long/small.toml", "--large-print", "-o", "l.pdf"]), quiet=False
    )
    assert line.startswith(f"{Path('long/small.toml')}: does not fit on four letter pages")
    write("hillside/small.toml", current(small_spec(FITS_A4_ONLY_IN_LARGE_PRINT_FOR_HILLSIDE)))
    arguments = ["build", "hillside/small.toml", "--large-print", "--clinic", str(other_profile_path)]
    result = runner.invoke(cli, [*arguments, "-o", "a4.pdf"])
    assert result.exit_code == 0, result.output  # four a4 pages, the profile's size
    assert "(patient handout, a4, body type" in result.stdout and result.stdout.endswith(", 4 pages)\n")
    line = refused_in_one_line(
        runner.invoke(cli, [*arguments, "--page-size", "letter", "-o", "l.pdf"]), quiet=False
    )
    assert line.startswith(f"{Path('hillside/small.toml')}: does not fit on four letter pages")
    write("longer/small.toml", current(small_spec(TOO_LONG_FOR_LARGE_PRINT)))
    arguments = ["build", "longer/small.toml", "--large-print", "--page-size", "a4", "-o", "l.pdf"]
    line = refused_in_one_line(runner.invoke(cli, arguments), quiet=False)
    assert "does not fit on four a4 pages" in line
    assert files_in(Path(".")) == [
        "a4.pdf",
        str(Path("hillside/small.toml")),
        str(Path("long/small.toml")),
        str(Path("longer/small.toml")),
    ]


def test_build_fit_message_names_the_size_asked(runner: CliRunner) -> None:
    write("small.toml", current(small_spec(FITS_A4_ONLY)))
    assert runner.invoke(cli, ["build", "small.toml", "--page-size", "a4", "-o", "a4.pdf"]).exit_code == 0
    line = refused_in_one_line(runner.invoke(cli, ["build", "small.toml", "-o", "letter.pdf"]), quiet=False)
    assert line.startswith("small.toml: does not fit on one letter page")
    assert files_in(Path(".")) == ["a4.pdf", "small.toml"]


BAD_OPTIONS = [
    (["--patient", "Jane\x07Doe"], "--patient", "Jane\x07Doe"),
    (["--patient", "Jane\tDoe"], "--patient", "Jane\tDoe"),
    (["--patient", "Jane ก Doe"], "--patient", "ก"),  # Thai: no bundled face
    (["--patient", "Zelda \U0001f600 Quux"], "--patient", "Zelda"),
    (["--patient", ""], "--patient", None),
    (["--patient", "Q" * 81], "--patient", "QQQQ"),
    (["--clinician", "Dr Zelda\x1bQuux"], "--clinician", "Zelda"),
    (["--date", "2026-13-45"], "--date", "2026-13-45"),
    (["--date", "21/11/2026"], "--date", "21/11/2026"),
    (["--date", "9999-12-31"], "--date", "9999-12-31"),
]


@pytest.mark.parametrize("command", ["build", "attach"])
@pytest.mark.parametrize(
    ("options", "option", "value"), BAD_OPTIONS, ids=[f"{o[1]}-{i}" for i, o in enumerate(BAD_OPTIONS)]
)
def test_bad_personal_details_are_refused_without_echoing_them(
    runner: CliRunner, command: str, options: list[str], option: str, value: str | None
) -> None:
    source = write("small.toml", current(small_spec()))
    write("letter.pdf", "not read: the options are refused first\n")
    before = ["letter.pdf"] if command == "attach" else []
    result = runner.invoke(cli, [command, *before, str(source), "-o", "out.pdf", *options])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert option in result.stderr
    if value is not None:
        assert value not in result.output
        if option != "--date":
            assert "Zelda" not in result.output and "Jane" not in result.output and "Doe" not in result.output
    assert files_in(Path(".")) == ["letter.pdf", "small.toml"]


@pytest.mark.parametrize("value", ["20261121", "2026-W47-6", "2026-11-21T08:00", "21/11/2026"])
def test_date_must_be_written_year_month_day(runner: CliRunner, value: str) -> None:
    Path("s.toml").write_text(current(spec_text(SECTION, spec_id="s")), encoding="utf-8")
    result = runner.invoke(cli, ["build", "s.toml", "--date", value, "-o", "s.pdf"])
    line = refused_in_one_line(result)
    assert line == (  # the runner calls the program "cli"
        "cli build: Invalid value for '--date': must be a date such as 2026-11-21 (see cli build --help)"
    )
    assert value not in result.output and not Path("s.pdf").exists()


def test_validate_and_build_refuse_a_spec_without_any_disclaimer(
    runner: CliRunner, other_profile_path: Path
) -> None:
    write("small.toml", current(NO_DISCLAIMER))
    for command in (["validate", "small.toml"], ["build", "small.toml", "-o", "small.pdf"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert_clean(result)
        assert "small.toml: disclaimer: is missing" in result.stderr
    assert files_in(Path(".")) == ["small.toml"]
    clinic = ["--clinic", str(other_profile_path)]
    result = runner.invoke(cli, ["validate", "small.toml", *clinic])
    assert result.exit_code == 0, result.output
    assert "1 valid, 0 invalid" in result.stdout
    result = runner.invoke(cli, ["build", "small.toml", "-o", "small.pdf", *clinic])
    assert result.exit_code == 0, result.output
    assert squeeze(OTHER_DISCLAIMER) in text_of(Path("small.pdf").read_bytes())


def test_an_empty_clinic_option_is_named_as_the_option(runner: CliRunner) -> None:
    write("small.toml", current(small_spec()))
    line = refused_in_one_line(runner.invoke(cli, ["build", "small.toml", "--clinic", "", "-o", "s.pdf"]))
    assert line == "--clinic: needs the path of a clinic profile"
    assert files_in(Path(".")) == ["small.toml"]


# --- batches -------------------------------------------------------------------------------------------


SUMMARY = re.compile(
    r"(\d+) built, (\d+) failed(?:, (\d+) held back by their report)?, (\d+) warnings? in \d+\.\d\d? s"
)


def summary(result: Result) -> tuple[int, ...]:
    """The counts of the closing line: built, failed, held back (0 without --report), warnings."""
    return summary_of(result.stdout.splitlines()[-1])


def summary_of(line: str) -> tuple[int, ...]:
    match = SUMMARY.fullmatch(line)
    assert match, line
    return tuple(int(group or 0) for group in match.groups())


def test_a_parallel_batch_writes_the_same_pdfs_and_lines_as_one_at_a_time(runner: CliRunner) -> None:
    ids = library(Path("specs"), 12, clinicians=3)
    parallel = runner.invoke(cli, ["build", "specs", "-o", "parallel/", "--jobs", "2"])
    assert parallel.exit_code == 0, parallel.output
    serial = runner.invoke(cli, ["build", "specs", "-o", "serial/", "-j", "1"])
    assert serial.exit_code == 0, serial.output
    assert files_in("parallel") == [f"{spec_id}.pdf" for spec_id in ids]
    for spec_id in ids:
        data = Path(f"parallel/{spec_id}.pdf").read_bytes()
        assert data == Path(f"serial/{spec_id}.pdf").read_bytes()
        assert one_page(data)
    assert summary(parallel) == (12, 0, 0, 0)
    # Not a terminal: a plain line for each spec, in the order of the specs, whichever worker finished first.
    lines = parallel.stdout.splitlines()[:-1]
    assert [line.split(" (")[0] for line in lines] == [f"wrote {Path('parallel', f'{i}.pdf')}" for i in ids]
    assert lines == [line.replace("serial", "parallel") for line in serial.stdout.splitlines()[:-1]]
    assert "clinician summary, letter, body type" in lines[-1]
    assert "\r" not in parallel.output and "\x1b" not in parallel.output
    assert parallel.stderr == ""


def test_bad_specs_fail_alone_and_leave_their_old_pdfs_as_they_were(runner: CliRunner) -> None:
    ids = library(Path("specs"), 6)
    write("specs/spec-0003a.toml", 'id = "spec-0003a"\naudience = "patient"\ntitle = \n')  # not TOML
    write("specs/spec-0003b.toml", copy_of(PATIENT_SPEC, "spec-0003b"))
    assert runner.invoke(cli, ["build", "specs/spec-0003b.toml", "-o", "out/"]).exit_code == 0
    kept = Path("out/spec-0003b.pdf")
    os.utime(kept, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before, stat = kept.read_bytes(), kept.stat()
    write("specs/spec-0003b.toml", over_long("spec-0003b"))  # now too long to fit on its page

    result = runner.invoke(cli, ["build", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    broken, too_long = result.stderr.splitlines()
    assert broken.startswith(f"{Path('specs/spec-0003a.toml')}: ")
    assert too_long.startswith(f"{Path('specs/spec-0003b.toml')}: ") and "does not fit" in too_long
    assert files_in("out") == sorted([f"{spec_id}.pdf" for spec_id in ids] + ["spec-0003b.pdf"])
    assert kept.read_bytes() == before and kept.stat().st_mtime_ns == stat.st_mtime_ns
    assert all(one_page(Path("out", name).read_bytes()) for name in files_in("out"))
    assert summary(result) == (6, 2, 0, 0)


def test_two_specs_with_one_id_are_neither_built_nor_passed(runner: CliRunner) -> None:
    """One id is one output file: a stale draft must not win by its name. build, validate and report
    each name both files, build neither, and exit 2; the other specs are built as ever."""
    write("a/spec-0001.toml", copy_of(CLINICIAN_SPEC, "spec-0001"))
    library(Path("b"), 2)
    a, b = Path("a/spec-0001.toml"), Path("b/spec-0001.toml")
    lines = [
        f"{a}: id: 'spec-0001' is also the id of {b}; give each spec its own id (neither is built)",
        f"{b}: id: 'spec-0001' is also the id of {a}; give each spec its own id (neither is built)",
    ]
    result = runner.invoke(cli, ["build", "a", "b", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == lines
    assert files_in("out") == ["spec-0002.pdf"]
    assert summary(result) == (1, 2, 0, 0)
    validated = runner.invoke(cli, ["validate", "a", "b"])
    assert validated.exit_code == 2 and validated.stderr.splitlines() == lines
    reported = runner.invoke(cli, ["report", "a", str(b)])
    assert reported.exit_code == 2 and reported.stderr.splitlines() == lines and reported.stdout == ""
    again = runner.invoke(cli, ["build", str(a), str(a), "-o", "again/"])  # one file named twice
    assert "(neither is built)" not in again.output


def test_warnings_are_printed_and_counted(runner: CliRunner) -> None:
    library(Path("specs"), 3)
    write("specs/spec-0002.toml", copy_of(PATIENT_SPEC, "renamed"))  # an id that is not its file's name
    result = runner.invoke(cli, ["build", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert result.stderr.splitlines() == [  # a warning on stderr, the results on stdout
        f"{Path('specs/spec-0002.toml')}: id: warning: 'renamed' differs from the file name 'spec-0002'"
    ]
    assert lines[1].startswith(f"wrote {Path('out/renamed.pdf')} (")
    assert summary(result) == (3, 0, 0, 1)
    assert lines[-1].startswith("3 built, 0 failed, 1 warning in ")


def test_a_report_in_a_batch_holds_back_the_failing_pdf(runner: CliRunner) -> None:
    ids = library(Path("specs"), 3)
    hard = current(
        spec_text(
            f'[[sections]]\ntitle = "Recovery"\n[[sections.blocks]]\nkind = "paragraph"\ntext = "{HARD}"\n',
            spec_id="spec-0002a",
        )
    )
    write("specs/spec-0002a.toml", hard)
    result = runner.invoke(cli, ["build", "--report", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 1, result.output
    assert files_in("out") == [f"{spec_id}.pdf" for spec_id in ids]
    assert f"not written: {Path('out/spec-0002a.pdf')} (its report failed " in result.stdout
    assert result.stdout.count("Passed all") == 3
    assert summary(result) == (3, 0, 1, 0)


def test_a_failure_beats_a_held_back_report(runner: CliRunner) -> None:
    library(Path("specs"), 2)
    write("specs/broken.toml", "[[[")
    hard = current(
        spec_text(f'[[sections]]\ntitle = "R"\n[[sections.blocks]]\nkind = "paragraph"\ntext = "{HARD}"\n')
    )
    write("specs/test.toml", hard)
    result = runner.invoke(cli, ["build", "--report", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert summary(result) == (2, 1, 1, 0)


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number_from_one(runner: CliRunner, jobs: str) -> None:
    library(Path("specs"), 2)
    result = runner.invoke(cli, ["build", "specs", "--jobs", jobs])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '-j' / '--jobs'" in result.stderr
    assert not Path("out").exists()


def test_a_batch_of_hundreds(runner: CliRunner) -> None:
    ids = library(Path("specs"), 300, clinicians=20)
    result = runner.invoke(cli, ["build", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert files_in("out") == [f"{spec_id}.pdf" for spec_id in ids]
    assert summary(result) == (300, 0, 0, 0)


# --- a batch on a terminal ---------------------------------------------------------------------------


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "handouts", "build", *args]


def environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "HANDOUTS_CLINIC"}


def read_terminal(master: int) -> bytes:
    """All a process wrote to a pseudo-terminal, until it closed it."""
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # Linux: EIO once the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks)


@pytest.mark.parametrize("stdout", ["terminal", "pipe"])
def test_a_terminal_shows_a_progress_bar(tmp_path: Path, stdout: str) -> None:
    library(tmp_path / "specs", 6)
    master, slave = pty.openpty()
    with subprocess.Popen(
        command("specs", "-o", "out/", "--jobs", "2"),
        cwd=tmp_path,
        env=environment(),
        stdout=slave if stdout == "terminal" else subprocess.PIPE,
        stderr=slave,
    ) as process:
        os.close(slave)
        shown = read_terminal(master)
        printed = process.stdout.read().decode() if process.stdout else ""
    assert process.returncode == 0, shown
    assert b"\r[##############################] 6/6, " in shown
    assert len(files_in(tmp_path / "out")) == 6
    if stdout == "terminal":  # the bar instead of a line for each spec; the summary after the bar is gone
        assert b"wrote" not in shown
        assert re.search(rb"\r\x1b\[K6 built, 0 failed, 0 warnings in \S+ s\r\n$", shown), shown
    else:  # a log being kept: every line in it, the bar on the terminal
        assert shown.endswith(b"\r\x1b[K")
        assert printed.count("wrote ") == 6 and printed.splitlines()[-1].startswith("6 built, 0 failed")


def batch_of_150(
    tmp_path: Path, act: Callable[[subprocess.Popen[str]], None]
) -> tuple[subprocess.Popen[str], str, str]:
    """Start a batch of 150 specs with two workers, `act` on it once its first PDF is written, and
    return the finished process, its standard output and its standard error."""
    library(tmp_path / "specs", 150)
    with subprocess.Popen(
        command("specs", "-o", "out/", "--jobs", "2"),
        cwd=tmp_path,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        assert process.stdout and process.stderr
        first = process.stdout.readline()
        assert first.startswith("wrote "), first + process.stderr.read()
        act(process)
        printed, errors = first + process.stdout.read(), process.stderr.read()
    return process, printed, errors


# --- a batch interrupted ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True), (signal.SIGTERM, True)],
    ids=["SIGINT", "SIGTERM", "Ctrl-C on a terminal", "SIGTERM to every process"],
)
def test_an_interrupted_batch_leaves_only_whole_pdfs(tmp_path: Path, signum: int, to_group: bool) -> None:
    """Sent to the parent alone, or (as a terminal's Ctrl-C is, and a service manager's SIGTERM) to the
    workers too: the batch stops at once, says so, and leaves no partial or temporary file."""

    def interrupt(process: subprocess.Popen[str]) -> None:
        if to_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)

    process, printed, errors = batch_of_150(tmp_path, interrupt)
    assert process.returncode == 130, errors
    assert "Traceback" not in errors
    match = re.fullmatch(r"interrupted: (\d+) built, 0 failed, 0 warnings in \d+\.\d\d? s\n", errors)
    assert match, errors
    written = files_in(tmp_path / "out")
    assert 1 <= len(written) < 150
    assert len(written) == int(match[1]) == printed.count("wrote ")
    assert all(name.endswith(".pdf") and not name.startswith(".") for name in written)  # no temporary file
    assert all(one_page((tmp_path / "out" / name).read_bytes()) for name in written)
    with pytest.raises(ProcessLookupError):  # and no worker left running
        os.killpg(process.pid, 0)


# --- a batch that loses a worker ----------------------------------------------------------------------


def test_a_worker_killed_mid_batch_ends_it_with_a_message_and_whole_pdfs(tmp_path: Path) -> None:
    """As the system's out-of-memory killer would: the batch names the spec it lost, counts it and the
    rest as failed (exit status 2), and leaves only the whole PDFs written before."""

    def kill_a_worker(process: subprocess.Popen[str]) -> None:
        workers = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        os.kill(int(workers[0]), signal.SIGKILL)

    process, printed, errors = batch_of_150(tmp_path, kill_a_worker)
    assert process.returncode == 2, errors
    assert "Traceback" not in errors and "internal error" not in errors
    (lost,) = errors.splitlines()
    assert re.fullmatch(
        r"\S+\.toml: not built: a worker process stopped unexpectedly \(killed, perhaps for "
        r"lack of memory\); nor were the \d+ spec\(s\) after it",
        lost,
    ), lost
    built, failed, _, _ = summary_of(printed.splitlines()[-1])
    written = files_in(tmp_path / "out")
    assert built == len(written) == printed.count("wrote ") and built + failed == 150
    assert all(name.endswith(".pdf") and not name.startswith(".") for name in written)
    assert all(one_page((tmp_path / "out" / name).read_bytes()) for name in written)


# --- report -----------------------------------------------------------------------------------------


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(cli, list(args))
    assert_clean(result)
    assert "Traceback" not in result.stderr
    return result


def test_report_on_the_bundled_specs_passes(runner: CliRunner) -> None:
    result = run(runner, "report", str(SPECS))
    assert result.exit_code == 0, result.output
    for title in TITLES:
        assert f": {title} (" in result.stdout
    assert "patient handout" in result.stdout and "clinician summary" in result.stdout
    assert "PASS" in result.stdout
    assert result.stdout.count("Passed all") == BUNDLED_PASSING
    assert "FAIL" not in result.stdout
    assert result.stderr.splitlines() == [UNREVIEWED_ES]


def test_report_json_on_the_bundled_specs(runner: CliRunner) -> None:
    result = run(runner, "report", "--json", "--clinic", str(EXAMPLE_CLINIC), str(SPECS))
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["passed"] is True
    documents = found["documents"]
    assert sorted(document["title"] for document in documents) == sorted(TITLES)
    for document in documents:
        assert document["passed"] is True
        assert document["failed"] == []
        assert document["parts"]
        for part in document["parts"]:
            assert part["title"] and part["checks"]
            for check in part["checks"]:
                assert check["outcome"] in ("pass", "fail", "warn", "info", "not checked")
                assert check["name"] and isinstance(check["shown"], str)
    (patient,) = [d for d in documents if d["audience"] == "patient" and d["language"] == "en"]
    contact = [c for part in patient["parts"] for c in part["checks"] if c["name"] == "Contact details"]
    assert [c["outcome"] for c in contact] == ["pass"]  # the clinic profile gives the phone
    items = [i for part in patient["parts"] for i in part["items"]]
    assert len(items) == 24 + 20


def test_report_large_print_on_a4(runner: CliRunner) -> None:
    result = run(runner, "report", "--large-print", "--page-size", "a4", str(SPECS / "myelomalacia.toml"))
    assert result.exit_code == 0, result.output
    assert "(patient handout, en, a4, large print)" in result.stdout
    assert "Passed all" in result.stdout


def test_a_failing_gate_exits_1_and_is_named(runner: CliRunner) -> None:
    write("hard.toml", handout("hard", HARD))
    result = run(runner, "report", "hard.toml")
    assert result.exit_code == 1, result.output
    fails = [line.split()[1:3] for line in result.stdout.splitlines() if line.strip().startswith("FAIL ")]
    assert fails == [["Flesch-Kincaid", "grade"]]  # SMOG, on 11 sentences, is an estimate
    # SMOG's estimate over the limit and the write-in contact lines are the warnings.
    assert "  FAILED 1 of 20 gates: Flesch-Kincaid grade; 2 warning(s)" in result.stdout.splitlines()

    as_json = run(runner, "report", "--json", "hard.toml")
    assert as_json.exit_code == 1
    (document,) = json.loads(as_json.stdout)["documents"]
    assert document["failed"] == ["flesch_kincaid_grade"]
    assert document["passed"] is False


def test_the_same_spec_written_plainly_passes(runner: CliRunner) -> None:
    write("easy.toml", handout("easy", EASY_TEXT))
    result = run(runner, "report", "easy.toml")
    assert result.exit_code == 0, result.output
    assert "Passed all 20 gates" in result.stdout


def test_a_broken_spec_exits_2_and_the_good_report_is_still_printed(runner: CliRunner) -> None:
    write("specs/broken.toml", 'id = "broken\naudience = \n')
    write("specs/easy.toml", handout("easy", EASY_TEXT))
    result = run(runner, "report", "specs/broken.toml", "specs/easy.toml")
    assert result.exit_code == 2, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1, errors
    assert errors[0].startswith("specs/broken.toml: line 1")
    assert "TOML syntax error" in errors[0]
    assert "specs/easy.toml: Easy (patient handout" in result.stdout
    assert "Passed all" in result.stdout


def test_a_broken_spec_outranks_a_failing_gate(runner: CliRunner) -> None:
    write("broken.toml", "not toml at all [")
    write("hard.toml", handout("hard", HARD))
    result = run(runner, "report", "--json", "hard.toml", "broken.toml")
    assert result.exit_code == 2
    (document,) = json.loads(result.stdout)["documents"]  # stdout is JSON alone; the error is on stderr
    assert document["id"] == "hard" and document["passed"] is False
    assert "broken.toml" in result.stderr


def test_a_clinic_reading_grade_of_6_fails_a_grade_7_spec(runner: CliRunner, tmp_path: Path) -> None:
    write("seventh.toml", handout("seventh", SEVENTH_GRADE_AT_LENGTH))
    assert run(runner, "report", "seventh.toml").exit_code == 0
    assert run(runner, "report", "--clinic", str(EXAMPLE_CLINIC), "seventh.toml").exit_code == 0

    profile = grade_six_profile(tmp_path / "strict-clinic")
    result = run(runner, "report", "--clinic", str(profile), "seventh.toml")
    assert result.exit_code == 1, result.output
    assert "(at most 6)" in result.stdout
    assert "FAILED 1 of" in result.stdout and ": SMOG grade" in result.stdout

    held = run(runner, "build", "--report", "--clinic", str(profile), "seventh.toml", "-o", "out/")
    assert held.exit_code == 1
    assert not Path("out/seventh.pdf").exists()


def test_report_json_stays_json_when_a_spec_has_warnings(runner: CliRunner) -> None:
    overdue = patient(section("What is back pain?", paragraph(EASY_TEXT)), DOING, spec_id="other-name")
    overdue = overdue.replace("next_review = 2027-07-01", "next_review = 2026-08-01")  # before today
    write("overdue.toml", overdue)
    result = run(runner, "report", "--json", "overdue.toml")
    document = json.loads(result.stdout)  # the warnings went to stderr
    assert "differs from the file name" in result.stderr
    assert result.exit_code == 1
    assert document["documents"][0]["failed"] == ["next_review"]


def test_report_json_lists_specs_that_did_not_build(runner: CliRunner) -> None:
    write("good.toml", handout("good", EASY_TEXT))
    write("broken.toml", "id = [")
    result = run(runner, "report", "--json", "good.toml", "broken.toml")
    document = json.loads(result.stdout)
    assert result.exit_code == 2
    assert document["passed"] is False
    assert [error.split(":")[0] for error in document["errors"]] == ["broken.toml"]
    assert document["documents"][0]["passed"] is True


def test_report_on_a_spec_that_does_not_fit_reports_its_words_and_fails_the_fit(runner: CliRunner) -> None:
    """Reading feedback while drafting: the report of the words, the fit a failed gate, exit 1."""
    write("too-long.toml", over_long())
    write("good.toml", handout("good", EASY_TEXT))
    result = run(runner, "report", "too-long.toml", "good.toml")
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    text = result.stdout.split("good.toml: ")[0]
    (fit,) = [line for line in text.splitlines() if "Fits the page" in line and "FAILED" not in line]
    assert fit.split()[:4] == ["FAIL", "Fits", "the", "page"]
    assert "does not fit on one letter page even at the smallest type (12 pt)" in fit
    assert "too-long.toml: does not fit" not in fit  # the report names the file once, at its top
    assert "Average sentence" in text and "N/C     Legibility" in text
    as_json = json.loads(run(runner, "report", "--json", "too-long.toml").stdout)
    assert as_json["errors"] == []
    assert "fits_the_page" in as_json["documents"][0]["failed"]


# --- build --report ---------------------------------------------------------------------------------


def test_build_report_writes_only_the_passing_pdfs(runner: CliRunner) -> None:
    write("specs/easy.toml", handout("easy", EASY_TEXT))
    write("specs/hard.toml", handout("hard", HARD))
    result = run(runner, "build", "--report", "specs/", "-o", "out/")
    assert result.exit_code == 1, result.output
    assert sorted(os.listdir("out")) == ["easy.pdf"]
    assert Path("out/easy.pdf").read_bytes().startswith(b"%PDF-")
    assert "not written: out/hard.pdf" in result.stdout
    assert "wrote out/easy.pdf" in result.stdout
    assert "Passed all" in result.stdout and "FAILED 1 of" in result.stdout
    assert "1 built, 0 failed, 1 held back by their report" in result.stdout


def test_build_report_leaves_an_existing_good_file_untouched(runner: CliRunner) -> None:
    write("easy.toml", handout("easy", EASY_TEXT))
    write("hard.toml", handout("hard", HARD))
    # The same id, built earlier without a report: the file a failing report must not replace.
    assert run(runner, "build", "hard.toml", "-o", "out/").exit_code == 0
    target = Path("out/hard.pdf")
    os.utime(target, (1_000_000_000, 1_000_000_000))
    before, mtime = target.read_bytes(), target.stat().st_mtime_ns

    result = run(runner, "build", "--report", "easy.toml", "hard.toml", "-o", "out/")
    assert result.exit_code == 1, result.output
    assert target.read_bytes() == before
    assert target.stat().st_mtime_ns == mtime
    # and no temporary file left behind; the manifest is the first build's (--report builds keep none)
    assert sorted(os.listdir("out")) == [".handouts-manifest.json", "easy.pdf", "hard.pdf"]


def test_build_report_with_every_gate_passing_exits_0(runner: CliRunner) -> None:
    result = run(runner, "build", "--report", str(SPECS), "-o", "out/")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir("out")) == [
        "myelomalacia-es.pdf",
        "myelomalacia.pdf",
        "myelopathy-vs-myelomalacia.pdf",
    ]
    assert result.stdout.count("Passed all") == BUNDLED_PASSING


def test_build_report_with_a_broken_spec_exits_2(runner: CliRunner) -> None:
    write("easy.toml", handout("easy", EASY_TEXT))
    write("broken.toml", "[[[")
    result = run(runner, "build", "--report", "easy.toml", "broken.toml", "-o", "out/")
    assert result.exit_code == 2, result.output
    assert os.listdir("out") == ["easy.pdf"]
    assert "broken.toml" in result.stderr


def test_a_line_break_in_the_output_path_is_shown_escaped(runner: CliRunner) -> None:
    """Every message is one line, whatever the path holds."""
    result = runner.invoke(cli, ["build", str(PATIENT_SPEC), "-o", "x\n.pdf"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [r"wrote x\n.pdf (patient handout, letter, body type 13.75 pt)"]
    Path("f").write_text("a file, where a folder would be\n")
    line = refused_in_one_line(runner.invoke(cli, ["build", str(PATIENT_SPEC), "-o", "f/a\nb.pdf"]))
    assert line.startswith(r"f/a\nb.pdf: cannot be written: ")


@pytest.mark.parametrize(
    "command", [["build", str(PATIENT_SPEC)], ["attach", "letter.pdf", str(PATIENT_SPEC)]]
)
def test_an_empty_output_name_is_refused_not_taken_as_the_default(
    runner: CliRunner, command: list[str]
) -> None:
    """An unset variable in a script (-o "$OUT") must not quietly write out/ID.pdf."""
    for empty in ("", " "):
        line = refused_in_one_line(runner.invoke(cli, [*command, "-o", empty]))
        name = f"cli {command[0]}"  # the runner calls the program "cli"
        assert line == f"{name}: Invalid value for '-o' / '--output': must not be empty (see {name} --help)"
    assert not Path("out").exists()
