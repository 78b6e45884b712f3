"""A clinic's own TrueType faces: found inside the profile's folder only, checked like the logo, and
used for the characters the bundled faces lack (a script with no bundled face: Thai here)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handouts import build_pdf, load_profile
from handouts.errors import GlyphError
from tests.helpers.clinics import refusal
from tests.helpers.clinics import write_profile as write
from tests.helpers.paths import FIXTURES
from tests.helpers.specs import small_spec, spec_text, valid_spec

THAI_FONT = FIXTURES / "clinic-font" / "test-thai.ttf"  # a few Thai letters, renamed (README.txt there)
THAI = spec_text(
    '[[sections]]\ntitle = "Knee"\n\n[[sections.blocks]]\nkind = "paragraph"\ntext = "ปวดเข่า: see us."\n'
)


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """Each font of the page by its base name: whether it is embedded with a map to Unicode."""
    resources: Any = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    resources = resources.get_object()
    found = {}
    for ref in resources["/Font"].get_object().values():
        font = ref.get_object()
        embedded = "/FontFile2" in font["/FontDescriptor"].get_object()
        found[str(font["/BaseFont"]).split("+")[-1]] = embedded and "/ToUnicode" in font
    return found


def test_a_clinic_font_prints_a_script_the_bundled_faces_lack() -> None:
    shutil.copy(THAI_FONT, "thai.ttf")
    profile = load_profile(write(fonts=["thai.ttf"]))
    assert [font.name for font in profile.fonts] == ["thai.ttf"]
    built = build_pdf(valid_spec(THAI), clinic=profile)
    fonts = fonts_of(built.pdf)
    assert fonts.get("TestThai-Regular")
    text = PdfReader(io.BytesIO(built.pdf)).pages[0].extract_text()
    assert "ปวดเข่า" in text
    # Without the profile's font, the same spec is refused, naming the script.
    with pytest.raises(GlyphError, match="handouts has no font for the Thai script yet"):
        build_pdf(valid_spec(THAI))


def test_a_latin_build_with_a_clinic_font_is_the_same_page() -> None:
    """A clinic's font is asked only for what the bundled faces lack: a Latin page does not change."""
    shutil.copy(THAI_FONT, "thai.ttf")
    with_font = load_profile(write(fonts=["thai.ttf"]))
    without = load_profile(write(path="other/clinic.toml"))
    spec = valid_spec(small_spec())
    assert build_pdf(spec, clinic=with_font).pdf == build_pdf(spec, clinic=without).pdf


def test_a_character_no_face_has_is_still_one_error_per_field() -> None:
    shutil.copy(THAI_FONT, "thai.ttf")
    profile = load_profile(write(fonts=["thai.ttf"]))
    text = THAI.replace("ปวดเข่า", "ปวดเข่า ฟ")  # ฟ is not in the test font
    with pytest.raises(GlyphError) as caught:
        build_pdf(valid_spec(text), clinic=profile, file="knee.toml")
    (line,) = str(caught.value).splitlines()
    assert "'ฟ' (U+0E1F THAI CHARACTER FO FAN)" in line
    assert line.endswith("handouts has no font for the Thai script yet")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("../thai.ttf", None, "leads outside the profile's folder ('..' is not allowed)"),
        ("/etc/passwd", None, "must be a path relative to the profile's folder, not an absolute path"),
        ("missing.ttf", None, "cannot be read"),
        ("cff.otf", b"OTTO" + bytes(60), "is an OpenType font with PostScript (CFF) outlines"),
        ("both.ttc", b"ttcf" + bytes(60), "is a font collection"),
        ("notes.ttf", b"just some text, not a font", "is not a TrueType font"),
        (
            "broken.ttf",
            b"\x00\x01\x00\x00" + bytes(60),
            "cannot be read as a TrueType font (it is damaged or cut short)",
        ),
        (
            "cut.ttf",
            THAI_FONT.read_bytes()[:300],
            "cannot be read as a TrueType font (it is damaged or cut short)",
        ),
    ],
)
def test_a_font_that_cannot_be_used_is_refused_naming_it(name: str, data: bytes | None, message: str) -> None:
    Path("clinic").mkdir()
    if data is not None:
        Path("clinic", name).write_bytes(data)
    shutil.copy(THAI_FONT, "thai.ttf")  # beside the profile's folder: '../thai.ttf' leads out of it
    shutil.copy(THAI_FONT, "clinic/thai.ttf")
    lines = refusal(write(fonts=["thai.ttf", name], path="clinic/clinic.toml"))
    assert len(lines) == 1
    assert lines[0].startswith(f"clinic/clinic.toml: fonts[2]: '{name}' ") or lines[0].startswith(
        f'clinic/clinic.toml: fonts[2]: "{name}" '
    ), lines
    assert message in lines[0]


def test_more_than_four_fonts_are_refused() -> None:
    (line,) = refusal(write(fonts=[f"f{index}.ttf" for index in range(5)]))
    assert line.startswith("clinic.toml: fonts: ")


@pytest.mark.parametrize(
    ("name", "message"),
    [("con.ttf\u0000", "holds the control character U+0000; remove it"), ("", "must not be empty")],
)
def test_a_font_name_the_field_refuses_is_said_once(name: str, message: str) -> None:
    """One line for the field, never a second for reading a file of that name, nor a traceback."""
    assert refusal(write(fonts=[name])) == [f"clinic.toml: fonts[1]: {message}"]
