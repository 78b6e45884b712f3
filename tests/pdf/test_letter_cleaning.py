"""Clean merges: a letter carrying every kind of active content, reader-extension rights, XFA data and
embedded files is attached to, and the merged PDF read back holds none of it, in its objects or in its
bytes, while the letter's pages, form fields and values and bookmarks are as they were; each kind
removed is one warning naming the letter. Letters that adding pages would break or that could
overwhelm a reader (certified, dynamic XFA, an image declaring too many pixels) are refused, and
subset fonts that share a name in the merged file are renamed apart.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf.generic import NameObject

from handouts import Attached, Attachment, PdfInputError, attach, build_pdf
from handouts.cli.main import cli
from handouts.pdf import drawings, reading
from handouts.pdf.reading import too_complex, unread_compression
from handouts.pdf.subsets import SUBSET
from tests.helpers.letters import (
    MARK,
    REMOVED,
    active_letter,
    certified_letter,
    dynamic_xfa_letter,
    letter_with_image,
    noto_letter,
    object_stream_pdf,
    raw_letter,
)
from tests.helpers.paths import BUILD_FIXTURES, CLINICIAN_SPEC, PATIENT_SPEC
from tests.helpers.pdfs import LETTER_FIELDS, fields, letter_pdf, outline, read, texts
from tests.helpers.specs import load

UNTAGGED = "is not tagged, so the merged PDF cannot be fully accessible; the handouts in it are tagged"
# Whatever could run, reach out or carry a file, as it would be spelled in the merged file.
ACTIVE = re.compile(
    rb"/(JavaScript|JS|Launch|ImportData|SubmitForm|GoToR|GoToE|Rendition|Movie|Foo|AA|OpenAction|"
    rb"EmbeddedFiles|EmbeddedFile|Filespec|FileAttachment|Screen|UR3|Perms|XFA)\b|javascript:"
)


@pytest.fixture(scope="module")
def handouts() -> list[Attachment]:
    built = []
    for source in (PATIENT_SPEC, CLINICIAN_SPEC):
        spec = load(source)
        built.append(Attachment(spec.title, build_pdf(spec).pdf))
    return built


def merged(folder: Path, letter: bytes, attachments: list[Attachment], **options: Any) -> Attached:
    path = folder / "letter.pdf"
    path.write_bytes(letter)
    return attach(path, attachments, **options)


def refusal(folder: Path, letter: bytes, attachments: list[Attachment]) -> str:
    """Why attaching to `letter` is refused: the one line, without the letter's name before it."""
    path = folder / "letter.pdf"
    path.write_bytes(letter)
    with pytest.raises(PdfInputError) as caught:
        attach(path, attachments)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


def stream(data: bytes, entries: str = "") -> bytes:
    return f"<< {entries} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def _bomb(entries: str = "") -> bytes:
    """A stream just over the 64 MiB pypdf may decode of one, in 65 KiB: made when a test runs."""
    return stream(zlib.compress(b" " * (65 << 20), 9), f"{entries} /Filter /FlateDecode")


TOO_COMPLEX = too_complex("").removeprefix(": ")
CATALOG = "<< /Type /Catalog /Pages 2 0 R >>"
PAYLOAD = stream(MARK.encode(), "/Type /EmbeddedFile")  # a file embedded in a letter


def _page(entries: str) -> str:
    return f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {entries} >>"


def annotations_of(page: Any) -> list[Any]:
    return [item.get_object() for item in page.get("/Annots") or []]


# --- nothing active remains ------------------------------------------------------------------------------


@pytest.mark.parametrize("before", [False, True])
def test_nothing_active_remains_and_the_letter_is_as_it_was(
    tmp_path: Path, handouts: list[Attachment], before: bool
) -> None:
    letter = active_letter()
    assert ACTIVE.search(letter) and MARK.encode() in letter  # the letter has it all
    result = merged(tmp_path, letter, handouts, before=before)
    assert ACTIVE.search(result.pdf) is None, ACTIVE.search(result.pdf)
    assert MARK.encode() not in result.pdf  # not even in an object nothing refers to any more
    name = str(tmp_path / "letter.pdf")
    assert [str(warning) for warning in result.warnings] == [
        *(f"{name}: warning: {line}" for line in REMOVED),
        f"{name}: warning: {UNTAGGED}",
    ]
    assert result.removed == {
        "attachments": 3, "automatic": 1, "external": 2, "import": 1, "javascript": 11, "launch": 1,
        "media": 2, "other": 1, "rights": 1, "submit": 1, "xfa": 1,
    }  # fmt: skip
    original, output = read(letter), read(result.pdf)
    first = len(handouts) if before else 0
    pages = output.pages[first : first + 2]
    for mine, theirs in zip(pages, original.pages, strict=True):
        assert mine.get_contents().get_data() == theirs.get_contents().get_data()  # type: ignore[union-attr]
        assert tuple(mine.mediabox) == tuple(theirs.mediabox)
    assert texts(output)[first : first + 2] == texts(original)
    assert fields(output) == LETTER_FIELDS  # the fields and their values stay
    widgets = {str(a["/T"]) for a in annotations_of(pages[0]) if a.get("/Subtype") == "/Widget"}
    assert widgets == {"patient_name", "mrn", "urgent"}
    kept = [a["/A"]["/URI"] for a in annotations_of(pages[0]) if a.get("/A", {}).get("/S") == "/URI"]
    assert kept == ["https://example.org/kept"]  # a web link stays; the GoTo lost its /Next
    gone_to = [a for a in annotations_of(pages[0]) if a.get("/A", {}).get("/S") == "/GoTo"]
    assert len(gone_to) == 1 and "/Next" not in gone_to[0]["/A"]
    own = next(children for title, _, children in outline(output) if title == "Letter")
    assert [title for title, _ in own] == ["Part 1", "Part 2"]  # its bookmarks, still going to their pages
    assert [page for _, page in own] == [first, first + 1]


LAUNCH = f"<< /S /Launch /F ({MARK}.exe) >>"
HIDDEN = [
    # A catalog without /Type, or with it given indirectly: still the trailer's /Root.
    (raw_letter(f"<< /Pages 2 0 R /OpenAction {LAUNCH} >>"), "launch"),
    (raw_letter(f"<< /Type 4 0 R /Pages 2 0 R /OpenAction {LAUNCH} >>", "/Catalog"), "launch"),
    (
        raw_letter(f"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S 4 0 R /F ({MARK}) >> >>", "/Launch"),
        "launch",
    ),
    (
        raw_letter(
            "<< /Pages 2 0 R /Names << /EmbeddedFiles 5 0 R >> >>",
            PAYLOAD,
            "<< /Names [(x) 6 0 R] >>",
            "<< /EF << /F 4 0 R >> >>",
        ),
        "attachments",
    ),
    # A script with no /S, and one the document info points to (info is text, nothing else).
    (
        raw_letter(f"<< /Type /Catalog /Pages 2 0 R /OpenAction << /JS (app.alert('{MARK}')) >> >>"),
        "javascript",
    ),
    (
        raw_letter(
            "<< /Type /Catalog /Pages 2 0 R >>",
            PAYLOAD,
            "<< /Title (Letter) /X 4 0 R >>",
            trailer="/Info 5 0 R",
        ),
        None,
    ),
    # On a page: a link whose action has a script and no /S; a file attachment typed indirectly.
    (
        raw_letter(
            "<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /JS (app.alert('{MARK}')) >> >>",
            page="<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>",
        ),
        "javascript",
    ),
    (
        raw_letter(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Annot /Subtype 5 0 R /Rect [0 0 9 9] /FS << /EF << /F 6 0 R >> >> >>",
            "/FileAttachment",
            PAYLOAD,
            page="<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>",
        ),
        "attachments",
    ),
]


@pytest.mark.parametrize(
    ("letter", "kind"),
    HIDDEN,
    ids=[
        "no-type",
        "indirect-type",
        "indirect-s",
        "embedded",
        "no-s",
        "info",
        "annotation-no-s",
        "indirect-subtype",
    ],
)
def test_active_content_is_found_however_it_is_written(
    tmp_path: Path, handouts: list[Attachment], letter: bytes, kind: str | None
) -> None:
    assert MARK.encode() in letter
    result = merged(tmp_path, letter, handouts)
    assert MARK.encode() not in result.pdf  # not even in an object nothing refers to any more
    assert ACTIVE.search(result.pdf) is None, ACTIVE.search(result.pdf)
    assert list(result.removed) == ([kind] if kind else [])
    info: dict[str, Any] = dict(read(result.pdf).metadata or {})
    assert "/X" not in info and info.get("/Title") in (None, "Letter")


def test_the_letters_document_info_keeps_its_strings_and_names_as_they_were(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    info = (
        "<< /Title <FEFF00C90063006F006C0065> /Trapped /False /CreationDate (D:20260101000000Z) "
        f"/Odd <AD41> /Author 5 0 R /X << /JS (app.alert('{MARK}')) >> >>"
    )
    letter = raw_letter("<< /Type /Catalog /Pages 2 0 R >>", info, "(Dr Who)", trailer="/Info 4 0 R")
    result = merged(tmp_path, letter, handouts)
    kept: Any = read(result.pdf).trailer["/Info"].get_object()
    assert set(kept) == {"/Title", "/Trapped", "/CreationDate", "/Odd", "/Author"}
    assert (kept["/Title"], kept["/Trapped"], kept["/Author"]) == ("\u00c9cole", "/False", "Dr Who")
    assert isinstance(kept["/Trapped"], NameObject)  # a name, as the letter had it, not the text "/False"
    assert bytes(kept["/Odd"].original_bytes) == b"\xadA"
    assert MARK.encode() not in result.pdf


def test_embedded_files_are_kept_when_asked(tmp_path: Path, handouts: list[Attachment]) -> None:
    result = merged(tmp_path, active_letter(), handouts, keep_attachments=True)
    output = read(result.pdf)
    assert sorted(output.attachments) == ["a.txt", "b.txt"]
    assert [a["/Subtype"] for a in annotations_of(output.pages[0])].count("/FileAttachment") == 1
    assert f"{MARK} c.txt".encode() in result.pdf
    assert "attachments" not in result.removed
    assert not any("embedded file" in warning.message for warning in result.warnings)
    assert re.search(rb"/JavaScript|javascript:|/Launch", result.pdf) is None  # the rest still goes
    assert result.pdf != merged(tmp_path, active_letter(), handouts).pdf


def test_the_same_letter_gives_the_same_bytes(tmp_path: Path, handouts: list[Attachment]) -> None:
    letter = active_letter()
    assert merged(tmp_path, letter, handouts).pdf == merged(tmp_path, letter, handouts).pdf


def test_a_plain_letter_loses_nothing(tmp_path: Path, handouts: list[Attachment]) -> None:
    """A go-to-page opening action and web links are not active content: nothing is said of them."""
    result = merged(tmp_path, letter_pdf(2, form=True, outline=True), handouts)
    assert result.removed == {}
    assert [warning.message for warning in result.warnings] == [UNTAGGED]


def test_the_handouts_own_links_stay(tmp_path: Path) -> None:
    """A handout's links (DOIs, PMIDs, web and e-mail addresses) are links, not active content."""
    spec = load(BUILD_FIXTURES / "clinician-full.toml")
    handout = build_pdf(spec).pdf
    original = [a["/A"]["/URI"] for a in annotations_of(read(handout).pages[0])]
    assert original and all(uri.startswith(("https://", "mailto:")) for uri in original)
    result = merged(tmp_path, active_letter(), [Attachment(spec.title, handout)])
    assert [a["/A"]["/URI"] for a in annotations_of(read(result.pdf).pages[-1])] == original
    assert [warning.file for warning in result.warnings] == [str(tmp_path / "letter.pdf")] * (
        len(REMOVED) + 1
    )


@pytest.mark.parametrize("base", ["file:///C:/records/", "https://clinic.example.org/"])
def test_a_mail_link_that_attaches_a_file_goes_and_a_base_that_is_no_web_page(
    tmp_path: Path, handouts: list[Attachment], base: str
) -> None:
    """mailto: with attach= (spelled any way) asks some mail programs to attach a file from the reader's
    computer: removed. Other mail links stay. The base relative links are read against stays only when
    it is a web address."""
    addresses = [
        "mailto:clinic@example.org?subject=Attached%20notes",
        "mailto:clinic@example.org?Attach=C:/Users/patient/records.pdf",
        "mailto:clinic@example.org?subject=x&%61ttachment=/etc/passwd",
    ]
    links = [
        f"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI ({a}) >> >>" for a in addresses
    ]
    catalog = f"<< /Type /Catalog /Pages 2 0 R /URI << /Base ({base}) >> >>"
    result = merged(
        tmp_path, raw_letter(catalog, *links, page=_page("/Annots [4 0 R 5 0 R 6 0 R]")), handouts
    )
    output = read(result.pdf)
    assert [a["/A"]["/URI"] for a in annotations_of(output.pages[0]) if "/A" in a] == addresses[:1]
    assert result.removed == {"external": 2}
    assert ("/URI" in output.root_object) == base.startswith("https:")


def test_the_command_line_names_what_it_removed_on_stderr(runner: CliRunner) -> None:
    Path("letter.pdf").write_bytes(active_letter())
    result = runner.invoke(cli, ["attach", "letter.pdf", str(PATIENT_SPEC), "-o", "out.pdf"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        *(f"letter.pdf: warning: {line}" for line in REMOVED),
        f"letter.pdf: warning: {UNTAGGED}",
    ]
    assert result.stdout.splitlines() == ["wrote out.pdf: 1 handout(s) after the letter letter.pdf"]
    assert MARK.encode() not in Path("out.pdf").read_bytes()
    kept = runner.invoke(
        cli, ["attach", "letter.pdf", str(PATIENT_SPEC), "-o", "kept.pdf", "--keep-attachments"]
    )
    assert kept.exit_code == 0, kept.output
    assert "letter.pdf: warning: removed 3 embedded files" not in kept.stderr.splitlines()
    assert sorted(read(Path("kept.pdf").read_bytes()).attachments) == ["a.txt", "b.txt"]


# --- refused ----------------------------------------------------------------------------------------------

CERTIFIED = (
    "is certified (a certifying signature locks it against changes); adding pages would break the "
    "certification, so it is left as it is (print or send the handout separately)"
)
DYNAMIC = (
    "is a dynamic XFA form, whose pages only Adobe's software draws; print it to a PDF or export it as a "
    "standard PDF, and attach to that"
)
BOMB = (
    "holds an image of 100000 by 100000 pixels; images over 50 million pixels are refused (a page scanned "
    "at 600 dpi has about 35 million)"
)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (certified_letter, CERTIFIED),
        (dynamic_xfa_letter, DYNAMIC),
        (lambda: dynamic_xfa_letter(needs_rendering=False), DYNAMIC),
        (lambda: letter_with_image(100_000, 100_000), BOMB),
        (lambda: letter_with_image(100_000, 100_000, "form"), BOMB),
        (lambda: letter_with_image(100_000, 100_000, "appearance"), BOMB),
    ],
    ids=[
        "certified",
        "needs-rendering",
        "xfa-without-fields",
        "image",
        "image-in-a-form",
        "image-in-an-appearance",
    ],
)
def test_refused_whole_in_one_line(
    tmp_path: Path, handouts: list[Attachment], make: Any, message: str
) -> None:
    assert refusal(tmp_path, make(), handouts) == message


def _drawing(data: bytes, filters: str = "", *, in_a_form: bool = False) -> bytes:
    """A letter whose page draws with `data` (its content stream, under `filters`), or draws a form
    that does."""
    if not in_a_form:
        return raw_letter(CATALOG, stream(data, filters), page=_page("/Contents 4 0 R"))
    form = stream(data, f"{filters} /Type /XObject /Subtype /Form /BBox [0 0 9 9]")
    page = _page("/Contents 5 0 R /Resources << /XObject << /Fm0 4 0 R >> >>")
    return raw_letter(CATALOG, form, stream(b"/Fm0 Do"), page=page)


UNREADABLE = [
    # Just over the 64 MiB that pypdf may decode of a stream: made when the test runs.
    (lambda: zlib.compress(b" " * (65 << 20), 9), "/Filter /FlateDecode ", too_complex),
    (lambda: b"abcd", "/Filter /FooDecode ", unread_compression),
    (
        lambda: b"q 1 0 0 1 0 0 cm BI /W 100000 /H 100000 /BPC 8 /CS /G ID \x00\x00 EI Q",
        "",
        lambda name: f"{name}: {BOMB}",
    ),
]


@pytest.mark.parametrize(
    ("make", "filters", "said"), UNREADABLE, ids=["bomb", "unknown-filter", "inline-image"]
)
def test_a_letter_whose_pages_cannot_be_read_is_refused_in_the_words_check_uses(
    tmp_path: Path,
    handouts: list[Attachment],
    make: Callable[[], bytes],
    filters: str,
    said: Callable[[str], str],
) -> None:
    """What a viewer (and `check`) must decode to draw the letter's pages is decoded before anything is
    written: the letter is refused, not passed on to the patient in a merged file no one can read."""
    for in_a_form in (False, True):  # a page's own drawing, and a form it draws
        path = str(tmp_path / "letter.pdf")
        assert f"{path}: " + refusal(
            tmp_path, _drawing(make(), filters, in_a_form=in_a_form), handouts
        ) == said(path)


@pytest.mark.parametrize(
    "drawing",
    [
        b"BT /F1 12 Tf 72 720 Td (Dear patient) Tj ET ]",  # a stray bracket
        b"q [1 2 Q",  # an unclosed array
        b"\x00\x01 junk BT ET",  # bytes before the first operator
        b"BT (BI /W 100000 /H 100000 ID) Tj ET",  # the letters BI in a string
        b"q 0 0 m " * 400_000,  # a long drawing (3 MB), read in time
    ],
    ids=["stray-bracket", "unclosed-array", "junk", "bi-in-a-string", "long"],
)
def test_a_letter_a_viewer_opens_is_attached_to(
    tmp_path: Path, handouts: list[Attachment], drawing: bytes
) -> None:
    """Slips in a page's drawing that viewers forgive are not reasons to refuse the letter."""
    result = merged(tmp_path, _drawing(drawing), handouts)
    assert len(read(result.pdf).pages) == 1 + len(handouts)


def test_a_scanned_page_is_not_too_many_pixels(tmp_path: Path, handouts: list[Attachment]) -> None:
    """A letter-size page at 600 dpi (5100 by 6600 pixels): well within the limit."""
    result = merged(tmp_path, letter_with_image(5100, 6600), handouts)
    assert len(read(result.pdf).pages) == 3


# --- subset fonts --------------------------------------------------------------------------------------


def fonts(pdf: bytes) -> dict[tuple[int, int], str]:
    """Each font program in the file, by its object, and the tagged name its font has."""
    found = {}
    for page in read(pdf).pages:
        resources: Any = page["/Resources"]
        for font in (resources.get_object().get("/Font") or {}).values():
            font = font.get_object()
            if "/FontDescriptor" not in font:
                continue  # ReportLab's unused initial Helvetica in the letter: a base font, not a subset
            descriptor = font["/FontDescriptor"].get_object()
            program = descriptor.raw_get("/FontFile2")
            assert str(descriptor["/FontName"]) == str(font["/BaseFont"])  # the two names agree
            found[(program.idnum, program.generation)] = str(font["/BaseFont"])
    return found


def test_subsets_that_share_a_tag_are_renamed_apart(tmp_path: Path, handouts: list[Attachment]) -> None:
    letter = noto_letter()
    names = [*fonts(letter).values(), *(name for h in handouts for name in fonts(h.pdf).values())]
    assert Counter(names)["/AAAAAA+NotoSans-Regular"] == 3  # the letter's and each handout's
    result = merged(tmp_path, letter, handouts)
    found = fonts(result.pdf)
    assert len(found) == len(names)  # every program kept, none merged
    assert len(set(found.values())) == len(found)  # and no two share a name
    assert all(SUBSET.match(name[1:]) for name in found.values())
    assert set(fonts(letter).values()) <= set(found.values())  # the first to have a name keeps it
    assert texts(read(result.pdf)) == [*texts(read(letter)), *(texts(read(h.pdf))[0] for h in handouts)]
    assert merged(tmp_path, letter, handouts).pdf == result.pdf  # the same names every time


# --- found however it is reached --------------------------------------------------------------------

FILE = "<< /Type /Filespec /F (x.exe) /EF << /F 5 0 R >> >>"  # object 4, its file object 5


def _letter(page: str, *objects: str) -> bytes:
    """A letter whose objects from 4 on are a file specification, its file, then `objects` (from 6)."""
    return raw_letter(CATALOG, FILE, PAYLOAD, *objects, page=_page(page))


LAUNCH_NOW = f"<< /S /Launch /F ({MARK}) >>"
REACHED = {
    # A file attachment taken out of /Annots, still reached from its popup, or from a reply to it.
    "popup": (
        _letter(
            "/Annots [6 0 R 7 0 R]",
            "<< /Type /Annot /Subtype /FileAttachment /Rect [9 9 29 29] /FS 4 0 R /Popup 7 0 R >>",
            "<< /Type /Annot /Subtype /Popup /Rect [30 30 99 99] /Parent 6 0 R >>",
        ),
        {"attachments": 1},
    ),
    "reply": (
        _letter(
            "/Annots [7 0 R]",
            "<< /Type /Annot /Subtype /FileAttachment /Rect [9 9 29 29] /FS 4 0 R >>",
            "<< /Type /Annot /Subtype /Text /Rect [40 40 60 60] /IRT 6 0 R >>",
        ),
        {"attachments": 1},
    ),
    # A file named by a kept go-to action, or by a key of no meaning.
    "go-to-file": (
        _letter("/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /GoTo /D [3 0 R /Fit] /F 4 0 R >> >>]"),
        {"attachments": 1},
    ),
    "made-up-key": (_letter("/PieceInfo << /X << /Private 4 0 R >> >>"), {"attachments": 1}),
    # Actions under keys the cleaner has no rule for, or hidden in a /Next with no /S before it.
    "presentation-step": (
        _letter(f"/PresSteps << /Type /NavNode /NA {LAUNCH_NOW} >>"),
        {"launch": 1},
    ),
    "link-pa": (
        _letter(f"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /PA {LAUNCH_NOW} >>]"),
        {"launch": 1},
    ),
    "next-without-s": (
        _letter(f"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /Next {LAUNCH_NOW} >> >>]"),
        {"launch": 1},
    ),
    "next-nested": (
        _letter(
            "/Annots [<< /Subtype /Link /Rect [0 0 9 9] "
            f"/A << /S /GoTo /D [3 0 R /Fit] /Next [[{LAUNCH_NOW}]] >> >>]"
        ),
        {"launch": 1},
    ),
}


@pytest.mark.parametrize("name", list(REACHED))
def test_what_may_not_stay_goes_however_it_is_reached(
    tmp_path: Path, handouts: list[Attachment], name: str
) -> None:
    letter, removed = REACHED[name]
    result = merged(tmp_path, letter, handouts)
    assert MARK.encode() not in result.pdf
    # A file specification may stay, naming a file: what it held is gone.
    assert re.search(rb"/(Launch|EmbeddedFile|FileAttachment|JS|JavaScript)\b", result.pdf) is None
    assert result.removed == removed


def test_a_long_chain_of_links_is_cleaned_not_refused(tmp_path: Path, handouts: list[Attachment]) -> None:
    """A go-to chain of 600 actions (a recursion would stop at about 400), and one that loops."""
    chain = [f"<< /S /GoTo /D [3 0 R /Fit] /Next {7 + index} 0 R >>" for index in range(600)]
    chain.append("<< /S /GoTo /D [3 0 R /Fit] /Next 6 0 R >>")  # back to the first: a loop
    page = "/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A 6 0 R >>]"
    result = merged(tmp_path, raw_letter(CATALOG, "", "", *chain, page=_page(page)), handouts)
    assert result.removed == {}


def test_a_signature_is_found_however_its_field_is_written(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    """Under a parent without a name, with no name of its own, or only among a page's widgets."""
    signature = "<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 1 2 3] /Contents <00> >>"
    widget = "<< /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /FT /Sig /V 4 0 R {} >>"
    for catalog, page in [
        ("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>", ""),
        ("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>", ""),
        (CATALOG, "/Annots [5 0 R]"),
    ]:
        letter = raw_letter(
            catalog, signature, widget.format("/Parent 6 0 R"), "<< /Kids [5 0 R] >>", page=_page(page)
        )
        assert refusal(tmp_path, letter, handouts).startswith("is digitally signed")


@pytest.mark.parametrize(
    ("image", "page"),
    [
        ("/Width 100000.0 /Height 100000.0", "/Resources << /XObject << /I 4 0 R >> >>"),  # real numbers
        ("/W 100000 /H 100000", "/Resources << /XObject << /I 4 0 R >> >>"),  # abbreviated keys
        ("/Width 100000 /Height 100000", "/Thumb 4 0 R"),  # a page's thumbnail
    ],
    ids=["real-numbers", "abbreviated", "thumbnail"],
)
def test_an_image_too_large_is_refused_however_its_size_is_written(
    tmp_path: Path, handouts: list[Attachment], image: str, page: str
) -> None:
    picture = stream(b"\x00", f"/Type /XObject /Subtype /Image {image} /BitsPerComponent 1")
    assert refusal(tmp_path, raw_letter(CATALOG, picture, page=_page(page)), handouts) == BOMB


@pytest.mark.parametrize(
    "drawing",
    [
        b"q BI/W 100000/H 100000/BPC 1/CS/G ID \x00 EI Q",  # no space after BI
        b"q BI /W +100000 /H +100000 /BPC 1 ID \x00 EI Q",  # signed
        b"q BI /#57 100000 /#48 100000 /BPC 1 ID \x00 EI Q",  # escaped names
        b"q BI /W 100000.0 /H 100000 " + b"/X 0 " * 200 + b"/BPC 1 ID \x00 EI Q",  # real, long
    ],
    ids=["no-space", "signed", "escaped", "real-and-long"],
)
def test_an_inline_image_too_large_is_refused_however_it_is_written(
    tmp_path: Path, handouts: list[Attachment], drawing: bytes
) -> None:
    assert refusal(tmp_path, _drawing(drawing), handouts) == BOMB


def test_a_fonts_glyphs_and_program_are_decoded_as_a_viewer_decodes_them(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    page = _page("/Contents 6 0 R /Resources << /Font << /F 4 0 R >> >>")
    fonts = [
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] /CharProcs "
        "<< /a 5 0 R >> /Encoding << /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1] >>",
        "<< /Type /Font /Subtype /TrueType /BaseFont /X "
        "/FontDescriptor << /Type /FontDescriptor /FontFile2 5 0 R >> >>",
    ]
    for font in fonts:
        letter = raw_letter(CATALOG, font, _bomb(), stream(b""), page=page)
        assert refusal(tmp_path, letter, handouts) == TOO_COMPLEX


def test_document_info_that_is_a_page_leaves_the_page_as_it_was(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    text = b"BT /F1 18 Tf 72 700 Td (Dear patient) Tj ET"
    helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    page = _page(f"/Contents 4 0 R /Resources << /Font << /F1 {helvetica} >> >>")
    result = merged(tmp_path, raw_letter(CATALOG, stream(text), page=page, trailer="/Info 3 0 R"), handouts)
    assert "Dear patient" in texts(read(result.pdf))[0]


@pytest.mark.parametrize("count", [0, 2])
def test_a_page_tree_that_miscounts_its_pages_is_counted_again(
    tmp_path: Path, handouts: list[Attachment], count: int
) -> None:
    """A viewer may show a page a tree's /Count leaves out, and a page added after it would be hidden;
    one that counts too many could not take one: counted by its pages, the letter is merged."""
    letter = raw_letter(CATALOG).replace(b"/Count 1", f"/Count {count}".encode())
    assert f"/Count {count}".encode() in letter  # the xref stays right: as many bytes as before
    output = read(merged(tmp_path, letter, handouts).pdf)
    pages: Any = output.root_object["/Pages"]
    assert pages["/Count"] == 1 + len(handouts) == len(output.pages)


def test_a_shading_is_decoded_as_a_viewer_decodes_it(tmp_path: Path, handouts: list[Attachment]) -> None:
    shading = _bomb(
        "/ShadingType 4 /ColorSpace /DeviceGray /BitsPerCoordinate 8 /BitsPerComponent 8 "
        "/BitsPerFlag 8 /Decode [0 1 0 1 0 1]"
    )
    for resources in ("/Shading << /S 4 0 R >>", "/Pattern << /P << /PatternType 2 /Shading 4 0 R >> >>"):
        letter = raw_letter(CATALOG, shading, page=_page(f"/Resources << {resources} >>"))
        assert refusal(tmp_path, letter, handouts) == TOO_COMPLEX


def test_a_dynamic_xfa_form_with_only_null_fields_is_refused(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    catalog = "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [null] /XFA 4 0 R >> >>"
    assert refusal(tmp_path, raw_letter(catalog, stream(b"<xdp>")), handouts) == DYNAMIC


@pytest.mark.parametrize(("depth", "refused"), [(7, True), (3, False)])
def test_forms_drawn_inside_forms_millions_of_times_are_refused(
    tmp_path: Path, handouts: list[Attachment], depth: int, refused: bool
) -> None:
    """Forms that each draw the next ten times: seven deep is ten million drawings for one page."""
    form = "/Subtype /Form /BBox [0 0 9 9]"
    forms = [
        stream(b"/X Do " * 10, f"{form} /Resources << /XObject << /X {6 + level} 0 R >> >>")
        for level in range(depth)
    ]
    forms.append(stream(b"0 0 1 1 re f", form))
    page = _page("/Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >>")
    letter = raw_letter(CATALOG, stream(b"/X Do"), *forms, page=page)
    if not refused:
        assert len(read(merged(tmp_path, letter, handouts).pdf).pages) == 1 + len(handouts)
        return
    assert refusal(tmp_path, letter, handouts) == (
        "draws forms inside forms over 1,000,000 times on a page, which would keep a viewer busy for "
        "minutes; is it the right file?"
    )


# --- what a viewer must draw, however the letter reaches it (a third sweep) ---------------------------


@pytest.mark.parametrize(
    ("contents", "page"),
    [
        (b"/X %a comment\nDo", "/Resources << /XObject << /X 5 0 R >> >>"),  # a comment before Do
        (b"", "/Annots [<< /Subtype /Square /Rect [0 0 9 9] /AP << /N 5 0 R >> >>]"),  # an appearance
        (b"/Pattern cs /P scn 0 0 9 9 re f", "/Resources << /Pattern << /P 12 0 R >> >>"),  # a pattern
    ],
    ids=["comment", "appearance", "pattern"],
)
def test_forms_inside_forms_are_counted_however_they_are_drawn(
    tmp_path: Path, handouts: list[Attachment], contents: bytes, page: str
) -> None:
    pattern = stream(
        b"/X Do",
        "/PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 9 9] /XStep 9 /YStep 9 "
        "/Resources << /XObject << /X 5 0 R >> >>",
    )
    # The first form draws the next ten times, seven deep: ten million drawings.
    forms = [
        stream(
            b"/X Do " * 10, f"/Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /X {6 + n} 0 R >> >>"
        )
        for n in range(7)
    ]
    letter = raw_letter(CATALOG, stream(contents), *forms, pattern, page=_page(f"/Contents 4 0 R {page}"))
    assert refusal(tmp_path, letter, handouts).startswith("draws forms inside forms over 1,000,000 times")


@pytest.mark.parametrize(
    "letter",
    [
        # An image whose /Subtype is given indirectly.
        raw_letter(
            CATALOG,
            stream(b"\x00", "/Type /XObject /Subtype 5 0 R /Width 100000 /Height 100000 /BitsPerComponent 1"),
            "/Image",
            page=_page("/Resources << /XObject << /I 4 0 R >> >>"),
        ),
        # An inline image with comments in its dictionary, and one with a dictionary over 8 KB.
        _drawing(b"q BI /W %c\n100000 /H %c\n100000 /BPC 1 ID \x00 EI Q"),
        _drawing(b"q BI /W 100000 /H 100000 /Pad <" + b"00" * 5000 + b"> /BPC 1 ID \x00 EI Q"),
    ],
    ids=["indirect-subtype", "inline-comments", "inline-long"],
)
def test_an_image_too_large_is_found_however_it_is_reached(
    tmp_path: Path, handouts: list[Attachment], letter: bytes
) -> None:
    assert refusal(tmp_path, letter, handouts) == BOMB


@pytest.mark.parametrize(
    "resources",
    [
        # A Type 0 font's descendant's font program.
        "/Font << /F << /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts ["
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /FontDescriptor << /FontFile2 4 0 R >> >>] >> >>",
        # A shading's function, and a colour space's ICC profile.
        "/Shading << /S << /ShadingType 2 /ColorSpace /DeviceGray /Coords [0 0 1 0] /Function 4 0 R >> >>",
        "/ColorSpace << /C [/ICCBased 4 0 R] >>",
    ],
    ids=["type0-font", "shading-function", "icc-profile"],
)
def test_every_stream_a_page_reaches_is_decoded(
    tmp_path: Path, handouts: list[Attachment], resources: str
) -> None:
    letter = raw_letter(CATALOG, _bomb(), page=_page(f"/Resources << {resources} >>"))
    assert refusal(tmp_path, letter, handouts) == TOO_COMPLEX


def test_a_letter_too_deep_or_too_big_once_read_is_refused_as_such(
    tmp_path: Path, handouts: list[Attachment], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not damaged: more than this tool reads. A chain of 400 objects from a page under a made-up key
    (copying the letter follows it one call deeper for each), more objects than MAX_OBJECTS, more
    decoded drawing or object streams than MAX_DECODED (each stream under pypdf's own limit): one line,
    which says so."""
    chain = [f"<< /Link {number + 1} 0 R >>" for number in range(4, 403)] + ["<< >>"]
    letter = raw_letter(CATALOG, *chain, page=_page("/Chain 4 0 R"))
    assert refusal(tmp_path, letter, handouts) == TOO_COMPLEX
    sound = raw_letter(CATALOG, stream(b"q Q " * 64), page=_page("/Contents 4 0 R"))
    packed = object_stream_pdf(b"/FlateDecode")  # its catalog and pages in a compressed object stream
    assert merged(tmp_path, sound, handouts).pdf and merged(tmp_path, packed, handouts).pdf
    monkeypatch.setattr(reading, "MAX_DECODED", 100)
    assert refusal(tmp_path, packed, handouts) == too_complex("").removeprefix(": ")
    monkeypatch.setattr(drawings, "MAX_DECODED", 100)
    assert refusal(tmp_path, sound, handouts) == too_complex("").removeprefix(": ")
    monkeypatch.setattr(reading, "MAX_OBJECTS", 3)
    assert refusal(tmp_path, sound, handouts) == too_complex("").removeprefix(": ")


def test_a_removed_stream_is_emptied_whatever_else_refers_to_it(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    """An embedded file (its stream without /Type) and XFA data (a patient's details), each also named by
    a key of no known meaning: removed, and nothing of them left in the bytes."""
    data = stream(MARK.encode())
    form = "/AcroForm << /Fields [<< /T (a) /FT /Tx >>] /XFA [(datasets) 4 0 R] >>"
    catalog = f"<< /Type /Catalog /Pages 2 0 R {form} /PieceInfo << /X 4 0 R >> >>"
    for letter in (
        raw_letter(
            CATALOG, data, page=_page("/PieceInfo << /X << /F 4 0 R >> >> /AF [<< /EF << /F 4 0 R >> >>]")
        ),
        raw_letter(catalog, data),
    ):
        result = merged(tmp_path, letter, handouts)
        assert MARK.encode() not in result.pdf


def test_an_opening_action_that_is_no_action_is_dropped(tmp_path: Path, handouts: list[Attachment]) -> None:
    """An /OpenAction given as a name (/JavaScript) or a string does nothing; it does not stay either."""
    for opening in ("/JavaScript", f"({MARK})"):
        catalog = f"<< /Type /Catalog /Pages 2 0 R /OpenAction {opening} >>"
        result = merged(tmp_path, raw_letter(catalog), handouts)
        assert b"/OpenAction" not in result.pdf and MARK.encode() not in result.pdf


def test_a_named_action_is_kept_only_to_move_through_the_pages(
    tmp_path: Path, handouts: list[Attachment]
) -> None:
    """Next, previous, first and last page stay; Quit (or another menu item a viewer runs) goes."""
    links = " ".join(
        f"<< /Subtype /Link /Rect [0 0 9 9] /A << /S /Named /N /{name} >> >>" for name in ("NextPage", "Quit")
    )
    result = merged(tmp_path, raw_letter(CATALOG, page=_page(f"/Annots [{links}]")), handouts)
    assert b"/NextPage" in result.pdf and b"/Quit" not in result.pdf
    assert result.removed == {"other": 1}
