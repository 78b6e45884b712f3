"""Attaching handouts to a letter: real letters made with ReportLab (one page, three A4 pages, landscape,
filled form fields, their own bookmarks, encrypted) and real handouts built from the bundled specs,
merged and read back with pypdf. Anything that is not a readable, unprotected PDF of sensible size is
refused with one PdfInputError line naming the file, never a traceback, a hang or pypdf's log noise.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from pypdf import Configuration, PdfReader, PdfWriter, get_configuration
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.pdfencrypt import StandardEncryption

from handouts import Attachment, PdfInputError, attach, build_pdf
from handouts.pdf import letters, reading
from handouts.pdf.letters import LETTER_TITLE
from tests.helpers.letters import raw_letter
from tests.helpers.paths import CLINICIAN_SPEC, PATIENT_SPEC
from tests.helpers.pdfs import (
    LETTER_FIELDS,
    LETTER_INFO_TITLE,
    aes_encrypted,
    fields,
    letter_pdf,
    outline,
    read,
    squeeze,
    texts,
    widget_names,
)
from tests.helpers.specs import CLINICIAN_TITLE, PATIENT_TITLE, load

ENCRYPTED = "is encrypted \\(password-protected\\); export it from the record system without protection"


# --- helpers -------------------------------------------------------------------------------------


def rewritten(data: bytes, *, xmp: bytes | None = None, info: bool = True) -> bytes:
    """The letter written again by pypdf: with XMP metadata, or without document info or /ID."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    if xmp is not None:
        writer.xmp_metadata = xmp
    if not info:
        writer.metadata = None
        writer._ID = None
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def write(folder: Path, data: bytes, name: str = "letter.pdf") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def handouts() -> list[Attachment]:
    """The two bundled handouts, built as the CLI builds them: a patient handout and a clinician summary."""
    built = []
    for source in (PATIENT_SPEC, CLINICIAN_SPEC):
        spec = load(source)
        built.append(Attachment(spec.title, build_pdf(spec).pdf))
    return built


@pytest.fixture(scope="module")
def handout_texts(handouts: list[Attachment]) -> list[str]:
    return [texts(read(handout.pdf))[0] for handout in handouts]


# --- merging -------------------------------------------------------------------------------------


def test_letter_first_then_each_handout_with_a_bookmark_per_document(
    tmp_path: Path, handouts: list[Attachment], handout_texts: list[str]
) -> None:
    data = letter_pdf()
    output = attach(write(tmp_path, data), handouts).pdf
    assert b"is_open" not in output  # pypdf's bookkeeping key is not written out
    merged = read(output)
    assert len(merged.pages) == 3
    assert texts(merged) == [texts(read(data))[0], *handout_texts]
    assert "Dear Dr Jones, this is page 1" in texts(merged)[0]
    assert squeeze(PATIENT_TITLE) in squeeze(texts(merged)[1])
    assert outline(merged) == [(LETTER_TITLE, 0, []), (PATIENT_TITLE, 1, []), (CLINICIAN_TITLE, 2, [])]
    assert merged.page_mode == "/UseOutlines"  # the bookmarks show when the file opens


def test_before_puts_the_handouts_first_and_keeps_a4_pages(
    tmp_path: Path, handouts: list[Attachment], handout_texts: list[str]
) -> None:
    data = letter_pdf(3, A4)
    merged = read(attach(write(tmp_path, data), handouts, before=True).pdf)
    assert len(merged.pages) == 5
    assert texts(merged) == [*handout_texts, *texts(read(data))]
    assert outline(merged) == [(PATIENT_TITLE, 0, []), (CLINICIAN_TITLE, 1, []), (LETTER_TITLE, 2, [])]
    assert [tuple(page.mediabox) for page in merged.pages[2:]] == [pytest.approx((0, 0, *A4))] * 3
    assert tuple(merged.pages[0].mediabox) == (0, 0, *letter)


def test_landscape_letter_keeps_its_page_and_the_handouts_theirs(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    data = letter_pdf(1, landscape(letter))
    merged = read(attach(write(tmp_path, data), handouts[:1]).pdf)
    assert tuple(merged.pages[0].mediabox) == (0, 0, 792, 612)
    assert tuple(merged.pages[1].mediabox) == (0, 0, 612, 792)
    assert texts(merged)[0] == texts(read(data))[0]


def labelled(data: bytes, ranges: list[tuple[int, int, PageLabelStyle, str]]) -> bytes:
    """The letter with page labels: (first page, last page, style, prefix) for each range."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for first, last, style, prefix in ranges:
        writer.set_page_label(first, last, style, prefix or None)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_letters_page_labels_stay_on_its_pages_and_the_handouts_are_numbered_by_place(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    """A letter numbered i, ii and then A-1: the handouts after it are pages 4 and 5, not A-2 and A-3;
    before it, they are 1 and 2, and the letter keeps its own numbers."""
    ranges = [(0, 1, PageLabelStyle.LOWERCASE_ROMAN, ""), (2, 2, PageLabelStyle.DECIMAL, "A-")]
    data = labelled(letter_pdf(3), ranges)
    after = read(attach(write(tmp_path, data), handouts).pdf)
    assert after.page_labels == ["i", "ii", "A-1", "4", "5"]
    before = read(attach(write(tmp_path, data), handouts, before=True).pdf)
    assert before.page_labels == ["1", "2", "i", "ii", "A-1"]
    assert texts(before)[2] == texts(read(data))[0]


def test_a_letter_without_labels_gets_none_and_odd_labels_keep_only_what_a_label_is(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    merged = attach(write(tmp_path, letter_pdf(2)), handouts).pdf
    assert "/PageLabels" not in read(merged).root_object
    # A label whose style is made up, whose prefix is a dictionary and whose first number is not one,
    # and a range beyond the letter's pages: decimal from 1, as a viewer reads such a label.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(letter_pdf(2))))
    odd = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Q"),
            NameObject("/P"): DictionaryObject({NameObject("/JS"): TextStringObject("app.alert(1)")}),
            NameObject("/St"): TextStringObject("seven"),
        }
    )
    far = DictionaryObject({NameObject("/S"): NameObject("/R")})
    writer.root_object[NameObject("/PageLabels")] = DictionaryObject(
        {NameObject("/Nums"): ArrayObject([NumberObject(0), odd, NumberObject(40), far])}
    )
    output = io.BytesIO()
    writer.write(output)
    merged = attach(write(tmp_path, output.getvalue()), handouts[:1]).pdf
    assert read(merged).page_labels == ["1", "2", "3"]
    assert b"app.alert" not in merged and b"/Q" not in merged


def test_a_letters_label_tree_is_read_as_a_viewer_reads_it(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    """Ranges under /Kids; of two for one page, the first; a first number too large for a reader to
    hold, dropped (kept, it made the merged file's catalog unreadable to qpdf); a first range after
    page 0, the pages before it numbered by their place."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(letter_pdf(3))))

    def label(**entries: Any) -> DictionaryObject:
        return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})

    ranges = [1, label(S=NameObject("/r"), St=NumberObject(2**63)), 1, label(S=NameObject("/A"))]
    ranges += [2, label(S=NameObject("/D"), P=TextStringObject("B-"))]
    kid = writer._add_object(
        label(Nums=ArrayObject(NumberObject(n) if isinstance(n, int) else n for n in ranges))
    )
    writer.root_object[NameObject("/PageLabels")] = label(Kids=ArrayObject([kid]))
    output = io.BytesIO()
    writer.write(output)
    result = attach(write(tmp_path, output.getvalue()), handouts[:1]).pdf
    assert read(result).page_labels == ["1", "i", "B-1", "4"]
    if shutil.which("qpdf"):
        merged = write(tmp_path, result, "merged.pdf")
        checked = subprocess.run(["qpdf", "--check", str(merged)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_merge_that_check_could_not_read_back_is_refused(
    tmp_path: Path, handouts: list[Attachment], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letter of the most pages a PDF may have, with handouts after it, would be a file `check`
    refuses to read: refused in one line (here with the most lowered to the letter's two pages)."""
    monkeypatch.setattr(letters, "MAX_PAGES", 2)
    path = write(tmp_path, letter_pdf(2))
    with pytest.raises(PdfInputError) as caught:
        attach(path, handouts[:1])
    assert str(caught.value) == (
        f"{path}: with the handouts it would have 3 pages, more than the 2 this tool reads; "
        "is it the right file?"
    )


def test_one_attachment_and_titles_are_one_line(tmp_path: Path, handouts: list[Attachment]) -> None:
    odd = Attachment("Café  µg\nand more", handouts[0].pdf)
    merged = read(attach(write(tmp_path, letter_pdf(2)), [odd]).pdf)
    assert outline(merged) == [(LETTER_TITLE, 0, []), ("Café µg and more", 2, [])]


@pytest.mark.parametrize("before", [False, True])
def test_filled_form_fields_survive_with_their_values_and_widgets(
    tmp_path: Path, handouts: list[Attachment], before: bool
) -> None:
    data = letter_pdf(2, form=True)
    merged = read(attach(write(tmp_path, data), handouts, before=before).pdf)
    assert (
        fields(read(data)) == LETTER_FIELDS == {"patient_name": "Jane Doe", "mrn": "12345", "urgent": "/Yes"}
    )
    assert fields(merged) == fields(read(data))
    first = 2 if before else 0
    assert widget_names(merged, first) == {"patient_name", "mrn", "urgent"}
    acro_form = merged.root_object["/AcroForm"].get_object()
    assert isinstance(acro_form, DictionaryObject)
    assert len(acro_form["/Fields"]) == 3  # type: ignore[arg-type]


@pytest.mark.parametrize("before", [False, True])
def test_the_letters_own_bookmarks_are_kept_under_letter(
    tmp_path: Path, handouts: list[Attachment], before: bool
) -> None:
    data = letter_pdf(3, outline=True)
    assert outline(read(data)) == [("Part 1", 0, []), ("Part 2", 1, []), ("Part 3", 2, [])]
    merged = read(attach(write(tmp_path, data), handouts, before=before).pdf)
    shift = 2 if before else 0
    own = [("Part 1", shift), ("Part 2", shift + 1), ("Part 3", shift + 2)]
    if before:
        assert outline(merged) == [(PATIENT_TITLE, 0, []), (CLINICIAN_TITLE, 1, []), (LETTER_TITLE, 2, own)]
    else:
        assert outline(merged) == [(LETTER_TITLE, 0, own), (PATIENT_TITLE, 3, []), (CLINICIAN_TITLE, 4, [])]
    root = merged.root_object["/Outlines"].get_object()
    assert isinstance(root, DictionaryObject)
    assert root.get("/Count") == NumberObject(6)  # every bookmark visible: the letter's open under "Letter"


def test_the_letters_bookmarks_that_loop_are_cut_where_they_loop(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    """A bookmark whose children are the outline itself, another whose child is its own sibling: the
    merged outline is a tree, which a viewer walks to its end."""
    bookmark = "<< /Title ({}) /Parent 4 0 R {} /First {} 0 R /Last {} 0 R /Count 1 /Dest [3 0 R /Fit] >>"
    letter = raw_letter(
        "<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R >>",
        "<< /Type /Outlines /First 5 0 R /Last 6 0 R /Count 2 >>",
        bookmark.format("One", "/Next 6 0 R", 4, 4),
        bookmark.format("Two", "/Prev 5 0 R", 5, 5),
    )
    merged = read(attach(write(tmp_path, letter), handouts[:1]).pdf)
    root: Any = merged.root_object["/Outlines"].get_object()
    met: list[int] = []
    pending = [root.raw_get("/First")]
    while pending and len(met) < 100:
        reference = pending.pop()
        met.append(reference.idnum)
        item = reference.get_object()
        pending += [item.raw_get(key) for key in ("/Next", "/First") if key in item]
    assert len(met) == len(set(met)) == 4  # Letter, One, Two, the handout
    assert outline(merged) == [(LETTER_TITLE, 0, [("One", 0), ("Two", 0)]), (PATIENT_TITLE, 1, [])]


# --- metadata, identity, the letter file ---------------------------------------------------------


def test_metadata_is_the_letters_and_nothing_of_the_handouts(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    data = letter_pdf()
    merged = read(attach(write(tmp_path, data), handouts).pdf)
    assert merged.metadata == read(data).metadata
    assert merged.metadata is not None and merged.metadata.title == LETTER_INFO_TITLE == "Referral letter"
    assert merged.xmp_metadata is None
    # The handouts' XMP and document info stay theirs; the catalog gains only what the merged tags need
    # (see test_letter_tags.py), a language among them, as the letter declares none.
    assert str(merged.root_object["/Lang"]) == "en"


def test_the_letters_xmp_is_kept(tmp_path: Path, handouts: list[Attachment]) -> None:
    xmp = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<dc:title><rdf:Alt><rdf:li>Referral letter</rdf:li></rdf:Alt></dc:title>"
        b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    merged = read(attach(write(tmp_path, rewritten(letter_pdf(), xmp=xmp)), handouts).pdf)
    assert merged.xmp_metadata is not None
    assert merged.xmp_metadata.stream.get_data() == xmp


def test_a_letter_without_document_info_gets_none(tmp_path: Path, handouts: list[Attachment]) -> None:
    data = rewritten(letter_pdf(), info=False)
    assert read(data).metadata is None
    output = attach(write(tmp_path, data), handouts).pdf
    merged = read(output)
    assert merged.metadata is None  # not even pypdf's /Producer
    identifier = merged.trailer["/ID"]
    assert len(identifier[0]) == 16 and identifier[0] == identifier[1]  # type: ignore[index]
    assert output == attach(write(tmp_path, data), handouts).pdf


def test_same_inputs_same_bytes_and_the_letters_identifier_kept(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    data = letter_pdf(2, form=True, outline=True)
    path = write(tmp_path, data)
    first = attach(path, handouts).pdf
    assert attach(path, handouts).pdf == first
    assert attach(write(tmp_path, data, "copy.pdf"), handouts).pdf == first  # the file's name plays no part
    others = {
        attach(path, handouts[::-1]).pdf,
        attach(path, handouts, before=True).pdf,
        attach(path, handouts[:1]).pdf,
    }
    assert first not in others and len(others) == 3
    letter_id, merged_id = read(data).trailer["/ID"], read(first).trailer["/ID"]
    assert merged_id[0] == letter_id[0]  # type: ignore[index]
    assert merged_id[1] != letter_id[1]  # type: ignore[index]


def test_the_letter_file_is_only_read(tmp_path: Path, handouts: list[Attachment]) -> None:
    path = write(tmp_path, letter_pdf(form=True))
    before = path.read_bytes(), path.stat().st_mtime_ns
    attach(path, handouts)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(tmp_path.iterdir()) == [path]


# --- refused letters -----------------------------------------------------------------------------


def refused(path: Path, attachments: list[Attachment], pattern: str, **options: float) -> None:
    with pytest.raises(PdfInputError, match=pattern) as caught:
        attach(path, attachments, **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message


@pytest.mark.parametrize(
    "make",
    [
        lambda: letter_pdf(encrypt=StandardEncryption("", ownerPassword="owner")),
        lambda: letter_pdf(encrypt=StandardEncryption("secret", ownerPassword="owner")),
        lambda: aes_encrypted(letter_pdf()),
    ],
    ids=["empty-user-password", "password", "aes-256-empty-password"],
)
def test_an_encrypted_letter_is_refused(tmp_path: Path, handouts: list[Attachment], make: object) -> None:
    path = write(tmp_path, make())  # type: ignore[operator]
    refused(path, handouts, ENCRYPTED)


def test_a_letter_without_pages_is_refused(tmp_path: Path, handouts: list[Attachment]) -> None:
    output = io.BytesIO()
    PdfWriter().write(output)
    refused(write(tmp_path, output.getvalue()), handouts, "has no pages")


# (What is not a sound PDF at all, in the words attach and check share, is tests/pdf/test_bad_pdfs.py.)


def test_folders_devices_pipes_and_missing_files_are_refused(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    refused(tmp_path, handouts, "is a folder, not a file")
    refused(tmp_path / "missing.pdf", handouts, "cannot be read: No such file or directory")
    if Path("/dev/null").exists():
        refused(Path("/dev/null"), handouts, "is not a regular file")
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe.pdf"
        os.mkfifo(pipe)
        refused(pipe, handouts, "is not a regular file")  # without waiting for a writer


def test_a_nul_in_the_path_is_refused(handouts: list[Attachment]) -> None:
    with pytest.raises(PdfInputError, match="cannot be read"):
        attach("letter\0.pdf", handouts)


def test_damaged_letters_never_escape_as_anything_but_pdf_input_error(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    """Bytes overwritten here and there, and cuts at many lengths: each letter is merged or refused."""
    data = letter_pdf(2, form=True, outline=True)
    chance = random.Random(7)
    damaged = [data[:cut] for cut in range(200, len(data), len(data) // 15)]
    for _ in range(25):
        copy = bytearray(data)
        for _ in range(chance.randint(1, 8)):
            spot = chance.randrange(len(copy))
            copy[spot : spot + 4] = chance.randbytes(4)
        damaged.append(bytes(copy))
    for index, broken in enumerate(damaged):
        path = write(tmp_path, broken, f"damaged-{index}.pdf")
        try:
            read(attach(path, handouts[:1], time_limit=5).pdf)
        except PdfInputError as error:
            assert str(error).startswith(f"{path}: ") and "\n" not in str(error)


def test_a_bad_attachment_is_named(tmp_path: Path, handouts: list[Attachment]) -> None:
    path = write(tmp_path, letter_pdf())
    with pytest.raises(PdfInputError, match=r"^attachment 'Broken': is damaged and cannot be read as a PDF"):
        attach(path, [handouts[0], Attachment("Broken", handouts[1].pdf[:500])])
    with pytest.raises(PdfInputError, match=r"^attachment 'Text': is not a PDF"):
        attach(path, [Attachment("Text", b"not a pdf")])


def test_misuse_is_a_programming_error(tmp_path: Path, handouts: list[Attachment]) -> None:
    path = write(tmp_path, letter_pdf())
    with pytest.raises(ValueError, match="at least one attachment"):
        attach(path, [])
    with pytest.raises(ValueError, match="time_limit must be positive"):
        attach(path, handouts, time_limit=0)


# --- the time limit ------------------------------------------------------------------------------


def slow(*args: object) -> None:
    """Work that would take five seconds, unless the deadline stops it."""
    end = time.monotonic() + 5
    while time.monotonic() < end:
        pass
    raise AssertionError("the deadline did not stop the work")


def test_a_letter_that_takes_too_long_is_refused_and_the_alarm_put_back(
    tmp_path: Path, handouts: list[Attachment], monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = signal.getsignal(signal.SIGALRM)
    monkeypatch.setattr(letters, "open_pdf", slow)
    started = time.monotonic()
    refused(
        write(tmp_path, letter_pdf()),
        handouts,
        r"took longer than 0\.2 s to read; is it damaged\?",
        time_limit=0.2,
    )
    assert time.monotonic() - started < 2
    assert signal.getsignal(signal.SIGALRM) == handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_timer_already_running_is_put_back(tmp_path: Path, handouts: list[Attachment]) -> None:
    rang: list[int] = []

    def ring(signum: int, frame: FrameType | None) -> None:
        rang.append(signum)

    previous = signal.signal(signal.SIGALRM, ring)
    try:
        signal.setitimer(signal.ITIMER_REAL, 20)
        attach(write(tmp_path, letter_pdf()), handouts)
        assert signal.getsignal(signal.SIGALRM) == ring
        assert 10 < signal.getitimer(signal.ITIMER_REAL)[0] <= 20
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        time.sleep(0.1)
        assert rang == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_outside_the_main_thread_there_is_no_alarm_but_it_works(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    path = write(tmp_path, letter_pdf())
    results: list[bytes | BaseException] = []

    def run() -> None:
        try:
            results.append(attach(path, handouts).pdf)
        except BaseException as error:  # reported below, in the test's thread
            results.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert len(results) == 1 and results[0] == attach(path, handouts).pdf


def test_the_tightened_pypdf_limits_apply_only_inside_attach(
    tmp_path: Path, handouts: list[Attachment], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Configuration] = []
    original = reading.open_pdf

    def spy(data: bytes, name: str) -> PdfReader:
        seen.append(get_configuration())
        return original(data, name)

    monkeypatch.setattr(letters, "open_pdf", spy)
    attach(write(tmp_path, letter_pdf()), handouts)
    assert len(seen) == 3  # the letter and each handout
    for configuration in seen:
        assert configuration.zlib_maximum_output_length == 64 * 1024 * 1024
        assert configuration.maximum_declared_stream_length == reading.MAX_PDF_BYTES
        assert configuration.jbig2dec_binary is None
    assert get_configuration().zlib_maximum_output_length == 75_000_000  # pypdf's default, put back


def signed(data: bytes, *, value: bool = True) -> bytes:
    """The letter with a signature field, signed (a /V signature dictionary) or awaiting a signature."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject("Signature1"),
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        }
    )
    if value:
        signature = {
            NameObject("/Type"): NameObject("/Sig"),
            NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
            NameObject("/Contents"): ByteStringObject(b"\0" * 16),
        }
        field[NameObject("/V")] = writer._add_object(DictionaryObject(signature))
    reference = writer._add_object(field)
    writer.pages[0][NameObject("/Annots")] = ArrayObject([reference])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([reference]), NameObject("/SigFlags"): NumberObject(3)}
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_signed_letter_is_refused_not_silently_unsigned(tmp_path: Path, handouts: list[Attachment]) -> None:
    path = write(tmp_path, signed(letter_pdf()))
    refused(path, handouts, "is digitally signed; adding pages would break its signature")


def test_an_empty_signature_field_is_no_signature(tmp_path: Path, handouts: list[Attachment]) -> None:
    path = write(tmp_path, signed(letter_pdf(), value=False))
    assert len(read(attach(path, handouts).pdf).pages) == 1 + sum(len(read(h.pdf).pages) for h in handouts)
