"""Fitting: the body type size the builder chooses, checked against the templates' ranges and by
measuring the page again at the sizes above it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from handouts import Document, FitError, Spec, build_pdf, lay_out
from handouts.build import Built, metadata
from handouts.layout import clinician, fonts, patient
from handouts.layout.fitting import STEP
from handouts.layout.fonts import SANS, SANS_BOLD, SYMBOLS, register
from handouts.layout.memory import TextMemory
from handouts.layout.page_layout import TEMPLATES, Layout
from handouts.pdf.check import check_pdf_bytes
from handouts.pdf.writing import render
from handouts.spec.model import Audience
from handouts.standards import PageSize
from tests.helpers import specs
from tests.helpers.paths import BUILD_FIXTURES, BUNDLED
from tests.helpers.specs import load, valid_spec

SENTENCE = "Keep walking a little every day, and rest when the pain is worse than usual."


def spec_text(sections: str, *, audience: Audience = "patient") -> str:
    return specs.spec_text(sections, audience=audience, spec_id="fitting")


def paragraphs_spec(texts: list[str], audience: Audience, per_section: int = 1) -> Spec:
    """One paragraph per text, `per_section` paragraphs to a section, in order."""
    out = []
    for index, text in enumerate(texts):
        if index % per_section == 0:
            out.append(f'[[sections]]\ntitle = "Part {index // per_section + 1}"\n')
        out.append(f'[[sections.blocks]]\nkind = "paragraph"\ntext = {json.dumps(text)}\n')
    return valid_spec(spec_text("\n".join(out), audience=audience))


def tightest(spec: Spec) -> int:
    """The tightest spacing tried at every size: the levels beyond it (the body in two columns) are
    tried only at the smallest size."""
    return TEMPLATES[spec.audience].typography.one_column_levels - 1


def fits_at(spec: Spec, size: float, page_size: PageSize, level: int | None = None) -> bool:
    """Whether the page, composed and measured again at `size` and spacing `level` (the tightest
    one-column level unless given), fits its frame."""
    level = tightest(spec) if level is None else level
    return lay_out(Document(spec, page_size=page_size), size, level).fits


def plain_layout(
    spec: Spec, size: float, page_size: PageSize, level: int = 0, memory: TextMemory | None = None
) -> bytes:
    """The PDF of one layout at `size`, measured once and drawn: no fitting (a fresh memory unless given)."""
    layout = Layout(Document(spec, page_size=page_size))
    if memory is not None:
        layout.memory = memory
    return render(
        layout.measure(size, level), layout.paper, layout.template.margin, metadata(layout.document)
    )


def grid(audience: Audience) -> list[float]:
    template = TEMPLATES[audience]
    count = round((template.preferred - template.minimum) / STEP) + 1
    return [template.preferred - STEP * i for i in range(count)]


def assert_well_fitted(built: Built) -> None:
    spec, size = built.spec, built.body_size
    template = TEMPLATES[spec.audience]
    assert template.minimum <= size <= template.preferred
    steps = (template.preferred - size) / STEP
    assert math.isclose(steps, round(steps), abs_tol=1e-9), size  # on the 0.25 pt grid
    levels = TEMPLATES[spec.audience].typography.levels
    sizes = len(grid(spec.audience))
    # Sizes at one spacing, then spacings; in two columns, a bisection of the sizes again.
    assert 1 <= built.passes <= sizes + levels + math.ceil(math.log2(sizes))
    assert fits_at(spec, size, built.page_size, built.spacing)
    if built.spacing > tightest(spec):  # the body in two columns: one does not hold it at any size
        assert not fits_at(spec, template.minimum, built.page_size)
        for larger in (s for s in grid(spec.audience) if s > size + 1e-9):  # and the largest type in two
            assert not fits_at(spec, larger, built.page_size, built.spacing), f"{larger} pt fits in two"
    # Spacing tightens before the type gets smaller: a larger size does not fit even at the tightest,
    # and at this size no looser spacing fits.
    for larger in (s for s in grid(spec.audience) if s > size + 1e-9):
        assert not fits_at(spec, larger, built.page_size), f"{larger} pt fits too; {size} pt was chosen"
    for looser in range(built.spacing):
        assert not fits_at(spec, size, built.page_size, looser), f"spacing {looser} fits at {size} pt"


# --- the templates' ranges -------------------------------------------------------------------------


def test_the_builder_uses_the_templates_ranges() -> None:
    assert TEMPLATES["clinician"] is clinician.TEMPLATE
    assert TEMPLATES["patient"] is patient.TEMPLATE
    assert TEMPLATES["large print"] is patient.LARGE_PRINT
    assert patient.TEMPLATE.minimum >= 12  # patient body type is never under 12 pt
    for template in (clinician.TEMPLATE, patient.TEMPLATE):
        assert 0 < template.minimum <= template.preferred


# --- bundled and fixture specs ---------------------------------------------------------------------

SOURCES = [*BUNDLED, *sorted(BUILD_FIXTURES.glob("*.toml"))]
CASES = [(source, size) for source in SOURCES for size in ("letter", "a4")]


@pytest.fixture(scope="module", params=CASES, ids=[f"{s.parent.name}/{s.stem}-{p}" for s, p in CASES])
def built(request: pytest.FixtureRequest) -> Built:
    source, size = request.param
    return build_pdf(load(source), page_size=size, file=str(source))


def test_chosen_size_is_the_largest_that_fits(built: Built) -> None:
    assert_well_fitted(built)


def test_a_fitted_page_is_drawn_as_one_plain_layout_at_its_size(built: Built) -> None:
    """Whatever the fitting learnt measuring other sizes, the page is the one a single layout gives."""
    assert built.pdf == plain_layout(built.spec, built.body_size, built.page_size, built.spacing)


# --- what one size tells the next --------------------------------------------------------------------


def scrambled(sizes: list[float]) -> list[float]:
    """The sizes from both ends inwards, so that each is measured above, below and between others."""
    order: list[float] = []
    while sizes:
        order.append(sizes.pop(0))
        if sizes:
            order.append(sizes.pop())
    return order


@pytest.mark.parametrize("source", SOURCES, ids=[f"{s.parent.name}/{s.stem}" for s in SOURCES])
def test_what_other_sizes_taught_changes_nothing_on_the_page(source: Path) -> None:
    """Line counts known from other sizes and fragments parsed at another size, at every size of the
    range in an order that tries each above, below and between others: the page is the fresh one."""
    spec = load(source)
    memory = TextMemory()
    for size in scrambled(grid(spec.audience)):
        assert plain_layout(spec, size, "letter", memory=memory) == plain_layout(spec, size, "letter"), size


@pytest.mark.parametrize("text", ["Walk", "every day, and rest.", "≥ 140/90", "", "x" * 300])
@pytest.mark.parametrize("face", [SANS, SANS_BOLD, SYMBOLS])
def test_the_word_widths_kept_are_reportlab_own(text: str, face: str) -> None:
    """Exactly ReportLab's pure-Python width where ReportLab uses it; with its C accelerator (a
    dependency), which sums in another order, the same to the last bit or two: the PDFs are the same
    either way (tests/build/test_reference_pdfs.py, bench/corpus.py), as every width handouts asks
    for is the kept one."""
    from reportlab.lib import rl_accel

    pure = getattr(rl_accel, "_py_instanceStringWidthTTF", None)  # defined only without the accelerator
    register()
    font = fonts.face(face)
    for size in (7.5, 9.5, 13.25, 20.0):
        for _ in range(2):  # measured, then kept
            if pure is not None:
                assert font.stringWidth(text, size) == pure(font, text, size)
            assert math.isclose(
                font.stringWidth(text, size), TTFont.stringWidth(font, text, size), rel_tol=1e-12
            )


def test_page_streams_are_compressed_and_not_spelled_out_in_ascii() -> None:
    pdf = build_pdf(load(BUNDLED[0])).pdf
    assert b"/FlateDecode" in pdf and b"/ASCII85Decode" not in pdf


# --- small and growing documents -------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["patient", "clinician"])
@pytest.mark.parametrize("page_size", ["letter", "a4"])
def test_a_tiny_spec_gets_the_preferred_size_in_one_pass(audience: Audience, page_size: PageSize) -> None:
    spec = paragraphs_spec(["Short."], audience)
    built = build_pdf(spec, page_size=page_size)
    assert built.body_size == TEMPLATES[audience].preferred
    assert built.passes == 1
    assert check_pdf_bytes(built.pdf, spec).ok


@pytest.mark.parametrize(("audience", "per_section", "most"), [("patient", 1, 18), ("clinician", 3, 48)])
def test_more_text_never_gets_larger_type(audience: Audience, per_section: int, most: int) -> None:
    """Adding paragraphs one by one: the size only goes down, through the whole range, then refusal;
    where one column no longer holds the text, it goes on in two, from the largest size they hold."""
    sizes: list[float | None] = []
    columns: list[int] = []
    for count in range(1, most + 1):
        spec = paragraphs_spec([SENTENCE * 2] * count, audience, per_section)
        try:
            built = build_pdf(spec)
        except FitError as error:
            assert "does not fit" in str(error)
            sizes.append(None)
            continue
        assert_well_fitted(built)
        sizes.append(built.body_size)
        columns.append(2 if built.spacing > tightest(spec) else 1)
    fitted = [size for size in sizes if size is not None]
    assert columns == sorted(columns), columns  # one column, then two: never back
    for regime in (1, 2):
        within = [size for size, count in zip(fitted, columns, strict=True) if count == regime]
        assert within == sorted(within, reverse=True), sizes
    first_refused = sizes.index(None) if None in sizes else len(sizes)
    assert all(size is None for size in sizes[first_refused:]), sizes  # once too long, always too long
    assert first_refused < len(sizes), "the sweep never reached a spec too long for the page"
    assert fitted[0] == TEMPLATES[audience].preferred
    assert len(set(fitted)) >= 3, sizes  # the sweep went through intermediate sizes


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14)
TEXT = st.lists(WORD, min_size=1, max_size=90).map(" ".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(TEXT, min_size=1, max_size=24),
    audience=st.sampled_from(["patient", "clinician"]),
    page_size=st.sampled_from(["letter", "a4"]),
)
def test_any_spec_is_fitted_or_refused(texts: list[str], audience: Audience, page_size: PageSize) -> None:
    spec = paragraphs_spec(texts, audience, per_section=2)
    try:
        built = build_pdf(spec, page_size=page_size)
    except FitError as error:
        message = str(error)
        assert "does not fit" in message and "over by" in message
        template = TEMPLATES[audience]
        assert not fits_at(spec, template.minimum, page_size, template.typography.levels - 1)
        return
    assert_well_fitted(built)
    report = check_pdf_bytes(built.pdf, spec)
    assert report.pages == 1 and report.missing == []
