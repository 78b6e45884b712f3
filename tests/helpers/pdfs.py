"""Reading PDFs back as a reader (or a printer) sees them, with pypdf alone; and PDFs made for the tests:
letters as a record system exports them, and encrypted copies.

These read the PDF independently of handouts' own reader (handouts.pdf), so that what the package
says about its pages is checked against what another program finds in them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject
from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from handouts import Spec, build_pdf
from handouts.layout.fonts import SANS, SANS_BOLD, SANS_BOLD_ITALIC, SANS_ITALIC, SYMBOLS, face

from .specs import current, fixture, valid_spec

PAGES = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}  # width, height in pt
MARGIN = 36.0  # 0.5 in: never less, on any page of any template


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def texts(reader: PdfReader) -> list[str]:
    """Each page's extracted text."""
    return [page.extract_text() for page in reader.pages]


def page_texts(pdf: bytes) -> list[str]:
    return texts(read(pdf))


def squeeze(text: str) -> str:
    """Text without whitespace: line breaks are the layout's business."""
    return re.sub(r"\s+", "", text)


def text_of(pdf: bytes) -> str:
    """All the text of a PDF, whitespace removed."""
    return squeeze("".join(page_texts(pdf)))


def in_order(text: str, *pieces: str) -> bool:
    """Whether each piece occurs in `text` (whitespace ignored) after the one before it."""
    position = 0
    for piece in pieces:
        found = text.find(squeeze(piece), position)
        if found < 0:
            return False
        position = found + len(squeeze(piece))
    return True


def metadata_text(pdf: bytes) -> str:
    """Everything a PDF says about itself outside its pages: document info, XMP and bookmark titles."""
    reader = read(pdf)
    info = reader.trailer.get("/Info")
    parts = [f"{key}={value}" for key, value in (info.get_object() if info else {}).items()]
    xmp = reader.root_object.get("/Metadata")
    if xmp is not None:
        data = xmp.get_object().get_data()
        parts += [data.decode("utf-8", "replace"), data.decode("utf-16-be", "replace")]

    def titles(items: Iterable[object]) -> None:
        for item in items:
            if isinstance(item, list):
                titles(item)
            else:
                parts.append(str(getattr(item, "title", "")))

    titles(reader.outline)
    return "\n".join(parts)


def faces_by_base_font() -> dict[str, str]:
    """Each bundled face by the name a PDF gives it in /BaseFont (after the subset tag)."""
    return {
        face(name).face.name.decode(): name
        for name in (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC, SYMBOLS)
    }


# --- where things are drawn ------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One run of text as drawn: page (from 0), where it starts and ends, its size and face."""

    page: int
    x0: float
    x1: float
    y: float
    size: float
    face: str
    text: str


def text_runs(pdf: bytes) -> list[Run]:
    """Every run of text on every page, its extent measured in the face it is drawn in."""
    faces = faces_by_base_font()
    return [run for number, page in enumerate(read(pdf).pages) for run in _page_runs(page, number, faces)]


def _page_runs(page: PageObject, number: int, faces: dict[str, str]) -> list[Run]:
    """pypdf reports each run of a line (a bold word, then regular text) at the line's start, so a run
    reported at the same start and baseline as the one before it is placed where that one ended."""
    runs: list[Run] = []
    line: list[float] = []  # the start and baseline of the line being read, and where it has got to

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if font is None or not text.strip():  # pypdf also reports spaces that are never drawn
            return
        base = str(font["/BaseFont"]).lstrip("/").split("+")[-1]  # type: ignore[index]
        scale = tm[0] * cm[0] + tm[1] * cm[2]
        x = start = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        drawn = text.strip("\n")
        if line and abs(line[0] - start) < 0.01 and abs(line[1] - y) < 0.01:
            x = line[2]
        drawn_in = faces.get(base, SANS)
        width = stringWidth(drawn, drawn_in, size * scale)
        line[:] = [start, y, x + width]
        trailing = stringWidth(drawn[len(drawn.rstrip()) :], drawn_in, size * scale)
        # pypdf may report the space that ended the line before at the start of this one
        leading = stringWidth(drawn[: len(drawn) - len(drawn.lstrip())], drawn_in, size * scale)
        runs.append(Run(number, x, x + width - leading - trailing, y, size * scale, base, drawn))

    page.extract_text(visitor_text=visit)
    return runs


@dataclass(frozen=True)
class Mark:
    """Something drawn that is not text: a path (rule, box, QR module) or an image, as a bounding box."""

    page: int
    kind: str  # "path" or "image"
    x0: float
    y0: float
    x1: float
    y1: float


PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def marks(pdf: bytes) -> list[Mark]:
    """Every painted path and every image on every page, in page coordinates."""
    return [mark for number, page in enumerate(read(pdf).pages) for mark in _page_marks(page, number)]


def _page_marks(page: PageObject, number: int) -> list[Mark]:
    found: list[Mark] = []
    path: list[tuple[float, float]] = []

    def point(cm: list[float], x: float, y: float) -> tuple[float, float]:
        return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]

    def box(kind: str, points: list[tuple[float, float]]) -> Mark:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return Mark(number, kind, min(xs), min(ys), max(xs), max(ys))

    def before(operator: bytes, operands: list[object], cm: list[float], tm: list[float]) -> None:
        values = [float(v) for v in operands if isinstance(v, int | float)]
        if operator in (b"m", b"l", b"c", b"v", b"y"):
            path.extend(point(cm, values[i], values[i + 1]) for i in range(0, len(values), 2))
        elif operator == b"re":
            x, y, w, h = values
            path.extend([point(cm, x, y), point(cm, x + w, y + h)])
        elif operator == b"Do":  # an image fills the unit square of the current matrix
            found.append(box("image", [point(cm, 0, 0), point(cm, 1, 1)]))
        elif operator in PAINT or operator == b"n":
            if path and operator in PAINT:
                found.append(box("path", path))
            path.clear()

    page.extract_text(visitor_operand_before=before)
    return found


def images(pdf: bytes, page: int = 0) -> list[tuple[int, int]]:
    """(width, height) in pixels of each image XObject a page uses."""
    resources = cast(DictionaryObject, read(pdf).pages[page]["/Resources"].get_object())
    found = []
    for reference in cast(DictionaryObject, resources.get("/XObject") or DictionaryObject()).values():
        xobject = cast(DictionaryObject, reference.get_object())
        if xobject.get("/Subtype") == "/Image":
            found.append((cast(int, xobject["/Width"]), cast(int, xobject["/Height"])))
    return found


def colours(pdf: bytes) -> set[tuple[float, ...]]:
    """Every RGB colour set on the first page (fill or stroke), rounded to 3 places."""
    reader = read(pdf)
    content = ContentStream(reader.pages[0].get_contents(), reader)
    return {
        tuple(round(float(v), 3) for v in operands)
        for operands, operator in content.operations
        if operator in (b"rg", b"RG")
    }


def rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))


# --- letters and other PDFs made for the tests -----------------------------------------------------

LETTER_INFO_TITLE = "Referral letter"


def letter_pdf(
    pages: int = 1,
    size: tuple[float, float] = letter,
    *,
    form: bool = False,
    outline: bool = False,
    encrypt: StandardEncryption | None = None,
) -> bytes:
    """A letter as a record system might export it: its own document info and a few lines of text on
    each page; as asked, filled form fields on the first page, bookmarks of its own, or encryption."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1, encrypt=encrypt)
    canvas.setTitle(LETTER_INFO_TITLE)
    canvas.setAuthor("North Clinic")
    canvas.setSubject("Follow-up")
    for number in range(1, pages + 1):
        canvas.drawString(
            72, size[1] - 100, f"Dear Dr Jones, this is page {number} of {pages} of the letter."
        )
        canvas.drawString(72, size[1] - 120, f"Line two of page {number}: please see the attached handouts.")
        if outline:
            canvas.bookmarkPage(f"page{number}")
            canvas.addOutlineEntry(f"Part {number}", f"page{number}", level=0)
        if form and number == 1:
            for name, value, y in (("patient_name", "Jane Doe", 500), ("mrn", "12345", 460)):
                canvas.acroForm.textfield(name=name, value=value, x=72, y=y, width=200, height=20)
            canvas.acroForm.checkbox(name="urgent", checked=True, x=72, y=420)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


LETTER_FIELDS = {"patient_name": "Jane Doe", "mrn": "12345", "urgent": "/Yes"}  # letter_pdf(form=True)


def aes_encrypted(pdf: bytes, user_password: str = "", algorithm: str = "AES-256") -> bytes:
    """The PDF encrypted by pypdf (an empty user password opens it, as it does many exported files)."""
    writer = PdfWriter(clone_from=read(pdf))
    writer.encrypt(user_password, "owner", algorithm=algorithm)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


Bookmarks = list[tuple[str | None, int | None, list[tuple[str | None, int | None]]]]


def outline(reader: PdfReader) -> Bookmarks:
    """Top-level bookmarks as (title, page, [(child title, page), ...]); two levels are all there are."""
    found: Bookmarks = []
    for item in reader.outline:
        if isinstance(item, list):
            for child in item:
                assert not isinstance(child, list)
                found[-1][2].append((child.title, reader.get_destination_page_number(child)))
        else:
            found.append((item.title, reader.get_destination_page_number(item), []))
    return found


def fields(reader: PdfReader) -> dict[str, object]:
    return {name: field.get("/V") for name, field in (reader.get_fields() or {}).items()}


def widget_names(reader: PdfReader, page: int) -> set[str]:
    annotations = reader.pages[page].get("/Annots") or ArrayObject()
    return {str(cast(DictionaryObject, annotation.get_object()).get("/T")) for annotation in annotations}


def two_pages(pdf: bytes) -> bytes:
    """The first page of a PDF, twice."""
    writer = PdfWriter()
    page = read(pdf).pages[0]
    writer.add_page(page)
    writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bad_pdfs(good: bytes) -> dict[str, bytes]:
    """Files that are not a readable, unprotected PDF, some made from a good one."""
    return {
        "not-a-pdf": b"This is a plain text file, not a PDF.\n",
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "encrypted": aes_encrypted(good, "secret", "AES-128"),
        "encrypted-empty-password": aes_encrypted(good, "", "AES-128"),
        "header-only": b"%PDF-1.7\n",
    }


def spec_and_pdf(folder: Path, name: str) -> tuple[Path, Path, Spec]:
    """A build fixture written to `folder` (current on the real today, for the command line), the PDF
    built from it beside it, and its spec."""
    text = current(fixture(name))
    source = folder / f"{name}.toml"
    source.write_text(text, encoding="utf-8")
    spec = valid_spec(text)
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(build_pdf(spec).pdf)
    return source, pdf, spec
