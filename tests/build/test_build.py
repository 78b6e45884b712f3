"""End-to-end tests of the PDF builder: build real PDFs and read them back with pypdf.

Every bundled spec (whatever specs/*.toml holds) and two fixture specs that use every block kind
are built once per module on letter and A4, and the PDF is checked as a reader would see it: one
page, every piece of the spec's text on it, the metadata, the page size, and nothing drawn off it.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest
from pypdf.generic import DictionaryObject

from handouts import FitError, GlyphError, build_file, build_pdf
from handouts.build import Built
from handouts.layout.page_layout import TEMPLATES
from handouts.pdf.check import check_pdf_bytes
from handouts.spec.markup import plain
from handouts.spec.model import Audience
from handouts.standards import PageSize
from tests.helpers import specs
from tests.helpers.paths import BUILD_FIXTURES, BUNDLED
from tests.helpers.pdfs import PAGES as PAGE_POINTS
from tests.helpers.pdfs import read, squeeze, text_runs
from tests.helpers.specs import SECTION, TODAY, current, fixture, load, over_long, q, valid_spec

FIXTURES = BUILD_FIXTURES
FIXTURE_SPECS = sorted(FIXTURES.glob("*.toml"))


def spec_text(
    sections: str, *, audience: Audience = "patient", spec_id: str = "fixture", extra: str = ""
) -> str:
    return specs.spec_text(sections, audience=audience, spec_id=spec_id, title="Test handout", extra=extra)


def page_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


# --- the builds under test, once per module ------------------------------------------------------


SOURCES = [*BUNDLED, *FIXTURE_SPECS]
CASES = [(source, size) for source in SOURCES for size in ("letter", "a4")]


@pytest.fixture(scope="module", params=CASES, ids=[f"{s.parent.name}/{s.stem}-{p}" for s, p in CASES])
def built(request: pytest.FixtureRequest) -> Built:
    source, size = request.param
    return build_pdf(load(source), page_size=size, file=str(source))


def test_there_is_something_to_build() -> None:
    assert FIXTURE_SPECS, "the fixture specs are missing"
    assert all(path.name.endswith(".toml") for path in BUNDLED)


def test_one_page_with_every_piece_of_text(built: Built) -> None:
    reader = read(built.pdf)
    assert len(reader.pages) == 1
    report = check_pdf_bytes(built.pdf, built.spec)
    assert report.pages == 1
    assert report.missing == []
    assert report.ok


def test_page_size(built: Built) -> None:
    box = read(built.pdf).pages[0].mediabox
    width, height = PAGE_POINTS[built.page_size]
    assert float(box.left) == 0 and float(box.bottom) == 0
    assert float(box.width) == pytest.approx(width, abs=0.01)
    assert float(box.height) == pytest.approx(height, abs=0.01)


def test_metadata(built: Built) -> None:
    spec = built.spec
    reader = read(built.pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == plain(spec.title)
    authors = spec.review.authors or [spec.review.reviewed_by]
    for author in authors:
        assert plain(author) in (meta.author or "")
    assert meta.subject
    if spec.subtitle:
        assert plain(spec.subtitle) in meta.subject
    assert ("Patient" if spec.audience == "patient" else "Clinician") in meta.subject
    keywords = meta.get("/Keywords", "")
    assert spec.id in keywords and spec.audience in keywords and spec.version in keywords
    assert "handouts" in (meta.creator or "")
    assert str(reader.root_object["/Lang"]) == spec.language


def test_fixture_metadata_exactly() -> None:
    """Non-Latin-1 text in the metadata survives as a PDF text string (UTF-16), not mojibake."""
    patient = build_pdf(load(FIXTURES / "patient-full.toml"))
    meta = read(patient.pdf).metadata
    assert meta is not None
    assert meta.title == "Dolor de espalda: qué hacer"
    assert meta.author == "Zoë Brontë, Ana Pérez"
    assert meta.subject == "Patient handout: Back pain — what to do at home"
    assert str(read(patient.pdf).root_object["/Lang"]) == "es"
    clinician = build_pdf(load(FIXTURES / "clinician-full.toml"))
    meta = read(clinician.pdf).metadata
    assert meta is not None
    assert meta.title == "Hyponatraemia: first steps"
    assert meta.author == "Renal working group"  # no authors: the reviewer
    assert meta.subject == "Clinician summary: Assessment of serum Na⁺ < 135 mmol/L in adults"
    assert str(read(clinician.pdf).root_object["/Lang"]) == "en-GB"


def test_nothing_is_drawn_off_the_page(built: Built) -> None:
    width, height = PAGE_POINTS[built.page_size]
    margin = TEMPLATES[built.spec.audience].margin
    runs = text_runs(built.pdf)
    assert runs
    for run in runs:
        assert run.x0 >= 0 and run.x1 <= width, run
        assert run.x0 >= margin - 0.01, run  # nothing starts in the left margin
        assert margin <= run.y <= height - margin - 0.6 * run.size, run  # baselines inside the margins


def test_page_size_is_read_in_any_case_and_a_wrong_one_is_a_clear_error() -> None:
    spec = valid_spec(spec_text(SECTION))
    assert build_pdf(spec, page_size="A4").page_size == "a4"  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="page_size must be one of letter, a4"):
        build_pdf(spec, page_size="legal")  # type: ignore[arg-type]


# --- reproducible output -------------------------------------------------------------------------


def test_two_builds_are_byte_identical() -> None:
    patient = load(FIXTURES / "patient-full.toml")
    clinician = load(FIXTURES / "clinician-full.toml")
    first = build_pdf(patient).pdf
    build_pdf(clinician)  # another document in between must leave no trace in the next
    build_pdf(clinician, page_size="a4")
    assert build_pdf(patient).pdf == first
    assert build_pdf(patient, page_size="a4").pdf == build_pdf(patient, page_size="a4").pdf


def test_source_date_epoch_sets_the_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load(FIXTURES / "clinician-full.toml")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain_build = build_pdf(spec).pdf
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = build_pdf(spec).pdf, build_pdf(spec).pdf
    assert first == second
    assert first != plain_build
    meta = read(first).metadata
    assert meta is not None
    expected = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert meta.creation_date == expected
    assert meta.modification_date == expected
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    later = read(build_pdf(spec).pdf).metadata
    assert later is not None and later.creation_date == datetime(2027, 1, 15, 8, 0, tzinfo=UTC)


def test_builds_in_separate_processes_are_byte_identical() -> None:
    """Nothing depends on hash seeds, the clock or the process: two fresh interpreters agree."""
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from handouts import validate_bytes\n"
        "from handouts.build import build_pdf\n"
        "from datetime import date\n"
        f"today = date.fromisoformat({str(TODAY)!r})\n"
        "spec = validate_bytes(Path(sys.argv[1]).read_bytes(), today=today).spec\n"
        "print(hashlib.sha256(build_pdf(spec).pdf).hexdigest())\n"
    )
    source = FIXTURES / "patient-full.toml"
    digests = set()
    for seed in ("1", "2"):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["PYTHONHASHSEED"] = seed
        done = subprocess.run(
            [sys.executable, "-c", script, str(source)], capture_output=True, text=True, env=env, check=True
        )
        digests.add(done.stdout.strip())
    digests.add(hashlib.sha256(build_pdf(load(source)).pdf).hexdigest())
    assert len(digests) == 1


# --- markup characters print literally -----------------------------------------------------------

LITERALS = [
    "BP < 140/90 & HR > 100",
    "<b>not bold</b>",
    '<img src="x.png"/>',
    "&amp;",
    "&lt;tag&gt; &#65; &nbsp;",
    "She said \"stop\" and 'wait'",
    '<font name="Courier" color="red">plain</font>',
    '<a href="https://example.org">no link</a>',
    "2 * 3 = 6",
]


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_markup_characters_print_literally(audience: Audience) -> None:
    items = ", ".join(q(text) for text in LITERALS)
    spec = valid_spec(
        spec_text(
            f"""
            [[sections]]
            title = "Readings <b>&amp;</b> signs"

            [[sections.blocks]]
            kind = "bullets"
            items = [{items}]

            [[sections.blocks]]
            kind = "paragraph"
            text = "Only **this** is bold; {LITERALS[0]} stays as written."
            """,
            audience=audience,
        )
    )
    pdf = build_pdf(spec).pdf
    text = squeeze(page_text(pdf))
    for literal in LITERALS:
        assert squeeze(literal) in text, literal
    assert squeeze("Readings <b>&amp;</b> signs") in text
    assert squeeze("Only this is bold;") in text
    assert "**" not in text
    assert check_pdf_bytes(pdf, spec).ok
    # nothing of the markup became a tag: no image, link or Courier font on the page
    page = read(pdf).pages[0]
    resources = cast(DictionaryObject, page["/Resources"].get_object())
    assert "/XObject" not in resources
    assert "/Annots" not in page
    fonts = [str(f.get_object()["/BaseFont"]) for f in cast(DictionaryObject, resources["/Font"]).values()]
    assert not any("Courier" in name for name in fonts)


def test_markup_in_metadata_is_literal() -> None:
    spec = valid_spec(
        spec_text(
            """
            [[sections]]
            title = "Section"

            [[sections.blocks]]
            kind = "paragraph"
            text = "Text."
            """,
            extra='subtitle = "BP < 140/90 & <i>HR</i> > 100"',
        ).replace('title = "Test handout"', 'title = "**Heart** & <b>lungs</b>"')
    )
    meta = read(build_pdf(spec).pdf).metadata
    assert meta is not None
    assert meta.title == "Heart & <b>lungs</b>"
    assert meta.subject == "Patient handout: BP < 140/90 & <i>HR</i> > 100"


# --- tokens wider than a column ------------------------------------------------------------------

LONG_URL = "https://example.org/" + "/".join(["segment-" + "x" * 20] * 10) + "?q=" + "y" * 40
LONG_WORD = "Pneumonoultramicroscopic" * 8 + "silicovolcanoconiosis"  # 213 letters, no break


@pytest.mark.parametrize("audience", ["patient", "clinician"])
@pytest.mark.parametrize("page_size", ["letter", "a4"])
def test_unbreakable_tokens_wrap_inside_the_page(audience: Audience, page_size: PageSize) -> None:
    assert len(LONG_URL) >= 300 and len(LONG_WORD) >= 200
    spec = valid_spec(
        spec_text(
            f"""
            [[sections]]
            title = "Long tokens"

            [[sections.blocks]]
            kind = "bullets"
            items = ["A short bullet [1]", {q(LONG_WORD)}]

            [[references]]
            title = "A source with a very long address"
            source = "Example"
            year = 2024
            url = {q(LONG_URL)}
            """,
            audience=audience,
        )
    )
    built = build_pdf(spec, page_size=page_size)
    report = check_pdf_bytes(built.pdf, spec)
    assert report.pages == 1 and report.missing == []
    assert LONG_WORD in squeeze(page_text(built.pdf))
    assert LONG_URL in squeeze(page_text(built.pdf))
    width, _ = PAGE_POINTS[page_size]
    margin = TEMPLATES[audience].margin
    pieces = [run for run in text_runs(built.pdf) if "xxxxx" in run.text or "Pneumono" in run.text]
    assert len(pieces) >= 3  # both tokens were broken over several lines
    for run in pieces:
        # A line holding a piece of a token has no spaces to stretch: it stays inside the frame.
        assert margin - 0.01 <= run.x0 and run.x1 <= width - margin + 0.01, run


# --- a spec too long for one page ----------------------------------------------------------------

PARAGRAPH = (
    "This paragraph explains, in plain words, what the condition is, why it happens, how it is "
    "treated, and what a person can do at home to feel better while it heals over the coming weeks."
)


def paragraphs(count: int, text: str = PARAGRAPH) -> str:
    return "".join(f'\n[[sections.blocks]]\nkind = "paragraph"\ntext = {q(text)}\n' for _ in range(count))


def over_long_spec(audience: Audience = "patient") -> str:
    return spec_text(
        f"""
        [[sections]]
        title = "Everything about treatment"
        {paragraphs(20, PARAGRAPH + " " + PARAGRAPH)}
        [[sections]]
        title = "Living with it"
        {paragraphs(8)}
        [[sections]]
        title = "Small print"
        {paragraphs(2)}
        [[sections]]
        title = "A short note"

        [[sections.blocks]]
        kind = "paragraph"
        text = "One line."
        """,
        audience=audience,
    )


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_an_over_long_spec_is_refused(audience: Audience) -> None:
    spec = valid_spec(over_long_spec(audience))
    with pytest.raises(FitError) as caught:
        build_pdf(spec, file="long.toml")
    message = str(caught.value)
    assert message.startswith("long.toml: ")
    assert "does not fit" in message
    assert re.search(r"over by \d+ pt", message)
    assert f"({TEMPLATES[audience].minimum:g} pt)" in message  # tried down to the smallest size
    assert "\n" not in message
    largest = message.index("'Everything about treatment'")
    assert largest < message.index("'Living with it'") < message.index("'Small print'")
    assert "'A short note'" not in message  # only the largest are named


def test_thirty_long_paragraphs_do_not_fit_a_patient_page() -> None:
    text = PARAGRAPH + " " + PARAGRAPH
    sections = f"""
        [[sections]]
        title = "First half"
        {paragraphs(15, text)}
        [[sections]]
        title = "Second half"
        {paragraphs(15, text)}
        """
    spec = valid_spec(spec_text(sections))
    with pytest.raises(FitError, match=r"does not fit.*over by \d+ pt.*'(First|Second) half'"):
        build_pdf(spec, page_size="a4")


# --- known defects -------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_lines_stay_inside_their_column(audience: Audience) -> None:
    spec = valid_spec(
        spec_text(
            f"""
            [[sections]]
            title = "Many short words"

            [[sections.blocks]]
            kind = "paragraph"
            text = {q(" ".join(["i"] * 300))}
            """,
            audience=audience,
        )
    )
    built = build_pdf(spec)
    template = TEMPLATES[audience]
    width, _ = PAGE_POINTS["letter"]
    frame = width - 2 * template.margin
    gap = built.body_size * 2.2  # clinician.py: _gap
    column = frame if audience == "patient" else (frame - gap) / 2
    lines = [run for run in text_runs(built.pdf) if run.text.startswith("i i")]
    assert lines
    for run in lines:
        assert run.x1 <= template.margin + column + 0.5, run


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_overflow_from_references_names_the_references(audience: Audience) -> None:
    references = "".join(
        textwrap.dedent(
            f"""
            [[references]]
            authors = "Author A, Author B, Author C, Author D, Author E, Author F"
            title = "A long title of a study of spinal cord compression and its outcomes, number {n}"
            source = "Journal of Examples"
            year = 2020
            doi = "10.1000/example.{n}"
            """
        )
        for n in range(1, 41)
    )
    cites = ", ".join(str(n) for n in range(1, 41))
    sections = f"""
        [[sections]]
        title = "Tiny"

        [[sections.blocks]]
        kind = "paragraph"
        text = "Short [{cites}]."
        {references}
        """
    spec = valid_spec(spec_text(sections, audience=audience))
    with pytest.raises(FitError) as caught:
        build_pdf(spec)
    message = str(caught.value)
    assert "does not fit" in message
    assert "references" in message.lower(), message


def test_a_reference_prints_volume_issue_pages_and_its_identifiers_in_one_form() -> None:
    """A DOI given as an address and a PMID with its label print and link as their bare names."""
    sections = """
        [[sections]]
        title = "Evidence"

        [[sections.blocks]]
        kind = "paragraph"
        text = "Decompression helps [1] and so does rest [2]."

        [[references]]
        title = "A study"
        source = "Spine J"
        year = 2019
        volume = "19"
        issue = "4"
        pages = "112-9"
        doi = "https://doi.org/10.1000/example.7"
        pmid = "PMID: 31415926"

        [[references]]
        title = "A book"
        source = "Publisher"
        year = 2020
        pages = "e12"
        """
    spec = valid_spec(spec_text(sections, audience="clinician"))
    assert (spec.references[0].doi, spec.references[0].pmid) == ("10.1000/example.7", "31415926")
    built = build_pdf(spec)
    text = squeeze(page_text(built.pdf))
    assert squeeze("Spine J. 2019;19(4):112-9. doi:10.1000/example.7 PMID 31415926") in text
    assert squeeze("Publisher. 2020:e12.") in text
    assert "doi:https" not in text
    links = [
        str(annotation.get_object()["/A"]["/URI"])
        for annotation in read(built.pdf).pages[0].get("/Annots", [])
    ]
    assert links == ["https://doi.org/10.1000/example.7", "https://pubmed.ncbi.nlm.nih.gov/31415926/"]


# --- build_file: a spec file to a PDF file ---------------------------------------------------------


def test_build_file_leaves_an_existing_file_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "too-long.toml"
    source.write_text(over_long(), encoding="utf-8")
    good_source = tmp_path / "patient-full.toml"
    good_source.write_text(current(fixture("patient-full")), encoding="utf-8")
    target = tmp_path / "handout.pdf"
    built = build_file(good_source, target)
    assert target.read_bytes() == built.pdf
    with pytest.raises(FitError, match="does not fit"):
        build_file(source, target)
    assert target.read_bytes() == built.pdf
    glyphs = tmp_path / "glyphs.toml"
    glyphs.write_text(
        current(fixture("patient-full")).replace("Stay active", "Stay ✓ active"), encoding="utf-8"
    )
    with pytest.raises(GlyphError, match="U\\+2713"):
        build_file(glyphs, target)
    assert target.read_bytes() == built.pdf
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["too-long.toml", "patient-full.toml", "handout.pdf", "glyphs.toml"]
    )
