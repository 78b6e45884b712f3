"""The clinic profile: who prints the handouts, how to reach them, and the colour and logo they use.

One TOML file per clinic, read and checked like a spec (same limits, same messages, every problem at
once). Its text is content, never inline markup, and the templates print it exactly as written. The
logo is checked with Pillow before ReportLab ever sees it, and the bytes that were checked are the
bytes that are drawn: nothing reads the file a second time.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PureWindowsPath
from typing import Annotated, Literal

from PIL import Image, UnidentifiedImageError
from pydantic import AfterValidator, ConfigDict, Field, ValidationError
from reportlab.lib.colors import Color, HexColor, white

from .errors import Problem, SpecError
from .loading import _shown, describe_validation, file_name, parse_toml, read_limited
from .spec import Long, Model, Short, Text
from .styles import DEFAULT_ACCENT

ENVIRONMENT = "HANDOUTS_CLINIC"  # the profile to use when --clinic is not given
MAX_PROFILE_BYTES = 64 * 1024  # a profile is a few hundred bytes
MAX_LOGO_BYTES = 2 * 1024 * 1024  # a logo printed a few centimetres wide needs far less
MIN_LOGO_SIDE = 16  # pixels: smaller prints as a blur
MAX_LOGO_SIDE = 4000  # pixels: 16 megapixels at most, so decoding one stays cheap
MAX_LOGO_ASPECT = 6  # a logo wider (or taller) than this is a banner, and prints as a sliver
MIN_CONTRAST = 4.5  # WCAG 2 AA for body text; headings are printed in the accent on white
MAX_PHONE = 40
RGB = tuple[float, float, float]  # red, green and blue from 0 to 1


# --- the model --------------------------------------------------------------------------------------


def _phone(text: str) -> str:
    if len(text) > MAX_PHONE:
        raise ValueError(f"is too long for a phone number: {len(text)} characters, at most {MAX_PHONE}")
    if not any(char.isdecimal() for char in text):
        raise ValueError("must be a phone number, with at least one digit")
    return text


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_WEBSITE = re.compile(r"https?://\S+\Z")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\Z")


def _email(text: str) -> str:
    if not _EMAIL.match(text):
        raise ValueError("must be an email address such as clinic@example.org, without spaces")
    return text


def _website(text: str) -> str:
    if not _WEBSITE.match(text):
        raise ValueError("must be a web address starting with https:// (or http://), without spaces")
    return text


def _accent(text: str) -> str:
    if not _HEX.match(text):
        raise ValueError(f"must be a colour written #RRGGBB, such as '#1f3a5f' (got {_shown(text)})")
    ratio = contrast_ratio(HexColor(text), white)
    if ratio < MIN_CONTRAST:
        raise ValueError(
            f"{text!r} has a contrast of {_ratio(ratio)} against white; "
            f"text needs {_ratio(MIN_CONTRAST)} or better (try a darker shade)"
        )
    return text


# Printed literally, like a spec's contact details: no markup, no citations.
Phone = Annotated[Short, AfterValidator(_phone)]
Email = Annotated[Short, AfterValidator(_email)]
Website = Annotated[Short, AfterValidator(_website)]
Accent = Annotated[str, AfterValidator(_accent)]
PageSize = Literal["letter", "a4"]

DEFAULT_ACCENT_HEX = "#" + DEFAULT_ACCENT.hexval().removeprefix("0x")


class OutOfHours(Model):
    """What a patient does when the clinic is closed: printed in the urgent "Get help now" callout."""

    # Validators are made when the first profile is read, not on import: most builds have no profile.
    model_config = ConfigDict(defer_build=True)

    phone: Phone
    advice: Text | None = None


class Clinic(Model):
    model_config = ConfigDict(defer_build=True)

    name: Short
    department: Short | None = None
    address: Short | None = None
    phone: Phone  # the "call us" number
    hours: Short | None = None
    email: Email | None = None
    website: Website | None = None
    logo: Short | None = None  # PNG or JPEG, relative to the profile's folder
    accent: Accent = DEFAULT_ACCENT_HEX
    page_size: PageSize = "letter"
    disclaimer: Long | None = None  # for specs that have none of their own
    # A stricter reading grade for the quality report's patient gate than the usual 8 (6 is common).
    reading_grade: Annotated[int, Field(ge=3, le=8)] | None = None
    out_of_hours: OutOfHours


# --- what a loaded profile holds --------------------------------------------------------------------


@dataclass(frozen=True)
class Logo:
    """A checked PNG or JPEG: its bytes as read, and its size in pixels."""

    data: bytes
    width: int
    height: int
    format: Literal["PNG", "JPEG"]


@dataclass(frozen=True)
class Profile:
    file: str  # the profile file as messages name it
    clinic: Clinic
    logo: Logo | None

    @property
    def accent(self) -> Color:
        return HexColor(self.clinic.accent)


def contrast_ratio(foreground: Color, background: Color) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    return contrast_ratio_rgb(_rgb(foreground), _rgb(background))


def contrast_ratio_rgb(foreground: RGB, background: RGB) -> float:
    """The same for colours as red, green and blue from 0 to 1 (as read back from a PDF)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rgb(color: Color) -> RGB:
    return float(color.red), float(color.green), float(color.blue)


def _luminance(colour: RGB) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = colour
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _ratio(ratio: float) -> str:
    # Rounded down, so a refused colour never shows as the 4.5:1 it falls short of.
    return f"{math.floor(ratio * 10) / 10:.1f}:1"


# --- finding and loading ------------------------------------------------------------------------------


def find_profile(option: str | None, environ: Mapping[str, str] = os.environ) -> Profile | None:
    """The profile named by --clinic, else by HANDOUTS_CLINIC, else None (a neutral handout)."""
    if option is not None:
        if not option:
            raise SpecError([Problem("--clinic", "", "needs the path of a clinic profile")])
        return load_profile(option)
    path = environ.get(ENVIRONMENT, "")
    if not path:  # set but empty counts as not set, as shells make unsetting awkward
        return None
    try:
        return load_profile(path)
    except SpecError as error:
        # Name the variable: whoever runs handouts may not know it is set, or where.
        named = f"{ENVIRONMENT}={file_name(path)}"
        raise SpecError([Problem(named, p.where, p.message, p.severity) for p in error.problems]) from None


def load_profile(path: str | Path) -> Profile:
    """Read and check a clinic profile and its logo; raise SpecError listing every problem."""
    file = file_name(path)
    data = read_limited(Path(path), MAX_PROFILE_BYTES)
    return profile_from_bytes(data, file, Path(path).parent)


def profile_from_bytes(data: bytes, file: str, folder: Path) -> Profile:
    """A profile from its TOML source; `file` names it in messages, the logo is looked for in `folder`."""
    table = parse_toml(data, file, "a clinic profile")
    clinic: Clinic | None = None
    problems: list[Problem] = []
    logo_refused = False
    try:
        clinic = Clinic.model_validate(table)
    except ValidationError as error:
        problems = describe_validation(error, table, file, Clinic)
        logo_refused = any(detail["loc"][:1] == ("logo",) for detail in error.errors())
    except RecursionError:
        raise SpecError([Problem(file, "", "is nested too deeply to be a clinic profile")]) from None
    logo: Logo | None = None
    name = table.get("logo")
    if isinstance(name, str) and not logo_refused:  # checked even when other keys are wrong
        try:
            logo = _read_logo(name, folder)
        except _Refused as error:
            problems.append(Problem(file, "logo", f"{_shown(name)} {error}"))
    if problems or clinic is None:
        raise SpecError(problems)
    return Profile(file, clinic, logo)


# --- the logo -------------------------------------------------------------------------------------------


class _Refused(Exception):
    """Why a logo file cannot be used; the message follows the file's name."""


def _read_logo(name: str, folder: Path) -> Logo:
    """The logo `name` inside `folder`, read once and checked; _Refused if it cannot be used."""
    data = _read_inside(name, folder)
    return _check_logo(data)


def _read_inside(name: str, folder: Path) -> bytes:
    # Both separators count, so a profile means the same on every system.
    pure = PureWindowsPath(name)
    if pure.is_absolute() or pure.drive or pure.root:
        raise _Refused("must be a path relative to the profile's folder, not an absolute path")
    if ".." in pure.parts:
        raise _Refused("leads outside the profile's folder ('..' is not allowed)")
    try:
        root = folder.resolve()
        target = (root / name).resolve()
    except RuntimeError:  # a symlink loop, before Python 3.13
        raise _Refused("cannot be read: Too many levels of symbolic links") from None
    except OSError as error:
        raise _Refused(_cannot_read(error)) from None
    if not target.is_relative_to(root):  # a symlink, in the name or the folder, pointing away
        raise _Refused("leads outside the profile's folder")
    return _read_file(target)


def _read_file(path: Path) -> bytes:
    # The resolved path is opened without following links and checked by its open handle, so the
    # file read is the one checked; O_NONBLOCK keeps a pipe from hanging the open.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise _Refused(_cannot_read(error)) from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise _Refused("is a folder, not an image file")
        if not stat.S_ISREG(mode):
            raise _Refused("is not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_LOGO_BYTES:
            chunk = os.read(handle, MAX_LOGO_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise _Refused(_cannot_read(error)) from None
    finally:
        os.close(handle)
    if size > MAX_LOGO_BYTES:
        raise _Refused(f"is larger than {MAX_LOGO_BYTES // (1024 * 1024)} MiB; a logo needs far less")
    return b"".join(chunks)


def _cannot_read(error: OSError) -> str:
    # strerror alone: the full error repeats the path, which may be long or hold anything at all.
    return f"cannot be read: {error.strerror or 'the system refused'}"


_SIGNATURES: dict[Literal["PNG", "JPEG"], bytes] = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}

# Colour modes ReportLab draws faithfully, by format.
_MODES = {"PNG": frozenset({"1", "L", "LA", "P", "RGB", "RGBA"}), "JPEG": frozenset({"L", "RGB", "CMYK"})}


def _check_logo(data: bytes) -> Logo:
    """`data` as a Logo if it is a whole PNG or JPEG of a sensible size; _Refused if not."""
    if not data:
        raise _Refused("is empty")
    kind = next((name for name, magic in _SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        guess = _looks_like(data)
        raise _Refused("is not a PNG or JPEG image" + (f" (it looks like {guess})" if guess else ""))
    with warnings.catch_warnings():
        # Pillow only warns of a decompression bomb up to twice its limit; here that is a refusal.
        # Other warnings (odd metadata) are Pillow's business, not the user's.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            width, height = _decode(data, kind)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _Refused("has far too many pixels to be a logo (a possible decompression bomb)") from None
        except _Refused:
            raise
        except Exception as error:  # a hostile file can make a decoder fail in any way
            raise _Refused(f"is not a complete, readable {kind} image ({_reason(error)})") from None
    return Logo(data, width, height, kind)


def _decode(data: bytes, kind: Literal["PNG", "JPEG"]) -> tuple[int, int]:
    # Only the plugin for the format the signature names ever parses the bytes. Size and colour mode
    # are checked from the header before anything is decoded; then verify() checks the structure
    # (PNG checksums) and a full load() finds truncated or corrupt image data, which verify() misses
    # in a JPEG.
    with Image.open(BytesIO(data), formats=[kind]) as image:
        width, height = image.size
        _check_size(width, height)
        if image.mode not in _MODES[kind]:
            mode = f"is a {kind} in colour mode {image.mode!r}"
            raise _Refused(f"{mode}, which may not print as it looks; save it as 8-bit RGB")
        image.verify()
    with Image.open(BytesIO(data), formats=[kind]) as image:
        image.load()
    return width, height


def _check_size(width: int, height: int) -> None:
    size = f"is {width} x {height} pixels"
    if not (MIN_LOGO_SIDE <= width <= MAX_LOGO_SIDE and MIN_LOGO_SIDE <= height <= MAX_LOGO_SIDE):
        raise _Refused(f"{size}; a logo must be {MIN_LOGO_SIDE} to {MAX_LOGO_SIDE} pixels on each side")
    if max(width, height) > MAX_LOGO_ASPECT * min(width, height):
        limit = f"at most {MAX_LOGO_ASPECT} times as wide as it is tall, or as tall as it is wide"
        raise _Refused(f"{size}; a logo can be {limit}")


def _reason(error: Exception) -> str:
    if isinstance(error, UnidentifiedImageError):  # its text names a Python object, not the file
        return "its header is damaged"
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 80 and text.isprintable() else type(error).__name__


_OTHER_FORMATS = [
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"8BPS", "a Photoshop file"),
    (b"\x00\x00\x01\x00", "an icon (ICO)"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"PK\x03\x04", "a ZIP archive"),
]


def _looks_like(data: bytes) -> str | None:
    """A guess at what a file that is not a PNG or JPEG is, to help whoever saved it."""
    for magic, name in _OTHER_FORMATS:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp":
        return "HEIC or AVIF" if data[8:12] in (b"heic", b"heix", b"mif1", b"avif") else "a video"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        return "SVG"
    try:  # incremental, so a character cut in two at the end of the sample is not a mistake
        text = codecs.getincrementaldecoder("utf-8")().decode(data[:1024], final=False)
    except UnicodeDecodeError:
        return None
    return "text" if all(char.isprintable() or char in "\t\r\n" for char in text) else None
