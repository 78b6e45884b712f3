"""Tags in an attached PDF: the letter's structure tree (when it has one) and each handout's, merged into
one valid tree. Letters made here: untagged (ReportLab, as record systems export them), tagged by
pypdf (a custom role, a class, a link annotation with its own key, content over two pages), and a
handout PDF used as a letter. Each merge is read back with pypdf (tests/helpers/tags.py), with the
independent pdfua checker and with poppler's pdfinfo.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf.generic import DictionaryObject

from handouts import Attached, Attachment, attach, build_pdf
from tests.helpers.paths import BUILD_FIXTURES, CLINICIAN_SPEC, PATIENT_SPEC
from tests.helpers.pdfs import letter_pdf, read
from tests.helpers.specs import CLINICIAN_TITLE, PATIENT_TITLE, load
from tests.helpers.tags import marked_ids, parts, resolve, tagged_letter, tree_problems

UNTAGGED = "is not tagged, so the merged PDF cannot be fully accessible; the handouts in it are tagged"


@pytest.fixture(scope="module")
def handouts() -> list[Attachment]:
    built = []
    for source in (PATIENT_SPEC, CLINICIAN_SPEC):
        spec = load(source)
        built.append(Attachment(spec.title, build_pdf(spec).pdf))
    return built


@pytest.fixture(scope="module")
def others() -> list[Attachment]:
    """A Spanish patient handout on two large-print pages and a British English clinician summary."""
    spanish = load(BUILD_FIXTURES / "patient-full.toml")
    british = load(BUILD_FIXTURES / "clinician-full.toml")
    return [
        Attachment("Spanish", build_pdf(spanish, large_print=True).pdf),
        Attachment("British", build_pdf(british).pdf),
    ]


def merged(folder: Path, letter: bytes, attachments: list[Attachment], before: bool = False) -> Attached:
    path = folder / "letter.pdf"
    path.write_bytes(letter)
    return attach(path, attachments, before=before)


def handout_pages(result: Attached, attachments: list[Attachment], first: int) -> None:
    """The handouts' pages from `first` on keep their marked content, MCID for MCID."""
    output = read(result.pdf)
    number = first
    for attachment in attachments:
        original = read(attachment.pdf)
        if len(original.pages) > 1 and number % 2:
            number += 1  # the blank page before a front-and-back handout
        for page in original.pages:
            ids = marked_ids(original, page)
            assert ids and marked_ids(output, output.pages[number]) == ids
            number += 1


@pytest.mark.parametrize("before", [False, True])
def test_an_untagged_letter_the_handouts_tagged_within_and_a_warning(
    tmp_path: Path, handouts: list[Attachment], before: bool
) -> None:
    result = merged(tmp_path, letter_pdf(2), handouts, before)
    assert tree_problems(result.pdf) == []
    top = [("Part", PATIENT_TITLE, "en"), ("Part", CLINICIAN_TITLE, "en")]
    assert parts(result.pdf) == [("Document", None, None), *top]
    output = read(result.pdf)
    catalog: Any = output.root_object
    assert catalog["/Lang"] == "en"  # the letter declares none: the handouts' language
    assert catalog["/MarkInfo"] == DictionaryObject({"/Marked": False})  # not tagged throughout
    assert not result.tagged
    assert [str(warning) for warning in result.warnings] == [
        f"{tmp_path / 'letter.pdf'}: warning: {UNTAGGED}"
    ]
    letter_pages = [2, 3] if before else [0, 1]
    assert all("/StructParents" not in output.pages[number] for number in letter_pages)
    handout_pages(result, handouts, 0 if before else 2)


@pytest.mark.parametrize("before", [False, True])
def test_a_tagged_letter_keeps_its_tags_roles_classes_and_language(
    tmp_path: Path, handouts: list[Attachment], before: bool
) -> None:
    letter = tagged_letter("fr-FR")
    result = merged(tmp_path, letter, handouts, before)
    assert result.warnings == () and result.tagged
    assert tree_problems(result.pdf) == []
    letter_part = ("Part", "Letter", "fr-FR")
    handout_parts = [("Part", PATIENT_TITLE, "en"), ("Part", CLINICIAN_TITLE, "en")]
    expected = [*handout_parts, letter_part] if before else [letter_part, *handout_parts]
    assert parts(result.pdf) == [("Document", None, None), *expected]
    output = read(result.pdf)
    catalog: Any = output.root_object
    assert catalog["/Lang"] == "fr-FR"  # the letter's, which declares one
    assert catalog["/MarkInfo"] == DictionaryObject({"/Marked": True})  # tagged throughout
    tree = resolve(catalog["/StructTreeRoot"])
    assert tree["/RoleMap"] == {"/Para": "/P"}
    assert tree["/ClassMap"]["/letterclass"] == {"/O": "/Layout", "/TextAlign": "/Center"}
    # Keys are unique across the file: the letter's 0 to 2 and each handout's own 0 are renumbered.
    first = 2 if before else 0
    letter_pages: list[Any] = [output.pages[first], output.pages[first + 1]]
    assert [marked_ids(output, page) for page in letter_pages] == [[0, 1], [0]]
    (link,) = [resolve(annotation) for annotation in letter_pages[0]["/Annots"]]
    keys = [int(resolve(page["/StructParents"])) for page in output.pages if "/StructParents" in page]
    keys += [
        int(resolve(annotation)["/StructParent"])
        for page in output.pages
        for annotation in page.get("/Annots") or []
        if "/StructParent" in resolve(annotation)
    ]
    assert len(keys) == len(set(keys)) == int(tree["/ParentTreeNextKey"])
    assert "/StructParent" in link
    handout_pages(result, handouts, 0 if before else 2)


@pytest.mark.parametrize("role", ["/URI", "/Launch", "/Movie", "/JavaScript"])
def test_a_custom_role_named_like_an_action_is_a_structure_element_still(
    tmp_path: Path, handouts: list[Attachment], role: str
) -> None:
    """A role is a name the letter chooses: a paragraph whose role is called /URI runs nothing, and
    keeps its tag (it was emptied as a link to another file, leaving the letter's text untagged)."""
    result = merged(tmp_path, tagged_letter(role=role), handouts)
    assert result.warnings == () and result.tagged
    assert tree_problems(result.pdf) == []
    tree = resolve(read(result.pdf).root_object["/StructTreeRoot"])
    assert tree["/RoleMap"] == {role: "/P"}
    found, pending = [], [tree["/K"]]
    while pending:  # every element's role, from the top of the tree
        value = resolve(pending.pop())
        if isinstance(value, list):
            pending += reversed(value)
        elif isinstance(value, dict) and "/S" in value:
            found.append(value["/S"])
            pending.append(value.get("/K"))
    assert found.count(role) == 1 and found.index(role) < found.index("/H1")


def test_a_handout_as_the_letter_and_handouts_in_other_languages(
    tmp_path: Path, handouts: list[Attachment], others: list[Attachment]
) -> None:
    result = merged(tmp_path, handouts[0].pdf, others)
    assert result.warnings == () and result.tagged
    assert tree_problems(result.pdf) == []
    # The letter's own Document element is its part: one Document, at the top.
    assert parts(result.pdf) == [
        ("Document", None, None),
        ("Part", "Letter", "en"),
        ("Part", "Spanish", "es"),
        ("Part", "British", "en-GB"),
    ]
    assert str(read(result.pdf).root_object["/Lang"]) == "en"
    assert len(read(result.pdf).pages) == 1 + 1 + 2 + 1  # a blank page so that the Spanish starts on a front
    handout_pages(result, others, 2)


def test_the_same_inputs_give_the_same_tags(tmp_path: Path, handouts: list[Attachment]) -> None:
    letter = tagged_letter()
    assert merged(tmp_path, letter, handouts).pdf == merged(tmp_path, letter, handouts).pdf


def _pdfua() -> str | None:
    beside = Path(sys.executable).with_name("pdfua")
    return str(beside) if beside.exists() else shutil.which("pdfua")


@pytest.mark.skipif(_pdfua() is None, reason="needs the pdfua checker (pip install pdfua)")
def test_an_independent_checker_finds_no_error_in_a_merge_with_a_tagged_letter(
    tmp_path: Path, handouts: list[Attachment], others: list[Attachment]
) -> None:
    found = {}
    for name, letter in (("handout", handouts[0].pdf), ("pypdf", tagged_letter())):
        path = tmp_path / f"merged-{name}.pdf"
        path.write_bytes(merged(tmp_path, letter, [*handouts, *others]).pdf)
        done = subprocess.run(
            [_pdfua() or "", "check", str(path)], capture_output=True, text=True, check=False
        )
        assert "[ERROR]" not in done.stdout and "[skip" not in done.stdout, done.stdout
        found[name] = done
    # A handout as the letter brings its title and PDF/UA metadata along: nothing at all is found.
    assert found["handout"].returncode == 0, found["handout"].stdout
    assert "result: PASS (no findings)" in found["handout"].stdout
    # The letter made by pypdf has no title and no XMP metadata: the checker warns of those alone.
    lines = found["pypdf"].stdout.splitlines()
    warned = {line.split()[2] for line in lines if line.strip().startswith("[WARN")}
    assert warned == {"UA-07-001", "UA-07-002", "UA-28-004"}, found["pypdf"].stdout


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs pdfinfo (poppler-utils)")
@pytest.mark.parametrize("letter", ["untagged", "tagged"])
def test_poppler_reads_the_handouts_text_from_the_tree(
    tmp_path: Path, handouts: list[Attachment], letter: str
) -> None:
    data = letter_pdf() if letter == "untagged" else tagged_letter()
    path = tmp_path / "merged.pdf"
    path.write_bytes(merged(tmp_path, data, handouts).pdf)
    done = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True)
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert lines[0] == "Document"
    assert f'Part "{PATIENT_TITLE}"' in lines and f'Part "{CLINICIAN_TITLE}"' in lines
    assert '"Myelomalacia "' in lines  # the patient handout's H1
    assert any(line.startswith('"Myelopathy vs') for line in lines)
    if letter == "tagged":
        assert lines[1] == 'Part "Letter"' and '"Cher docteur, voici la lettre."' in lines
