"""Line breaks that respect what belongs together: times, dates, phone numbers, doses, the "·" between
items, and web addresses broken only after "/", "." or "-". Asserted on the lines of the printed page."""

from __future__ import annotations

import re

import pytest

from handouts import Prepared, build_pdf
from tests.helpers.pdfs import page_texts
from tests.helpers.personal import CLINICIAN, ON, PATIENT
from tests.helpers.specs import URL, q, small_spec, valid_spec

PHRASES = ["5 p.m.", "8 a.m.", "500 mg", "+1 555 0100", "November 21, 2026", "21 November 2026", "2 tablets"]
SENTENCE = (
    "Open 8 a.m. to 5 p.m. Take 500 mg or 2 tablets. "
    "Call +1 555 0100 by November 21, 2026 or 21 November 2026."
)


def lines_of(pdf: bytes) -> str:
    return "\n".join(line.strip() for text in page_texts(pdf) for line in text.splitlines())


@pytest.fixture(scope="module")
def printed() -> str:
    """The sentence after 1 to 20 short words, set in a clinician summary's narrow columns: at some
    offset each phrase would fall across a line end."""
    sections = ""
    for part in (0, 10):
        sections += f'[[sections]]\ntitle = "Times {part}"\n'
        sections += "".join(
            f'[[sections.blocks]]\nkind = "paragraph"\ntext = {q("Walk " * offset + SENTENCE)}\n'
            for offset in range(part + 1, part + 11)
        )
    built = build_pdf(valid_spec(small_spec(sections, audience="clinician")))
    assert built.pages == 1
    return lines_of(built.pdf)


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_phrase_that_belongs_together_is_never_broken(printed: str, phrase: str) -> None:
    words = phrase.split(" ")
    assert printed.replace("\u00a0", " ").count(phrase) == 20
    for cut in range(1, len(words)):
        broken = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
        assert broken not in printed, broken


def test_no_line_starts_with_a_separator_dot() -> None:
    spec = valid_spec(small_spec(extra=f"url = {q(URL)}"))
    for width in ("letter", "a4"):
        printed = lines_of(build_pdf(spec, page_size=width).pdf)
        assert "·" in printed
        assert not any(line.startswith("·") for line in printed.splitlines())


def test_a_web_address_breaks_only_after_a_slash_a_dot_or_a_hyphen() -> None:
    spec = valid_spec(small_spec(extra=f"url = {q(URL)}"))
    printed = lines_of(build_pdf(spec).pdf).splitlines()
    start = next(i for i, line in enumerate(printed) if line.endswith("https://example.org/"))
    pieces = [printed[start].rsplit(" ", 1)[-1]]
    while "".join(pieces) != URL:
        start += 1
        pieces.append(printed[start].rsplit(" ", 1)[-1])
    assert len(pieces) > 1  # the caption is narrow: the address takes several lines
    assert all(re.search(r"[/.\-]$", piece) for piece in pieces[:-1]), pieces


@pytest.mark.parametrize("large_print", [False, True])
def test_the_prepared_for_date_is_never_broken(large_print: bool) -> None:
    prepared = Prepared(PATIENT, ON, CLINICIAN)
    built = build_pdf(valid_spec(small_spec()), prepared=prepared, large_print=large_print)
    assert "November 21, 2026" in lines_of(built.pdf)


@pytest.mark.parametrize(
    ("language", "sentence", "phrases"),
    [
        ("fr", "Revenez le 3 mai 2026 ou le 21 novembre 2026.", ["3 mai 2026", "21 novembre 2026"]),
        ("pt", "Volte em 3 de maio de 2026.", ["3 de maio de 2026"]),
        ("ru", "Приходите 3 мая 2026 года.", ["3 мая 2026"]),
    ],
)
def test_a_date_in_the_page_language_is_never_broken(
    language: str, sentence: str, phrases: list[str]
) -> None:
    """A day and its month in the page's language (its catalogue's month names) stay on one line."""
    sections = '[[sections]]\ntitle = "Dates"\n' + "".join(
        f'[[sections.blocks]]\nkind = "paragraph"\ntext = {q("Marche " * offset + sentence)}\n'
        for offset in range(1, 13)
    )
    spec = valid_spec(small_spec(sections, audience="clinician", extra=f'language = "{language}"'))
    printed = lines_of(build_pdf(spec).pdf)
    for phrase in phrases:
        words = phrase.split(" ")
        assert printed.replace("\u00a0", " ").count(phrase) == 12
        for cut in range(1, len(words)):
            broken = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
            assert broken not in printed, broken
