"""Reading a printed page back from the PDF (pdf/printed.py and its interpreter, pdf/painter.py): sizes,
places, ink and background of every run of text.

Every PDF here is real output: drawn with ReportLab's canvas, built from the bundled specs, or (for
operators ReportLab never writes) a page whose content stream is written out and saved by pypdf.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from handouts import Built, PdfInputError, Profile, build_pdf, load_profile
from handouts.clinic.profile import profile_from_bytes
from handouts.layout.fonts import SANS, SANS_BOLD, register
from handouts.pdf.printed import (
    WHITE,
    FontUse,
    PrintedPage,
    TextRun,
    contrast_ratio,
    fonts_used,
    read_pages,
)
from tests.helpers.paths import CLINICIAN_SPEC as CLINICIAN
from tests.helpers.paths import EXAMPLE_CLINIC as CLINIC
from tests.helpers.paths import EXAMPLE_LOGO as LOGO
from tests.helpers.paths import PATIENT_SPEC as PATIENT
from tests.helpers.specs import load

BLACK = (0.0, 0.0, 0.0)


def drawn(draw: Callable[[Canvas], None]) -> bytes:
    """A one-page PDF drawn by `draw` on ReportLab's canvas, with the bundled fonts registered."""
    register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def written(
    content: bytes, fonts: dict[str, DictionaryObject] | None = None, forms: dict[str, bytes] | None = None
) -> bytes:
    """A 200 pt square page with exactly this content stream, for operators ReportLab does not write.

    Given forms, the fonts are the forms' alone: the page has only the forms, and each form has the
    fonts and all the forms, itself included.
    """
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    font_table = {NameObject(name): writer._add_object(font) for name, font in (fonts or {}).items()}
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject(font_table)})
    xobjects = DictionaryObject()
    if forms:
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    else:
        page[NameObject("/Resources")] = resources
    for name, form_content in (forms or {}).items():
        form = DecodedStreamObject()
        form.set_data(form_content)
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = ArrayObject([NumberObject(0), NumberObject(0)] + [NumberObject(200)] * 2)
        form[NameObject("/Matrix")] = ArrayObject([NumberObject(n) for n in (1, 0, 0, 1, 5, 5)])
        form[NameObject("/Resources")] = writer._add_object(resources)
        xobjects[NameObject(name)] = writer._add_object(form)
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


HELVETICA = DictionaryObject(
    {
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }
)


def only_page(pdf: bytes) -> PrintedPage:
    pages = read_pages(pdf)
    assert len(pages) == 1
    return pages[0]


def run_of(page: PrintedPage, text: str) -> TextRun:
    matches = [run for run in page.runs if run.text == text]
    assert len(matches) == 1, [run.text for run in page.runs]
    return matches[0]


def close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a == pytest.approx(b, abs=1e-6)


# --- canvas drawings --------------------------------------------------------------------------------


def test_size_is_the_set_size_times_every_scaling() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setFont(SANS, 12)
        canvas.drawString(10, 10, "plain")
        canvas.saveState()
        canvas.scale(2, 2)
        canvas.drawString(10, 100, "doubled")
        canvas.restoreState()

    page = only_page(drawn(draw))
    assert run_of(page, "plain").size == pytest.approx(12)
    doubled = run_of(page, "doubled")
    assert doubled.size == pytest.approx(24)
    assert (doubled.x0, doubled.y) == pytest.approx((20, 200))
    assert doubled.font == "NotoSans-Regular"
    assert (page.width, page.height) == pytest.approx((595.2756, 841.8898))


def test_run_extent_is_reportlabs_own_string_width() -> None:
    text = "Legibility, judged from ink."

    def draw(canvas: Canvas) -> None:
        canvas.setFont(SANS_BOLD, 11)
        canvas.drawString(72, 500, text)
        spaced = canvas.beginText(72, 400)
        spaced.setFont(SANS, 10)
        spaced.setCharSpace(0.5)
        spaced.setWordSpace(3)
        spaced.setHorizScale(80)
        spaced.textOut("a b c")
        canvas.drawText(spaced)

    page = only_page(drawn(draw))
    run = run_of(page, text)
    assert run.font == "NotoSans-Bold"
    assert (run.x0, run.y) == pytest.approx((72, 500))
    assert run.x1 == pytest.approx(72 + stringWidth(text, SANS_BOLD, 11))
    spaced = run_of(page, "a b c")
    # Tc after every glyph, Tw after each of the two spaces, and all of it squeezed by Tz.
    assert spaced.x1 - spaced.x0 == pytest.approx((stringWidth("a b c", SANS, 10) + 5 * 0.5 + 2 * 3) * 0.8)


def test_colour_of_rgb_gray_and_cmyk_text_and_q_Q_restores_it() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setFont(SANS, 10)
        canvas.setFillColorRGB(0.2, 0.4, 0.6)
        canvas.drawString(10, 700, "rgb")
        canvas.setFillGray(0.3)
        canvas.drawString(10, 680, "gray")
        canvas.setFillColorCMYK(0.1, 0.2, 0.3, 0.4)
        canvas.drawString(10, 660, "cmyk")
        canvas.saveState()
        canvas.setFillColorRGB(1, 0, 0)
        canvas.drawString(10, 640, "red")
        canvas.restoreState()
        canvas.drawString(10, 620, "after")

    page = only_page(drawn(draw))
    assert close(run_of(page, "rgb").colour, (0.2, 0.4, 0.6))
    assert close(run_of(page, "gray").colour, (0.3, 0.3, 0.3))
    assert close(run_of(page, "cmyk").colour, (0.9 * 0.6, 0.8 * 0.6, 0.7 * 0.6))
    assert close(run_of(page, "red").colour, (1, 0, 0))
    assert close(run_of(page, "after").colour, (0.9 * 0.6, 0.8 * 0.6, 0.7 * 0.6))


def test_background_is_the_filled_area_under_the_run_else_the_paper() -> None:
    navy = (0.1, 0.2, 0.4)

    def draw(canvas: Canvas) -> None:
        canvas.setFont(SANS, 12)
        canvas.setFillColorRGB(*navy)
        canvas.rect(100, 100, 200, 50, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.drawString(110, 120, "on the box")
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawString(110, 300, "on the paper")
        canvas.drawString(320, 120, "beside the box")

    page = only_page(drawn(draw))
    boxed = run_of(page, "on the box")
    assert close(boxed.background, navy) and close(boxed.colour, WHITE)
    assert contrast_ratio(boxed.colour, boxed.background) > 10
    assert run_of(page, "on the paper").background == WHITE
    assert run_of(page, "beside the box").background == WHITE
    assert [(m.kind, m.x0, m.y0, m.x1, m.y1) for m in page.marks] == [("path", 100, 100, 300, 150)]


def test_text_in_a_form_xobject_is_read_under_the_forms_placement() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.beginForm("stamp")
        canvas.setFont(SANS_BOLD, 9)
        canvas.drawString(0, 0, "In a form")
        canvas.endForm()
        canvas.saveState()
        canvas.translate(50, 60)
        canvas.doForm("stamp")
        canvas.restoreState()

    pdf = drawn(draw)
    run = run_of(only_page(pdf), "In a form")
    assert run.font == "NotoSans-Bold" and run.y == 60
    assert (run.size, run.x0) == pytest.approx((9, 50))
    assert FontUse("NotoSans-Bold", True) in fonts_used(pdf)


def test_invisible_and_blank_text_is_not_ink() -> None:
    def draw(canvas: Canvas) -> None:
        text = canvas.beginText(10, 100)
        text.setFont(SANS, 10)
        text.setTextRenderMode(3)
        text.textLine("hidden")
        text.setTextRenderMode(0)
        text.textLine("shown")
        text.textLine("   ")
        canvas.drawText(text)

    assert [run.text for run in only_page(drawn(draw)).runs] == ["shown"]


def test_an_image_is_a_mark_over_its_placed_box() -> None:
    page = only_page(drawn(lambda canvas: canvas.drawImage(str(LOGO), 100, 100, 50, 20)))
    assert [(m.kind, m.x0, m.y0, m.x1, m.y1) for m in page.marks] == [("image", 100, 100, 150, 120)]
    assert page.runs == []


def test_fonts_used_tells_embedded_from_standard_fonts() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(10, 10, "standard")
        canvas.setFont(SANS, 10)
        canvas.drawString(10, 30, "bundled")

    pdf = drawn(draw)
    assert fonts_used(pdf) == [FontUse("Helvetica", False), FontUse("NotoSans-Regular", True)]
    helvetica = run_of(only_page(pdf), "standard")
    assert helvetica.x1 - helvetica.x0 == pytest.approx(stringWidth("standard", "Helvetica", 10))


# --- operators ReportLab does not write -----------------------------------------------------------------


def test_kerning_numbers_quote_operators_and_sc_colours() -> None:
    content = b"""
    BT /H 10 Tf 12 TL 1 0 0 1 20 150 Tm [(A) -1000 (B)] TJ
    /DeviceRGB cs 0 0.5 1 sc (next) '
    /DeviceGray cs 0.25 scn 2 0 (spaced) "
    ET
    /DeviceCMYK CS 0 0 0 1 SCN 5 w 0 0 m 10 10 l S
    """
    page = only_page(written(content, {"/H": HELVETICA}))
    kerned = run_of(page, "AB")
    assert kerned.x1 - kerned.x0 == pytest.approx(stringWidth("AB", "Helvetica", 10) + 10)
    following = run_of(page, "next")
    assert (following.x0, following.y) == (20, 138) and close(following.colour, (0, 0.5, 1))
    spaced = run_of(page, "spaced")
    assert spaced.y == 126 and close(spaced.colour, (0.25, 0.25, 0.25))
    assert spaced.x1 - spaced.x0 == pytest.approx(stringWidth("spaced", "Helvetica", 10))
    assert [(m.kind, m.x0, m.y1) for m in page.marks] == [("path", 0, 10)]


def test_a_type0_font_reads_two_byte_codes_through_its_cmap_and_widths() -> None:
    cmap = DecodedStreamObject()
    cmap.set_data(b"begincmap 1 beginbfrange <0001> <0005> <0041> endbfrange endcmap")
    font_file = DecodedStreamObject()
    # 1 [500 600] 3 5 700: codes 1 and 2 are 500 and 600 wide, codes 3 to 5 all 700.
    numbers = [NumberObject(n) for n in (1, 500, 600, 3, 5, 700)]
    widths = ArrayObject([numbers[0], ArrayObject(numbers[1:3]), *numbers[3:]])
    descendant = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject("/ABCDEF+Made-Up"),
            NameObject("/W"): widths,
            NameObject("/FontDescriptor"): DictionaryObject({NameObject("/FontFile2"): font_file}),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject("/ABCDEF+Made-Up"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([descendant]),
            NameObject("/ToUnicode"): cmap,
        }
    )
    pdf = written(b"BT /C 10 Tf 1 0 0 1 0 50 Tm <0001000200050009> Tj ET", {"/C": font})
    run = run_of(only_page(pdf), "ABE\ufffd")
    assert run.x1 - run.x0 == pytest.approx(5 + 6 + 7 + 10)  # 0009 takes the default width, 1000
    assert fonts_used(pdf) == [FontUse("Made-Up", True)]


def test_a_broken_content_stream_is_read_as_far_as_it_makes_sense() -> None:
    content = b"""
    q 1 0 0 cm Q 1 2 rg /Nowhere 12 Tf BT (lost) Tj ET
    frobnicate 3 4 5 zz BT /H 10 Tf 1 0 0 1 30 40 Tm (kept) Tj 1 2 3 Tj (x) Td ET
    Q Q Q /Nowhere Do 1 2 re f 0 0 10 10 re f
    """
    page = only_page(written(content, {"/H": HELVETICA}))
    assert [(run.text, run.x0, run.y, run.colour) for run in page.runs] == [("kept", 30, 40, BLACK)]
    assert [(m.x0, m.y0, m.x1, m.y1) for m in page.marks] == [(0, 0, 10, 10)]
    assert only_page(written(b"")).runs == []


def test_a_form_draws_with_its_own_resources_and_may_not_draw_itself_forever() -> None:
    form = b"q 2 0 0 2 0 0 cm BT /H 10 Tf 1 0 0 1 10 20 Tm (in the form) Tj ET Q /Self Do 0 0 5 5 re f"
    leaky = b"Q Q 1 0 0 rg 9 0 0 9 0 0 cm"  # a form's stray Q may not undo the state it was drawn in
    pdf = written(
        b"0 0 1 rg /Self Do /Leaky Do /Self Do", {"/H": HELVETICA}, {"/Self": form, "/Leaky": leaky}
    )
    page = only_page(pdf)
    expected = ("in the form", 20, 25, 45, (0, 0, 1))
    assert [(run.text, run.size, run.x0, run.y, run.colour) for run in page.runs] == [expected] * 2
    assert [(m.x0, m.y0, m.x1, m.y1) for m in page.marks] == [(5, 5, 10, 10)] * 2
    assert fonts_used(pdf) == [FontUse("Helvetica", False)]


def test_a_page_without_content_is_an_empty_page() -> None:
    writer = PdfWriter()
    writer.add_blank_page(300, 400)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert read_pages(buffer.getvalue()) == [PrintedPage(1, 300, 400, [], [])]
    assert fonts_used(buffer.getvalue()) == []


@pytest.mark.parametrize("read", [read_pages, fonts_used])
def test_bytes_that_are_not_a_pdf_are_refused_with_one_message(read: Callable[[bytes], Any]) -> None:
    pdf = drawn(lambda canvas: canvas.drawString(10, 10, "whole"))
    with pytest.raises(PdfInputError) as caught:
        read(b"not a pdf")
    assert str(caught.value) == "<pdf>: is not a PDF (it does not start with %PDF-)"
    with pytest.raises(PdfInputError) as caught:
        read(pdf[: len(pdf) // 2])
    assert str(caught.value) == (
        "<pdf>: is damaged and cannot be read as a PDF; save or export it again and try again"
    )


# --- the bundled specs ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clinic() -> Profile:
    return load_profile(CLINIC)


@pytest.fixture(scope="module")
def builds(clinic: Profile) -> dict[str, Built]:
    patient, clinician = load(PATIENT), load(CLINICIAN)
    return {
        "patient": build_pdf(patient),
        "patient, clinic": build_pdf(patient, clinic=clinic),
        "patient, large print": build_pdf(patient, large_print=True),
        "clinician": build_pdf(clinician),
        "clinician, clinic": build_pdf(clinician, clinic=clinic),
    }


def runs(built: Built) -> list[TextRun]:
    return [run for page in read_pages(built.pdf) for run in page.runs]


def test_patient_body_text_is_noto_sans_at_the_fitted_size(builds: dict[str, Built]) -> None:
    built = builds["patient"]
    found = runs(built)
    body = [
        run for run in found if run.font == "NotoSans-Regular" and run.size == pytest.approx(built.body_size)
    ]
    assert sum(len(run.text) for run in body) > sum(len(run.text) for run in found) / 2
    words = {word for run in found for word in run.text.split()}
    assert set(built.spec.title.split()) <= words


def test_clinic_accent_is_read_back_from_the_ink(builds: dict[str, Built], clinic: Profile) -> None:
    assert clinic.accent is not None
    accent = (clinic.accent.red, clinic.accent.green, clinic.accent.blue)
    assert any(close(run.colour, accent) for run in runs(builds["patient, clinic"]))
    # The example clinic's accent is also the default, so make sure another one is really followed.
    source = CLINIC.read_bytes().replace(b'accent = "#1f3a5f"', b'accent = "#6b1f3a"')
    assert b"#6b1f3a" in source
    wine = profile_from_bytes(source, "wine.toml", CLINIC.parent)
    wine_rgb = (0x6B / 255, 0x1F / 255, 0x3A / 255)
    assert any(close(run.colour, wine_rgb) for run in runs(build_pdf(load(PATIENT), clinic=wine)))
    assert not any(close(run.colour, wine_rgb) for run in runs(builds["patient"]))


def test_every_run_of_every_bundled_build_has_enough_contrast(builds: dict[str, Built]) -> None:
    for name, built in builds.items():
        weakest = min(runs(built), key=lambda run: contrast_ratio(run.colour, run.background))
        assert contrast_ratio(weakest.colour, weakest.background) >= 4.5, (name, weakest)
        assert all(use.embedded for use in fonts_used(built.pdf)), name


def test_the_warning_sign_is_white_on_its_black_triangle(builds: dict[str, Built]) -> None:
    # ReportLab fills the triangle (`f*`) and then draws the "!" over it: the one text background
    # in the bundled handouts that is not the paper.
    bang = [run for run in runs(builds["patient"]) if run.text == "!"]
    assert [(run.colour, run.background) for run in bang] == [(WHITE, BLACK)]


def test_large_print_reads_back_as_pages_of_large_type(builds: dict[str, Built]) -> None:
    pages = read_pages(builds["patient, large print"].pdf)
    assert [page.number for page in pages] == [1, 2, 3]
    assert all(page.runs for page in pages)
    assert all(run.page == page.number for page in pages for run in page.runs)
    assert min(run.size for page in pages for run in page.runs) > min(
        run.size for run in runs(builds["patient"])
    )
