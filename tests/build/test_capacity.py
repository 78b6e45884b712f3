"""Room on the page: a real-length patient handout (about 450 words in seven sections) fits every way a
clinic prints it, and personal details never change what fits."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handouts import FitError, Prepared, Profile, Spec, SpecError, build_pdf, check_pdf_bytes, load_profile
from handouts.pdf.check import printed_texts
from handouts.standards import PageSize
from tests.helpers.paths import BUILD_FIXTURES, EXAMPLE_CLINIC
from tests.helpers.pdfs import page_texts, squeeze
from tests.helpers.specs import load, q, spec_text, valid_spec

REAL_LENGTH = BUILD_FIXTURES / "carpal-tunnel.toml"
# Long but real names, and the longest date in words.
LONG = Prepared("Maria Guadalupe Hernández", date(2026, 9, 30), "Dr Christopher Montgomery-Smith")


@pytest.fixture(scope="module")
def spec() -> Spec:
    return load(REAL_LENGTH)


@pytest.fixture(scope="module")
def clinic() -> Profile:
    return load_profile(EXAMPLE_CLINIC)


def words(spec: Spec) -> int:
    """The words the spec prints: title to disclaimer, without the review record."""
    running = ("title", "subtitle", "key_message", "sections", "disclaimer")
    return sum(len(text.split()) for path, text in printed_texts(spec) if path.startswith(running))


def test_the_fixture_is_of_real_length(spec: Spec) -> None:
    assert words(spec) >= 445
    assert len(spec.sections) == 7


@pytest.mark.parametrize("page_size", ["letter", "a4"])
@pytest.mark.parametrize("branded", [False, True], ids=["neutral", "clinic"])
@pytest.mark.parametrize("personal", [False, True], ids=["shared", "personal"])
def test_a_real_length_handout_fits_one_page_at_12_pt_in_every_variant(
    spec: Spec, clinic: Profile, page_size: PageSize, branded: bool, personal: bool
) -> None:
    profile = clinic if branded else None
    built = build_pdf(spec, page_size=page_size, clinic=profile, prepared=LONG if personal else None)
    assert built.pages == 1 and built.body_size >= 12
    result = check_pdf_bytes(built.pdf, spec)
    assert result.ok, (result.missing, result.structure)
    if personal:
        shared = build_pdf(spec, page_size=page_size, clinic=profile)
        assert (shared.body_size, shared.spacing) == (built.body_size, built.spacing)


@pytest.mark.parametrize("page_size", ["letter", "a4"])
def test_a_real_length_handout_fits_two_sheets_in_large_print(
    spec: Spec, clinic: Profile, page_size: PageSize
) -> None:
    built = build_pdf(spec, page_size=page_size, clinic=clinic, prepared=LONG, large_print=True)
    assert 2 <= built.pages <= 4 and built.body_size >= 18
    result = check_pdf_bytes(built.pdf, spec, large_print=True)
    assert result.ok, (result.missing, result.structure)
    pages = page_texts(built.pdf)
    count = len(pages)
    for number, text in enumerate(pages[:-1], 1):
        assert f"Page {number} of {count}. Please turn over." in text
    for number, text in enumerate(pages[1:], 2):
        assert text.lstrip().startswith(f"{spec.title}: page {number} of {count}")


# --- a spec that builds also attaches ---------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
SENTENCE = st.lists(WORD, min_size=3, max_size=40).map(lambda words: " ".join(words).capitalize() + ".")
PART = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéñ-", min_size=1, max_size=14)
NAME = st.lists(PART, min_size=1, max_size=3).map(" ".join)  # within what the up-front check allows


def paragraphs_spec(paragraphs: list[str], subtitle: str | None) -> Spec:
    sections = "".join(
        f'[[sections]]\ntitle = "Part {number}"\n[[sections.blocks]]\nkind = "paragraph"\ntext = {q(text)}\n'
        for number, text in enumerate(paragraphs, 1)
    )
    return valid_spec(
        spec_text(sections, spec_id="near", extra=f"subtitle = {q(subtitle)}" if subtitle else "")
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(SENTENCE, min_size=6, max_size=20),  # a spec has at most 20 sections
    subtitle=st.one_of(st.none(), st.lists(WORD, min_size=1, max_size=12).map(" ".join)),
    patient=NAME,
    clinician=NAME,
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    page_size=st.sampled_from(["letter", "a4"]),
    large_print=st.booleans(),
)
@example(  # the box beside a subtitle is at its narrowest: its details fit only at the smallest type
    paragraphs=["A a a."] * 6,
    subtitle="a a a a aa aa aa aa aaa aaaa aaaaa aaaaaaaaaaa",
    patient="A AA AAAAAAAAAAAAAA",
    clinician="AAA AAAAAA AAAAAA",
    day=date(2026, 1, 1),
    page_size="letter",
    large_print=False,
)
def test_any_handout_that_builds_also_builds_for_one_patient(
    paragraphs: list[str],
    subtitle: str | None,
    patient: str,
    clinician: str,
    day: date,
    page_size: PageSize,
    large_print: bool,
) -> None:
    """Near the limit (many paragraphs, any subtitle): if the shared copy builds, the personal copy
    builds at the same size and spacing, or its details are refused up front for their length."""
    spec = paragraphs_spec(paragraphs, subtitle)
    try:
        shared = build_pdf(spec, page_size=page_size, large_print=large_print)
    except FitError:
        return
    prepared = Prepared(patient, day, clinician)
    try:
        personal = build_pdf(spec, page_size=page_size, large_print=large_print, prepared=prepared)
    except SpecError as error:  # the details alone are too long for any page: said before any layout
        assert "is too long, with the other details" in str(error)
        return
    fitted = (personal.body_size, personal.spacing, personal.pages)
    assert fitted == (shared.body_size, shared.spacing, shared.pages)
    assert squeeze(patient) in squeeze("".join(page_texts(personal.pdf)))


def test_details_too_long_for_any_page_are_refused_before_the_build(spec: Spec) -> None:
    very_long = Prepared(f"{LONG.patient} de la Cruz y Montenegro", LONG.on, LONG.clinician)
    with pytest.raises(SpecError, match=r'^patient: is too long, with the other details, for the "Prepared'):
        build_pdf(spec, prepared=very_long)
