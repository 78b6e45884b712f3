"""End-to-end tests of the PDF builder: build real PDFs and read them back with pypdf.

Every bundled spec (whatever specs/*.toml holds) and two fixture specs that use every block kind
are built once per module on letter and A4, and the PDF is checked as a reader would see it: one
page, every piece of the spec's text on it, the metadata, the page size, and nothing drawn off it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import build_helpers
import pytest
from build_helpers import valid_spec
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts import FitError, Spec, load_spec
from handouts.build import TEMPLATES, Built, build_pdf
from handouts.checking import check_pdf_bytes
from handouts.markup import plain

REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted((REPO / "specs").glob("*.toml"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "build"
FIXTURE_SPECS = sorted(FIXTURES.glob("*.toml"))
PAGE_POINTS = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}


# --- helpers -------------------------------------------------------------------------------------


def spec_text(sections: str, *, audience: str = "patient", spec_id: str = "fixture", extra: str = "") -> str:
    return build_helpers.spec_text(
        sections, audience=audience, spec_id=spec_id, title="Test handout", extra=extra
    )


def q(text: str) -> str:
    """A TOML basic string holding `text` exactly (JSON string syntax is valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


@dataclass(frozen=True)
class TextRun:
    """One run of text as drawn: where it starts and ends on the page, its face and size."""

    x0: float
    x1: float
    y: float
    size: float
    face: str
    text: str


def text_runs(pdf: bytes) -> list[TextRun]:
    """Every non-blank text run on the first page, with its extent measured in the drawing face."""
    faces = build_helpers.faces_by_base_font()
    runs: list[TextRun] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip() or font is None:
            return
        base = str(font["/BaseFont"]).lstrip("/").split("+")[-1]  # type: ignore[index]
        scale = tm[0] * cm[0] + tm[1] * cm[2]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        drawn = text.strip("\n")
        width = stringWidth(drawn.rstrip(), faces[base], size * scale) if base in faces else 0.0
        runs.append(TextRun(x, x + width, y, size * scale, base, drawn))

    read(pdf).pages[0].extract_text(visitor_text=visit)
    return runs


# --- the builds under test, once per module ------------------------------------------------------


def _load(source: Path) -> Spec:
    if source.parent == FIXTURES:
        return valid_spec(source.read_text(encoding="utf-8"), str(source))
    return load_spec(source)


SOURCES = [*BUNDLED, *FIXTURE_SPECS]
CASES = [(source, size) for source in SOURCES for size in ("letter", "a4")]


@pytest.fixture(scope="module", params=CASES, ids=[f"{s.parent.name}/{s.stem}-{p}" for s, p in CASES])
def built(request: pytest.FixtureRequest) -> Built:
    source, size = request.param
    return build_pdf(_load(source), page_size=size, file=str(source))


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
    assert reader.trailer["/Root"]["/Lang"] == spec.language


def test_fixture_metadata_exactly() -> None:
    """Non-Latin-1 text in the metadata survives as a PDF text string (UTF-16), not mojibake."""
    patient = build_pdf(_load(FIXTURES / "patient-full.toml"))
    meta = read(patient.pdf).metadata
    assert meta is not None
    assert meta.title == "Dolor de espalda: qué hacer"
    assert meta.author == "Zoë Brontë, Ana Pérez"
    assert meta.subject == "Patient handout: Back pain — what to do at home"
    assert read(patient.pdf).trailer["/Root"]["/Lang"] == "es"
    clinician = build_pdf(_load(FIXTURES / "clinician-full.toml"))
    meta = read(clinician.pdf).metadata
    assert meta is not None
    assert meta.title == "Hyponatraemia: first steps"
    assert meta.author == "Renal working group"  # no authors: the reviewer
    assert meta.subject == "Clinician summary: Assessment of serum Na⁺ < 135 mmol/L in adults"
    assert read(clinician.pdf).trailer["/Root"]["/Lang"] == "en-GB"


def test_nothing_is_drawn_off_the_page(built: Built) -> None:
    width, height = PAGE_POINTS[built.page_size]
    margin = TEMPLATES[built.spec.audience].margin
    runs = text_runs(built.pdf)
    assert runs
    for run in runs:
        assert run.x0 >= 0 and run.x1 <= width, run
        assert run.x0 >= margin - 0.01, run  # nothing starts in the left margin
        assert margin <= run.y <= height - margin - 0.6 * run.size, run  # baselines inside the margins


# --- reproducible output -------------------------------------------------------------------------


def test_two_builds_are_byte_identical() -> None:
    patient = _load(FIXTURES / "patient-full.toml")
    clinician = _load(FIXTURES / "clinician-full.toml")
    first = build_pdf(patient).pdf
    build_pdf(clinician)  # another document in between must leave no trace in the next
    build_pdf(clinician, page_size="a4")
    assert build_pdf(patient).pdf == first
    assert build_pdf(patient, page_size="a4").pdf == build_pdf(patient, page_size="a4").pdf


def test_source_date_epoch_sets_the_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _load(FIXTURES / "clinician-full.toml")
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
        "spec = validate_bytes(Path(sys.argv[1]).read_bytes(), today=date(2026, 6, 1)).spec\n"
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
    digests.add(hashlib.sha256(build_pdf(_load(source)).pdf).hexdigest())
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
def test_markup_characters_print_literally(audience: str) -> None:
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
    resources = page["/Resources"]
    assert "/XObject" not in resources
    assert "/Annots" not in page
    fonts = [str(f.get_object()["/BaseFont"]) for f in resources["/Font"].values()]
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
def test_unbreakable_tokens_wrap_inside_the_page(audience: str, page_size: str) -> None:
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
    built = build_pdf(spec, page_size=page_size)  # type: ignore[arg-type]
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


def over_long_spec(audience: str = "patient") -> str:
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
def test_an_over_long_spec_is_refused(audience: str) -> None:
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
def test_lines_stay_inside_their_column(audience: str) -> None:
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
def test_overflow_from_references_names_the_references(audience: str) -> None:
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
