"""The clinic profile: its fields, its logo (hostile files included), contrast, and how one is found.

Every test runs inside its own folder (the profile is `clinic.toml` there), so messages read exactly
as a user sees them. Images are made with Pillow as each test needs them.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import warnings
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from spec_helpers import dumps

from handouts.clinic import (
    DEFAULT_ACCENT_HEX,
    MAX_LOGO_BYTES,
    MAX_PROFILE_BYTES,
    MIN_CONTRAST,
    Clinic,
    Profile,
    contrast_ratio,
    find_profile,
    load_profile,
    profile_from_bytes,
)
from handouts.errors import SpecError
from handouts.styles import DEFAULT_ACCENT

EXAMPLE = Path(__file__).parent.parent / "examples" / "clinic" / "clinic.toml"
BASE: dict[str, Any] = {
    "name": "Riverside Spine Clinic",
    "phone": "+1 555 0100",
    "out_of_hours": {"phone": "111"},
}
EMAIL = "must be an email address such as clinic@example.org, without spaces"
WEBSITE = "must be a web address starting with https:// (or http://), without spaces"
ABSOLUTE = "must be a path relative to the profile's folder, not an absolute path"
NO_DIGIT = "must be a phone number, with at least one digit"
BOMB = "has far too many pixels to be a logo (a possible decompression bomb)"
ASPECT = "a logo can be at most 6 times as wide as it is tall, or as tall as it is wide"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDOUTS_CLINIC", raising=False)


def write(table: dict[str, Any] | None = None, path: str = "clinic.toml", **changes: Any) -> Path:
    """A profile file: BASE with `changes` (None removes a key), or `table` as it is."""
    if table is None:
        table = {**BASE, **changes}
        table = {key: value for key, value in table.items() if value is not None}
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(dumps(table), encoding="utf-8")
    return file


def refusal(path: str | Path = "clinic.toml") -> list[str]:
    """The problems of a profile that must not load, as printed."""
    with pytest.raises(SpecError) as caught:
        load_profile(path)
    lines = [str(problem) for problem in caught.value.problems]
    assert lines
    assert all(line.isprintable() for line in lines), lines
    return lines


def image(
    path: str, size: tuple[int, int] = (64, 48), mode: str = "RGBA", kind: str = "PNG", **options: Any
) -> bytes:
    """An image file made with Pillow; returns its bytes."""
    buffer = io.BytesIO()
    picture = Image.new(mode, size)
    if mode in ("RGB", "RGBA"):
        picture.paste((31, 58, 95) + ((128,) if mode == "RGBA" else ()), (0, 0, size[0] // 2, size[1]))
    picture.save(buffer, kind, **options)
    data = buffer.getvalue()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    return data


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims any size at all."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def drawable(data: bytes) -> None:
    """ReportLab can put the logo on a page."""
    page = canvas.Canvas(io.BytesIO())
    page.drawImage(ImageReader(io.BytesIO(data)), 10, 10, 40, 40, mask="auto")
    page.save()


# --- the example and the fields -------------------------------------------------------------------


def test_the_example_profile_loads() -> None:
    profile = load_profile(EXAMPLE)
    assert profile.file == str(EXAMPLE)
    assert profile.clinic.name == "Riverside Spine Clinic"
    assert profile.clinic.out_of_hours.phone
    assert profile.clinic.page_size == "letter"
    assert "example.org" in (profile.clinic.email or "")
    assert profile.logo is not None
    assert (profile.logo.format, profile.logo.width, profile.logo.height) == ("PNG", 400, 400)
    assert profile.logo.data == EXAMPLE.with_name("logo.png").read_bytes()
    assert len(profile.logo.data) < 8 * 1024
    assert profile.accent.hexval() == DEFAULT_ACCENT.hexval()
    drawable(profile.logo.data)


def test_the_smallest_profile_takes_the_defaults() -> None:
    profile = load_profile(write())
    assert isinstance(profile, Profile)
    assert profile.file == "clinic.toml"
    assert profile.logo is None
    clinic = profile.clinic
    assert (clinic.accent, clinic.page_size, clinic.disclaimer, clinic.out_of_hours.advice) == (
        DEFAULT_ACCENT_HEX,
        "letter",
        None,
        None,
    )
    assert DEFAULT_ACCENT_HEX == "#1f3a5f"
    assert profile.accent.hexval() == DEFAULT_ACCENT.hexval()
    assert contrast_ratio(DEFAULT_ACCENT, white) >= MIN_CONTRAST


def test_text_is_kept_exactly_as_written() -> None:
    """Profile text is content: markup-like characters are neither read nor stripped."""
    name = "Smith & Jones <b>Spine</b> **Clinic** [1]"
    profile = load_profile(write(name=name, page_size="a4", accent="#000000"))
    assert profile.clinic.name == name
    assert profile.clinic.page_size == "a4"


def test_missing_keys_are_all_reported_at_once() -> None:
    write({"department": "Neurosurgery", "out_of_hours": {"advice": "Call 111."}})
    assert refusal() == [
        "clinic.toml: name: is required but missing",
        "clinic.toml: phone: is required but missing",
        "clinic.toml: out_of_hours.phone: is required but missing",
    ]


def test_out_of_hours_is_required() -> None:
    write(out_of_hours=None)
    assert refusal() == ["clinic.toml: out_of_hours: is required but missing"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("name", "", "name: must not be empty"),
        ("name", "   ", "name: must not be empty or only spaces"),
        ("name", "Riverside\x1b[31m", "name: holds the control character U+001B; remove it"),
        ("name", 5, "name: must be text in quotes (got a number)"),
        ("name", "x" * 161, "name: is too long: 161 characters, at most 160"),
        ("department", ["a"], "department: must be text in quotes (got a list)"),
        ("phone", "call reception", f"phone: {NO_DIGIT}"),
        ("phone", 5550100, "phone: must be text in quotes (got a number)"),
        ("phone", "1" * 41, "phone: is too long for a phone number: 41 characters, at most 40"),
        ("email", "spine at example.org", f"email: {EMAIL}"),
        ("email", "spine@example", f"email: {EMAIL}"),
        ("website", "example.org/spine", f"website: {WEBSITE}"),
        ("website", "https://example.org/a b", f"website: {WEBSITE}"),
        ("page_size", "A4", "page_size: must be one of 'letter' or 'a4' (got 'A4')"),
        ("page_size", "legal", "page_size: must be one of 'letter' or 'a4' (got 'legal')"),
        ("disclaimer", "", "disclaimer: must not be empty"),
        ("logo", "", "logo: must not be empty"),
        ("logo", 1, "logo: must be text in quotes (got a number)"),
        ("out_of_hours", "111", "out_of_hours: must be a table of key = value pairs (got text)"),
        ("out_of_hours", {"phone": "-"}, f"out_of_hours.phone: {NO_DIGIT}"),
        ("out_of_hours", {"phone": "111", "advice": ""}, "out_of_hours.advice: must not be empty"),
    ],
)  # fmt: skip
def test_each_field_error_is_one_line(key: str, value: Any, message: str) -> None:
    write(**{key: value})
    assert refusal() == [f"clinic.toml: {message}"]


@pytest.mark.parametrize(
    ("accent", "got"),
    [
        ("blue", "'blue'"),
        ("#fff", "'#fff'"),
        ("1f3a5f", "'1f3a5f'"),
        ("#1f3a5fff", "'#1f3a5fff'"),
        ("#1f3a5g", "'#1f3a5g'"),
        ("#1f3a5f\n", "'#1f3a5f\\n'"),
        ("rgb(31, 58, 95)", "'rgb(31, 58, 95)'"),
    ],
)
def test_an_accent_must_be_written_rrggbb(accent: str, got: str) -> None:
    write(accent=accent)
    expected = f"must be a colour written #RRGGBB, such as '#1f3a5f' (got {got})"
    assert refusal() == [f"clinic.toml: accent: {expected}"]


def test_an_accent_must_be_text() -> None:
    write(accent=0x1F3A5F)
    assert refusal() == ["clinic.toml: accent: must be text in quotes (got a number)"]


@pytest.mark.parametrize(
    ("accent", "shown"),
    [("#7fa7d9", "2.4:1"), ("#FFCC00", "1.5:1"), ("#ffffff", "1.0:1"), ("#777777", "4.4:1")],
)
def test_a_pale_accent_is_refused_with_its_contrast(accent: str, shown: str) -> None:
    write(accent=accent)
    assert refusal() == [
        f"clinic.toml: accent: {accent!r} has a contrast of {shown} against white; "
        "text needs 4.5:1 or better (try a darker shade)"
    ]


@pytest.mark.parametrize("accent", ["#767676", "#000000", "#1F3A5F", "#b00020", "#005a9c"])
def test_a_dark_enough_accent_is_accepted(accent: str) -> None:
    profile = load_profile(write(accent=accent))
    assert profile.clinic.accent == accent
    assert profile.accent.hexval() == HexColor(accent).hexval()


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    [
        (black, white, 21.0),
        (white, black, 21.0),
        (white, white, 1.0),
        (HexColor("#767676"), white, 4.54),
        (HexColor("#777777"), white, 4.48),
        (HexColor("#0000ff"), white, 8.59),
        (HexColor("#ff0000"), white, 4.0),
        (HexColor("#1f3a5f"), white, 11.48),
    ],
)
def test_contrast_ratio_matches_wcag(foreground: Any, background: Any, expected: float) -> None:
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.01)


def test_many_mistakes_are_reported_together() -> None:
    write(
        name="",
        phone="none",
        email="nobody",
        accent="#eeeeee",
        page_size="A3",
        adress="12 River Road",
        out_of_hours={"phon": "111"},
        logo="missing.png",
    )
    lines = refusal()
    assert len(lines) == 9, lines
    assert all(line.startswith("clinic.toml: ") for line in lines)
    assert "clinic.toml: logo: 'missing.png' cannot be read: No such file or directory" in lines


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"adress": "x"}, "unknown key 'adress'; did you mean 'address'?"),
        ({"colour": "#000000"}, "unknown key 'colour'"),
        ({"accent_colour": "#000000"}, "unknown key 'accent_colour'; did you mean 'accent'?"),
        ({"pagesize": "a4"}, "unknown key 'pagesize'; did you mean 'page_size'?"),
        ({"titel": "x"}, "unknown key 'titel'"),  # close to a spec's key, not to a profile's
        (
            {"out_of_hours": {"phone": "1", "advise": "x"}},
            "out_of_hours: unknown key 'advise'; did you mean 'advice'?",
        ),
        ({"out_of_hours": {"phone": "1", "name": "x"}}, "out_of_hours: unknown key 'name'"),
        ({"a\nb": 1}, "unknown key 'a\\nb'"),
    ],
)  # fmt: skip
def test_unknown_keys_are_named_with_a_suggestion(changes: dict[str, Any], message: str) -> None:
    write(**changes)
    assert refusal() == [f"clinic.toml: {message}"]


# --- reading the file -------------------------------------------------------------------------------


def test_a_utf8_bom_is_accepted() -> None:
    Path("clinic.toml").write_bytes(b"\xef\xbb\xbf" + dumps(BASE).encode())
    assert load_profile("clinic.toml").clinic.name == BASE["name"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (dumps(BASE).encode("utf-16"), "clinic.toml: is UTF-16 text; save it as UTF-8"),
        (b'name = "Caf\xe9"\n', "clinic.toml: line 1: is not UTF-8 text (byte 0xe9); save it as UTF-8"),
        (
            b'name = "x"\nphone "1"\n',
            "clinic.toml: line 2, column 7: TOML syntax error: Expected '=' after a key in a key/value pair",
        ),
        (b"x = " + b"[" * 30_000, "clinic.toml: is nested too deeply to be a clinic profile"),
        (b" " * (MAX_PROFILE_BYTES + 1), "clinic.toml: is larger than 64 KiB; is it the right file?"),
    ],
)
def test_unreadable_files_are_refused(data: bytes, message: str) -> None:
    Path("clinic.toml").write_bytes(data)
    assert refusal() == [message]


def test_a_folder_or_missing_file_is_refused() -> None:
    Path("folder.toml").mkdir()
    assert refusal("folder.toml") == ["folder.toml: is a folder, not a file"]
    assert refusal("nowhere.toml") == ["nowhere.toml: cannot be read: No such file or directory"]


# --- the logo: where it may be ----------------------------------------------------------------------


def test_a_png_logo_with_alpha_is_read_once_and_kept() -> None:
    data = image("logo.png", (120, 60))
    profile = load_profile(write(logo="logo.png"))
    assert profile.logo is not None
    assert (profile.logo.data, profile.logo.width, profile.logo.height, profile.logo.format) == (
        data,
        120,
        60,
        "PNG",
    )
    drawable(profile.logo.data)


def test_a_logo_is_found_beside_the_profile_not_in_the_working_folder() -> None:
    image("clinic/images/mark.png")
    profile = load_profile(write(logo="images/mark.png", path="clinic/clinic.toml"))
    assert profile.logo is not None
    image("elsewhere.png")
    write(logo="elsewhere.png", path="clinic/clinic.toml")
    assert refusal("clinic/clinic.toml") == [
        "clinic/clinic.toml: logo: 'elsewhere.png' cannot be read: No such file or directory"
    ]


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("/etc/hostname", ABSOLUTE),
        ("C:\\logo.png", ABSOLUTE),
        ("C:logo.png", ABSOLUTE),
        ("\\\\server\\share\\logo.png", ABSOLUTE),
        ("../outside.png", "leads outside the profile's folder ('..' is not allowed)"),
        ("images/../../outside.png", "leads outside the profile's folder ('..' is not allowed)"),
        ("..\\outside.png", "leads outside the profile's folder ('..' is not allowed)"),
    ],
)  # fmt: skip
def test_a_logo_outside_the_folder_is_refused(logo: str, message: str) -> None:
    image("outside.png")
    write(logo=logo, path="clinic/clinic.toml")
    assert refusal("clinic/clinic.toml") == [f"clinic/clinic.toml: logo: {logo!r} {message}"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_out_of_the_folder_is_refused() -> None:
    image("outside.png")
    Path("clinic").mkdir()
    Path("clinic/logo.png").symlink_to(Path("outside.png").resolve())
    Path("clinic/assets").symlink_to(Path(".").resolve())
    Path("clinic/loop.png").symlink_to("loop.png")
    for logo in ("logo.png", "assets/outside.png"):
        write(logo=logo, path="clinic/clinic.toml")
        assert refusal("clinic/clinic.toml") == [
            f"clinic/clinic.toml: logo: {logo!r} leads outside the profile's folder"
        ]
    write(logo="loop.png", path="clinic/clinic.toml")
    (line,) = refusal("clinic/clinic.toml")
    assert line.startswith("clinic/clinic.toml: logo: 'loop.png' cannot be read: ")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_inside_the_folder_is_fine() -> None:
    data = image("clinic/images/mark-v2.png")
    Path("clinic/logo.png").symlink_to("images/mark-v2.png")
    Path("linked").symlink_to(Path("clinic").resolve())  # the profile's own folder through a link
    write(logo="logo.png", path="clinic/clinic.toml")
    for path in ("clinic/clinic.toml", "linked/clinic.toml"):
        logo = load_profile(path).logo
        assert logo is not None
        assert logo.data == data


def test_a_folder_or_missing_logo_is_refused() -> None:
    Path("images").mkdir()
    write(logo="images")
    assert refusal() == ["clinic.toml: logo: 'images' is a folder, not an image file"]
    write(logo=".")
    assert refusal() == ["clinic.toml: logo: '.' is a folder, not an image file"]
    write(logo="missing.png")
    assert refusal() == ["clinic.toml: logo: 'missing.png' cannot be read: No such file or directory"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting_for_it() -> None:
    os.mkfifo("logo.png")
    write(logo="logo.png")
    assert refusal() == ["clinic.toml: logo: 'logo.png' is not a regular file"]


def test_a_logo_too_large_in_bytes_is_refused() -> None:
    Path("logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(MAX_LOGO_BYTES))
    write(logo="logo.png")
    assert refusal() == ["clinic.toml: logo: 'logo.png' is larger than 2 MiB; a logo needs far less"]


def test_a_logo_just_within_the_byte_limit_is_checked_as_an_image() -> None:
    Path("logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(MAX_LOGO_BYTES - 8))
    write(logo="logo.png")
    (line,) = refusal()
    assert line.startswith("clinic.toml: logo: 'logo.png' is not a complete, readable PNG image (")


# --- the logo: what it holds ------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "size"), [("L", (64, 64)), ("RGB", (300, 100)), ("CMYK", (50, 80))])
def test_jpeg_logos_are_accepted(mode: str, size: tuple[int, int]) -> None:
    data = image("logo.jpg", size, mode, "JPEG")
    logo = load_profile(write(logo="logo.jpg")).logo
    assert logo is not None
    assert (logo.format, logo.width, logo.height, logo.data) == ("JPEG", *size, data)
    drawable(logo.data)


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB"])
def test_png_colour_modes_reportlab_draws_are_accepted(mode: str) -> None:
    image("logo.png", mode=mode)
    logo = load_profile(write(logo="logo.png")).logo
    assert logo is not None
    drawable(logo.data)


def test_the_format_is_read_from_the_content_not_the_name() -> None:
    image("logo.png", kind="JPEG", mode="RGB")
    logo = load_profile(write(logo="logo.png")).logo
    assert logo is not None
    assert logo.format == "JPEG"


def test_a_16_bit_greyscale_png_is_refused() -> None:
    image("logo.png", mode="I;16")
    write(logo="logo.png")
    assert refusal() == [
        "clinic.toml: logo: 'logo.png' is a PNG in colour mode 'I;16', which may not print as it looks; "
        "save it as 8-bit RGB"
    ]


@pytest.mark.parametrize(
    ("make", "looks"),
    [
        (lambda: image("logo.png", mode="RGB", kind="GIF"), " (it looks like GIF)"),
        (lambda: image("logo.png", mode="RGB", kind="BMP"), " (it looks like BMP)"),
        (lambda: image("logo.png", mode="RGB", kind="TIFF"), " (it looks like TIFF)"),
        (lambda: image("logo.png", mode="RGB", kind="WEBP"), " (it looks like WebP)"),
        (lambda: Path("logo.png").write_text("This is not a picture.\n"), " (it looks like text)"),
        (lambda: Path("logo.png").write_text('<svg width="64"/>'), " (it looks like SVG)"),
        (lambda: Path("logo.png").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), " (it looks like PDF)"),
        (lambda: Path("logo.png").write_bytes(bytes(range(256))), ""),
    ],
)  # fmt: skip
def test_a_logo_that_is_not_png_or_jpeg_is_refused(make: Any, looks: str) -> None:
    if "WebP" in looks and not _pillow_writes("WEBP"):
        pytest.skip("this Pillow cannot write WebP")
    make()
    write(logo="logo.png")
    assert refusal() == [f"clinic.toml: logo: 'logo.png' is not a PNG or JPEG image{looks}"]


def _pillow_writes(kind: str) -> bool:
    from PIL import features

    return bool(features.check(kind.lower()))


def test_an_empty_logo_is_refused() -> None:
    Path("logo.png").write_bytes(b"")
    write(logo="logo.png")
    assert refusal() == ["clinic.toml: logo: 'logo.png' is empty"]


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_a_truncated_logo_is_refused(kind: str, keep: float) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((160, 120), 60).convert("RGB").save(buffer, kind)
    data = buffer.getvalue()
    Path("logo.img").write_bytes(data[: int(len(data) * keep)])
    write(logo="logo.img")
    (line,) = refusal()
    assert line.startswith(f"clinic.toml: logo: 'logo.img' is not a complete, readable {kind} image (")


def test_a_png_with_a_broken_checksum_is_refused() -> None:
    data = bytearray(image("logo.png"))
    data[-20] ^= 0xFF  # inside the last IDAT chunk's data
    Path("logo.png").write_bytes(bytes(data))
    write(logo="logo.png")
    (line,) = refusal()
    assert line.startswith("clinic.toml: logo: 'logo.png' is not a complete, readable PNG image (")


@pytest.mark.parametrize(
    ("width", "height", "message"),
    [
        (9000, 20, "is 9000 x 20 pixels; a logo must be 16 to 4000 pixels on each side"),
        (4001, 4000, "is 4001 x 4000 pixels; a logo must be 16 to 4000 pixels on each side"),
        (10, 10, "is 10 x 10 pixels; a logo must be 16 to 4000 pixels on each side"),
        (0, 0, "is not a complete, readable PNG image ("),
        # Past Pillow's decompression-bomb limit: its warning (below twice the limit) and its error.
        (10_000, 10_000, BOMB),
        (2**31 - 1, 2**31 - 1, BOMB),
        (2**32 - 1, 1, BOMB),
    ],
)  # fmt: skip
def test_a_png_header_claiming_a_huge_size_is_refused_before_decoding(
    width: int, height: int, message: str
) -> None:
    Path("logo.png").write_bytes(png_header(width, height))
    write(logo="logo.png")
    (line,) = refusal()
    assert line.startswith(f"clinic.toml: logo: 'logo.png' {message}")


def test_the_decompression_bomb_guard_holds_whatever_the_warning_filters() -> None:
    """Below twice its limit Pillow only warns; that must be a refusal even where warnings are ignored."""
    Path("logo.png").write_bytes(png_header(10_000, 10_000))
    write(logo="logo.png")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (line,) = refusal()
    assert line == f"clinic.toml: logo: 'logo.png' {BOMB}"


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ((5000, 10), "is 5000 x 10 pixels; a logo must be 16 to 4000 pixels on each side"),
        ((700, 100), f"is 700 x 100 pixels; {ASPECT}"),
        ((16, 97), f"is 16 x 97 pixels; {ASPECT}"),
    ],
)  # fmt: skip
def test_a_real_logo_of_a_bad_shape_is_refused(size: tuple[int, int], message: str) -> None:
    image("logo.png", size, "RGB")
    write(logo="logo.png")
    assert refusal() == [f"clinic.toml: logo: 'logo.png' {message}"]


@pytest.mark.parametrize("size", [(16, 16), (600, 100), (16, 96)])
def test_a_logo_at_the_limits_is_accepted(size: tuple[int, int]) -> None:
    image("logo.png", size, "RGB")
    assert load_profile(write(logo="logo.png")).logo is not None


def test_an_invalid_logo_name_is_not_looked_for() -> None:
    write(logo="logo\x00.png")
    assert refusal() == ["clinic.toml: logo: holds the control character U+0000; remove it"]


# --- finding the profile ----------------------------------------------------------------------------


def test_find_profile_prefers_the_option_then_the_variable() -> None:
    write(name="From the option", path="option.toml")
    write(name="From the variable", path="variable.toml")
    environ = {"HANDOUTS_CLINIC": "variable.toml"}
    chosen = find_profile("option.toml", environ)
    assert chosen is not None
    assert chosen.clinic.name == "From the option"
    chosen = find_profile(None, environ)
    assert chosen is not None
    assert (chosen.clinic.name, chosen.file) == ("From the variable", "variable.toml")


def test_without_option_or_variable_there_is_no_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    assert find_profile(None, {}) is None
    assert find_profile(None, {"HANDOUTS_CLINIC": ""}) is None
    assert find_profile(None) is None  # the real environment, where the variable is unset
    monkeypatch.setenv("HANDOUTS_CLINIC", "")
    assert find_profile(None) is None


def test_find_profile_reads_the_real_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    write()
    monkeypatch.setenv("HANDOUTS_CLINIC", "clinic.toml")
    profile = find_profile(None)
    assert profile is not None
    assert profile.clinic.name == BASE["name"]


def test_a_variable_naming_a_missing_or_bad_profile_is_an_error_naming_the_variable() -> None:
    with pytest.raises(SpecError) as caught:
        find_profile(None, {"HANDOUTS_CLINIC": "/nowhere/clinic.toml"})
    missing = "cannot be read: No such file or directory"
    assert str(caught.value) == f"HANDOUTS_CLINIC=/nowhere/clinic.toml: {missing}"
    write(accent="#eeeeee", name="")
    with pytest.raises(SpecError) as caught:
        find_profile(None, {"HANDOUTS_CLINIC": "clinic.toml"})
    assert [str(problem) for problem in caught.value.problems] == [
        "HANDOUTS_CLINIC=clinic.toml: name: must not be empty",
        "HANDOUTS_CLINIC=clinic.toml: accent: '#eeeeee' has a contrast of 1.1:1 against white; "
        "text needs 4.5:1 or better (try a darker shade)",
    ]


def test_an_option_naming_a_missing_profile_is_an_error_even_with_the_variable_set() -> None:
    write(path="variable.toml")
    with pytest.raises(SpecError) as caught:
        find_profile("missing.toml", {"HANDOUTS_CLINIC": "variable.toml"})
    assert str(caught.value) == "missing.toml: cannot be read: No such file or directory"
    with pytest.raises(SpecError) as caught:
        find_profile("", {})
    assert str(caught.value) == "--clinic: needs the path of a clinic profile"


# --- random input -----------------------------------------------------------------------------------

_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["logo.png", "../logo.png", "/logo.png", ".", "sub", "notes.txt", "#1f3a5f", "#7fa7d9"]),
    st.dates(),
)
_KEYS = st.one_of(st.sampled_from([*Clinic.model_fields, "phone", "advice", "colour"]), st.text(max_size=8))
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile folder holding a good logo, a folder and a non-image, for random values to find."""
    made = tmp_path_factory.mktemp("random-clinic")
    Image.new("RGB", (32, 32)).save(made / "logo.png")
    (made / "sub").mkdir()
    (made / "notes.txt").write_text("not an image")
    return made


# The folder fixture is shared by every example on purpose; the autouse chdir does not matter here.
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(changes=st.dictionaries(_KEYS, _VALUES, max_size=6), drop=st.sets(st.sampled_from(sorted(BASE))))
def test_random_values_give_a_profile_or_one_line_problems(
    folder: Path, changes: dict[str, Any], drop: set[str]
) -> None:
    table = {key: value for key, value in {**BASE, "logo": "logo.png", **changes}.items() if key not in drop}
    try:
        profile = profile_from_bytes(dumps(table).encode(), "clinic.toml", folder)
    except SpecError as error:
        assert error.problems
        for problem in error.problems:
            line = str(problem)
            assert line.startswith("clinic.toml: ")
            assert line.isprintable() and "\n" not in line, line
    else:
        assert isinstance(profile.clinic, Clinic)
