"""`handouts build` (and build_file) end to end: where the PDFs go, what is printed, and what is
refused; a failed build never leaves a file behind nor touches one already there.
"""

from __future__ import annotations

import io
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from build_helpers import spec_text
from click.testing import CliRunner, Result
from pypdf import PdfReader

from handouts import FitError, GlyphError, Spec, validate_bytes
from handouts.build import build_file, build_pdf
from handouts.checking import check_pdf
from handouts.cli import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "build"
TODAY = date.today()
PARAGRAPH = (
    "This paragraph explains, in plain words, what the condition is, why it happens, how it is "
    "treated, and what a person can do at home to feel better while it heals over the coming weeks."
)


def current(text: str) -> str:
    """Review dates current today, so that no review warning is printed."""
    text = text.replace("last_reviewed = 2026-01-01", f"last_reviewed = {TODAY - timedelta(days=30)}")
    return text.replace("next_review = 2027-01-01", f"next_review = {TODAY + timedelta(days=300)}")


def fixture(name: str) -> str:
    return current((FIXTURES / f"{name}.toml").read_text(encoding="utf-8"))


def spec_of(text: str) -> Spec:
    checked = validate_bytes(text.encode("utf-8"), "<test>")
    assert not checked.errors, checked.problems
    assert checked.spec is not None
    return checked.spec


def over_long(spec_id: str = "too-long") -> str:
    blocks = "".join(
        f'\n[[sections.blocks]]\nkind = "paragraph"\ntext = {json.dumps(PARAGRAPH + " " + PARAGRAPH)}\n'
        for _ in range(15)
    )
    sections = f'[[sections]]\ntitle = "First half"\n{blocks}\n[[sections]]\ntitle = "Second half"\n{blocks}'
    return current(spec_text(sections, spec_id=spec_id))


def write(path: str, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def assert_clean(result: Result) -> None:
    """No traceback, no internal error: only a usage or HandoutsError message."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def one_page_a(pdf: Path, size: tuple[float, float]) -> None:
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)


LETTER, A4 = (612.0, 792.0), (595.2756, 841.8898)


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


# --- where the output goes -------------------------------------------------------------------------


def test_default_output_is_out_id_pdf(runner: CliRunner) -> None:
    text = fixture("patient-full")
    source = write("specs/patient-full.toml", text)
    result = runner.invoke(cli, ["build", str(source)])
    assert result.exit_code == 0, result.output
    target = Path("out/patient-full.pdf")
    assert target.is_file()
    one_page_a(target, LETTER)
    size = build_pdf(spec_of(text)).body_size
    assert result.stdout.splitlines() == [f"wrote {target} (patient handout, letter, body type {size:g} pt)"]
    assert result.stderr == ""
    report = check_pdf(target, spec_of(text))
    assert report.ok, report


def test_output_file_for_one_spec(runner: CliRunner) -> None:
    text = fixture("clinician-full")
    source = write("clinician-full.toml", text)
    result = runner.invoke(cli, ["build", str(source), "-o", "handouts/summary.pdf"])
    assert result.exit_code == 0, result.output
    target = Path("handouts/summary.pdf")
    assert files_in(Path(".")) == ["clinician-full.toml", "handouts/summary.pdf"]  # no out/, no temp files
    size = build_pdf(spec_of(text)).body_size
    assert f"wrote {target} (clinician summary, letter, body type {size:g} pt)" in result.stdout
    assert check_pdf(target, spec_of(text)).ok


def test_output_folder_for_several_specs(runner: CliRunner) -> None:
    write("specs/patient-full.toml", fixture("patient-full"))
    write("specs/clinician-full.toml", fixture("clinician-full"))
    result = runner.invoke(cli, ["build", "specs", "-o", "pdfs/"])
    assert result.exit_code == 0, result.output
    assert files_in(Path("pdfs")) == ["clinician-full.pdf", "patient-full.pdf"]
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"2 built, 0 failed, 0 warnings in [0-9]+\.[0-9][0-9]? s", lines[-1]), lines[-1]
    assert any(line.startswith(f"wrote {Path('pdfs/patient-full.pdf')} (patient handout") for line in lines)
    assert any(
        line.startswith(f"wrote {Path('pdfs/clinician-full.pdf')} (clinician summary") for line in lines
    )
    for name in ("patient-full", "clinician-full"):
        assert check_pdf(Path(f"pdfs/{name}.pdf"), spec_of(fixture(name))).ok


def test_output_folder_for_one_spec(runner: CliRunner) -> None:
    source = write("patient-full.toml", fixture("patient-full"))
    result = runner.invoke(cli, ["build", str(source), "-o", "pdfs/"])
    assert result.exit_code == 0, result.output
    assert files_in(Path("pdfs")) == ["patient-full.pdf"]


def test_page_size_a4(runner: CliRunner) -> None:
    text = fixture("patient-full")
    source = write("patient-full.toml", text)
    result = runner.invoke(cli, ["build", str(source), "--page-size", "a4", "-o", "a4.pdf"])
    assert result.exit_code == 0, result.output
    one_page_a(Path("a4.pdf"), A4)
    size = build_pdf(spec_of(text), page_size="a4").body_size
    assert f"(patient handout, a4, body type {size:g} pt)" in result.stdout
    assert check_pdf("a4.pdf", spec_of(text)).ok


def test_starter_specs_build_and_check(runner: CliRunner) -> None:
    for audience in ("patient", "clinician"):
        assert (
            runner.invoke(cli, ["new", "--audience", audience, f"demo-{audience}", "--dir", "d"]).exit_code
            == 0
        )
        result = runner.invoke(cli, ["build", f"d/demo-{audience}.toml"])
        assert result.exit_code == 0, result.output
        checked = runner.invoke(cli, ["check", f"out/demo-{audience}.pdf", f"d/demo-{audience}.toml"])
        assert checked.exit_code == 0, checked.output


# --- refused outputs -------------------------------------------------------------------------------


def test_refuses_to_write_over_the_spec_itself(runner: CliRunner) -> None:
    text = fixture("patient-full").replace('id = "patient-full"', 'id = "handout"')
    source = write("handout.pdf", text)  # a spec that happens to be named .pdf
    for output in ("handout.pdf", "./handout.pdf", str(source.resolve())):
        result = runner.invoke(cli, ["build", "handout.pdf", "-o", output])
        assert result.exit_code == 2, result.output
        assert_clean(result)
        assert "is the spec itself" in result.stderr
        assert source.read_text(encoding="utf-8") == text
    assert files_in(Path(".")) == ["handout.pdf"]


@pytest.mark.parametrize("output", ["handout.txt", "handout", "patient-full.toml", "handout.pdf.bak"])
def test_refuses_an_output_not_ending_in_pdf(runner: CliRunner, output: str) -> None:
    text = fixture("patient-full")
    write("patient-full.toml", text)
    result = runner.invoke(cli, ["build", "patient-full.toml", "-o", output])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert len(result.stderr.splitlines()) == 1
    assert ".pdf" in result.stderr
    assert files_in(Path(".")) == ["patient-full.toml"]
    assert Path("patient-full.toml").read_text(encoding="utf-8") == text


def test_refuses_two_specs_with_one_id_in_one_run(runner: CliRunner) -> None:
    write("a/patient-full.toml", fixture("patient-full"))
    write("b/patient-full.toml", fixture("patient-full"))
    result = runner.invoke(cli, ["build", "a", "b", "-o", "pdfs/"])
    assert result.exit_code == 2, result.output
    assert "would overwrite" in result.stderr
    assert "1 built, 1 failed" in result.stdout


def test_an_output_under_a_file_is_refused_in_one_line(runner: CliRunner) -> None:
    write("patient-full.toml", fixture("patient-full"))
    write("notes.txt", "a file, not a folder\n")
    result = runner.invoke(cli, ["build", "patient-full.toml", "-o", "notes.txt/handout.pdf"])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert len(result.stderr.splitlines()) == 1


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


def test_build_file_leaves_an_existing_file_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "too-long.toml"
    source.write_text(over_long(), encoding="utf-8")
    good_source = tmp_path / "patient-full.toml"
    good_source.write_text(fixture("patient-full"), encoding="utf-8")
    target = tmp_path / "handout.pdf"
    built = build_file(good_source, target)
    assert target.read_bytes() == built.pdf
    with pytest.raises(FitError, match="does not fit"):
        build_file(source, target)
    assert target.read_bytes() == built.pdf
    glyphs = tmp_path / "glyphs.toml"
    glyphs.write_text(fixture("patient-full").replace("Stay active", "Stay ✓ active"), encoding="utf-8")
    with pytest.raises(GlyphError, match="U\\+2713"):
        build_file(glyphs, target)
    assert target.read_bytes() == built.pdf
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["too-long.toml", "patient-full.toml", "handout.pdf", "glyphs.toml"]
    )


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
    assert re.fullmatch(r"2 built, 2 failed, 0 warnings in [0-9]+\.[0-9][0-9]? s", summary), summary
    assert str(Path("specs/broken.toml")) in result.stderr
    assert str(Path("specs/too-long.toml")) in result.stderr and "does not fit" in result.stderr
    for name in ("patient-full", "clinician-full"):
        assert check_pdf(Path(f"out/{name}.pdf"), spec_of(fixture(name))).ok


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


def test_page_size_ignores_case(runner: CliRunner) -> None:
    source = write("patient-full.toml", fixture("patient-full"))
    result = runner.invoke(cli, ["build", str(source), "--page-size", "A4", "-o", "a4.pdf"])
    assert result.exit_code == 0, result.output
    one_page_a(Path("a4.pdf"), A4)


def test_validate_reports_a_character_the_fonts_cannot_draw(runner: CliRunner) -> None:
    text = fixture("patient-full").replace("Call 911", "Call \U0001f6d1 911", 1)
    assert text != fixture("patient-full")
    source = write("patient-full.toml", text)
    result = runner.invoke(cli, ["validate", str(source)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("patient-full.toml: sections[")
    assert "(section '" in line
    assert "U+1F6D1" in line


def test_check_with_its_arguments_swapped_says_so(runner: CliRunner) -> None:
    source = write("patient-full.toml", fixture("patient-full"))
    assert runner.invoke(cli, ["build", str(source), "-o", "p.pdf"]).exit_code == 0
    result = runner.invoke(cli, ["check", str(source), "p.pdf"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "the PDF comes first: handouts check p.pdf patient-full.toml"
