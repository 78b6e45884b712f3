"""Checking a PDF against its spec, through the API and `handouts check`: a good pair passes, a PDF
of another spec or with two pages fails with exit 1 naming what is wrong, and anything that is not a
readable, unprotected PDF is refused with exit 2 and one line, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from build_helpers import spec_text
from click.testing import CliRunner, Result
from pypdf import PdfReader, PdfWriter

from handouts import PdfInputError, Spec, validate_bytes
from handouts.build import build_pdf
from handouts.checking import NOT_PRINTED, check_pdf, check_pdf_bytes, printed_texts
from handouts.cli import cli
from handouts.governance import short_hash
from handouts.spec import leaves

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "build"


def current(text: str) -> str:
    """A fixture spec with review dates current today, so the CLI prints no review warnings."""
    today = date.today()
    text = text.replace("last_reviewed = 2026-01-01", f"last_reviewed = {today - timedelta(days=30)}")
    return text.replace("next_review = 2027-01-01", f"next_review = {today + timedelta(days=300)}")


def valid_spec(text: str, name: str = "<test>") -> Spec:
    checked = validate_bytes(current(text).encode("utf-8"), name)
    assert not checked.errors, checked.problems
    assert checked.spec is not None
    return checked.spec


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.toml").read_text(encoding="utf-8")


def small_spec(text: str, spec_id: str = "small") -> str:
    section = (
        '[[sections]]\ntitle = "Only section"\n\n[[sections.blocks]]\nkind = "paragraph"\n'
        f"text = {json.dumps(text, ensure_ascii=False)}\n"
    )
    return spec_text(section, spec_id=spec_id)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Spec]:
    """A spec file and the PDF built from it, in a folder of their own."""
    folder = tmp_path_factory.mktemp("pair")
    text = current(fixture("patient-full"))
    source = folder / "patient-full.toml"
    source.write_text(text, encoding="utf-8")
    spec = valid_spec(text)
    pdf = folder / "patient-full.pdf"
    pdf.write_bytes(build_pdf(spec).pdf)
    return source, pdf, spec


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Another spec (clinician) and its PDF."""
    folder = tmp_path_factory.mktemp("other")
    text = current(fixture("clinician-full"))
    source = folder / "clinician-full.toml"
    source.write_text(text, encoding="utf-8")
    pdf = folder / "clinician-full.pdf"
    pdf.write_bytes(build_pdf(valid_spec(text)).pdf)
    return source, pdf


def two_pages(pdf: bytes) -> bytes:
    writer = PdfWriter()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    writer.add_page(page)
    writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted(pdf: bytes, user_password: str = "secret") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bad_pdfs(good: bytes) -> dict[str, bytes]:
    return {
        "not-a-pdf": b"This is a plain text file, not a PDF.\n",
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "encrypted": encrypted(good),
        "encrypted-empty-password": encrypted(good, user_password=""),
        "header-only": b"%PDF-1.7\n",
    }


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


# --- the API ---------------------------------------------------------------------------------------


def test_a_good_pair_passes(pair: tuple[Path, Path, Spec]) -> None:
    _, pdf, spec = pair
    report = check_pdf(pdf, spec)
    assert report.ok and report.pages == 1 and report.missing == []
    assert check_pdf_bytes(pdf.read_bytes(), spec) == report


def test_every_printed_field_is_checked(pair: tuple[Path, Path, Spec]) -> None:
    """printed_texts leaves out only what is never printed: the check is not vacuous."""
    _, _, spec = pair
    checked = {path for path, _ in printed_texts(spec)}
    for path, field, value in leaves(spec):
        if field in NOT_PRINTED:
            continue
        assert path in checked, (path, value)


def test_a_pdf_of_another_spec_is_missing_text(
    pair: tuple[Path, Path, Spec], other: tuple[Path, Path]
) -> None:
    _, _, spec = pair
    report = check_pdf(other[1], spec)
    assert report.pages == 1
    assert not report.ok
    paths = {path for path, _ in report.missing}
    assert {"title", "key_message", "disclaimer", "id"} <= paths
    assert ("title", "Dolor de espalda: qué hacer") in report.missing


def test_a_two_page_pdf_fails(pair: tuple[Path, Path, Spec]) -> None:
    _, pdf, spec = pair
    report = check_pdf_bytes(two_pages(pdf.read_bytes()), spec)
    assert report.pages == 2
    assert report.missing == []
    assert not report.ok


def test_one_changed_word_is_found(pair: tuple[Path, Path, Spec]) -> None:
    _, pdf, _ = pair
    changed = valid_spec(current(fixture("patient-full")).replace("Stay active", "Stay very active"))
    report = check_pdf_bytes(pdf.read_bytes(), changed)
    # The changed word, and the footer's content hash, which belongs to the spec before the change.
    assert [text for _, text in report.missing] == ["Stay very active", f"Content {short_hash(changed)}"]


def test_unreadable_pdfs_raise_pdf_input_error(pair: tuple[Path, Path, Spec], tmp_path: Path) -> None:
    _, pdf, spec = pair
    for name, data in bad_pdfs(pdf.read_bytes()).items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        with pytest.raises(PdfInputError) as caught:
            check_pdf(path, spec)
        assert str(caught.value).startswith(f"{path}: "), name
        assert "\n" not in str(caught.value)
    with pytest.raises(PdfInputError, match="encrypted"):
        check_pdf_bytes(encrypted(pdf.read_bytes()), spec)
    with pytest.raises(PdfInputError):
        check_pdf(tmp_path / "absent.pdf", spec)
    with pytest.raises(PdfInputError):
        check_pdf(tmp_path, spec)  # a folder


def test_a_soft_hyphen_passes_the_check() -> None:
    spec = valid_spec(small_spec("Take a pain\u00adkiller such as para\u00adcetamol if you need one."))
    built = build_pdf(spec)
    report = check_pdf_bytes(built.pdf, spec)
    assert report.missing == []


# --- the command -----------------------------------------------------------------------------------


def test_check_command_ok(pair: tuple[Path, Path, Spec]) -> None:
    source, pdf, _ = pair
    result = invoke("check", str(pdf), str(source))
    assert result.exit_code == 0, result.output
    assert f"{pdf}: ok" in result.stdout
    assert result.stderr == ""


def test_check_command_names_what_is_missing(pair: tuple[Path, Path, Spec], other: tuple[Path, Path]) -> None:
    source, _, _ = pair
    result = invoke("check", str(other[1]), str(source))
    assert result.exit_code == 1, result.output
    assert_no_traceback(result)
    assert "missing" in result.stdout
    assert "title: 'Dolor de espalda: qué hacer'" in result.stdout
    assert "key_message" in result.stdout


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
    assert_no_traceback(result)
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
    assert_no_traceback(result)
    assert result.stderr.splitlines()[-1].startswith(f"{path}: ")
    assert result.stdout == ""


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
