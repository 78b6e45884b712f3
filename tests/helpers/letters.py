"""Letters with something in them that must not reach a merged PDF, made with ReportLab and pypdf: every
kind of active content, reader-extension rights, XFA, embedded files, images that declare too many
pixels, and a subset font with the tag the handouts' fonts have."""

from __future__ import annotations

import io
import zlib
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.pdfgen.canvas import Canvas

from handouts.layout.fonts import SANS, register

from .pdfs import letter_pdf, read

MARK = "handouts-test-mark"  # in every script, XFA packet and embedded file: searched for in the bytes


def name(value: str) -> NameObject:
    return NameObject(value)


def dictionary(**entries: Any) -> DictionaryObject:
    """A dictionary from keyword entries: strings starting with / are names, other strings text."""
    result = DictionaryObject()
    for key, value in entries.items():
        if isinstance(value, str):
            value = NameObject(value) if value.startswith("/") else TextStringObject(value)
        elif isinstance(value, bool):
            value = BooleanObject(value)
        elif isinstance(value, int):
            value = NumberObject(value)
        result[NameObject(f"/{key}")] = value
    return result


def stream(data: bytes, **entries: Any) -> DecodedStreamObject:
    value = DecodedStreamObject()
    value.update(dictionary(**entries))
    value.set_data(data)
    return value


def written(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def script(what: str) -> DictionaryObject:
    return dictionary(Type="/Action", S="/JavaScript", JS=f"app.alert('{MARK} {what}');")


def link(action: DictionaryObject, y: int) -> DictionaryObject:
    rectangle = ArrayObject([NumberObject(n) for n in (72, y, 300, y + 12)])
    return dictionary(Type="/Annot", Subtype="/Link", Rect=rectangle, A=action)


def embedded(writer: PdfWriter, file: str) -> IndirectObject:
    """A file specification with an embedded file whose bytes hold MARK."""
    data = stream(f"{MARK} {file}".encode(), Type="/EmbeddedFile")
    files = dictionary(F=writer._add_object(data))
    return writer._add_object(dictionary(Type="/Filespec", F=file, UF=file, EF=files))


def active_letter() -> bytes:
    """The two-page form letter, with its bookmarks, carrying every kind of active content."""
    writer = PdfWriter(clone_from=read(letter_pdf(2, form=True, outline=True)))
    add = writer._add_object
    catalog = writer.root_object
    catalog[name("/OpenAction")] = add(script("open"))
    catalog[name("/AA")] = dictionary(WC=script("will close"))
    scripts = ArrayObject(
        [TextStringObject("one"), add(script("one")), TextStringObject("two"), add(script("two"))]
    )
    files = ArrayObject([TextStringObject("a.txt"), embedded(writer, "a.txt")])
    files += [TextStringObject("b.txt"), embedded(writer, "b.txt")]
    catalog[name("/Names")] = dictionary(
        JavaScript=dictionary(Names=scripts), EmbeddedFiles=dictionary(Names=files)
    )
    signature = dictionary(Type="/Sig", Filter="/Adobe.PPKLite", Contents=ByteStringObject(b"\0" * 8))
    catalog[name("/Perms")] = dictionary(UR3=add(signature))
    form: Any = catalog["/AcroForm"].get_object()
    form[name("/XFA")] = add(stream(f"<xdp:xdp><!-- {MARK} xfa --></xdp:xdp>".encode()))
    first = writer.pages[0]
    first[name("/AA")] = dictionary(
        O=script("page open"),
        C=dictionary(S="/GoTo", D=ArrayObject([first.indirect_reference, name("/Fit")])),
    )
    annotations = [
        link(dictionary(S="/Launch", F="calc.exe"), 700),
        link(script("click"), 680),
        link(dictionary(S="/URI", URI=f"javascript:alert('{MARK}')"), 660),
        link(dictionary(S="/URI", URI="https://example.org/kept"), 640),
        link(dictionary(S="/GoToR", F="other.pdf", D=ArrayObject([NumberObject(0), name("/Fit")])), 620),
        link(
            dictionary(
                S="/GoToE", T=dictionary(R="/C", N="a.txt"), D=ArrayObject([NumberObject(0), name("/Fit")])
            ),
            600,
        ),
        link(dictionary(S="/ImportData", F="data.fdf"), 580),
        link(dictionary(S="/Rendition", OP=0, JS=f"{MARK} rendition"), 560),
        link(dictionary(S="/Movie", T="clip"), 540),
        link(
            dictionary(
                S="/GoTo", D=ArrayObject([first.indirect_reference, name("/Fit")]), Next=script("next")
            ),
            520,
        ),
        link(dictionary(S="/Foo"), 500),
        dictionary(
            Type="/Annot",
            Subtype="/FileAttachment",
            Rect=ArrayObject([NumberObject(0)] * 4),
            FS=embedded(writer, "c.txt"),
        ),
        dictionary(Type="/Annot", Subtype="/Screen", Rect=ArrayObject([NumberObject(0)] * 4)),
    ]
    listed: Any = first["/Annots"]
    listed.extend(add(annotation) for annotation in annotations)
    widgets = {
        str(item.get_object()["/T"]): item.get_object() for item in listed if "/T" in item.get_object()
    }
    widgets["patient_name"][name("/AA")] = dictionary(K=script("keystroke"))
    widgets["urgent"][name("/A")] = dictionary(
        S="/SubmitForm", F=dictionary(FS="/URL", F="https://example.org/collect")
    )
    outlines: Any = catalog["/Outlines"]
    outline = outlines.get_object()["/First"].get_object()
    outline[name("/A")] = script("bookmark")
    return written(writer)


# What active_letter carries, as attach says it removed it.
REMOVED = [
    "removed 11 pieces of JavaScript",
    "removed an action that would launch a program or open a file",
    "removed an action that would import form data from a file",
    "removed an action that would send the form's contents over the network "
    "(the fields and their values are kept)",
    "removed 2 links to another file or to a file embedded in it",
    "removed 2 multimedia items",
    "removed an action run automatically when the file, a page or a field is opened, closed or changed",
    "removed an action of a kind this tool does not keep",
    "removed its reader-extension rights (UR3), which added pages void",
    "removed its XFA form data; the form's fields and their values are kept",
    "removed 3 embedded files",
]


def image(width: int, height: int) -> DecodedStreamObject:
    """An image that declares its size and holds next to nothing: what it claims is what is checked."""
    return stream(
        b"\0" * 16,
        Type="/XObject",
        Subtype="/Image",
        Width=width,
        Height=height,
        ColorSpace="/DeviceGray",
        BitsPerComponent=8,
    )


def letter_with_image(width: int, height: int, where: str = "page") -> bytes:
    """A letter whose first page draws an image of the size given: on the page, inside a form, or in
    a link's appearance."""
    writer = PdfWriter(clone_from=read(letter_pdf()))
    page: Any = writer.pages[0]
    picture = writer._add_object(image(width, height))
    if where == "page":
        resources = page["/Resources"].get_object()
        resources[name("/XObject")] = dictionary(Im9=picture)
    elif where == "form":
        form = stream(
            b"/Im9 Do",
            Type="/XObject",
            Subtype="/Form",
            BBox=ArrayObject([NumberObject(n) for n in (0, 0, 1, 1)]),
        )
        form[name("/Resources")] = dictionary(XObject=dictionary(Im9=picture))
        page["/Resources"].get_object()[name("/XObject")] = dictionary(Fm9=writer._add_object(form))
    else:
        appearance = stream(
            b"/Im9 Do",
            Type="/XObject",
            Subtype="/Form",
            BBox=ArrayObject([NumberObject(n) for n in (0, 0, 1, 1)]),
        )
        appearance[name("/Resources")] = dictionary(XObject=dictionary(Im9=picture))
        annotation = link(dictionary(S="/URI", URI="https://example.org"), 700)
        annotation[name("/AP")] = dictionary(N=writer._add_object(appearance))
        page[name("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return written(writer)


def certified_letter() -> bytes:
    writer = PdfWriter(clone_from=read(letter_pdf()))
    signature = dictionary(Type="/Sig", Filter="/Adobe.PPKLite", Contents=ByteStringObject(b"\0" * 8))
    writer.root_object[name("/Perms")] = dictionary(DocMDP=writer._add_object(signature))
    return written(writer)


def dynamic_xfa_letter(needs_rendering: bool = True) -> bytes:
    """A dynamic XFA form: NeedsRendering, or an XFA packet and no AcroForm fields."""
    writer = PdfWriter(clone_from=read(letter_pdf()))
    catalog = writer.root_object
    packet = writer._add_object(stream(b"<xdp:xdp/>"))
    catalog[name("/AcroForm")] = dictionary(Fields=ArrayObject(), XFA=packet)
    if needs_rendering:
        catalog[name("/NeedsRendering")] = BooleanObject(True)
    return written(writer)


def noto_letter() -> bytes:
    """A one-page letter set in the bundled Noto Sans by ReportLab in its reproducible mode: its subset
    is tagged AAAAAA, as each handout's is, with other glyphs in it."""
    register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont(SANS, 12)
    canvas.drawString(72, 700, "Zygote quiz: jovial wizards box 12 kegs.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"


def raw_letter(catalog: str, *objects: str | bytes, trailer: str = "", page: str = PAGE) -> bytes:
    """A one-page letter written by hand, object by object (1 the catalog, 2 the pages, 3 the page,
    then `objects` from 4): for the shapes a PDF library would not write, but a viewer opens."""
    written = [catalog, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, *objects]
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(written, 1):
        offsets.append(len(out))
        data = body if isinstance(body, bytes) else body.encode()
        out += f"{number} 0 obj\n".encode() + data + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(written) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = f"<< /Size {len(written) + 1} /Root 1 0 R {trailer}>>"
    return out + f"trailer\n{trailer}\nstartxref\n{start}\n%%EOF\n".encode()


def object_stream_pdf(filter_name: bytes | None) -> bytes:
    """A one-page PDF whose every object is in an object stream compressed with `filter_name` (a
    cross-reference stream finds them): with a filter pypdf does not know, nothing can be read."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    offsets, body = [], b""
    for value in objects:
        offsets.append(len(body))
        body += value + b"\n"
    head = b" ".join(b"%d %d" % (number, at) for number, at in enumerate(offsets, 1)) + b"\n"
    data = zlib.compress(head + body) if filter_name == b"/FlateDecode" else head + body
    named = b" /Filter " + filter_name if filter_name else b""
    output = b"%PDF-1.7\n"
    stream_at = len(output)
    output += b"4 0 obj\n<< /Type /ObjStm /N 3 /First %d /Length %d%s >>\nstream\n" % (
        len(head),
        len(data),
        named,
    )
    output += data + b"\nendstream\nendobj\n"
    xref_at = len(output)
    rows = [b"\x00\x00\x00\xff\xff", *(b"\x02\x00\x04\x00" + bytes([n]) for n in range(3))]
    rows += [b"\x01" + at.to_bytes(2, "big") + b"\x00\x00" for at in (stream_at, xref_at)]
    xref = b"".join(rows)
    output += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 2 2] /Root 1 0 R /Length %d >>\nstream\n" % len(xref)
    return output + xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
