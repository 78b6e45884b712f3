"""Clinic branding, page sizes, margins, QR codes, the "Prepared for" line and large print, through the
library (the same through the command line is in tests/cli/test_build_commands.py).

The bundled specs (and small specs written here) are built with the example clinic profile and with
profiles made in the test, and the PDFs are read back with pypdf as a reader would see them: their
text, where each run of it is drawn and at what size, what else is drawn (the logo, the QR code, rules
and boxes) and what the file says about itself.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from handouts import (
    Built,
    FitError,
    Prepared,
    Profile,
    Spec,
    SpecError,
    build_pdf,
    load_profile,
    personal_problems,
)
from handouts.layout.page_layout import TEMPLATES
from handouts.pdf.check import check_pdf_bytes, pdf_text, printed_texts
from handouts.pdf.tagged import read_tagged
from tests.helpers.clinics import (
    CALL_US,
    CLINIC_NAME,
    CLOSED,
    CONTACT_LINE,
    DEPARTMENT,
    OTHER_DISCLAIMER,
    OTHER_NAME,
    PROFILE_DISCLAIMER,
    other_profile,
    write_profile,
)
from tests.helpers.paths import CLINICIAN_SPEC, EXAMPLE_CLINIC, PATIENT_SPEC
from tests.helpers.pdfs import (
    MARGIN,
    PAGES,
    Run,
    colours,
    images,
    in_order,
    marks,
    metadata_text,
    page_texts,
    read,
    rgb,
    squeeze,
    text_of,
    text_runs,
)
from tests.helpers.personal import CLINICIAN, DETAILS, ON, PATIENT, PREPARED, PREPARED_LINE
from tests.helpers.specs import (
    FITS_A4_ONLY,
    FITS_A4_ONLY_IN_LARGE_PRINT,
    FITS_A4_ONLY_IN_LARGE_PRINT_FOR_HILLSIDE,
    NO_DISCLAIMER,
    SECTION,
    TOO_LONG_FOR_LARGE_PRINT,
    URL,
    load,
    small_spec,
    spec_text,
    valid_spec,
)

# --- specs, profiles and builds, once per module ------------------------------------------------


@pytest.fixture(scope="module")
def patient() -> Spec:
    return load(PATIENT_SPEC)


@pytest.fixture(scope="module")
def clinician() -> Spec:
    return load(CLINICIAN_SPEC)


@pytest.fixture(scope="module")
def clinic() -> Profile:
    return load_profile(EXAMPLE_CLINIC)


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Profile:
    return load_profile(other_profile(tmp_path_factory.mktemp("hillside")))


@pytest.fixture(scope="module")
def builds(patient: Spec, clinician: Spec, clinic: Profile, other: Profile) -> dict[str, Built]:
    """Each combination the tests look at, built once."""
    url_patient = valid_spec(small_spec(extra=f'url = "{URL}"'))
    url_clinician = valid_spec(small_spec(audience="clinician", extra=f'url = "{URL}"'))
    no_urgent = valid_spec(small_spec())
    return {
        "neutral patient": build_pdf(patient),
        "neutral clinician": build_pdf(clinician),
        "branded patient": build_pdf(patient, clinic=clinic),
        "branded clinician": build_pdf(clinician, clinic=clinic),
        "prepared patient": build_pdf(patient, clinic=clinic, prepared=PREPARED),
        "prepared clinician": build_pdf(clinician, clinic=clinic, prepared=PREPARED),
        "large print": build_pdf(patient, clinic=clinic, prepared=PREPARED, large_print=True),
        "large print a4": build_pdf(patient, large_print=True, page_size="a4"),
        "large print short": build_pdf(no_urgent, large_print=True),
        "other profile": build_pdf(no_urgent, clinic=other),
        "other profile letter": build_pdf(patient, clinic=other, page_size="letter"),
        "other profile clinician": build_pdf(clinician, clinic=other),
        "url patient": build_pdf(url_patient, clinic=clinic),
        "url clinician": build_pdf(url_clinician),
        "no url patient": build_pdf(no_urgent),
        "a4 only": build_pdf(valid_spec(small_spec(FITS_A4_ONLY)), page_size="a4"),
    }


# --- the clinic profile on the page --------------------------------------------------------------


def test_without_a_profile_the_pages_are_neutral(builds: dict[str, Built]) -> None:
    for name in ("neutral patient", "neutral clinician", "url clinician", "no url patient"):
        pdf = builds[name].pdf
        text = text_of(pdf)
        for clinic_text in (CLINIC_NAME, DEPARTMENT, "Clinic closed?", "Call us", "spine@example.org"):
            assert squeeze(clinic_text) not in text, (name, clinic_text)
        assert images(pdf) == [], name  # no logo
    patient = text_of(builds["neutral patient"].pdf)
    assert squeeze("Questions? Call your care team: ______") in patient  # lines to write the number in
    assert squeeze("PATIENT INFORMATION") in patient
    assert squeeze("CLINICIAN SUMMARY") in text_of(builds["neutral clinician"].pdf)


def test_the_patient_handout_carries_the_clinic_and_its_numbers(
    builds: dict[str, Built], patient: Spec
) -> None:
    built = builds["branded patient"]
    text = text_of(built.pdf)
    assert check_pdf_bytes(built.pdf, patient).ok
    # The clinic at the top, then the document; "call us" and the contact block at the bottom.
    assert in_order(
        text, CLINIC_NAME, DEPARTMENT, "PATIENT INFORMATION", "Myelomalacia", CALL_US, CONTACT_LINE
    )
    assert squeeze("Call your care team") not in text
    # "Get help now": the out-of-hours number is inside the urgent box, after its last item and
    # before the next section, and nowhere else.
    assert in_order(
        text, "Call 911 right away if you have", "Loss of bladder or bowel control", CLOSED, "How is it found"
    )
    assert text.count(squeeze("Clinic closed?")) == 1
    assert not in_order(text, CALL_US, "Clinic closed?")  # not repeated under the contact line
    # The logo: the profile's 400 x 400 PNG, drawn at the top left, beside the clinic's name.
    assert images(built.pdf) == [(400, 400)]
    (logo,) = [mark for mark in marks(built.pdf) if mark.kind == "image"]
    name = next(run for run in text_runs(built.pdf) if CLINIC_NAME in run.text)
    assert logo.x0 == pytest.approx(MARGIN) and logo.x1 < name.x0
    assert logo.y0 < name.y < logo.y1
    assert logo.x1 - logo.x0 == pytest.approx(logo.y1 - logo.y0)  # not stretched
    assert logo.y1 <= PAGES["letter"][1] - MARGIN + 0.01
    # The spec's own disclaimer wins over the profile's default.
    assert squeeze(patient.disclaimer or "") in text
    assert squeeze(PROFILE_DISCLAIMER) not in text


def test_the_clinician_summary_carries_the_clinic_and_its_contact_block(
    builds: dict[str, Built], clinician: Spec
) -> None:
    built = builds["branded clinician"]
    text = text_of(built.pdf)
    assert check_pdf_bytes(built.pdf, clinician).ok
    assert in_order(text, CLINIC_NAME, DEPARTMENT, "CLINICIAN SUMMARY", "Myelopathy vs. myelomalacia")
    # The name and department are in the header; the footer gives the ways to reach the clinic.
    footer = "+1 555 0100 · Monday to Friday, 8 am to 5 pm · " + CONTACT_LINE
    assert in_order(text, "References", clinician.disclaimer or "", footer, "Version 1.0")
    assert images(built.pdf) == [(400, 400)]
    assert squeeze(PROFILE_DISCLAIMER) not in text


def test_a_profile_without_logo_hours_or_urgent_box(builds: dict[str, Built]) -> None:
    """No logo: no image. No urgent box in the spec: the out-of-hours number goes under "call us"."""
    built = builds["other profile"]
    text = text_of(built.pdf)
    assert images(built.pdf) == []
    assert [mark for mark in marks(built.pdf) if mark.kind == "image"] == []
    assert in_order(text, OTHER_NAME, "PATIENT INFORMATION", "Knee pain")
    assert in_order(
        text,
        "Questions? Call us at 01632 960 000.",  # no hours in the profile: none printed (en: US wording)
        "Clinic closed? Call 01632 960 999.",
        "1 Hill Street",
    )
    assert squeeze("Get help now") not in text
    # The spec has its own disclaimer; the profile's is for specs without one.
    assert squeeze("General information only.") in text
    assert squeeze(OTHER_DISCLAIMER) not in text
    # The clinician summary has the clinic's contact block in its footer.
    summary = text_of(builds["other profile clinician"].pdf)
    assert in_order(summary, OTHER_NAME, "CLINICIAN SUMMARY", "01632 960 000")
    assert images(builds["other profile clinician"].pdf) == []


TWO_URGENT_BOXES = """
[[sections]]
title = "Danger"

[[sections.blocks]]
kind = "callout"
level = "urgent"
text = "Call 911 if you cannot walk."

[[sections]]
title = "More danger"

[[sections.blocks]]
kind = "callout"
level = "urgent"
title = "Go to the emergency room"
items = ["Fever with back pain"]
"""


SPEC_CONTACT = """
[contact]
name = "Spine nurse line"
phone = "555 0111"
"""


def test_every_urgent_box_has_the_out_of_hours_number_and_the_specs_contact_comes_first(
    clinic: Profile,
) -> None:
    spec = valid_spec(small_spec(TWO_URGENT_BOXES + SECTION) + SPEC_CONTACT)
    text = text_of(build_pdf(spec, clinic=clinic).pdf)
    assert text.count(squeeze(CLOSED)) == 2
    assert in_order(
        text, "Call 911 if you cannot walk.", CLOSED, "Fever with back pain", CLOSED, "What to do"
    )
    # The spec's own contact (a service) is the "questions" line, with its own number; the clinic's
    # address, e-mail and website follow; the clinic's main number is not printed beside another.
    assert in_order(text, "Questions? Contact Spine nurse line · 555 0111", CONTACT_LINE)
    assert squeeze("+1 555 0100") not in text
    assert squeeze("Call us") not in text


def test_the_accent_colour_is_the_clinics(builds: dict[str, Built]) -> None:
    accent = rgb("#7a1f1f")
    assert accent in colours(builds["other profile"].pdf)
    assert accent in colours(builds["other profile clinician"].pdf)
    assert accent not in colours(builds["neutral patient"].pdf)
    assert rgb("#1f3a5f") in colours(builds["branded patient"].pdf)  # the example profile's


def without_disclaimer(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("disclaimer ="))


def test_a_profiles_disclaimer_is_printed_exactly_not_read_as_markup(tmp_path: Path) -> None:
    path = write_profile(
        path=str(tmp_path / "clinic.toml"), disclaimer="Rule [1] applies; use 2*3*4 and **this**."
    )
    clinic = load_profile(path)
    spec = valid_spec(without_disclaimer(spec_text(SECTION)))
    _, text = pdf_text(build_pdf(spec, clinic=clinic).pdf)
    assert "Rule [1] applies; use 2*3*4 and **this**." in " ".join(text.split())


# --- page sizes and margins ----------------------------------------------------------------------


def test_the_page_size_comes_from_the_profile_unless_asked(builds: dict[str, Built]) -> None:
    expected = {
        "neutral patient": "letter",
        "branded patient": "letter",  # the example profile says letter
        "other profile": "a4",  # this one says a4
        "other profile clinician": "a4",
        "other profile letter": "letter",  # page_size= overrides the profile
        "large print a4": "a4",
        "a4 only": "a4",
    }
    for name, size in expected.items():
        built = builds[name]
        assert built.page_size == size, name
        for page in read(built.pdf).pages:
            box = page.mediabox
            assert (float(box.left), float(box.bottom)) == (0, 0)
            assert (float(box.width), float(box.height)) == pytest.approx(PAGES[size], abs=0.01), name


BUILD_NAMES = [
    "neutral patient",
    "neutral clinician",
    "prepared patient",
    "prepared clinician",
    "large print",
    "large print a4",
    "large print short",
    "other profile",
    "other profile letter",
    "other profile clinician",
    "url patient",
    "url clinician",
    "a4 only",
]


@pytest.mark.parametrize("name", BUILD_NAMES)
def test_nothing_is_drawn_in_the_margins(builds: dict[str, Built], name: str) -> None:
    """Every run of text starts, ends and sits at least 0.5 in from each edge (its ascent allowed for
    at the top), and every rule, box, QR module and image is laid out inside the same frame."""
    built = builds[name]
    width, height = PAGES[built.page_size]
    runs = text_runs(built.pdf)
    assert {run.page for run in runs} == set(range(built.pages))
    for run in runs:
        assert run.x0 >= MARGIN - 0.01, run
        assert run.x1 <= width - MARGIN + 0.5, run
        assert run.y >= MARGIN - 0.01, run  # the baseline: descenders stay inside too, as measured
        assert run.y + 0.7 * run.size <= height - MARGIN + 0.01, run
    drawn = marks(built.pdf)
    assert drawn
    for mark in drawn:
        # Geometry, not ink: a rule on the frame's edge is centred on it, like every stroke.
        assert MARGIN - 0.01 <= mark.x0 <= mark.x1 <= width - MARGIN + 0.01, mark
        assert MARGIN - 0.01 <= mark.y0 <= mark.y1 <= height - MARGIN + 0.01, mark


def test_the_same_spec_fits_one_size_and_is_refused_for_the_other_by_name(builds: dict[str, Built]) -> None:
    assert builds["a4 only"].pages == 1
    spec = valid_spec(small_spec(FITS_A4_ONLY))
    assert check_pdf_bytes(builds["a4 only"].pdf, spec).ok
    with pytest.raises(FitError, match=r"^<spec>: does not fit on one letter page even at the smallest"):
        build_pdf(spec, page_size="letter")
    with pytest.raises(FitError, match="one letter page"):
        build_pdf(spec)  # no profile: letter


# --- the QR code ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["url patient", "url clinician"])
def test_a_url_prints_a_qr_code_with_the_address_beside_it(builds: dict[str, Built], name: str) -> None:
    built = builds[name]
    text = text_of(built.pdf)
    assert squeeze("Read this online") in text
    assert URL in text  # the address in words, however it wraps
    assert images(built.pdf) == ([(400, 400)] if name == "url patient" else [])  # the code is not a picture
    # The code is vector drawing: a few hundred filled modules, which a page without a url lacks.
    plain = builds["no url patient" if name == "url patient" else "neutral clinician"]
    modules = [mark for mark in marks(built.pdf) if mark.kind == "path"]
    assert len(modules) > len(marks(plain.pdf)) + 100
    # The modules nearest the address form a square, and the address is printed to its right.
    caption = [run for run in text_runs(built.pdf) if run.text.startswith("https://example")]
    assert caption
    code = [m for m in modules if m.x1 <= caption[0].x0 and abs(m.y0 - caption[0].y) < 80]
    assert len(code) > 100
    left, right = min(m.x0 for m in code), max(m.x1 for m in code)
    bottom, top = min(m.y0 for m in code), max(m.y1 for m in code)
    assert right - left == pytest.approx(top - bottom, rel=0.02)
    assert right - left > 30  # five times the body size, its quiet zone aside: big enough to scan
    label = next(run for run in text_runs(built.pdf) if "Read this online" in run.text)
    assert label.x0 > right and bottom <= label.y <= top


def test_without_a_url_there_is_no_code(builds: dict[str, Built]) -> None:
    for name in ("no url patient", "neutral patient", "branded clinician", "large print"):
        assert squeeze("Read this online") not in text_of(builds[name].pdf), name


# --- "Prepared for" ------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_prepared_for_is_on_the_page_beside_the_title(builds: dict[str, Built], audience: str) -> None:
    built, unprepared = builds[f"prepared {audience}"], builds[f"branded {audience}"]
    title = built.spec.title
    text = text_of(built.pdf)
    # Beside the title and subtitle (drawn after them), before the key message.
    assert in_order(text, title, built.spec.subtitle or "", PREPARED_LINE, built.spec.key_message[:20])
    assert text.count(squeeze(PATIENT)) == 1
    assert squeeze(PREPARED_LINE) not in text_of(unprepared.pdf)
    assert check_pdf_bytes(built.pdf, built.spec).ok


@pytest.mark.parametrize("name", ["prepared patient", "prepared clinician", "large print"])
def test_prepared_for_details_are_never_in_the_metadata(builds: dict[str, Built], name: str) -> None:
    pdf = builds[name].pdf
    about = metadata_text(pdf)  # document info and XMP (there is none)
    assert read(pdf).metadata is not None and read(pdf).metadata.title  # type: ignore[union-attr]
    for detail in DETAILS:
        assert detail not in about, detail
    # The same document info as the copy prepared for nobody.
    if name != "large print":
        assert read(pdf).metadata == read(builds[name.replace("prepared", "branded")].pdf).metadata


def test_prepared_for_prints_only_what_is_given(patient: Spec) -> None:
    shared = build_pdf(patient)
    for prepared, line, absent in (
        (Prepared(patient=PATIENT), "Prepared for Jane Q. Public", [" on ", " by "]),
        (Prepared(on=ON), "Prepared on November 21, 2026", ["Prepared for", " by ", "2026-11-21"]),
        (Prepared(clinician=CLINICIAN), "Prepared by Dr A. Lee", ["Prepared for", "Prepared on"]),
    ):
        built = build_pdf(patient, prepared=prepared)
        root = read_tagged(built.pdf).root
        assert root is not None
        (printed,) = [e.text() for e in root.walk() if e.text().startswith("Prepared")]
        assert " ".join(printed.split()) == line
        assert not any(word in printed for word in absent)
        # The room was kept: a personal copy is laid out exactly as the shared one.
        assert (built.body_size, built.spacing) == (shared.body_size, shared.spacing)
    # A shared copy (no details) has lines to write them on by hand, read by nobody (an artifact).
    assert squeeze("Prepared for ____") in text_of(shared.pdf)
    # Printed exactly as given: nothing in a name is markup.
    odd = Prepared(patient="O'Brien & <i>Smith</i> ≥ Zoë", clinician="Dr <b>X</b>")
    assert squeeze("Prepared for O'Brien & <i>Smith</i> ≥ Zoë by Dr <b>X</b>") in text_of(
        build_pdf(patient, prepared=odd).pdf
    )


@pytest.mark.parametrize(
    ("prepared", "setting"),
    [
        (Prepared(patient="Jane\x07Doe"), "patient"),
        (Prepared(patient="Jane\nDoe"), "patient"),
        (Prepared(patient="Jane ก Doe"), "patient"),  # Thai: no bundled face
        (Prepared(patient="   "), "patient"),
        (Prepared(patient="J" * 81), "patient"),
        (Prepared(clinician="Dr \U0001f600 Lee"), "clinician"),
        (Prepared(patient="\u200b"), "patient"),
        (Prepared(patient="Jane \u202eeoD"), "patient"),
    ],
    ids=["control", "newline", "no-glyph", "blank", "too-long", "clinician-no-glyph", "zero-width", "bidi"],
)
def test_bad_personal_details_are_refused_without_quoting_them(
    patient: Spec, prepared: Prepared, setting: str
) -> None:
    with pytest.raises(SpecError) as caught:
        build_pdf(patient, prepared=prepared)
    message = str(caught.value)
    assert message.startswith(f"{setting}: ") and "\n" not in message
    assert [problem.setting for problem in caught.value.problems] == [setting]
    # What `personal_problems` finds before any build (the command line asks it) is what the build refuses.
    assert [str(problem) for problem in personal_problems(prepared)] == [message]
    value = (prepared.patient or prepared.clinician or "").strip()
    if value:
        assert value not in message and value[:4] not in message


def test_decomposed_accents_are_joined_and_loose_ones_refused() -> None:
    spec = valid_spec(spec_text(SECTION))
    joined = Prepared(patient="Zoe\u0308 Nguye\u0302\u0303n")  # typed as letters plus separate accents
    assert joined.patient == "Zoë Nguyễn"
    _, text = pdf_text(build_pdf(spec, prepared=joined).pdf)
    assert "Prepared for Zoë Nguyễn" in text
    with pytest.raises(SpecError, match=r"^patient: holds an accent that cannot be printed"):
        build_pdf(spec, prepared=Prepared(patient="Jane q\u0308"))  # no precomposed q with diaeresis


# --- large print ---------------------------------------------------------------------------------


def body_runs(built: Built) -> list[Run]:
    """The runs that set a section's running text: its paragraphs, list items and answers."""
    pieces = [
        squeeze(text)
        for path, text in printed_texts(built.spec)
        if path.startswith("sections") and not path.endswith("title") and len(squeeze(text)) >= 12
    ]
    small = squeeze(built.document.disclaimer or "")  # small type whose words may recur in the body
    return [
        run
        for run in text_runs(built.pdf)
        if len(squeeze(run.text)) >= 8
        and any(squeeze(run.text) in piece for piece in pieces)
        and squeeze(run.text) not in small
    ]


@pytest.mark.parametrize("name", ["large print", "large print a4", "large print short"])
def test_large_print_body_is_18_pt_or_more_on_at_most_four_pages_with_all_its_text(
    builds: dict[str, Built], name: str
) -> None:
    built = builds[name]
    report = check_pdf_bytes(built.pdf, built.spec, large_print=True)
    assert report.missing == [] and report.ok
    assert 1 <= len(read(built.pdf).pages) == built.pages <= 4
    assert 18 <= built.body_size <= 20
    body = body_runs(built)
    assert len(body) >= 1
    assert min(run.size for run in body) >= 18, min(body, key=lambda run: run.size)
    assert {run.size for run in body} == {built.body_size}
    # By the characters set: the body size is the most used size, and nothing is tiny.
    used = Counter[float]()
    for run in text_runs(built.pdf):
        used[run.size] += sum(char.isalnum() for char in run.text)  # words, not the write-in lines
    if name != "large print short":  # a few words of body: the footer's small type may outnumber them
        assert used.most_common(1)[0][0] >= 18
    assert min(used) >= 18 * 0.75


FIRST_PARAGRAPH = (
    "Part of your spinal cord (the nerves in your backbone) has gone soft. An injury, poor "
    "blood flow, or a bulging disc (spine cushion) can cause it."
)


def line_gaps(built: Built, paragraph: str) -> set[float]:
    """The distances between consecutive baselines of a paragraph's lines, in points."""
    lines = [
        run
        for run in text_runs(built.pdf)
        if run.size == built.body_size and squeeze(run.text) in squeeze(paragraph)
    ]
    assert len(lines) >= 2, lines
    return {round(upper.y - lower.y, 2) for upper, lower in itertools.pairwise(lines)}


def test_large_print_lines_are_one_and_a_half_apart(builds: dict[str, Built], patient: Spec) -> None:
    assert squeeze(FIRST_PARAGRAPH) in text_of(builds["large print"].pdf)
    built = builds["large print"]
    assert line_gaps(built, FIRST_PARAGRAPH) == {round(1.5 * built.body_size, 2)}
    ordinary = builds["branded patient"]  # the ordinary handout at the leading its spacing sets
    leading = TEMPLATES["patient"].typography.spacing(ordinary.spacing)[0]
    (gap,) = line_gaps(ordinary, FIRST_PARAGRAPH)
    assert gap == pytest.approx(leading * ordinary.body_size, abs=0.01)


def test_please_turn_over_only_when_there_are_more_pages(builds: dict[str, Built]) -> None:
    several = builds["large print"]
    assert several.pages == 3
    first, second, last = page_texts(several.pdf)
    assert "Page 1 of 3. Please turn over." in first and "Page 2 of 3. Please turn over." in second
    assert "turn over" not in last
    # Every page after the first starts with the title and its number.
    assert second.lstrip().startswith("Myelomalacia: page 2 of 3")
    assert last.lstrip().startswith("Myelomalacia: page 3 of 3")
    assert squeeze(PREPARED_LINE) in squeeze(first)
    assert squeeze(PREPARED_LINE) not in squeeze(second + last)
    assert squeeze(CLOSED) in squeeze(first + second)  # in the urgent box, before the end
    assert squeeze(CALL_US) in squeeze(last) and "Version 1.0" in last  # contact and footer end it
    one = builds["large print short"]
    assert one.pages == 1 and len(page_texts(one.pdf)) == 1
    assert "turn over" not in text_of(one.pdf).lower() and "2of2" not in text_of(one.pdf)
    for name in ("neutral patient", "branded patient"):
        assert "turnover" not in text_of(builds[name].pdf).lower()


def test_large_print_that_cannot_fit_four_pages_is_refused_by_size(clinic: Profile, other: Profile) -> None:
    fits_a4 = valid_spec(small_spec(FITS_A4_ONLY_IN_LARGE_PRINT))
    built = build_pdf(fits_a4, large_print=True, page_size="a4")
    assert built.pages == 4 and check_pdf_bytes(built.pdf, fits_a4, large_print=True).ok
    with pytest.raises(
        FitError, match=r"does not fit on four letter pages even at the smallest type \(18 pt\)"
    ):
        build_pdf(fits_a4, large_print=True)
    with pytest.raises(FitError, match="four letter pages"):
        build_pdf(fits_a4, large_print=True, clinic=clinic)  # the example profile: letter
    for_hillside = valid_spec(small_spec(FITS_A4_ONLY_IN_LARGE_PRINT_FOR_HILLSIDE))
    built = build_pdf(for_hillside, large_print=True, clinic=other)  # this profile: a4
    assert (built.page_size, built.pages) == ("a4", 4)
    assert check_pdf_bytes(built.pdf, for_hillside, large_print=True).ok
    with pytest.raises(FitError, match="does not fit on four letter pages"):
        build_pdf(for_hillside, large_print=True, clinic=other, page_size="letter")
    too_long = valid_spec(small_spec(TOO_LONG_FOR_LARGE_PRINT))
    with pytest.raises(FitError, match="four a4 pages"):
        build_pdf(too_long, large_print=True, page_size="a4")


def test_large_print_is_for_patient_handouts_only(clinician: Spec) -> None:
    with pytest.raises(SpecError, match="large print is for patient handouts only") as caught:
        build_pdf(clinician, large_print=True)
    assert "\n" not in str(caught.value)


# --- the disclaimer ------------------------------------------------------------------------------


def test_a_spec_without_a_disclaimer_takes_the_profiles_or_is_refused(
    other: Profile, clinic: Profile
) -> None:
    assert "disclaimer" not in NO_DISCLAIMER
    spec = valid_spec(NO_DISCLAIMER)
    with pytest.raises(SpecError, match=r"^<spec>: disclaimer: is missing"):
        build_pdf(spec)
    built = build_pdf(spec, clinic=other)
    assert squeeze(OTHER_DISCLAIMER) in text_of(built.pdf)
    assert squeeze(PROFILE_DISCLAIMER) in text_of(build_pdf(spec, clinic=clinic).pdf)
