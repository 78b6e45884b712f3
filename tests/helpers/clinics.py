"""Clinic profiles for the tests: written in a test folder, the example profile and what it prints,
and a second profile (Hillside) that differs from it in every way a profile can."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from handouts import SpecError, load_profile

from .paths import EXAMPLE_CLINIC
from .toml import dumps

# --- profiles written in a test ------------------------------------------------------------------

BASE: dict[str, Any] = {
    "name": "Riverside Spine Clinic",
    "phone": "+1 555 0100",
    "out_of_hours": {"phone": "111"},
}


def write_profile(table: dict[str, Any] | None = None, path: str = "clinic.toml", **changes: Any) -> Path:
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


def grade_six_profile(folder: Path) -> Path:
    """The example clinic's profile (and logo) in `folder`, holding patient handouts to reading grade 6."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE_CLINIC.parent / "logo.png", folder / "logo.png")
    text = EXAMPLE_CLINIC.read_text(encoding="utf-8")
    assert "[out_of_hours]" in text
    profile = folder / "clinic.toml"
    profile.write_text(
        text.replace("[out_of_hours]", "reading_grade = 6\n\n[out_of_hours]"), encoding="utf-8"
    )
    return profile


# --- what the example profile prints -------------------------------------------------------------

CLINIC_NAME, DEPARTMENT = "Riverside Spine Clinic", "Department of Neurosurgery"
CALL_US = "Questions? Call us at +1 555 0100 (Monday to Friday, 8 am to 5 pm)."
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


def other_profile(folder: Path) -> Path:
    """The Hillside profile, written in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "clinic.toml"
    path.write_text(OTHER_PROFILE, encoding="utf-8")
    return path
