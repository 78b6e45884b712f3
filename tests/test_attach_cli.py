"""`handouts attach` end to end: letters made with ReportLab in the test (letter size, A4, several pages,
a filled form), the bundled specs built with the example clinic profile for one patient, and the
output read back with pypdf. The letter is only read, the output is written whole or not at all, and
the patient's details reach the handout page and nothing else.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from build_helpers import assert_clean, current, metadata_text, spec_text
from click.testing import CliRunner, Result
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from handouts import load_spec
from handouts.checking import printed_texts, squeeze
from handouts.cli import cli

REPO = Path(__file__).resolve().parents[1]
PATIENT_SPEC = REPO / "specs" / "myelomalacia.toml"
CLINICIAN_SPEC = REPO / "specs" / "myelopathy-vs-myelomalacia.toml"
EXAMPLE = REPO / "examples" / "clinic" / "clinic.toml"
PATIENT_TITLE, CLINICIAN_TITLE = "Myelomalacia", "Myelopathy vs. myelomalacia"
A4_POINTS = (595.2756, 841.8898)

PATIENT, ON, CLINICIAN = "Jane Q. Public", "2026-11-21", "Dr A. Lee"
PERSONAL = ["--patient", PATIENT, "--date", ON, "--clinician", CLINICIAN]
PREPARED_LINE = f"Prepared for {PATIENT} on {ON} by {CLINICIAN}"


# --- letters -------------------------------------------------------------------------------------


def letter_pdf(
    pages: int = 1,
    size: tuple[float, float] = letter,
    *,
    form: bool = False,
    encrypt: StandardEncryption | None = None,
) -> bytes:
    """A letter as a record system might export it: its own info, a few lines on each page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1, encrypt=encrypt)
    canvas.setTitle("Clinic letter")
    canvas.setAuthor("Riverside Spine Clinic")
    canvas.setSubject("Follow-up")
    for number in range(1, pages + 1):
        canvas.drawString(
            72, size[1] - 100, f"Dear Dr Jones, this is page {number} of {pages} of the letter."
        )
        canvas.drawString(
            72, size[1] - 120, f"Page {number}: please read the enclosed handout with your patient."
        )
        if form and number == 1:
            canvas.acroForm.textfield(name="mrn", value="MRN 0042", x=72, y=500, width=200, height=20)
            canvas.acroForm.checkbox(name="follow_up", checked=True, x=72, y=460)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


LETTERS = {
    "letter-1": letter_pdf,
    "a4-3": lambda: letter_pdf(3, A4),
    "form-2": lambda: letter_pdf(2, form=True),
}


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    """The top-level bookmarks as (title, page)."""
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def fields(reader: PdfReader) -> dict[str, object]:
    return {name: field.get("/V") for name, field in (reader.get_fields() or {}).items()}


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def refused_in_one_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert_clean(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert result.stdout == ""
    return lines[0]


def assert_private(result: Result, pdf: bytes | None = None) -> None:
    """The patient's details are in no message, and in no metadata or bookmark of the output."""
    for detail in (PATIENT, "Jane", "Public", CLINICIAN, ON):
        assert detail not in result.output, detail
        if pdf is not None:
            assert detail not in metadata_text(pdf), detail


def handout_covers(text: str, spec_path: Path) -> None:
    """Every piece of the spec's text is in `text` (whitespace ignored)."""
    spec = load_spec(spec_path, strict=False)
    found = squeeze(text)
    missing = [piece for _, piece in printed_texts(spec) if squeeze(piece) not in found]
    assert missing == []


@pytest.fixture(autouse=True)
def _no_profile_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUTS_CLINIC", raising=False)


def attach(runner: CliRunner, *arguments: str) -> Result:
    return runner.invoke(cli, ["attach", *arguments])


# --- attaching -----------------------------------------------------------------------------------


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
    assert outline(merged) == [("Letter", 0), (PATIENT_TITLE, count)]
    # The document info is the letter's, with nothing of the patient in it.
    assert merged.metadata == original.metadata
    assert merged.metadata is not None and merged.metadata.title == "Clinic letter"
    assert merged.xmp_metadata is None
    assert_private(result, output)
    if shape.startswith("form"):
        assert fields(merged) == fields(original) == {"mrn": "MRN 0042", "follow_up": "/Yes"}


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
    assert outline(merged) == [(PATIENT_TITLE, 0), (CLINICIAN_TITLE, 1), ("Letter", 2)]
    handout_covers(texts(merged)[0], PATIENT_SPEC)
    handout_covers(texts(merged)[1], CLINICIAN_SPEC)
    for page in (0, 1):  # "Prepared for" on each handout
        assert squeeze(PREPARED_LINE) in squeeze(texts(merged)[page])
    assert "Riverside" not in "".join(texts(merged))  # no profile: neutral handouts
    assert [tuple(page.mediabox) for page in merged.pages[2:]] == [pytest.approx((0, 0, *A4_POINTS))] * 2
    assert_private(result, output)


@pytest.mark.parametrize("before", [False, True])
def test_large_print_takes_two_pages_under_one_bookmark(runner: CliRunner, before: bool) -> None:
    Path("letter.pdf").write_bytes(letter_pdf(1))
    options = ["--before"] if before else []
    arguments = ["letter.pdf", str(PATIENT_SPEC), "-o", "out.pdf", "--large-print", *PERSONAL, *options]
    result = attach(runner, *arguments)
    assert result.exit_code == 0, result.output
    output = Path("out.pdf").read_bytes()
    merged = read(output)
    # After a one-page letter, a blank back keeps the handout's front on the front of a sheet when
    # printed two-sided, so that "Please turn over" leads to its back.
    assert len(merged.pages) == (3 if before else 4)
    first = 0 if before else 2
    if not before:
        assert texts(merged)[1].strip() == ""
    front, back = texts(merged)[first : first + 2]
    assert "Please turn over" in front and "Please turn over" not in back
    assert squeeze(PREPARED_LINE) in squeeze(front)
    handout_covers(front + back, PATIENT_SPEC)
    expected = [(PATIENT_TITLE, 0), ("Letter", 2)] if before else [("Letter", 0), (PATIENT_TITLE, 2)]
    assert outline(merged) == expected
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


def aes_encrypted() -> bytes:
    writer = PdfWriter(clone_from=read(letter_pdf(1)))
    writer.encrypt("", "owner", algorithm="AES-256")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


FULL = letter_pdf(3)
BAD_LETTERS = {
    "encrypted": (encrypted, "is encrypted (password-protected); export it from the record system"),
    "aes-encrypted": (aes_encrypted, "is encrypted (password-protected)"),
    "truncated": (lambda: FULL[: len(FULL) // 2], "cannot be read as a PDF; is it damaged?"),
    "no-end": (lambda: FULL[:-40], "cannot be read as a PDF; is it damaged?"),
    "text": (lambda: b"Dear Dr Jones,\nthis is text saved as .pdf\n", "is not a PDF"),
    "empty": (lambda: b"", "is empty, not a PDF"),
    "garbage-after-header": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8, "cannot be read as a PDF"),
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


TOO_LONG = spec_text(
    '[[sections]]\ntitle = "Lists"\n'
    + f'\n[[sections.blocks]]\nkind = "bullets"\nitems = {json.dumps([f"Item {j}" for j in range(10)])}\n'
    * 8,
    spec_id="too-long",
)


def failures() -> dict[str, tuple[list[str], str]]:
    """Ways an attach fails (the arguments after the letter and -o OUT) and what the message says."""
    return {
        "encrypted letter": (["encrypted.pdf", str(PATIENT_SPEC)], "is encrypted"),
        "damaged letter": (["damaged.pdf", str(PATIENT_SPEC)], "is it damaged?"),
        "large print clinician": (
            ["letter.pdf", str(CLINICIAN_SPEC), "--large-print"],
            "large print is for patient handouts only",
        ),
        "spec too long": (["letter.pdf", "too-long.toml"], "does not fit on one letter page"),
        "second spec invalid": (["letter.pdf", str(PATIENT_SPEC), "broken.toml"], "broken.toml"),
        "bad profile": (["letter.pdf", str(PATIENT_SPEC), "--clinic", "nowhere.toml"], "nowhere.toml"),
    }


@pytest.mark.parametrize("existing", [False, True], ids=["no-output-yet", "good-output-there"])
@pytest.mark.parametrize("failure", list(failures()))
def test_a_failed_attach_writes_nothing_and_keeps_what_was_there(
    runner: CliRunner, failure: str, existing: bool
) -> None:
    Path("letter.pdf").write_bytes(letter_pdf(2, form=True))
    Path("encrypted.pdf").write_bytes(encrypted())
    Path("damaged.pdf").write_bytes(FULL[: len(FULL) // 2])
    Path("too-long.toml").write_text(current(TOO_LONG), encoding="utf-8")
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
    example_letter = REPO / "examples" / "letter" / "letter.pdf"
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
    assert outline(merged)[0] == ("Letter", 0) and outline(merged)[-1] == (PATIENT_TITLE, pages)
    assert_private(result, output)
