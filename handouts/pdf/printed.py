"""What a printed page is made of, read back from the PDF's own drawing instructions.

A spec says what a handout should say; only the PDF says how it came out: the size each piece of text
was set at, the ink it was printed in and what lies behind it. Judging legibility from the spec would
trust the layout code to have done what it meant to, so each page's content stream is replayed
(painter.py) by a small interpreter of the operators ReportLab writes (and the common rest of PDF's
graphics model) and reports every visible run of text and every other mark of ink.
"""

from __future__ import annotations

from pypdf import PageObject, PdfReader

from ..standards import RGB, contrast_ratio
from .font_codes import base_name, embedded, resource_fonts
from .ink import WHITE, FontUse, Mark, PrintedPage, TextRun
from .objects import as_dict, resolve
from .painter import NAME, Painter, operations
from .reading import read_pdf

__all__ = [
    "RGB",
    "WHITE",
    "FontUse",
    "Mark",
    "PrintedPage",
    "TextRun",
    "contrast_ratio",
    "fonts_used",
    "read_pages",
]


def read_pages(pdf: bytes) -> list[PrintedPage]:
    """Every page as printed, so legibility is judged from what a reader will actually hold."""

    def read(reader: PdfReader) -> list[PrintedPage]:
        return [read_page(reader, page, number) for number, page in enumerate(reader.pages, 1)]

    return read_pdf(pdf, read, NAME)


def fonts_used(pdf: bytes) -> list[FontUse]:
    """Every font the pages (and their forms) refer to; a font used both ways counts as not embedded."""

    def collect(reader: PdfReader) -> list[FontUse]:
        found: dict[str, bool] = {}
        visited: set[tuple[int, int]] = set()
        for page in reader.pages:
            for font in resource_fonts(resolve(page.get("/Resources")), visited):
                name = base_name(font)
                found[name] = found.get(name, True) and embedded(font)
        return [FontUse(name, whole) for name, whole in sorted(found.items())]

    return read_pdf(pdf, collect, NAME)


def read_page(reader: PdfReader, page: PageObject, number: int) -> PrintedPage:
    painter = Painter(reader, number)
    contents = page.get_contents()
    resources = resolve(page.get("/Resources"))
    if contents is not None:
        painter.paint(operations(contents, reader), as_dict(resources))
    box = page.mediabox
    return PrintedPage(
        number,
        float(box.width),
        float(box.height),
        painter.runs,
        painter.marks,
        painter.unmarked,
        painter.spoken,
    )
