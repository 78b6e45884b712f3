"""Every built handout is tagged (PDF/UA-1): its structure tree follows the spec, everything drawn is
tagged or an artifact, links and figures are described, and the catalog says so. Read back from the
real PDFs, with our own reader (handouts.pdf.tagged) and with tools we did not write (pdfua, poppler).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf.generic import StreamObject
from reportlab.pdfgen.canvas import Canvas

from handouts import Built, FitError, Profile, Spec, build_pdf, check_pdf_bytes, load_profile, load_spec
from handouts.language.catalogue import catalogue, english
from handouts.layout.inline import CALLBACK
from handouts.pdf import writing
from handouts.pdf.tagged import Element, Tagged, read_tagged
from handouts.spec.markup import plain
from handouts.spec.model import Bullets, Callout, Comparison, Faq, Steps
from handouts.standards import PageSize
from tests.helpers.paths import BUILD_FIXTURES, BUNDLED, EXAMPLE_CLINIC, EXAMPLE_FIGURE_SPEC
from tests.helpers.pdfs import read
from tests.helpers.specs import fixture, load, valid_spec

SPECS = {path.stem: path for path in [*BUNDLED, *sorted(BUILD_FIXTURES.glob("*.toml"))]}
VARIANTS = ["letter", "a4", "clinic", "large print"]
LEVEL_KEYS = {"urgent": "urgent", "warning": "warning", "info": "note"}  # catalogue keys


@dataclass(frozen=True)
class Case:
    spec: Spec
    built: Built
    tagged: Tagged


_BUILT: dict[tuple[str, str], Case | str] = {}  # a case, or why the spec is not built that way


def case(name: str, variant: str) -> Case:
    """A spec built one way (once per test session), or skip where that way does not apply."""
    key = (name, variant)
    if key not in _BUILT:
        spec = load(SPECS[name])
        clinic: Profile | None = load_profile(EXAMPLE_CLINIC) if variant == "clinic" else None
        page_size: PageSize | None = "a4" if variant == "a4" else None
        large = variant == "large print"
        if large and spec.audience != "patient":
            _BUILT[key] = "large print is for patient handouts"
        else:
            try:
                built = build_pdf(spec, page_size=page_size, clinic=clinic, large_print=large)
                _BUILT[key] = Case(spec, built, read_tagged(built.pdf))
            except FitError as error:  # a fixture that does not fit a variant is not this test's business
                _BUILT[key] = f"{name} does not fit {variant}: {error}"
    found = _BUILT[key]
    if isinstance(found, str):
        pytest.skip(found)
    return found


CASES = [(name, variant) for name in SPECS for variant in VARIANTS]


def roles(tagged: Tagged, role: str) -> list[Element]:
    assert tagged.root is not None
    return [element for element in tagged.root.walk() if element.role == role]


def words(text: str) -> str:
    return " ".join(text.split())


def uncited(element: Element) -> str:
    """An element's words without its citations ("[6]"), as plain() gives the spec's text."""
    return words(re.sub(r"\[[0-9,\u2013]+\]", "", element.text()))


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_the_tree_reads_every_spec_string_in_order_and_nothing_is_left_untagged(
    name: str, variant: str
) -> None:
    found = case(name, variant)
    result = check_pdf_bytes(found.built.pdf, found.spec, large_print=found.built.document.large_print)
    assert result.missing == [] and result.structure == [], (result.missing, result.structure)
    assert found.tagged.unmarked == 0  # every painting operator is tagged content or an artifact
    assert found.tagged.marked and found.tagged.shows_title
    assert found.tagged.language == found.spec.language
    assert found.tagged.title == plain(found.spec.title)


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_headings_lists_tables_and_citations_are_what_the_spec_says(name: str, variant: str) -> None:
    found = case(name, variant)
    spec, tagged = found.spec, found.tagged
    assert [words(h.text()) for h in roles(tagged, "H1")] == [plain(spec.title)]
    expected_h2 = [plain(section.title) for section in spec.sections] + (
        [(catalogue(spec.language) or english())("references")] if spec.references else []
    )
    assert [words(h.text()) for h in roles(tagged, "H2")] == expected_h2
    blocks = [block for section in spec.sections for block in section.blocks]
    h3 = [words(h.text()) for h in roles(tagged, "H3")]
    for block in blocks:
        if isinstance(block, Faq):
            assert all(plain(item.question) in h3 for item in block.items)
        if isinstance(block, Callout):  # its level in printed words, then its title
            level = (catalogue(spec.language) or english())(LEVEL_KEYS[block.level])
            assert any(h.startswith(level + ":") for h in h3)
    lists = roles(tagged, "L")
    numbered = [len(lst.kids) for lst in lists if lst.attributes.get("ListNumbering") == "Decimal"]
    steps = [len(block.items) for block in blocks if isinstance(block, Steps)]
    assert numbered == steps + ([len(spec.references)] if spec.references else [])
    for lst in lists:
        assert all(isinstance(item, Element) and item.role == "LI" for item in lst.kids)
    for block in blocks:
        if isinstance(block, Bullets):
            nested = [item for item in block.items if not isinstance(item, str)]
            for item in nested:  # a sub-list is a list inside its item's body
                start = "".join(plain(item.text).split())
                body = next(
                    e for e in roles(tagged, "LBody") if "".join(uncited(e).split()).startswith(start)
                )
                assert any(isinstance(kid, Element) and kid.role == "L" for kid in body.kids)
    tables = [block for block in blocks if isinstance(block, Comparison)]
    headers = roles(tagged, "TH")
    assert len(roles(tagged, "Table")) == len(tables)
    assert [h.attributes["Scope"] for h in headers] == [
        scope for table in tables for scope in ["Column"] * len(table.columns) + ["Row"] * len(table.rows)
    ]
    for table in roles(tagged, "Table"):  # every row has as many cells as there are columns, plus its label
        widths = {len(row.kids) for row in table.kids if isinstance(row, Element)}
        assert len(widths) == 1
    cited = sum(1 for section in spec.sections for block in section.blocks for _ in _citations(block))
    references = roles(tagged, "Reference")
    assert all(re.fullmatch(r"\[[0-9,\u2013]+\]", ref.text()) for ref in references)
    assert len(references) >= cited


def _citations(block: object) -> list[str]:
    from handouts.spec.markup import citations
    from handouts.spec.walking import leaves

    return [c.label for _, _, value in leaves(block) if isinstance(value, str) for c in citations(value)]


def test_links_lead_where_the_text_says_and_nowhere_else() -> None:
    found = case("patient-full", "letter")
    targets = sorted(uri or "" for uri, _, _ in found.tagged.links)
    spec = found.spec
    expected = ["https://example.org/spine", "mailto:spine@example.org"]
    for ref in spec.references:
        if ref.doi:
            expected.append(f"https://doi.org/{ref.doi}")
        if ref.pmid:
            expected.append(f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/")
        if ref.url:
            expected.append(ref.url)
    assert set(targets) == set(expected)
    assert all(contents and parent for _, contents, parent in found.tagged.links)
    links = roles(found.tagged, "Link")
    assert {link.text().strip() for link in links} >= {"spine@example.org", "https://example.org/spine"}
    assert all(link.annotations for link in links)  # each Link element owns its annotation(s)
    for page in read(found.built.pdf).pages:  # tab order follows the structure
        assert str(page["/Tabs"]) == "/S"


def test_a_web_address_with_an_at_sign_leads_to_the_web() -> None:
    """A profile page ("/@clinic"), or a user name before the host, is a web address, not an e-mail."""
    for address in ("https://social.example/@spine.clinic", "https://user@example.org/spine"):
        text = fixture("patient-full").replace('"https://example.org/spine"', f'"{address}"')
        built = build_pdf(valid_spec(text))
        targets = {uri for uri, _, _ in read_tagged(built.pdf).links}
        assert address in targets and f"mailto:{address}" not in targets


def test_figures_say_what_they_show() -> None:
    clinic = case("myelomalacia", "clinic")
    (logo,) = roles(clinic.tagged, "Figure")
    assert logo.alt == "Riverside Spine Clinic"
    url = "https://example.org/handouts/back-pain"
    text = (BUILD_FIXTURES / "patient-full.toml").read_text(encoding="utf-8")
    spec = valid_spec(text.replace('language = "es"', f'language = "es"\nurl = "{url}"'))
    tagged = read_tagged(build_pdf(spec).pdf)
    (qr,) = roles(tagged, "Figure")
    assert qr.alt is not None and url in qr.alt
    assert url in {uri for uri, _, _ in tagged.links}  # the address printed beside it is a link


def test_a_profile_names_its_logo(tmp_path: Path) -> None:
    profile = tmp_path / "clinic.toml"
    shutil.copy(EXAMPLE_CLINIC.parent / "logo.png", tmp_path / "logo.png")
    text = EXAMPLE_CLINIC.read_text(encoding="utf-8")
    profile.write_text(
        text.replace('logo = "logo.png"', 'logo = "logo.png"\nlogo_alt = "A blue river"'), "utf-8"
    )
    built = build_pdf(load(SPECS["myelomalacia"]), clinic=load_profile(profile))
    (logo,) = roles(read_tagged(built.pdf), "Figure")
    assert logo.alt == "A blue river"


def test_large_print_repeats_nothing_in_the_tags() -> None:
    found = case("myelomalacia", "large print")
    count = found.built.pages
    assert count == 3
    text = words(found.tagged.root.text())  # type: ignore[union-attr]
    assert f"page 2 of {count}" not in text and "Please turn over" not in text  # artifacts
    assert text.count(plain(found.spec.title)) == 1


def test_untagged_readers_meet_the_steps_in_order() -> None:
    """Lists set two to a row are drawn down each column: copy and paste reads 1, 2, 3, 4, 5."""
    found = case("myelomalacia", "letter")
    text = read(found.built.pdf).pages[0].extract_text()
    positions = [text.index(f"{n}. ") for n in range(1, 6)]
    assert positions == sorted(positions)


def test_the_catalog_and_metadata_claim_what_is_there() -> None:
    found = case("myelomalacia", "letter")
    reader = read(found.built.pdf)
    assert reader.pdf_header == "%PDF-1.7"
    stream = reader.root_object["/Metadata"].get_object()
    assert isinstance(stream, StreamObject)
    metadata = stream.get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in metadata
    assert "<rdf:li>en</rdf:li>" in metadata and "Myelomalacia" in metadata


def test_rebuilds_are_byte_identical() -> None:
    spec = load(SPECS["patient-full"])
    assert build_pdf(spec).pdf == build_pdf(spec).pdf


def _pdfua() -> str | None:
    beside = Path(sys.executable).with_name("pdfua")
    return str(beside) if beside.exists() else shutil.which("pdfua")


@pytest.mark.skipif(_pdfua() is None, reason="needs the pdfua checker (pip install pdfua)")
def test_an_independent_checker_finds_nothing(tmp_path: Path) -> None:
    files = []
    for name, variant in CASES:
        key = (name, variant)
        try:
            found = case(name, variant)
        except pytest.skip.Exception:
            continue
        path = tmp_path / f"{name}-{variant.replace(' ', '-')}.pdf"
        path.write_bytes(found.built.pdf)
        files.append(str(path))
        assert key in _BUILT
    done = subprocess.run([_pdfua() or "", "check", *files], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
    assert done.stdout.count("result: PASS (no findings)") == len(files), done.stdout


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs pdfinfo (poppler-utils)")
def test_poppler_reads_the_tree_in_reading_order(tmp_path: Path) -> None:
    found = case("myelopathy-vs-myelomalacia", "letter")
    path = tmp_path / "c.pdf"
    path.write_bytes(found.built.pdf)
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True)
    lines = tree.stdout.splitlines()
    assert lines[0] == "Document"
    order = [f'"{plain(section.title)} "' for section in found.spec.sections]
    positions = [next(i for i, line in enumerate(lines) if line.strip() == title) for title in order]
    assert positions == sorted(positions)
    assert any(line.strip().startswith("TH") for line in lines)


class _UntaggedCanvas(Canvas):  # type: ignore[misc]
    """ReportLab's own canvas: draws what a handout's flowables draw, marks nothing."""

    def __init__(self, *arguments: Any, **options: Any) -> None:
        super().__init__(*arguments, **options)
        self.setNamedCB(CALLBACK, lambda *_: None)


def _pixels(pdf: bytes, folder: Path, name: str) -> list[bytes]:
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", folder / f"{name}.pdf", folder / name], check=True)
    return [page.read_bytes() for page in sorted(folder.glob(f"{name}-*.png"))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
@pytest.mark.parametrize(
    ("name", "variant"), [("myelopathy-vs-myelomalacia", "clinic"), ("myelomalacia", "large print")]
)
def test_tagging_moves_no_mark_on_the_paper(
    name: str, variant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same build drawn on ReportLab's plain canvas renders to the same pixels, page for page."""
    spec, tagged = load(SPECS[name]), case(name, variant).built.pdf
    clinic = load_profile(EXAMPLE_CLINIC) if variant == "clinic" else None
    monkeypatch.setattr(writing, "TaggedCanvas", _UntaggedCanvas)
    monkeypatch.setattr(writing, "write_structure", lambda *_, **__: None)
    untagged = build_pdf(spec, clinic=clinic, large_print=variant == "large print").pdf
    assert read_tagged(untagged).root is None  # the swap took: nothing in it is tagged
    pages = _pixels(tagged, tmp_path, "tagged")
    assert len(pages) == len(read(tagged).pages)
    assert pages == _pixels(untagged, tmp_path, "untagged")


def test_a_stacked_header_names_the_kind_of_document_above_the_title() -> None:
    """Without a banner, a title that needs the width (large print) takes the kind of document above
    it, where a banner names it, not under the subtitle; beside the title otherwise."""
    spec = load_spec(EXAMPLE_FIGURE_SPEC)
    for large_print, order in ((True, ["kind", "title", "subtitle"]), (False, ["title", "subtitle", "kind"])):
        root = read_tagged(build_pdf(spec, large_print=large_print).pdf).root
        assert root is not None
        named = {
            "PATIENT INFORMATION": "kind",
            plain(spec.title): "title",
            plain(spec.subtitle or ""): "subtitle",
        }
        found = [named[e.text().strip()] for e in root.walk() if e.text().strip() in named]
        assert found[:3] == order, found
