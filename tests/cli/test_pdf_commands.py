"""The commands about PDFs end to end: `handouts attach` (handouts added to a patient letter) and
`handouts check` (a built PDF against its spec).

Letters are made with ReportLab in the test (letter size, A4, several pages, a filled form); the bundled
specs are built with the example clinic profile for one patient, and the output is read back with
pypdf. The letter is only read, the output is written whole or not at all, and the patient's details
reach the handout page and nothing else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption

from handouts import Spec, load_spec
from handouts.cli.main import cli
from handouts.files import file_name
from handouts.pdf.check import printed_texts, squeeze
from tests.helpers.cli import assert_clean, files_in, refused_in_one_line, snapshot, write
from tests.helpers.paths import (
    CLINICIAN_SPEC,
    EXAMPLE_CLINIC,
    EXAMPLE_FIGURE_SPEC,
    EXAMPLE_LETTER,
    EXAMPLE_LOGO,
    PATIENT_SPEC,
)
from tests.helpers.pdfs import (
    LETTER_FIELDS,
    LETTER_INFO_TITLE,
    PAGES,
    aes_encrypted,
    bad_pdfs,
    fields,
    letter_pdf,
    metadata_text,
    outline,
    read,
    spec_and_pdf,
    texts,
    two_pages,
)
from tests.helpers.personal import DETAILS, PATIENT, PERSONAL, PREPARED_LINE
from tests.helpers.reports import EASY_TEXT, handout
from tests.helpers.specs import (
    CLINICIAN_TITLE,
    PATIENT_TITLE,
    SECTION,
    current,
    fixture,
    over_long,
    spec_text,
)

EXAMPLE = EXAMPLE_CLINIC
A4_POINTS = PAGES["a4"]

# --- attach ---------------------------------------------------------------------------------------

LETTERS: dict[str, Callable[[], bytes]] = {
    "letter-1": letter_pdf,
    "a4-3": lambda: letter_pdf(3, A4),
    "form-2": lambda: letter_pdf(2, form=True),
}


def bookmarks(reader: PdfReader) -> list[tuple[str | None, int | None]]:
    """The top-level bookmarks as (title, page)."""
    return [(title, page) for title, page, _ in outline(reader)]


def assert_private(result: Result, pdf: bytes | None = None) -> None:
    """The patient's details are in no message, and in no metadata or bookmark of the output."""
    for detail in DETAILS:
        assert detail not in result.output, detail
        if pdf is not None:
            assert detail not in metadata_text(pdf), detail


def handout_covers(text: str, spec_path: Path) -> None:
    """Every piece of the spec's text is in `text` (whitespace ignored)."""
    spec = load_spec(spec_path, strict=False)
    found = squeeze(text)
    missing = [piece for _, piece in printed_texts(spec) if squeeze(piece) not in found]
    assert missing == []


def attach(runner: CliRunner, *arguments: str) -> Result:
    return runner.invoke(cli, ["attach", *arguments])


@pytest.mark.parametrize("shape", list(LETTERS))
def test_the_letter_unchanged_then_the_personalised_handout(runner: CliRunner, shape: str) -> None:
    data = LETTERS[shape]()
    letter_path = Path("letter.pdf")
    letter_path.write_bytes(data)
    before = snapshot(letter_path)
    result = attach(
        runner, "letter.pdf", str(PATIENT_SPEC), "-o", "out.pdf", "--clinic", str(EXAMPLE), *PERSONAL
    )
    assert result.exit_code == 0, result.output
    assert_clean(result)
    assert result.stdout.splitlines() == ["wrote out.pdf: 1 handout(s) after the letter letter.pdf"]
    assert result.stderr.splitlines() == [
        "letter.pdf: warning: is not tagged, so the merged PDF cannot be fully accessible; "
        "the handouts in it are tagged"
    ]
    assert snapshot(letter_path) == before  # the letter is only read
    assert files_in(Path(".")) == ["letter.pdf", "out.pdf"]  # no temporary file, nothing named for her
    output = Path("out.pdf").read_bytes()
    original, merged = read(data), read(output)
    count = len(original.pages)
    assert len(merged.pages) == count + 1
    # The letter's pages first, as they were: the same text, contents and size.
    assert texts(merged)[:count] == texts(original)
    for mine, theirs in zip(merged.pages[:count], original.pages, strict=True):
        assert mine.get_contents().get_data() == theirs.get_contents().get_data()  # type: ignore[union-attr]
        assert tuple(mine.mediabox) == tuple(theirs.mediabox)
    assert f"this is page 1 of {count} of the letter" in texts(merged)[0]
    # Then the handout: branded, for this patient, every piece of its spec.
    handout = texts(merged)[count]
    assert squeeze(PREPARED_LINE) in squeeze(handout)
    assert squeeze("Riverside Spine Clinic") in squeeze(handout)
    handout_covers(handout, PATIENT_SPEC)
    assert tuple(merged.pages[count].mediabox) == (0, 0, 612, 792)  # the profile's size: letter
    assert bookmarks(merged) == [("Letter", 0), (PATIENT_TITLE, count)]
    # The document info is the letter's, with nothing of the patient in it.
    assert merged.metadata == original.metadata
    assert merged.metadata is not None and merged.metadata.title == LETTER_INFO_TITLE
    assert merged.xmp_metadata is None
    assert_private(result, output)
    if shape.startswith("form"):
        assert fields(merged) == fields(original) == LETTER_FIELDS


def test_before_puts_several_handouts_first(runner: CliRunner) -> None:
    data = letter_pdf(2, A4)
    Path("letter.pdf").write_bytes(data)
    result = attach(
        runner, "letter.pdf", str(PATIENT_SPEC), str(CLINICIAN_SPEC), "-o", "out.pdf", "--before", *PERSONAL
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["wrote out.pdf: 2 handout(s) before the letter letter.pdf"]
    output = Path("out.pdf").read_bytes()
    merged = read(output)
    assert len(merged.pages) == 4
    assert texts(merged)[2:] == texts(read(data))
    assert bookmarks(merged) == [(PATIENT_TITLE, 0), (CLINICIAN_TITLE, 1), ("Letter", 2)]
    handout_covers(texts(merged)[0], PATIENT_SPEC)
    handout_covers(texts(merged)[1], CLINICIAN_SPEC)
    for page in (0, 1):  # "Prepared for" on each handout
        assert squeeze(PREPARED_LINE) in squeeze(texts(merged)[page])
    assert "Riverside" not in "".join(texts(merged))  # no profile: neutral handouts
    assert [tuple(page.mediabox) for page in merged.pages[2:]] == [pytest.approx((0, 0, *A4_POINTS))] * 2
    assert_private(result, output)


@pytest.mark.parametrize("before", [False, True])
def test_large_print_takes_its_pages_under_one_bookmark(runner: CliRunner, before: bool) -> None:
    Path("letter.pdf").write_bytes(letter_pdf(1))
    options = ["--before"] if before else []
    arguments = ["letter.pdf", str(PATIENT_SPEC), "-o", "out.pdf", "--large-print", *PERSONAL, *options]
    result = attach(runner, *arguments)
    assert result.exit_code == 0, result.output
    output = Path("out.pdf").read_bytes()
    merged = read(output)
    pages = texts(merged)
    handout = [number for number, text in enumerate(pages) if "Please turn over" in text]
    count = len(handout) + 1  # every page but the last says to turn over
    assert count == 3  # the bundled handout in large print: two sheets, the last back blank
    # Printed two-sided, the handout starts on the front of a sheet (after a one-page letter, a
    # blank back) and what follows it starts on a sheet of its own (after its third page, a blank).
    first = 0 if before else 2
    assert handout == list(range(first, first + count - 1))
    assert len(pages) == 1 + count + 1
    assert pages[3 if before else 1].strip() == ""
    assert f"Page 1 of {count}" in pages[first] and f"page {count} of {count}" in pages[first + count - 1]
    assert squeeze(PREPARED_LINE) in squeeze(pages[first])
    handout_covers("".join(pages[first : first + count]), PATIENT_SPEC)
    expected = [(PATIENT_TITLE, 0), ("Letter", 4)] if before else [("Letter", 0), (PATIENT_TITLE, 2)]
    assert bookmarks(merged) == expected
    assert_private(result, output)


def test_page_size_comes_from_the_profile_and_the_option(runner: CliRunner) -> None:
    Path("letter.pdf").write_bytes(letter_pdf(1))
    profile = Path("clinic/clinic.toml")
    profile.parent.mkdir()
    profile.write_text(
        'name = "Hillside Family Practice"\nphone = "01632 960 000"\npage_size = "a4"\n'
        '[out_of_hours]\nphone = "01632 960 999"\n',
        encoding="utf-8",
    )
    clinic = ["--clinic", str(profile)]
    result = attach(runner, "letter.pdf", str(PATIENT_SPEC), "-o", "a4.pdf", *clinic)
    assert result.exit_code == 0, result.output
    merged = read(Path("a4.pdf").read_bytes())
    assert tuple(merged.pages[0].mediabox) == (0, 0, 612, 792)  # the letter keeps its size
    assert tuple(merged.pages[1].mediabox) == pytest.approx((0, 0, *A4_POINTS))
    assert "Hillside Family Practice" in texts(merged)[1]
    result = attach(
        runner, "letter.pdf", str(PATIENT_SPEC), "-o", "letter-size.pdf", *clinic, "--page-size", "letter"
    )
    assert result.exit_code == 0, result.output
    assert tuple(read(Path("letter-size.pdf").read_bytes()).pages[1].mediabox) == (0, 0, 612, 792)
    result = attach(runner, "letter.pdf", str(PATIENT_SPEC), "-o", "plain-a4.pdf", "--page-size", "a4")
    assert result.exit_code == 0, result.output
    assert tuple(read(Path("plain-a4.pdf").read_bytes()).pages[1].mediabox) == pytest.approx(
        (0, 0, *A4_POINTS)
    )


# --- the output is never the letter, and is written whole or not at all -------------------------


@pytest.mark.parametrize("how", ["same-name", "dot-slash", "absolute", "hard-link", "symlink"])
def test_the_output_may_not_be_the_letter(runner: CliRunner, how: str) -> None:
    Path("letter.pdf").write_bytes(letter_pdf(1))
    before = snapshot(Path("letter.pdf"))
    output = {
        "same-name": "letter.pdf",
        "dot-slash": "./letter.pdf",
        "absolute": str(Path("letter.pdf").resolve()),
        "hard-link": "hard.pdf",
        "symlink": "soft.pdf",
    }[how]
    if how == "hard-link":
        os.link("letter.pdf", "hard.pdf")
    if how == "symlink":
        os.symlink("letter.pdf", "soft.pdf")
    listing = files_in(Path("."))
    line = refused_in_one_line(attach(runner, "letter.pdf", str(PATIENT_SPEC), "-o", output, *PERSONAL))
    assert "letter.pdf itself; choose another output" in line
    assert PATIENT not in line
    assert snapshot(Path("letter.pdf")) == before
    assert files_in(Path(".")) == listing
    if how == "symlink":
        assert os.readlink("soft.pdf") == "letter.pdf"


def test_the_output_may_not_be_a_spec_nor_the_file_a_linked_letter_leads_to(runner: CliRunner) -> None:
    Path("real.pdf").write_bytes(letter_pdf(1))
    os.symlink("real.pdf", "link.pdf")
    before = snapshot(Path("real.pdf"))
    line = refused_in_one_line(attach(runner, "link.pdf", str(PATIENT_SPEC), "-o", "real.pdf"))
    assert "is link.pdf itself" in line
    assert snapshot(Path("real.pdf")) == before
    spec = Path("handout.pdf")  # a spec that happens to be named .pdf
    spec.write_text(PATIENT_SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    line = refused_in_one_line(attach(runner, "real.pdf", "handout.pdf", "-o", "handout.pdf"))
    assert "is handout.pdf itself" in line
    assert spec.read_text(encoding="utf-8") == PATIENT_SPEC.read_text(encoding="utf-8")
    assert files_in(Path(".")) == ["handout.pdf", "link.pdf", "real.pdf"]


def test_the_output_must_be_a_pdf(runner: CliRunner) -> None:
    Path("letter.pdf").write_bytes(letter_pdf(1))
    for output in ("out.txt", "out", "handout.toml"):
        line = refused_in_one_line(attach(runner, "letter.pdf", str(PATIENT_SPEC), "-o", output))
        assert "must end in .pdf" in line
    assert files_in(Path(".")) == ["letter.pdf"]


def encrypted() -> bytes:
    return letter_pdf(1, encrypt=StandardEncryption("secret", ownerPassword="owner"))


FULL = letter_pdf(3)


BAD_LETTERS: dict[str, tuple[Callable[[], bytes], str]] = {
    "encrypted": (encrypted, "is encrypted (password-protected); export it from the record system"),
    "aes-encrypted": (lambda: aes_encrypted(letter_pdf(1)), "is encrypted (password-protected)"),
    "truncated": (lambda: FULL[: len(FULL) // 2], "is damaged and cannot be read as a PDF"),
    "no-end": (lambda: FULL[:-40], "is damaged and cannot be read as a PDF"),
    "text": (lambda: b"Dear Dr Jones,\nthis is text saved as .pdf\n", "is not a PDF"),
    "empty": (lambda: b"", "is not a PDF"),
    "garbage-after-header": (
        lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8,
        "is damaged and cannot be read as a PDF",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_LETTERS))
def test_a_letter_that_cannot_be_used_is_refused_in_one_line(
    runner: CliRunner, kind: str, capfd: pytest.CaptureFixture[str]
) -> None:
    make, message = BAD_LETTERS[kind]
    data = make()
    Path("letter.pdf").write_bytes(data)
    result = attach(runner, "letter.pdf", str(PATIENT_SPEC), "-o", "out.pdf", *PERSONAL)
    line = refused_in_one_line(result)
    assert line.startswith("letter.pdf: ") and message in line
    assert_private(result)
    assert not Path("out.pdf").exists()
    assert files_in(Path(".")) == ["letter.pdf"]
    assert Path("letter.pdf").read_bytes() == data
    assert capfd.readouterr() == ("", "")  # nothing from pypdf either


def test_a_missing_letter_or_a_folder_is_refused(runner: CliRunner) -> None:
    Path("folder.pdf").mkdir()
    for letter_name, message in (("missing.pdf", "cannot be read"), ("folder.pdf", "is a folder")):
        line = refused_in_one_line(attach(runner, letter_name, str(PATIENT_SPEC), "-o", "out.pdf"))
        assert line.startswith(f"{letter_name}: ") and message in line
    assert not Path("out.pdf").exists()


def failures() -> dict[str, tuple[list[str], str]]:
    """Ways an attach fails (the arguments after the letter and -o OUT) and what the message says."""
    return {
        "encrypted letter": (["encrypted.pdf", str(PATIENT_SPEC)], "is encrypted"),
        "damaged letter": (["damaged.pdf", str(PATIENT_SPEC)], "is damaged and cannot be read as a PDF"),
        "large print clinician": (
            ["letter.pdf", str(CLINICIAN_SPEC), "--large-print"],
            "large print is for patient handouts only",
        ),
        "spec too long": (["letter.pdf", "too-long.toml"], "does not fit on one letter page"),
        "second spec invalid": (["letter.pdf", str(PATIENT_SPEC), "broken.toml"], "broken.toml"),
        "bad profile": (["letter.pdf", str(PATIENT_SPEC), "--clinic", "nowhere.toml"], "nowhere.toml"),
    }


def test_check_shows_a_path_with_a_line_break_escaped(runner: CliRunner) -> None:
    """Its verdict is one line, whatever the file is called (as every message names a file)."""
    assert runner.invoke(cli, ["build", str(PATIENT_SPEC), "-o", "new\nline.pdf"]).exit_code == 0
    result = runner.invoke(cli, ["check", "new\nline.pdf", str(PATIENT_SPEC)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1
    shown = file_name(Path("new\nline.pdf"))
    assert shown != "new\nline.pdf" and result.stdout.startswith(f"{shown}: ok: one page")


def test_a_spec_named_twice_is_attached_once(runner: CliRunner) -> None:
    """Overlapping names (a folder and a file in it, two patterns) name one handout, attached once."""
    Path("letter.pdf").write_bytes(letter_pdf())
    twice = [str(PATIENT_SPEC), str(PATIENT_SPEC.resolve()), str(PATIENT_SPEC)]
    result = attach(runner, "letter.pdf", *twice, "-o", "out.pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["wrote out.pdf: 1 handout(s) after the letter letter.pdf"]
    assert len(read(Path("out.pdf").read_bytes()).pages) == 2


@pytest.mark.parametrize("existing", [False, True], ids=["no-output-yet", "good-output-there"])
@pytest.mark.parametrize("failure", list(failures()))
def test_a_failed_attach_writes_nothing_and_keeps_what_was_there(
    runner: CliRunner, failure: str, existing: bool
) -> None:
    Path("letter.pdf").write_bytes(letter_pdf(2, form=True))
    Path("encrypted.pdf").write_bytes(encrypted())
    Path("damaged.pdf").write_bytes(FULL[: len(FULL) // 2])
    Path("too-long.toml").write_text(over_long(), encoding="utf-8")
    Path("broken.toml").write_text('id = "broken"\naudience = "patient"\ntitle =\n', encoding="utf-8")
    if existing:
        good = attach(runner, "letter.pdf", str(PATIENT_SPEC), "-o", "out.pdf")
        assert good.exit_code == 0, good.output
    listing = files_in(Path("."))
    inputs = {name: snapshot(Path(name)) for name in listing}
    arguments, message = failures()[failure]
    result = attach(runner, arguments[0], "-o", "out.pdf", *arguments[1:], *PERSONAL)
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert message in result.stderr
    assert_private(result)
    assert files_in(Path(".")) == listing  # no output, no temporary file
    assert {name: snapshot(Path(name)) for name in listing} == inputs  # the old output untouched too


def test_the_example_letter_takes_the_example_profile(runner: CliRunner) -> None:
    """The README's own example, with the bundled letter."""
    example_letter = EXAMPLE_LETTER
    before = snapshot(example_letter)
    pages = len(read(example_letter.read_bytes()).pages)
    result = attach(
        runner,
        str(example_letter),
        str(PATIENT_SPEC),
        "-o",
        "out/letter.pdf",
        "--clinic",
        str(EXAMPLE),
        *PERSONAL,
    )
    assert result.exit_code == 0, result.output
    assert snapshot(example_letter) == before
    output = Path("out/letter.pdf").read_bytes()
    merged = read(output)
    assert len(merged.pages) == pages + 1
    assert bookmarks(merged)[0] == ("Letter", 0) and bookmarks(merged)[-1] == (PATIENT_TITLE, pages)
    assert_private(result, output)


def test_attach_reports_the_warnings_build_would(runner: CliRunner) -> None:
    overdue = spec_text(SECTION, spec_id="s")  # reviewed 2026-07-01, next review 2027-07-01
    overdue = overdue.replace("next_review = 2027-07-01", "next_review = 2026-08-01")  # before today
    Path("s.toml").write_text(overdue, encoding="utf-8")
    Path("letter.pdf").write_bytes(letter_pdf())
    result = runner.invoke(cli, ["attach", "letter.pdf", "s.toml", "-o", "out.pdf"])
    assert result.exit_code == 0, result.output
    assert "s.toml: review.next_review: warning:" in result.output
    strict = runner.invoke(cli, ["attach", "letter.pdf", "s.toml", "-o", "strict.pdf", "--strict"])
    assert strict.exit_code == 2 and not Path("strict.pdf").exists()


# --- check ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Spec]:
    """A spec file and the PDF built from it, in a folder of their own."""
    return spec_and_pdf(tmp_path_factory.mktemp("pair"), "patient-full")


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Another spec (clinician) and its PDF."""
    source, pdf, _ = spec_and_pdf(tmp_path_factory.mktemp("other"), "clinician-full")
    return source, pdf


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_check_command_ok(pair: tuple[Path, Path, Spec]) -> None:
    source, pdf, _ = pair
    result = invoke("check", str(pdf), str(source))
    assert result.exit_code == 0, result.output
    assert f"{pdf}: ok" in result.stdout
    assert result.stderr == ""


def test_check_command_says_first_that_a_pdf_is_of_another_spec(
    pair: tuple[Path, Path, Spec], other: tuple[Path, Path]
) -> None:
    source, _, spec = pair
    result = invoke("check", str(other[1]), str(source))
    assert result.exit_code == 1, result.output
    assert_clean(result)
    assert result.stdout.splitlines() == [  # one line, not a list of every text it lacks
        f"{other[1]}: is a PDF of another document ('clinician-full'), not of {spec.id!r}"
    ]


def test_check_command_refuses_two_pages(pair: tuple[Path, Path, Spec], tmp_path: Path) -> None:
    source, pdf, _ = pair
    doubled = tmp_path / "doubled.pdf"
    doubled.write_bytes(two_pages(pdf.read_bytes()))
    result = invoke("check", str(doubled), str(source))
    assert result.exit_code == 1, result.output
    assert "2 pages" in result.stdout
    assert "missing" not in result.stdout


def test_check_command_refuses_an_invalid_spec(pair: tuple[Path, Path, Spec], tmp_path: Path) -> None:
    _, pdf, _ = pair
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "broken"\naudience = \n', encoding="utf-8")
    result = invoke("check", str(pdf), str(broken))
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert str(broken) in result.stderr


BAD = ["not-a-pdf", "truncated", "empty", "encrypted", "encrypted-empty-password", "header-only"]


@pytest.mark.parametrize("name", BAD)
def test_check_command_refuses_an_unreadable_pdf(
    name: str, pair: tuple[Path, Path, Spec], tmp_path: Path
) -> None:
    source, pdf, _ = pair
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(bad_pdfs(pdf.read_bytes())[name])
    result = invoke("check", str(path), str(source))
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert result.stderr.splitlines()[-1].startswith(f"{path}: ")
    assert result.stdout == ""


def test_check_command_says_what_is_wrong_with_a_pdf(pair: tuple[Path, Path, Spec], tmp_path: Path) -> None:
    source, pdf, _ = pair
    for name, message in (
        ("not-a-pdf", "is not a PDF (it does not start with %PDF-)"),
        ("truncated", "is damaged and cannot be read as a PDF; save or export it again and try again"),
    ):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(bad_pdfs(pdf.read_bytes())[name])
        line = refused_in_one_line(invoke("check", str(path), str(source)))
        assert line.startswith(f"{path}: {message}")


@pytest.fixture(scope="module")
def real_runs(
    pair: tuple[Path, Path, Spec], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, subprocess.CompletedProcess[str]]:
    """`python -m handouts check` on each unreadable PDF, in a real process, as a user runs it.

    (In-process runs cannot show what a user sees: pytest captures the logging that pypdf does.)
    """
    source, pdf, _ = pair
    folder = tmp_path_factory.mktemp("bad")
    env = {k: v for k, v in os.environ.items() if k != "HANDOUTS_DEBUG"}
    runs = {}
    for name in ("not-a-pdf", "truncated", "empty", "encrypted"):
        path = folder / f"{name}.pdf"
        path.write_bytes(bad_pdfs(pdf.read_bytes())[name])
        runs[name] = subprocess.run(
            [sys.executable, "-m", "handouts", "check", str(path), str(source)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    return runs


@pytest.mark.parametrize("name", ["not-a-pdf", "truncated", "empty", "encrypted"])
def test_real_check_refuses_an_unreadable_pdf(
    name: str, real_runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    done = real_runs[name]
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "internal error" not in done.stderr
    assert done.stdout == ""
    assert f"{name}.pdf: " in done.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "name",
    [
        "not-a-pdf",
        "truncated",
        "empty",
        "encrypted",
    ],
)
def test_real_check_says_it_in_one_line(
    name: str, real_runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    lines = real_runs[name].stderr.splitlines()
    assert len(lines) == 1, lines


def test_check_says_a_page_was_built_from_another_version(runner: CliRunner) -> None:
    write("good.toml", handout("good", EASY_TEXT))
    assert runner.invoke(cli, ["build", "good.toml", "-o", "good.pdf"]).exit_code == 0
    write("good.toml", handout("good", EASY_TEXT.replace("very common", "common")))
    result = runner.invoke(cli, ["check", "good.pdf", "good.toml"])
    assert_clean(result)
    assert result.exit_code == 1
    first, *rest = result.stdout.splitlines()  # said first, then what differs
    assert first.startswith("good.pdf: its footer does not carry 'Content ")
    assert first.endswith("': it was built from another version of good.toml")
    assert rest and rest[0].startswith("good.pdf: missing text from good.toml: ")


def test_check_of_another_document_says_so_in_one_line(runner: CliRunner) -> None:
    write("good.toml", handout("good", EASY_TEXT))
    write("other.toml", handout("other", EASY_TEXT.replace("very common", "common")))
    assert runner.invoke(cli, ["build", "other.toml", "-o", "other.pdf"]).exit_code == 0
    result = runner.invoke(cli, ["check", "other.pdf", "good.toml"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["other.pdf: is a PDF of another document ('other'), not of 'good'"]


def test_check_reads_large_print_from_the_pdf(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["build", str(PATIENT_SPEC), "--large-print", "-o", "large.pdf"]).exit_code == 0
    result = runner.invoke(cli, ["check", "large.pdf", str(PATIENT_SPEC)])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"large.pdf: ok: 3 pages, all text of {PATIENT_SPEC} present, tagged in reading order\n"
    )
    old_way = runner.invoke(cli, ["check", "large.pdf", str(PATIENT_SPEC), "--large-print"])
    assert old_way.exit_code == 0 and old_way.stdout == result.stdout


@pytest.mark.parametrize("before", [False, True])
def test_check_finds_a_handout_inside_an_attached_letter(runner: CliRunner, before: bool) -> None:
    Path("letter.pdf").write_bytes(letter_pdf(1))
    extra = ["--before"] if before else []
    both = [str(CLINICIAN_SPEC), str(PATIENT_SPEC)]
    arguments = ["attach", "letter.pdf", *both, "-o", "sent.pdf", *PERSONAL, *extra]
    assert runner.invoke(cli, arguments).exit_code == 0
    for spec in both:
        result = runner.invoke(cli, ["check", "sent.pdf", spec])
        assert result.exit_code == 0, result.output
        assert (
            result.stdout == f"sent.pdf: ok: one page, all text of {spec} present, tagged in reading order\n"
        )
    write("good.toml", handout("good", EASY_TEXT))
    result = runner.invoke(cli, ["check", "sent.pdf", "good.toml"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "sent.pdf: holds no handout titled 'Good' (no bookmark of that title)"
    ]


def test_check_with_its_arguments_swapped_says_so(runner: CliRunner) -> None:
    source = write("patient-full.toml", current(fixture("patient-full")))
    assert runner.invoke(cli, ["build", str(source), "-o", "p.pdf"]).exit_code == 0
    result = runner.invoke(cli, ["check", str(source), "p.pdf"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "the PDF comes first: handouts check p.pdf patient-full.toml"


# --- an output is never one of the files a command reads ---------------------------------------------


def test_no_command_writes_over_the_profile_logo_or_figure_it_read(runner: CliRunner) -> None:
    """Saved under .pdf names (their contents are what they should be), a clinic profile, its logo and
    a figure's image are inputs like the spec and the letter: -o naming one is refused, the file kept."""
    Path("c").mkdir()
    shutil.copy(EXAMPLE_LOGO, "c/logo.pdf")
    profile = EXAMPLE.read_text(encoding="utf-8").replace('logo = "logo.png"', 'logo = "logo.pdf"')
    Path("c/clinic.pdf").write_text(profile, encoding="utf-8")
    Path("f").mkdir()
    shutil.copy(EXAMPLE_FIGURE_SPEC.with_name("wrist.png"), "f/wrist.pdf")
    figure = EXAMPLE_FIGURE_SPEC.read_text(encoding="utf-8").replace('"wrist.png"', '"wrist.pdf"')
    Path("f/carpal-tunnel.toml").write_text(figure, encoding="utf-8")
    shutil.copy(EXAMPLE_LETTER, "letter.pdf")
    inputs = {path: Path(path).read_bytes() for path in ("c/logo.pdf", "c/clinic.pdf", "f/wrist.pdf")}
    clinic = ["--clinic", "c/clinic.pdf"]
    spec = str(PATIENT_SPEC)
    for arguments in (
        ["build", spec, *clinic, "-o", "c/clinic.pdf"],
        ["build", spec, *clinic, "-o", "c/logo.pdf"],
        ["build", "f/carpal-tunnel.toml", "-o", "f/wrist.pdf"],
        ["attach", "letter.pdf", spec, *clinic, "-o", "c/logo.pdf"],
        ["attach", "letter.pdf", "f/carpal-tunnel.toml", "-o", "f/wrist.pdf"],
    ):
        result = runner.invoke(cli, arguments)
        output = arguments[-1]
        assert result.exit_code == 2, (arguments, result.output)
        assert f"{output}: is {output} itself; choose another output" in result.stderr.splitlines()
    # In a batch, a spec whose PDF would replace its own figure fails, naming it; the others are built.
    Path("f/carpal-tunnel.toml").rename("f/wrist.toml")
    Path("f/wrist.toml").write_text(figure.replace('id = "carpal-tunnel"', 'id = "wrist"'), encoding="utf-8")
    shutil.copy(PATIENT_SPEC, "f")
    for jobs in ("1", "2"):
        result = runner.invoke(cli, ["build", "f/", "-o", "f/", "-j", jobs, "--force", *clinic])
        assert result.exit_code == 2, result.output
        assert "f/wrist.pdf: is f/wrist.pdf itself; choose another output" in result.stderr.splitlines()
        assert "1 built, 1 failed" in result.stdout
    assert {path: Path(path).read_bytes() for path in inputs} == inputs
