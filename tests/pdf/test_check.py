"""Checking a PDF against its spec (handouts.check_pdf): a good pair passes, a PDF of another spec or
with two pages fails naming what is wrong, and anything that is not a readable, unprotected PDF is
refused with one PdfInputError line. (`handouts check` is in tests/cli/test_pdf_commands.py.)
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from handouts import Attachment, PdfInputError, Spec, attach, build_pdf, check_pdf, check_pdf_bytes
from handouts.pdf import painter
from handouts.pdf.check import NOT_PRINTED, printed_texts
from handouts.pdf.reading import too_complex
from handouts.pdf.tagged import Element, read_tagged
from handouts.spec.governance import short_hash
from handouts.spec.walking import leaves
from tests.helpers.letters import raw_letter
from tests.helpers.pdfs import aes_encrypted, bad_pdfs, letter_pdf, spec_and_pdf, two_pages
from tests.helpers.specs import current, fixture, load, spec_text, valid_spec


def one_paragraph(text: str, spec_id: str = "small") -> str:
    section = (
        '[[sections]]\ntitle = "Only section"\n\n[[sections.blocks]]\nkind = "paragraph"\n'
        f"text = {json.dumps(text, ensure_ascii=False)}\n"
    )
    return spec_text(section, spec_id=spec_id)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Spec]:
    """A spec file and the PDF built from it, in a folder of their own."""
    return spec_and_pdf(tmp_path_factory.mktemp("pair"), "patient-full")


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Another spec (clinician) and its PDF."""
    source, pdf, _ = spec_and_pdf(tmp_path_factory.mktemp("other"), "clinician-full")
    return source, pdf


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


def test_a_pdf_of_another_spec_says_so_rather_than_listing_its_text(
    pair: tuple[Path, Path, Spec], other: tuple[Path, Path]
) -> None:
    _, _, spec = pair
    report = check_pdf(other[1], spec)
    assert report.pages == 1
    assert not report.ok
    assert report.other == f"is a PDF of another document ('clinician-full'), not of {spec.id!r}"
    assert report.missing == [] and report.structure == []


def test_a_pdf_that_is_no_handout_at_all_says_so_in_one_line(pair: tuple[Path, Path, Spec]) -> None:
    _, _, spec = pair
    report = check_pdf_bytes(letter_pdf(2), spec)
    assert (
        report.other == f"is not a handout of {spec.id!r}: it records no document and prints no content hash"
    )
    assert report.missing == [] and report.structure == [] and not report.ok


def test_a_handout_attached_to_another_handout_is_found_by_its_bookmark(
    pair: tuple[Path, Path, Spec], other: tuple[Path, Path], tmp_path: Path
) -> None:
    """The first handout stands as the letter, keeping its keywords; the one attached is checked on its
    own page, and the letter's handout is not mistaken for it."""
    _, pdf, spec = pair
    clinician = load(other[0])
    merged = attach(pdf, [Attachment(clinician.title, other[1].read_bytes())]).pdf
    report = check_pdf_bytes(merged, clinician)
    assert report.ok, report
    assert report.pages == 1
    assert (
        check_pdf_bytes(merged, spec).other
        == f"holds no handout titled {spec.title!r} (no bookmark of that title)"
    )


def test_in_a_letter_only_the_handouts_pages_are_read(
    pair: tuple[Path, Path, Spec], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letter page drawn with more operations than a page may take is no part of the handout: it does
    not stop the check of a handout attached to it."""
    _, pdf, spec = pair
    letter = tmp_path / "letter.pdf"
    drawing = b"q Q " * 3000
    busy = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
    content = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawing), drawing)
    letter.write_bytes(raw_letter("<< /Type /Catalog /Pages 2 0 R >>", content, page=busy))
    merged = attach(letter, [Attachment(spec.title, pdf.read_bytes())]).pdf
    monkeypatch.setattr(painter, "_MAX_OPERATIONS", 5000)  # the handout's page takes fewer
    assert check_pdf_bytes(merged, spec).ok
    with pytest.raises(PdfInputError) as caught:  # read whole, the letter's page is too busy
        read_tagged(merged, "merged.pdf")
    assert str(caught.value) == too_complex("merged.pdf")


def test_a_tree_nested_thousands_deep_reads_without_recursion() -> None:
    """A file from outside may nest its elements hundreds deep: what they read and hold is found by a
    walk, not by recursion (it was an internal error at about 350)."""
    top = Element("Document")
    deepest = top
    for depth in range(5000):
        deepest.kids.append(Element("Div", kids=[f"{depth};"]))
        deepest = deepest.kids[-1]  # type: ignore[assignment]
    deepest.kids.append(Element("Span", actual_text="end"))
    assert top.text() == "".join(f"{depth};" for depth in range(5000)) + "end"
    assert [element.role for element in top.walk()] == ["Document", *["Div"] * 5000, "Span"]


def test_a_mark_drawn_outside_the_tags_fails(pair: tuple[Path, Path, Spec]) -> None:
    """A line (or words) drawn on the page outside any tag and not an artifact: a screen reader can
    neither reach nor skip it."""
    _, pdf, spec = pair
    writer = PdfWriter(clone_from=PdfReader(pdf))
    page = writer.pages[0]
    drawing = page.get_contents()
    assert drawing is not None
    drawing.set_data(drawing.get_data() + b"\n0 0 m 100 100 l S\n")
    page.replace_contents(drawing)
    output = io.BytesIO()
    writer.write(output)
    report = check_pdf_bytes(output.getvalue(), spec)
    assert report.structure == [
        "draws 1 mark(s) outside its tags, neither content nor artifact: a screen reader cannot reach "
        "them, nor skip them"
    ]
    assert not report.ok and report.missing == []


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
    assert changed.language == "es"  # the footer's words are the page's
    assert [text for _, text in report.missing] == ["Stay very active", f"Contenido {short_hash(changed)}"]


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
        check_pdf_bytes(aes_encrypted(pdf.read_bytes(), "secret", "AES-128"), spec)
    with pytest.raises(PdfInputError):
        check_pdf(tmp_path / "absent.pdf", spec)
    with pytest.raises(PdfInputError):
        check_pdf(tmp_path, spec)  # a folder


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not-a-pdf", "is not a PDF (it does not start with %PDF-)"),
        ("empty", "is not a PDF (it does not start with %PDF-)"),
        ("truncated", "is damaged and cannot be read as a PDF; save or export it again and try again"),
        ("header-only", "is damaged and cannot be read as a PDF; save or export it again and try again"),
        ("encrypted", "is encrypted (password-protected)"),
        ("encrypted-empty-password", "is encrypted (password-protected)"),
    ],
)
def test_what_is_wrong_with_an_unreadable_pdf_is_said(
    pair: tuple[Path, Path, Spec], tmp_path: Path, name: str, message: str
) -> None:
    """The one guarded reader words a refusal as it does for letters."""
    _, pdf, spec = pair
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(bad_pdfs(pdf.read_bytes())[name])
    with pytest.raises(PdfInputError) as caught:
        check_pdf(path, spec)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_a_soft_hyphen_passes_the_check() -> None:
    spec = valid_spec(one_paragraph("Take a pain\u00adkiller such as para\u00adcetamol if you need one."))
    built = build_pdf(spec)
    report = check_pdf_bytes(built.pdf, spec)
    assert report.missing == []
