"""The clinic's logo: where it may be (inside the profile's folder only) and what it may hold (a whole
PNG or JPEG of a sensible size), hostile files included. Images are made with Pillow as each test
needs them."""

from __future__ import annotations

import io
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from handouts import load_profile
from handouts.clinic.logo import MAX_LOGO_BYTES
from tests.helpers.clinics import drawable, image, png_header, refusal
from tests.helpers.clinics import write_profile as write

ABSOLUTE = "must be a path relative to the profile's folder, not an absolute path"


BOMB = "has far too many pixels to be a logo (a possible decompression bomb)"


ASPECT = "a logo can be at most 6 times as wide as it is tall, or as tall as it is wide"


# --- where it may be --------------------------------------------------------------------------------


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
    assert refusal() == ["clinic.toml: logo: 'images' is a folder, not a file"]
    write(logo=".")
    assert refusal() == ["clinic.toml: logo: '.' is a folder, not a file"]
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


# --- what it holds ----------------------------------------------------------------------------------


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
    # In our words, whatever the decoder said.
    assert line in [
        f"clinic.toml: logo: 'logo.img' is not a complete, readable {kind} image ({reason})"
        for reason in ("it is cut short", "it is damaged, or holds more than an image needs")
    ]


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
