"""A clinic's own TrueType faces, for a script or a character the bundled faces lack: found inside the
profile's folder only (as the logo is), read once and checked before a page ever uses them. The bytes
that were checked are the bytes that are embedded: nothing reads the file again.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from ..files import Unreadable, read_inside

MAX_FONT_BYTES = 30 * 1024 * 1024  # a face for a whole script (CJK) is 5 to 20 MB
MAX_FONTS = 4
_TRUETYPE = (b"\x00\x01\x00\x00", b"true")  # TrueType outlines, which ReportLab embeds
_OTHERS = {b"OTTO": "an OpenType font with PostScript (CFF) outlines", b"ttcf": "a font collection"}
_OTHERS |= {b"wOFF": "a web font (WOFF)", b"wOF2": "a web font (WOFF2)"}


@dataclass(frozen=True)
class ClinicFont:
    """A checked TrueType face: its file's name as the profile gives it, and its bytes."""

    name: str
    data: bytes


class Refused(Exception):
    """Why a font file cannot be used; the message follows the file's name."""


def read_font(name: str, folder: Path) -> ClinicFont:
    """The font `name` inside `folder`, read once and checked; Refused if it cannot be used."""
    try:
        data = read_inside(
            name, folder, where="the profile's folder", noun="a font", max_bytes=MAX_FONT_BYTES
        )
    except Unreadable as error:
        raise Refused(str(error)) from None
    kind = _OTHERS.get(data[:4])
    if kind is not None:
        raise Refused(
            f"is {kind}: ReportLab embeds TrueType outlines only; use the font's TrueType (.ttf) file"
        )
    if data[:4] not in _TRUETYPE:
        raise Refused("is not a TrueType font")
    try:
        face = TTFont("handouts-font-check", BytesIO(data))
    except Exception:  # a damaged or hostile file can fail the parser in any way
        raise Refused("cannot be read as a TrueType font (it is damaged or cut short)") from None
    if not face.face.charToGlyph:
        raise Refused("maps no characters to its glyphs (it has no usable cmap)")
    return ClinicFont(name, data)
