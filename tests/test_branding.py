"""Clinic branding, page sizes, margins, QR codes, the "Prepared for" line and large print, end to end.

The bundled specs (and small specs written here) are built through the library and the command line
with the example clinic profile and with profiles made in the test, and the PDFs are read back with
pypdf as a reader would see them: their text, where each run of it is drawn and at what size, what
else is drawn (the logo, the QR code, rules and boxes) and what the file says about itself.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from build_helpers import assert_clean, current, faces_by_base_font, metadata_text, spec_text, valid_spec
from click.testing import CliRunner, Result
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfbase.pdfmetrics import stringWidth

from handouts import FitError, Prepared, Profile, Spec, SpecError, load_profile, load_spec
from handouts.build import Built, build_pdf
from handouts.checking import check_pdf_bytes, printed_texts
from handouts.cli import cli
from handouts.fonts import SANS

REPO = Path(__file__).resolve().parents[1]
PATIENT_SPEC = REPO / "specs" / "myelomalacia.toml"
CLINICIAN_SPEC = REPO / "specs" / "myelopathy-vs-myelomalacia.toml"
EXAMPLE = REPO / "examples" / "clinic" / "clinic.toml"
TODAY = date(2026, 12, 1)  # the bundled specs' reviews (2026-11-15 to 2027-11-15) are current
PAGES = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}
MARGIN = 36.0  # 0.5 in: never less, on any page of any template

PATIENT, ON, CLINICIAN = "Jane Q. Public", date(2026, 11, 21), "Dr A. Lee"
PREPARED = Prepared(PATIENT, ON, CLINICIAN)
PREPARED_LINE = "Prepared for Jane Q. Public on 2026-11-21 by Dr A. Lee"
PERSONAL = ["--patient", PATIENT, "--date", ON.isoformat(), "--clinician", CLINICIAN]

# What the example profile prints.
CLINIC_NAME, DEPARTMENT = "Riverside Spine Clinic", "Department of Neurosurgery"
CALL_US = "Questions? Call us on +1 555 0100 (Monday to Friday, 8 am to 5 pm)."
CLOSED = "Clinic closed? Call +1 555 0199. A spine nurse is on call."
CONTACT_LINE = "spine@example.org · https://example.org/spine · 12 River Road, Springfield"
PROFILE_DISCLAIMER = "general information from Riverside Spine Clinic"

# A profile made in the test: no logo, A4, its own colour, a disclaimer, no hours, no advice.
OTHER_PROFILE = """\
name = "Hillside Family Practice"
phone = "01632 960 000"
address = "1 Hill Street"
accent = "#7a1f1f"
page_size = "a4"
disclaimer = "Hillside's own disclaimer: general information, not advice for you."

[out_of_hours]
phone = "01632 960 999"
"""
OTHER_NAME, OTHER_DISCLAIMER = "Hillside Family Practice", "Hillside's own disclaimer: general information"

URL = "https://example.org/handouts/knee-pain/v2?lang=en&print=1"
SECTION = """
[[sections]]
title = "What to do"

[[sections.blocks]]
kind = "paragraph"
text = "Rest, then walk a little more each day, and see a doctor if the pain gets worse."
"""


# --- reading a PDF back --------------------------------------------------------------------------


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in read(pdf).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_of(pdf: bytes) -> str:
    """All the text of a PDF, whitespace removed: line breaks are the layout's business."""
    return squeeze("".join(page_texts(pdf)))


@dataclass(frozen=True)
class Run:
    """One run of text as drawn: page, where it starts and ends, its size and face."""

    page: int
    x0: float
    x1: float
    y: float
    size: float
    face: str
    text: str


def text_runs(pdf: bytes) -> list[Run]:
    """Every run of text on every page, its extent measured in the face it is drawn in."""
    faces = faces_by_base_font()
    return [run for number, page in enumerate(read(pdf).pages) for run in _page_runs(page, number, faces)]


def _page_runs(page: PageObject, number: int, faces: dict[str, str]) -> list[Run]:
    """pypdf reports each run of a line (a bold word, then regular text) at the line's start, so a run
    reported at the same start and baseline as the one before it is placed where that one ended."""
    runs: list[Run] = []
    line: list[float] = []  # the start and baseline of the line being read, and where it has got to

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if font is None or not text.strip():  # pypdf also reports spaces that are never drawn
            return
        base = str(font["/BaseFont"]).lstrip("/").split("+")[-1]  # type: ignore[index]
        scale = tm[0] * cm[0] + tm[1] * cm[2]
        x = start = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        drawn = text.strip("\n")
        if line and abs(line[0] - start) < 0.01 and abs(line[1] - y) < 0.01:
            x = line[2]
        face = faces.get(base, SANS)
        width = stringWidth(drawn, face, size * scale)
        line[:] = [start, y, x + width]
        trailing = stringWidth(drawn[len(drawn.rstrip()) :], face, size * scale)
        runs.append(Run(number, x, x + width - trailing, y, size * scale, base, drawn))

    page.extract_text(visitor_text=visit)
    return runs


@dataclass(frozen=True)
class Mark:
    """Something drawn that is not text: a path (rule, box, QR module) or an image, as a bounding box."""

    page: int
    kind: str  # "path" or "image"
    x0: float
    y0: float
    x1: float
    y1: float


PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def marks(pdf: bytes) -> list[Mark]:
    """Every painted path and every image on every page, in page coordinates."""
    return [mark for number, page in enumerate(read(pdf).pages) for mark in _page_marks(page, number)]


def _page_marks(page: PageObject, number: int) -> list[Mark]:
    found: list[Mark] = []
    path: list[tuple[float, float]] = []

    def point(cm: list[float], x: float, y: float) -> tuple[float, float]:
        return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]

    def box(kind: str, points: list[tuple[float, float]]) -> Mark:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return Mark(number, kind, min(xs), min(ys), max(xs), max(ys))

    def before(operator: bytes, operands: list[object], cm: list[float], tm: list[float]) -> None:
        values = [float(v) for v in operands if isinstance(v, int | float)]
        if operator in (b"m", b"l", b"c", b"v", b"y"):
            path.extend(point(cm, values[i], values[i + 1]) for i in range(0, len(values), 2))
        elif operator == b"re":
            x, y, w, h = values
            path.extend([point(cm, x, y), point(cm, x + w, y + h)])
        elif operator == b"Do":  # an image fills the unit square of the current matrix
            found.append(box("image", [point(cm, 0, 0), point(cm, 1, 1)]))
        elif operator in PAINT or operator == b"n":
            if path and operator in PAINT:
                found.append(box("path", path))
            path.clear()

    page.extract_text(visitor_operand_before=before)
    return found


def images(pdf: bytes, page: int = 0) -> list[tuple[int, int]]:
    """(width, height) in pixels of each image XObject a page uses."""
    resources = read(pdf).pages[page]["/Resources"]
    found = []
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append((int(xobject["/Width"]), int(xobject["/Height"])))
    return found


def colours(pdf: bytes) -> set[tuple[float, ...]]:
    """Every RGB colour set on the first page (fill or stroke), rounded to 3 places."""
    reader = read(pdf)
    content = ContentStream(reader.pages[0].get_contents(), reader)
    return {
        tuple(round(float(v), 3) for v in operands)
        for operands, operator in content.operations
        if operator in (b"rg", b"RG")
    }


def rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))


def in_order(text: str, *pieces: str) -> bool:
    """Whether each piece occurs in `text` (whitespace ignored) after the one before it."""
    position = 0
    for piece in pieces:
        found = text.find(squeeze(piece), position)
        if found < 0:
            return False
        position = found + len(squeeze(piece))
    return True


# --- specs, profiles and builds, once per module ------------------------------------------------


def small_spec(sections: str = SECTION, *, audience: str = "patient", extra: str = "") -> str:
    return spec_text(sections, audience=audience, spec_id="small", title="Knee pain", extra=extra)


def bullets(blocks: int, last: int) -> str:
    """A section of `blocks` lists of ten short bullets and one of `last`: tall, not wide."""
    items = [10] * blocks + [last]
    lists = "".join(
        f'\n[[sections.blocks]]\nkind = "bullets"\nitems = {json.dumps([f"Item {j}" for j in range(n)])}\n'
        for n in items
    )
    return f'[[sections]]\ntitle = "Lists"\n{lists}'


# Measured: 6 lists of ten and one of four fit one A4 page (at 12.5 pt) but not one letter page; with
# one of seven, two A4 pages in large print but not two letter pages; with one of ten, neither. With
# one of five and the Hillside profile's longer contact block: two A4 pages, not two letter pages.
FITS_A4_ONLY = bullets(6, 4)
FITS_A4_ONLY_IN_LARGE_PRINT = bullets(6, 7)
FITS_A4_ONLY_IN_LARGE_PRINT_FOR_HILLSIDE = bullets(6, 5)
TOO_LONG_FOR_LARGE_PRINT = bullets(6, 10)


@pytest.fixture(autouse=True)
def _no_profile_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUTS_CLINIC", raising=False)


@pytest.fixture(scope="module")
def patient() -> Spec:
    return load_spec(PATIENT_SPEC, today=TODAY)


@pytest.fixture(scope="module")
def clinician() -> Spec:
    return load_spec(CLINICIAN_SPEC, today=TODAY)


@pytest.fixture(scope="module")
def clinic() -> Profile:
    return load_profile(EXAMPLE)


@pytest.fixture(scope="module")
def other_profile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hillside") / "clinic.toml"
    path.write_text(OTHER_PROFILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def other(other_profile_path: Path) -> Profile:
    return load_profile(other_profile_path)


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
        "Questions? Call us on 01632 960 000.",  # no hours in the profile: none printed
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
    # The spec's own contact is the "questions" line; the clinic's full details follow it.
    assert in_order(
        text,
        "Questions? Contact Spine nurse line · 555 0111",
        "+1 555 0100 · Monday to Friday, 8 am to 5 pm",
        CONTACT_LINE,
    )
    assert squeeze("Call us on") not in text


def test_the_accent_colour_is_the_clinics(builds: dict[str, Built]) -> None:
    accent = rgb("#7a1f1f")
    assert accent in colours(builds["other profile"].pdf)
    assert accent in colours(builds["other profile clinician"].pdf)
    assert accent not in colours(builds["neutral patient"].pdf)
    assert rgb("#1f3a5f") in colours(builds["branded patient"].pdf)  # the example profile's


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
def test_prepared_for_is_on_the_page_under_the_title(builds: dict[str, Built], audience: str) -> None:
    built, unprepared = builds[f"prepared {audience}"], builds[f"branded {audience}"]
    title = built.spec.title
    text = text_of(built.pdf)
    assert in_order(text, title, built.spec.subtitle or "", PREPARED_LINE, built.spec.key_message[:20])
    assert text.count(squeeze(PATIENT)) == 1
    assert squeeze(PREPARED_LINE) not in text_of(unprepared.pdf)
    assert check_pdf_bytes(built.pdf, built.spec).ok


@pytest.mark.parametrize("name", ["prepared patient", "prepared clinician", "large print"])
def test_prepared_for_details_are_never_in_the_metadata(builds: dict[str, Built], name: str) -> None:
    pdf = builds[name].pdf
    about = metadata_text(pdf)  # document info and XMP (there is none)
    assert read(pdf).metadata is not None and read(pdf).metadata.title  # type: ignore[union-attr]
    for detail in (PATIENT, "Jane", "Public", CLINICIAN, ON.isoformat(), "20261121"):
        assert detail not in about, detail
    # The same document info as the copy prepared for nobody.
    if name != "large print":
        assert read(pdf).metadata == read(builds[name.replace("prepared", "branded")].pdf).metadata


def test_prepared_for_prints_only_what_is_given(patient: Spec) -> None:
    for prepared, line, absent in (
        (Prepared(patient=PATIENT), "Prepared for Jane Q. Public", [" on ", " by "]),
        (Prepared(on=ON), "Prepared on 2026-11-21", ["Prepared for", " by "]),
        (Prepared(clinician=CLINICIAN), "Prepared by Dr A. Lee", ["Prepared for", "Prepared on"]),
    ):
        first = page_texts(build_pdf(patient, prepared=prepared).pdf)[0]
        (printed,) = [row for row in first.splitlines() if row.startswith("Prepared")]
        assert printed.strip() == line
        assert not any(word in printed for word in absent)
    assert "Prepared" not in page_texts(build_pdf(patient, prepared=Prepared()).pdf)[0]
    # Printed exactly as given: nothing in a name is markup.
    odd = Prepared(patient="O'Brien & <i>Smith</i> ≥ Zoë", clinician="Dr <b>X</b>")
    first = page_texts(build_pdf(patient, prepared=odd).pdf)[0]
    assert "Prepared for O'Brien & <i>Smith</i> ≥ Zoë by Dr <b>X</b>" in first.splitlines()


@pytest.mark.parametrize(
    ("prepared", "option"),
    [
        (Prepared(patient="Jane\x07Doe"), "--patient"),
        (Prepared(patient="Jane\nDoe"), "--patient"),
        (Prepared(patient="Jane 王 Doe"), "--patient"),
        (Prepared(patient="   "), "--patient"),
        (Prepared(patient="J" * 81), "--patient"),
        (Prepared(clinician="Dr \U0001f600 Lee"), "--clinician"),
        (Prepared(patient="\u200b"), "--patient"),
        (Prepared(patient="Jane \u202eeoD"), "--patient"),
    ],
    ids=["control", "newline", "no-glyph", "blank", "too-long", "clinician-no-glyph", "zero-width", "bidi"],
)
def test_bad_personal_details_are_refused_without_quoting_them(
    patient: Spec, prepared: Prepared, option: str
) -> None:
    with pytest.raises(SpecError) as caught:
        build_pdf(patient, prepared=prepared)
    message = str(caught.value)
    assert message.startswith(f"{option}: ") and "\n" not in message
    value = (prepared.patient or prepared.clinician or "").strip()
    if value:
        assert value not in message and value[:4] not in message


# --- large print ---------------------------------------------------------------------------------


def body_runs(built: Built) -> list[Run]:
    """The runs that set a section's running text: its paragraphs, list items and answers."""
    pieces = [
        squeeze(text)
        for path, text in printed_texts(built.spec)
        if path.startswith("sections") and not path.endswith("title") and len(squeeze(text)) >= 12
    ]
    return [
        run
        for run in text_runs(built.pdf)
        if len(squeeze(run.text)) >= 8 and any(squeeze(run.text) in piece for piece in pieces)
    ]


@pytest.mark.parametrize("name", ["large print", "large print a4", "large print short"])
def test_large_print_body_is_18_pt_or_more_on_at_most_two_pages_with_all_its_text(
    builds: dict[str, Built], name: str
) -> None:
    built = builds[name]
    report = check_pdf_bytes(built.pdf, built.spec, max_pages=2)
    assert report.missing == [] and report.ok
    assert 1 <= len(read(built.pdf).pages) == built.pages <= 2
    assert 18 <= built.body_size <= 20
    body = body_runs(built)
    assert len(body) >= 1
    assert min(run.size for run in body) >= 18, min(body, key=lambda run: run.size)
    assert {run.size for run in body} == {built.body_size}
    # By the characters set: the body size is the most used size, and nothing is tiny.
    used = Counter[float]()
    for run in text_runs(built.pdf):
        used[run.size] += len(squeeze(run.text))
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
    ordinary = builds["branded patient"]  # the ordinary handout is set at 1.25
    assert line_gaps(ordinary, FIRST_PARAGRAPH) == {round(1.25 * ordinary.body_size, 2)}


def test_please_turn_over_only_when_there_are_two_pages(builds: dict[str, Built]) -> None:
    two = builds["large print"]
    assert two.pages == 2
    front, back = page_texts(two.pdf)
    assert "Page 1 of 2. Please turn over." in front
    assert "turn over" not in back
    assert back.lstrip().startswith("Myelomalacia: page 2 of 2")  # the back starts with the title
    assert squeeze(PREPARED_LINE) in squeeze(front) and squeeze(PREPARED_LINE) not in squeeze(back)
    assert squeeze(CLOSED) in squeeze(front)  # in the urgent box, which is on the front
    assert squeeze(CALL_US) in squeeze(back) and "Version 1.0" in back  # contact and footer end the back
    one = builds["large print short"]
    assert one.pages == 1 and len(page_texts(one.pdf)) == 1
    assert "turn over" not in text_of(one.pdf).lower() and "2of2" not in text_of(one.pdf)
    for name in ("neutral patient", "branded patient"):
        assert "turnover" not in text_of(builds[name].pdf).lower()


def test_large_print_that_cannot_fit_two_pages_is_refused_by_size(clinic: Profile, other: Profile) -> None:
    fits_a4 = valid_spec(small_spec(FITS_A4_ONLY_IN_LARGE_PRINT))
    built = build_pdf(fits_a4, large_print=True, page_size="a4")
    assert built.pages == 2 and check_pdf_bytes(built.pdf, fits_a4, max_pages=2).ok
    with pytest.raises(
        FitError, match=r"does not fit on two letter pages even at the smallest type \(18 pt\)"
    ):
        build_pdf(fits_a4, large_print=True)
    with pytest.raises(FitError, match="two letter pages"):
        build_pdf(fits_a4, large_print=True, clinic=clinic)  # the example profile: letter
    for_hillside = valid_spec(small_spec(FITS_A4_ONLY_IN_LARGE_PRINT_FOR_HILLSIDE))
    built = build_pdf(for_hillside, large_print=True, clinic=other)  # this profile: a4
    assert (built.page_size, built.pages) == ("a4", 2)
    assert check_pdf_bytes(built.pdf, for_hillside, max_pages=2).ok
    with pytest.raises(FitError, match="does not fit on two letter pages"):
        build_pdf(for_hillside, large_print=True, clinic=other, page_size="letter")
    too_long = valid_spec(small_spec(TOO_LONG_FOR_LARGE_PRINT))
    with pytest.raises(FitError, match="two a4 pages"):
        build_pdf(too_long, large_print=True, page_size="a4")


def test_large_print_is_for_patient_handouts_only(clinician: Spec) -> None:
    with pytest.raises(SpecError, match="large print is for patient handouts only") as caught:
        build_pdf(clinician, large_print=True)
    assert "\n" not in str(caught.value)


# --- the disclaimer ------------------------------------------------------------------------------

NO_DISCLAIMER = small_spec().replace('disclaimer = "General information only."\n', "")


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


# --- the command line ----------------------------------------------------------------------------


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def write(path: str, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def refused_in_one_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert_clean(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_build_branded_and_personalised(runner: CliRunner, patient: Spec) -> None:
    # A personalised copy never lands at the shared default path, where the next print would find it.
    refused = runner.invoke(cli, ["build", str(PATIENT_SPEC), "--clinic", str(EXAMPLE), *PERSONAL])
    assert refused.exit_code == 2 and "need -o" in refused.output and PATIENT not in refused.output
    assert files_in(Path(".")) == []
    result = runner.invoke(
        cli, ["build", str(PATIENT_SPEC), "--clinic", str(EXAMPLE), *PERSONAL, "-o", "out/"]
    )
    assert result.exit_code == 0, result.output
    assert_clean(result)
    assert files_in(Path(".")) == ["out/myelomalacia.pdf"]  # the name is the spec's id, nothing personal
    pdf = Path("out/myelomalacia.pdf").read_bytes()
    text = text_of(pdf)
    assert squeeze(PREPARED_LINE) in text and squeeze(CLINIC_NAME) in text and squeeze(CLOSED) in text
    assert images(pdf) == [(400, 400)]
    assert check_pdf_bytes(pdf, patient).ok
    for detail in (PATIENT, "Jane", CLINICIAN, ON.isoformat()):
        assert detail not in metadata_text(pdf)
        assert detail not in result.output  # stdout and stderr
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"wrote {Path('out/myelomalacia.pdf')} (patient handout, letter, body type ")


def test_build_takes_the_profile_from_the_environment(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, other_profile_path: Path
) -> None:
    source = write("small.toml", current(small_spec()))
    monkeypatch.setenv("HANDOUTS_CLINIC", str(other_profile_path))
    result = runner.invoke(cli, ["build", str(source), "-o", "a4.pdf"])
    assert result.exit_code == 0, result.output
    assert "(patient handout, a4, body type" in result.stdout  # the profile's page size
    assert squeeze(OTHER_NAME) in text_of(Path("a4.pdf").read_bytes())
    result = runner.invoke(cli, ["build", str(source), "-o", "letter.pdf", "--page-size", "letter"])
    assert result.exit_code == 0, result.output
    assert "(patient handout, letter, body type" in result.stdout  # --page-size wins
    pages = read(Path("letter.pdf").read_bytes()).pages
    assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == PAGES["letter"]
    result = runner.invoke(cli, ["build", str(source), "-o", "example.pdf", "--clinic", str(EXAMPLE)])
    assert result.exit_code == 0, result.output  # --clinic wins over the environment
    text = text_of(Path("example.pdf").read_bytes())
    assert squeeze(CLINIC_NAME) in text and squeeze(OTHER_NAME) not in text
    monkeypatch.setenv("HANDOUTS_CLINIC", "")  # set but empty: no profile
    result = runner.invoke(cli, ["build", str(source), "-o", "neutral.pdf"])
    assert result.exit_code == 0, result.output
    neutral = Path("neutral.pdf").read_bytes()
    assert squeeze(OTHER_NAME) not in text_of(neutral) and images(neutral) == []
    monkeypatch.setenv("HANDOUTS_CLINIC", "missing/clinic.toml")
    line = refused_in_one_line(runner.invoke(cli, ["build", str(source), "-o", "missing.pdf"]))
    assert line.startswith("HANDOUTS_CLINIC=")
    assert not Path("missing.pdf").exists()


def test_build_large_print(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", str(PATIENT_SPEC), "--large-print", "--clinic", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert files_in(Path(".")) == ["out/myelomalacia-large-print.pdf"]
    target = Path("out/myelomalacia-large-print.pdf")
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"wrote {target} (patient handout, letter, body type ") and line.endswith(
        ", 2 pages)"
    )
    size = float(line.split("body type ")[1].split(" pt")[0])
    assert size >= 18
    checked = runner.invoke(cli, ["check", str(target), str(PATIENT_SPEC), "--large-print"])
    assert checked.exit_code == 0, checked.output
    assert "ok: 2 pages" in checked.stdout
    assert runner.invoke(cli, ["check", str(target), str(PATIENT_SPEC)]).exit_code == 1  # two is too many
    # Both versions can share a folder, and -o FOLDER/ keeps the large-print name.
    assert runner.invoke(cli, ["build", str(PATIENT_SPEC)]).exit_code == 0
    assert runner.invoke(cli, ["build", str(PATIENT_SPEC), "--large-print", "-o", "pdfs/"]).exit_code == 0
    assert files_in(Path(".")) == [
        "out/myelomalacia-large-print.pdf",
        "out/myelomalacia.pdf",
        "pdfs/myelomalacia-large-print.pdf",
    ]


def test_build_large_print_refusals(runner: CliRunner, other_profile_path: Path) -> None:
    line = refused_in_one_line(runner.invoke(cli, ["build", str(CLINICIAN_SPEC), "--large-print"]))
    assert "large print is for patient handouts only" in line
    write("long.toml", current(small_spec(FITS_A4_ONLY_IN_LARGE_PRINT)))
    line = refused_in_one_line(runner.invoke(cli, ["build", "long.toml", "--large-print", "-o", "l.pdf"]))
    assert line.startswith("long.toml: does not fit on two letter pages")
    write("hillside.toml", current(small_spec(FITS_A4_ONLY_IN_LARGE_PRINT_FOR_HILLSIDE)))
    arguments = ["build", "hillside.toml", "--large-print", "--clinic", str(other_profile_path)]
    result = runner.invoke(cli, [*arguments, "-o", "a4.pdf"])
    assert result.exit_code == 0, result.output  # two a4 pages, the profile's size
    assert "(patient handout, a4, body type" in result.stdout and result.stdout.endswith(", 2 pages)\n")
    line = refused_in_one_line(runner.invoke(cli, [*arguments, "--page-size", "letter", "-o", "l.pdf"]))
    assert line.startswith("hillside.toml: does not fit on two letter pages")
    write("longer.toml", current(small_spec(TOO_LONG_FOR_LARGE_PRINT)))
    arguments = ["build", "longer.toml", "--large-print", "--page-size", "a4", "-o", "l.pdf"]
    line = refused_in_one_line(runner.invoke(cli, arguments))
    assert "does not fit on two a4 pages" in line
    assert files_in(Path(".")) == ["a4.pdf", "hillside.toml", "long.toml", "longer.toml"]


def test_build_fit_message_names_the_size_asked(runner: CliRunner) -> None:
    write("tall.toml", current(small_spec(FITS_A4_ONLY)))
    assert runner.invoke(cli, ["build", "tall.toml", "--page-size", "a4", "-o", "a4.pdf"]).exit_code == 0
    line = refused_in_one_line(runner.invoke(cli, ["build", "tall.toml", "-o", "letter.pdf"]))
    assert line.startswith("tall.toml: does not fit on one letter page")
    assert files_in(Path(".")) == ["a4.pdf", "tall.toml"]


BAD_OPTIONS = [
    (["--patient", "Jane\x07Doe"], "--patient", "Jane\x07Doe"),
    (["--patient", "Jane\tDoe"], "--patient", "Jane\tDoe"),
    (["--patient", "Jane 王 Doe"], "--patient", "王"),
    (["--patient", "Zelda \U0001f600 Quux"], "--patient", "Zelda"),
    (["--patient", ""], "--patient", None),
    (["--patient", "Q" * 81], "--patient", "QQQQ"),
    (["--clinician", "Dr Zelda\x1bQuux"], "--clinician", "Zelda"),
    (["--date", "2026-13-45"], "--date", "2026-13-45"),
    (["--date", "21/11/2026"], "--date", "21/11/2026"),
]


@pytest.mark.parametrize("command", ["build", "attach"])
@pytest.mark.parametrize(
    ("options", "option", "value"), BAD_OPTIONS, ids=[f"{o[1]}-{i}" for i, o in enumerate(BAD_OPTIONS)]
)
def test_bad_personal_details_are_refused_without_echoing_them(
    runner: CliRunner, command: str, options: list[str], option: str, value: str | None
) -> None:
    source = write("small.toml", current(small_spec()))
    write("letter.pdf", "not read: the options are refused first\n")
    before = ["letter.pdf"] if command == "attach" else []
    result = runner.invoke(cli, [command, *before, str(source), "-o", "out.pdf", *options])
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert option in result.stderr
    if value is not None:
        assert value not in result.output
        if option != "--date":
            assert "Zelda" not in result.output and "Jane" not in result.output and "Doe" not in result.output
    assert files_in(Path(".")) == ["letter.pdf", "small.toml"]


def test_validate_and_build_refuse_a_spec_without_any_disclaimer(
    runner: CliRunner, other_profile_path: Path
) -> None:
    write("small.toml", current(NO_DISCLAIMER))
    for command in (["validate", "small.toml"], ["build", "small.toml", "-o", "small.pdf"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert_clean(result)
        assert "small.toml: disclaimer: is missing" in result.stderr
    assert files_in(Path(".")) == ["small.toml"]
    clinic = ["--clinic", str(other_profile_path)]
    result = runner.invoke(cli, ["validate", "small.toml", *clinic])
    assert result.exit_code == 0, result.output
    assert "1 valid, 0 invalid" in result.stdout
    result = runner.invoke(cli, ["build", "small.toml", "-o", "small.pdf", *clinic])
    assert result.exit_code == 0, result.output
    assert squeeze(OTHER_DISCLAIMER) in text_of(Path("small.pdf").read_bytes())


def test_the_bundled_example_profile_and_specs_validate_together(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(REPO / "specs"), "--clinic", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert os.path.isfile(EXAMPLE.parent / "logo.png")
