"""A clinic's logo: found inside the profile's folder only, and checked with Pillow before ReportLab
ever sees it (handouts.images, shared with a spec's figures). The bytes that were checked are the bytes
that are drawn: nothing reads the file again.
"""

from __future__ import annotations

from pathlib import Path

from ..images import Picture, Refused, Rules, read_image

MAX_LOGO_BYTES = 2 * 1024 * 1024  # a logo printed a few centimetres wide needs far less
LOGO = Rules(
    noun="a logo",
    folder="the profile's folder",
    max_bytes=MAX_LOGO_BYTES,
    min_side=16,  # pixels: smaller prints as a blur
    max_side=4000,  # pixels: 16 megapixels at most, so decoding one stays cheap
    max_aspect=6,  # a logo wider (or taller) than this is a banner, and prints as a sliver
)

Logo = Picture  # a checked logo: its bytes as read, and its size in pixels

__all__ = ["LOGO", "MAX_LOGO_BYTES", "Logo", "Refused", "read_logo"]


def read_logo(name: str, folder: Path) -> Logo:
    """The logo `name` inside `folder`, read once and checked; Refused if it cannot be used."""
    return read_image(name, folder, LOGO)
