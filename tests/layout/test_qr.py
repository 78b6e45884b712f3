"""The QR code to a spec's online version: it must scan to exactly the address printed beside it,
in colour and in greyscale, on both templates. Decoded from a rendered picture of the page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from handouts import build_pdf
from handouts.pdf.check import pdf_text
from tests.helpers.specs import SECTION, spec_text, valid_spec

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")

# Long enough to wrap beside the code, with characters that must survive: ?, &, =, %, ~.
URL = "https://example.org/handouts/knee-pain/v2?lang=en&print=1&ref=clinic%20desk~a"


def scanned(pdf: bytes, folder: Path, *, grey: bool) -> list[str]:
    (folder / "page.pdf").write_bytes(pdf)
    options = ["-png", "-r", "150", "-singlefile", *(["-gray"] if grey else [])]
    subprocess.run(["pdftoppm", *options, folder / "page.pdf", folder / "page"], check=True)
    with Image.open(folder / "page.png") as picture:
        return [found.text for found in zxingcpp.read_barcodes(picture)]


@pytest.mark.parametrize("audience", ["patient", "clinician"])
@pytest.mark.parametrize("grey", [False, True], ids=["colour", "greyscale"])
def test_qr_code_scans_to_the_printed_address(audience: str, grey: bool, tmp_path: Path) -> None:
    spec = valid_spec(spec_text(SECTION, audience=audience, extra=f'url = "{URL}"'))
    pdf = build_pdf(spec).pdf
    assert scanned(pdf, tmp_path, grey=grey) == [URL]
    _, text = pdf_text(pdf)
    assert "Read this online" in text
    assert URL in "".join(text.split())  # the address in words too, however it wraps


def test_no_url_no_code(tmp_path: Path) -> None:
    pdf = build_pdf(valid_spec(spec_text(SECTION))).pdf
    assert scanned(pdf, tmp_path, grey=False) == []
    assert "Read this online" not in pdf_text(pdf)[1]
