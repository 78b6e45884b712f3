"""Bad PDFs, one vocabulary: every kind of PDF that cannot be read (made here: not a PDF, damaged,
truncated, fuzzed, encrypted, encrypted and damaged, an unknown compression, too large, too many pages,
too slow) is refused by `attach` (as the letter) and by `check` with the same one line, the file's name
first, through the library and the command line alike; and bytes mutated at random never give a
message with an exception's name or a library's text in it.
"""

from __future__ import annotations

import logging
import os
import random
import re
import time
import traceback
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption

from handouts import Attachment, PdfInputError, Spec, attach, build_pdf, check_pdf, check_pdf_bytes
from handouts.cli.main import cli
from handouts.pdf import reading
from tests.helpers.cli import assert_clean
from tests.helpers.letters import active_letter, object_stream_pdf
from tests.helpers.paths import PATIENT_SPEC
from tests.helpers.pdfs import aes_encrypted, letter_pdf
from tests.helpers.specs import load
from tests.helpers.tags import tagged_letter

NOT_A_PDF = "is not a PDF (it does not start with %PDF-)"
DAMAGED = "is damaged and cannot be read as a PDF; save or export it again and try again"
ENCRYPTED = (
    "is encrypted (password-protected); export it from the record system without protection and try again"
)
COMPRESSION = "uses a compression this tool does not read; save it again as a standard PDF"
TOO_LARGE = "is too large to read safely (over 50 MiB); is it the right file?"
TOO_COMPLEX = (
    "is too large or too complex to read safely (over 64 MiB in a stream or 256 MiB in all once "
    "decompressed, over 100,000 objects, or nested or drawn deeper than any letter or handout); "
    "is it the right file?"
)
TOO_MANY_PAGES = "has 3 pages, more than the 2 this tool reads; is it the right file?"
TOO_SLOW = "took longer than 0.2 s to read; is it damaged?"
VOCABULARY = [NOT_A_PDF, DAMAGED, ENCRYPTED, COMPRESSION, TOO_LARGE, TOO_COMPLEX]
# What a letter is refused for (pdf/refusals.py): bytes changed at random can make one letter look like
# another kind, a form whose fields are lost to the damage like a dynamic XFA form, say.
REFUSED = [
    "is a dynamic XFA form, whose pages only Adobe's software draws; print it to a PDF or export it as a "
    "standard PDF, and attach to that",
    "is digitally signed; adding pages would break its signature, so it is left as it is (print or send "
    "the handout separately)",
    "is certified (a certifying signature locks it against changes); adding pages would break the "
    "certification, so it is left as it is (print or send the handout separately)",
]


# --- PDFs made for the tests --------------------------------------------------------------------------


def bomb(decoded: int) -> bytes:
    """A PDF whose cross-reference stream inflates to `decoded` zero bytes."""
    compressor = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    body = b"".join(compressor.compress(chunk) for _ in range(decoded // len(chunk))) + compressor.flush()
    head = (
        b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    )
    xref = b"3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 1] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
    stream = xref % len(body) + b"stream\n" + body + b"\nendstream\nendobj\n"
    return head + stream + b"startxref\n%d\n%%%%EOF\n" % len(head)


def oversized(path: Path) -> None:
    """A sound letter padded past 50 MiB (sparse: it takes no space)."""
    path.write_bytes(letter_pdf())
    with path.open("r+b") as handle:
        handle.truncate(reading.MAX_PDF_BYTES + 1)


LETTER = letter_pdf(3)
ENCRYPTED_LETTER = aes_encrypted(LETTER, "secret", "AES-128")
RC4 = letter_pdf(1, letter, encrypt=StandardEncryption("secret", ownerPassword="owner"))

# Each kind of bad PDF: what makes it (bytes, or a function that writes the file), and its one line.
CASES: dict[str, tuple[bytes | Callable[[Path], None], str]] = {
    "text": (b"Dear Dr Jones,\nthis is a letter saved as text.\n", NOT_A_PDF),
    "empty": (b"", NOT_A_PDF),
    "random": (random.Random(1).randbytes(4000), NOT_A_PDF),
    "garbage-after-header": (b"%PDF-1.4\n" + random.Random(2).randbytes(4000), DAMAGED),
    "header-only": (b"%PDF-1.7\n", DAMAGED),
    "truncated": (LETTER[: len(LETTER) // 2], DAMAGED),
    "no-end": (LETTER[:-40], DAMAGED),
    "fuzzed-dictionaries": (LETTER.replace(b"<<", b"(("), DAMAGED),  # every dictionary a string
    "fuzzed-bytes": (
        bytes(b ^ 0x5A if 100 < i < len(LETTER) - 10 else b for i, b in enumerate(LETTER)),
        DAMAGED,
    ),
    "encrypted-rc4": (RC4, ENCRYPTED),
    "encrypted-aes-128": (ENCRYPTED_LETTER, ENCRYPTED),
    "encrypted-aes-256-no-password": (aes_encrypted(LETTER), ENCRYPTED),
    # Cut after its encryption dictionary, before the trailer that names it.
    "encrypted-and-truncated": (ENCRYPTED_LETTER[: ENCRYPTED_LETTER.index(b"/Standard") + 100], ENCRYPTED),
    "encrypted-and-fuzzed": (ENCRYPTED_LETTER.replace(b"<<", b"(("), ENCRYPTED),
    "unknown-compression": (object_stream_pdf(b"/FooDecode"), COMPRESSION),
    "jbig2-compression": (object_stream_pdf(b"/JBIG2Decode"), COMPRESSION),
    "over-50-mib": (oversized, TOO_LARGE),
    "compression-bomb": (bomb(70 * 1024 * 1024), TOO_COMPLEX),  # under pypdf's own limit, over ours
}


def made(case: str, folder: Path) -> Path:
    make = CASES[case][0]
    path = folder / "bad.pdf"
    if isinstance(make, bytes):
        path.write_bytes(make)
    else:
        make(path)
    return path


@pytest.fixture(scope="module")
def handout() -> tuple[Spec, Attachment]:
    spec = load(PATIENT_SPEC)
    return spec, Attachment(spec.title, build_pdf(spec).pdf)


def test_the_pdfs_made_here_are_what_they_say() -> None:
    """The controls: a Flate object stream reads, so the unknown filter is what stops the other."""
    assert reading.read_pdf(object_stream_pdf(b"/FlateDecode"), lambda reader: len(reader.pages)) == 1
    assert reading.read_pdf(object_stream_pdf(None), lambda reader: len(reader.pages)) == 1


# --- the table: library and command line, attach and check ---------------------------------------------


@pytest.mark.parametrize("case", list(CASES))
def test_the_library_says_the_same_line_in_attach_and_check(
    case: str, tmp_path: Path, handout: tuple[Spec, Attachment], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    spec, attachment = handout
    path = made(case, tmp_path)
    expected = f"{path}: {CASES[case][1]}"
    with pytest.raises(PdfInputError) as attached:
        attach(path, [attachment])
    with pytest.raises(PdfInputError) as checked:
        check_pdf(path, spec)
    assert str(attached.value) == str(checked.value) == expected
    assert not caplog.records  # pypdf's notes on the damage stay quiet
    if not callable(CASES[case][0]):  # the same for bytes read by check_pdf_bytes
        with pytest.raises(PdfInputError) as from_bytes:
            check_pdf_bytes(path.read_bytes(), spec, "bytes.pdf")
        assert str(from_bytes.value) == f"bytes.pdf: {CASES[case][1]}"


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("command", ["attach", "check"])
def test_the_command_line_refuses_in_that_one_line(case: str, command: str, runner: CliRunner) -> None:
    path = made(case, Path("."))
    before = path.stat().st_size
    arguments = {
        "attach": ["attach", "bad.pdf", str(PATIENT_SPEC), "-o", "out.pdf"],
        "check": ["check", "bad.pdf", str(PATIENT_SPEC)],
    }[command]
    result = runner.invoke(cli, arguments)
    assert result.exit_code == 2, result.output
    assert_clean(result)
    assert result.stderr.splitlines() == [f"bad.pdf: {CASES[case][1]}"]
    assert result.stdout == ""
    assert sorted(p.name for p in Path(".").iterdir()) == ["bad.pdf"]  # nothing written, half or whole
    assert path.stat().st_size == before


def test_too_many_pages_and_a_page_count_that_lies(
    tmp_path: Path, handout: tuple[Spec, Attachment], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, attachment = handout
    monkeypatch.setattr(reading, "MAX_PAGES", 2)
    lying = LETTER.replace(b"/Count 3", b"/Count 1")  # counted, not believed
    assert lying != LETTER
    path = tmp_path / "long.pdf"
    for data in (LETTER, lying):
        path.write_bytes(data)
        with pytest.raises(PdfInputError) as attached:
            attach(path, [attachment])
        with pytest.raises(PdfInputError) as checked:
            check_pdf(path, spec)
        assert str(attached.value) == str(checked.value) == f"{path}: {TOO_MANY_PAGES}"


def test_took_too_long(
    tmp_path: Path, handout: tuple[Spec, Attachment], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, attachment = handout

    def slow(*args: Any, **options: Any) -> None:
        end = time.monotonic() + 5
        while time.monotonic() < end:
            pass
        raise AssertionError("the time limit did not stop the reading")

    monkeypatch.setattr(reading, "PdfReader", slow)
    path = tmp_path / "slow.pdf"
    path.write_bytes(LETTER)
    for read in (
        lambda: attach(path, [attachment], time_limit=0.2),
        lambda: check_pdf(path, spec, time_limit=0.2),
    ):
        started = time.monotonic()
        with pytest.raises(PdfInputError) as caught:
            read()
        assert str(caught.value) == f"{path}: {TOO_SLOW}"
        assert time.monotonic() - started < 2


# --- bytes mutated at random ------------------------------------------------------------------------------

EXCEPTION_NAME = re.compile(r"[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b|Traceback|pypdf|errno|\bline \d+\b")
# Letters to mutate: a form letter with bookmarks, a tagged letter, one full of active content.
LETTERS = [letter_pdf(2, form=True, outline=True), tagged_letter(), active_letter()]
PACKAGE = str(Path(reading.__file__).resolve().parent.parent)


@contextmanager
def our_failures() -> Iterator[list[str]]:
    """The failures the guard turned into a line that were raised in handouts' own code, not pypdf's:
    a hostile file should be refused by pypdf or by a check of ours, never by a bug of ours."""
    found: list[str] = []
    original = reading._failure

    def spy(error: BaseException, name: str, data: bytes) -> BaseException:
        frames = traceback.extract_tb(error.__traceback__)
        if frames and frames[-1].filename.startswith(PACKAGE):
            found.append(f"{type(error).__name__} at {frames[-1].filename}:{frames[-1].lineno}: {error}")
        return original(error, name, data)

    reading._failure = spy
    try:
        yield found
    finally:
        reading._failure = original


def mutated(data: bytes, cuts: list[tuple[float, bytes]], keep: float) -> bytes:
    """`data` with each (position as a fraction, bytes) written over it, then cut to `keep` of it."""
    copy = bytearray(data)
    for where, replacement in cuts:
        at = int(where * (len(copy) - 1))
        copy[at : at + len(replacement)] = replacement
    return bytes(copy[: max(1, int(len(copy) * keep))])


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    letter=st.sampled_from(range(len(LETTERS))),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=12)), max_size=6),
    keep=st.one_of(st.just(1.0), st.floats(0.05, 1)),
)
def test_no_message_names_an_exception_whatever_the_bytes(
    letter: int,
    cuts: list[tuple[float, bytes]],
    keep: float,
    tmp_path: Path,
    handout: tuple[Spec, Attachment],
) -> None:
    spec, attachment = handout
    path = tmp_path / "fuzzed.pdf"
    path.write_bytes(mutated(LETTERS[letter], cuts, keep))
    messages = []
    with our_failures() as ours:
        for read in (
            lambda: attach(path, [attachment], time_limit=10),
            lambda: check_pdf(path, spec, time_limit=10),
        ):
            try:
                read()
            except PdfInputError as error:
                messages.append(str(error))
    assert ours == []
    for message in messages:
        assert message.startswith(f"{path}: ") and "\n" not in message, message
        assert not EXCEPTION_NAME.search(message), message
        said = message.removeprefix(f"{path}: ")
        assert said in VOCABULARY or said in REFUSED or said in ("has no pages",), message
