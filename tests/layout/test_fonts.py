"""Fonts in built PDFs: every face embedded, nothing left to the reader's base-14 fonts, and
characters the bundled faces cannot draw refused before layout, naming the field.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from handouts import GlyphError, build_pdf
from handouts.build import Built
from handouts.layout.fonts import SANS, SANS_BOLD, SANS_BOLD_ITALIC, SANS_ITALIC, face
from handouts.pdf.check import check_pdf_bytes
from tests.helpers import specs
from tests.helpers.paths import BUILD_FIXTURES, BUNDLED
from tests.helpers.specs import load, one_paragraph, valid_spec

BASE_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}
NOTO = re.compile(r"^[A-Z]{6}\+NotoSans(Math)?-[A-Za-z]+$")  # a subset of a bundled face


def spec_text(sections: str, *, audience: str = "patient") -> str:
    return specs.spec_text(sections, audience=audience, spec_id="fonts")


def bullets_spec(items: list[str], audience: str = "patient") -> str:
    listed = ", ".join(json.dumps(item, ensure_ascii=False) for item in items)
    return spec_text(
        f'[[sections]]\ntitle = "Signs"\n\n[[sections.blocks]]\nkind = "bullets"\nitems = [{listed}]\n',
        audience=audience,
    )


def page_fonts(pdf: bytes) -> Iterator[tuple[str, DictionaryObject]]:
    """(resource name, font dictionary) for every font a page or its form XObjects refer to,
    with a Type0 font's descendants listed after it."""
    pending = [PdfReader(io.BytesIO(pdf)).pages[0].get("/Resources")]
    while pending:
        resources = pending.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        for name, ref in (resources.get("/Font") or {}).items():
            font = ref.get_object()
            yield name, font
            for descendant in font.get("/DescendantFonts") or []:
                yield f"{name}/descendant", descendant.get_object()
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                pending.append(xobject.get("/Resources"))


def drawn_faces(pdf: bytes) -> dict[str, str]:
    """Each character drawn on the page and the BaseFont it was drawn in (last one wins)."""
    faces: dict[str, str] = {}

    def visit(text: str, cm: object, tm: object, font: DictionaryObject | None, size: float) -> None:
        if font is not None:
            for char in text:
                if not char.isspace():
                    faces[char] = str(font["/BaseFont"])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return faces


SOURCES = [*BUNDLED, *sorted(BUILD_FIXTURES.glob("*.toml"))]


@pytest.fixture(scope="module", params=SOURCES, ids=[f"{s.parent.name}/{s.stem}" for s in SOURCES])
def built(request: pytest.FixtureRequest) -> Built:
    return build_pdf(load(request.param), file=str(request.param))


# --- embedding -------------------------------------------------------------------------------------


def test_text_is_drawn_only_in_embedded_bundled_faces(built: Built) -> None:
    """Every font any text is shown in is a subset of a bundled face with its TrueType program."""
    shown: set[str] = set()

    def visit(text: str, cm: object, tm: object, font: DictionaryObject | None, size: float) -> None:
        if text.strip():
            assert font is not None, text
            shown.add(str(font["/BaseFont"]))

    PdfReader(io.BytesIO(built.pdf)).pages[0].extract_text(visitor_text=visit)
    assert shown
    for base in shown:
        assert NOTO.match(base.lstrip("/")), base
    for name, font in page_fonts(built.pdf):
        base = str(font["/BaseFont"]).lstrip("/")
        if base.split("+")[-1] in BASE_14:
            continue  # see test_no_font_is_left_to_the_reader
        if font.get("/Subtype") == "/Type0":
            continue  # its descendants carry the program
        descriptor = cast(DictionaryObject, font["/FontDescriptor"].get_object())
        assert "/FontFile2" in descriptor, (name, base)
        assert cast(StreamObject, descriptor["/FontFile2"].get_object()).get_data(), (name, base)
        assert "/ToUnicode" in font, (name, base)  # so the text can be copied and searched


def test_no_font_is_left_to_the_reader(built: Built) -> None:
    fonts = list(page_fonts(built.pdf))
    assert fonts
    for name, font in fonts:
        base = str(font.get("/BaseFont", "")).lstrip("/")
        assert base.split("+")[-1] not in BASE_14, (name, base)
        if font.get("/Subtype") == "/Type0":
            continue
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None, (name, base)
        assert "/FontFile2" in descriptor.get_object(), (name, base)


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_the_qr_code_leaves_no_font_to_the_reader(audience: str) -> None:
    """ReportLab draws a QR code as a drawing, whose renderer sets its default font (Helvetica) even
    though the code has no text: that font must be ours, embedded, like every other on the page."""
    extra = 'url = "https://example.org/handouts/knee-pain"'
    pdf = build_pdf(valid_spec(specs.spec_text(specs.SECTION, audience=audience, extra=extra))).pdf
    fonts = list(page_fonts(pdf))
    assert fonts
    for name, font in fonts:
        base = str(font.get("/BaseFont", "")).lstrip("/")
        assert base.split("+")[-1] not in BASE_14, (name, base)
        assert NOTO.match(base), (name, base)
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), (name, base)


def test_both_templates_embed_regular_bold_and_italic() -> None:
    spec = valid_spec(
        spec_text(
            """
            [[sections]]
            title = "Heading"

            [[sections.blocks]]
            kind = "paragraph"
            text = "Plain, **bold**, *italic* and ***both***."
            """
        )
    )
    bases = {str(font["/BaseFont"]).split("+")[-1] for _, font in page_fonts(build_pdf(spec).pdf)}
    assert {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic"} <= bases


# --- characters the faces cannot draw --------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "code", "name"),
    [
        ("😀", "U+1F600", "GRINNING FACE"),
        ("ก", "U+0E01", "THAI CHARACTER KO KAI"),  # a script with no bundled face
        ("✓", "U+2713", "CHECK MARK"),
    ],
)
@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_a_missing_glyph_is_refused_naming_it(char: str, code: str, name: str, audience: str) -> None:
    spec = valid_spec(bullets_spec(["Fine", f"Feeling {char} today"], audience))
    with pytest.raises(GlyphError) as caught:
        build_pdf(spec, file="signs.toml")
    message = str(caught.value)
    assert message.startswith("signs.toml: ")
    assert "sections[1].blocks[1].items[2]" in message
    assert repr(char) in message or char in message
    assert code in message
    assert name in message


def test_every_missing_glyph_is_reported_at_once() -> None:
    text = spec_text(
        """
        [[sections]]
        title = "Mood 😀"

        [[sections.blocks]]
        kind = "paragraph"
        text = "Fine."

        [[sections.blocks]]
        kind = "bullets"
        items = ["ok", { text = "nested", items = ["sub กข"] }]
        """
    ).replace('key_message = "The key message."', 'key_message = "Key ☺"')
    with pytest.raises(GlyphError) as caught:
        build_pdf(valid_spec(text), file="many.toml")
    # One line per field, each of its characters named once, in the order they first appear.
    assert str(caught.value).splitlines() == [
        "many.toml: key_message: holds a character the bundled fonts cannot draw: "
        "'☺' (U+263A WHITE SMILING FACE); replace it",
        "many.toml: sections[1].title (section 'Mood 😀'): holds a character the bundled fonts cannot "
        "draw: '😀' (U+1F600 GRINNING FACE); replace it",
        "many.toml: sections[1].blocks[2].items[2].items[1] (section 'Mood 😀'): holds 2 characters the "
        "bundled fonts cannot draw: 'ก' (U+0E01 THAI CHARACTER KO KAI), "
        "'ข' (U+0E02 THAI CHARACTER KHO KHAI); handouts has no font for the Thai script yet",
    ]


def test_a_field_in_another_script_is_one_line_naming_a_few() -> None:
    text = one_paragraph("กขคง กขคง ฉชのです")
    with pytest.raises(GlyphError) as caught:
        build_pdf(valid_spec(text), file="cjk.toml")
    (line,) = str(caught.value).splitlines()
    assert line.startswith("cjk.toml: sections[1].blocks[1].text (section 'S'): holds 9 characters ")
    assert line.endswith(" and 1 more; handouts has no font for the Hiragana and Thai scripts yet")
    assert line.count("THAI CHARACTER") + line.count("HIRAGANA") == 8


def test_a_missing_glyph_in_a_literal_field_is_refused() -> None:
    text = one_paragraph("x")
    text += '\n[contact]\nname = "Clinic"\nphone = "☎ 555-0100"\n'
    with pytest.raises(GlyphError, match=r"contact\.phone.*U\+260E"):
        build_pdf(valid_spec(text))


# --- characters the fallback face covers -----------------------------------------------------------


def test_the_four_text_faces_cover_the_same_characters() -> None:
    # What the text faces can draw is read from the regular face alone (fonts.register).
    cmaps = [set(face(name).face.charToGlyph) for name in (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC)]
    assert all(cmap == cmaps[0] for cmap in cmaps)


FIRST_BUILD = """
import sys
from reportlab.pdfbase import pdfmetrics
from handouts import build_file
build_file(sys.argv[1], sys.argv[2])
print(" ".join(sorted(pdfmetrics.getRegisteredFontNames())))
"""


@pytest.mark.parametrize(
    ("text", "read", "embedded"),
    [
        ("Plain and **bold**.", "HandoutsSans HandoutsSans-Bold", {"Regular", "Bold"}),
        (
            "**Bold *and italic***, then *italic* text ≥ 5 and ≤ 2.",
            "HandoutsSans HandoutsSans-Bold HandoutsSans-BoldItalic HandoutsSans-Italic HandoutsSymbols",
            {"Regular", "Bold", "Italic", "BoldItalic", "Math-Regular"},
        ),
    ],
)
def test_a_first_build_reads_the_faces_it_draws_in(
    tmp_path: Path, text: str, read: str, embedded: set[str]
) -> None:
    """In a new process the italic and symbol faces are read when a text first needs them, and
    then set the text in the right face (registering a face must not undo the family's styles)."""
    source = tmp_path / "first.toml"
    source.write_text(
        spec_text(
            f'[[sections]]\ntitle = "Heading"\n\n[[sections.blocks]]\nkind = "paragraph"\ntext = "{text}"\n'
        ),
        encoding="utf-8",
    )
    output = tmp_path / "first.pdf"
    done = subprocess.run(
        [sys.executable, "-c", FIRST_BUILD, str(source), str(output)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == read.split()
    bases = {
        str(font["/BaseFont"]).split("+NotoSans")[-1].lstrip("-")
        for _, font in page_fonts(output.read_bytes())
    }
    assert bases == embedded


SYMBOLS = "≥ ≤ → ≠ ≈ µ ± ° – — “ ” ‘ ’ × ÷ ½ ² ³ ₂ ‰ ℃ ∞ ↑ ↓ •"  # noqa: RUF001
GREEK_AND_ACCENTS = "α β γ δ Δ μ Ω ω é è ê ë à ç ñ ö ü ß Å ø Ł ő č"  # noqa: RUF001


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_symbols_greek_and_accents_build_and_print(audience: str) -> None:
    spec = valid_spec(
        spec_text(
            f"""
            [[sections]]
            title = "Doses ≥ 5 µg → review"

            [[sections.blocks]]
            kind = "paragraph"
            text = {json.dumps(SYMBOLS, ensure_ascii=False)}

            [[sections.blocks]]
            kind = "bullets"
            items = [{json.dumps(GREEK_AND_ACCENTS, ensure_ascii=False)}, "**bold ≥ ≠** and *italic → ≤*"]
            """,
            audience=audience,
        )
    )
    built = build_pdf(spec)
    report = check_pdf_bytes(built.pdf, spec)
    assert report.ok, report
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(built.pdf)).pages))
    for char in (SYMBOLS + GREEK_AND_ACCENTS).split():
        assert char in text, char
    faces = drawn_faces(built.pdf)
    for char in "≥≤≠→≈":  # not in Noto Sans: drawn in the fallback face, not as an empty box
        assert "NotoSansMath" in faces[char], (char, faces[char])
    for char in "éαΔµ°–":  # noqa: RUF001
        assert "NotoSans-" in faces[char], (char, faces[char])
