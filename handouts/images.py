"""Images a document prints (a clinic's logo, a spec's figures): found inside their file's folder only,
and checked with Pillow before ReportLab ever sees them. The bytes that were checked are the bytes that
are drawn: nothing reads the file again.

Shared by the clinic profile (its logo) and the spec (its figures), each with its own limits (`Rules`);
imported only when a document has an image, since Pillow is not light.
"""

from __future__ import annotations

import codecs
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Literal

from PIL import Image, UnidentifiedImageError

from .files import Unreadable, read_inside


@dataclass(frozen=True)
class Rules:
    """What an image of one use may be: `noun` names it in messages ("a logo"), `folder` the folder it
    must be in ("the profile's folder")."""

    noun: str
    folder: str
    max_bytes: int
    min_side: int  # pixels: smaller prints as a blur
    max_side: int  # pixels: so decoding one stays cheap
    max_aspect: int  # wider (or taller) than this prints as a sliver


@dataclass(frozen=True)
class Picture:
    """A checked PNG or JPEG: its bytes as read, and its size in pixels."""

    data: bytes
    width: int
    height: int
    format: Literal["PNG", "JPEG"]


class Refused(Exception):
    """Why an image file cannot be used; the message follows the file's name."""


def read_image(name: str, folder: Path, rules: Rules) -> Picture:
    """The image `name` inside `folder`, read once and checked; Refused if it cannot be used."""
    data = _read_inside(name, folder, rules)
    return _check_image(data, rules)


def _read_inside(name: str, folder: Path, rules: Rules) -> bytes:
    try:
        return read_inside(name, folder, where=rules.folder, noun=rules.noun, max_bytes=rules.max_bytes)
    except Unreadable as error:
        raise Refused(str(error)) from None


_SIGNATURES: dict[Literal["PNG", "JPEG"], bytes] = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}

# Colour modes ReportLab draws faithfully, by format.
_MODES = {"PNG": frozenset({"1", "L", "LA", "P", "RGB", "RGBA"}), "JPEG": frozenset({"L", "RGB", "CMYK"})}


def _check_image(data: bytes, rules: Rules) -> Picture:
    """`data` as a Picture if it is a whole PNG or JPEG of a sensible size; Refused if not."""
    if not data:
        raise Refused("is empty")
    kind = next((name for name, magic in _SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        guess = _looks_like(data)
        raise Refused("is not a PNG or JPEG image" + (f" (it looks like {guess})" if guess else ""))
    with warnings.catch_warnings():
        # Pillow only warns of a decompression bomb up to twice its limit; here that is a refusal.
        # Other warnings (odd metadata) are Pillow's business, not the user's.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            width, height = _decode(data, kind, rules)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refused(
                f"has far too many pixels to be {rules.noun} (a possible decompression bomb)"
            ) from None
        except Refused:
            raise
        except Exception as error:  # a hostile file can make a decoder fail in any way
            raise Refused(f"is not a complete, readable {kind} image ({_reason(error)})") from None
    return Picture(data, width, height, kind)


def _decode(data: bytes, kind: Literal["PNG", "JPEG"], rules: Rules) -> tuple[int, int]:
    # Only the plugin for the format the signature names ever parses the bytes. Size and colour mode
    # are checked from the header before anything is decoded; then verify() checks the structure
    # (PNG checksums) and a full load() finds truncated or corrupt image data, which verify() misses
    # in a JPEG.
    with Image.open(BytesIO(data), formats=[kind]) as image:
        width, height = image.size
        _check_size(width, height, rules)
        if image.mode not in _MODES[kind]:
            mode = f"is a {kind} in colour mode {image.mode!r}"
            raise Refused(f"{mode}, which may not print as it looks; save it as 8-bit RGB")
        image.verify()
    with Image.open(BytesIO(data), formats=[kind]) as image:
        image.load()
    return width, height


def _check_size(width: int, height: int, rules: Rules) -> None:
    size = f"is {width} x {height} pixels"
    low, high = rules.min_side, rules.max_side
    if not (low <= width <= high and low <= height <= high):
        raise Refused(f"{size}; {rules.noun} must be {low} to {high} pixels on each side")
    if max(width, height) > rules.max_aspect * min(width, height):
        limit = f"at most {rules.max_aspect} times as wide as it is tall, or as tall as it is wide"
        raise Refused(f"{size}; {rules.noun} can be {limit}")


def _reason(error: Exception) -> str:
    """Why a decoder failed, in our words: its own text names its internals, not the file."""
    if isinstance(error, UnidentifiedImageError):
        return "its header is damaged"
    if isinstance(error, EOFError) or "truncated" in str(error).lower():
        return "it is cut short"
    return "it is damaged, or holds more than an image needs"


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
