"""A clinic's texts in the page's language: the bundled Spanish handout with the example clinic prints
the clinic's Spanish words; a missing one is an error naming it; a fallback language prints its text
tagged with its own language; a clinic's catalogue changes the tool's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts import build_pdf, load_profile
from handouts.errors import SpecError
from handouts.pdf.tagged import Element, read_tagged
from tests.helpers.clinics import write_profile
from tests.helpers.paths import EXAMPLE_CLINIC, SPECS
from tests.helpers.pdfs import text_of
from tests.helpers.specs import load, small_spec, valid_spec

SPANISH = SPECS / "myelomalacia-es.toml"
CLINIC_ENGLISH = [
    "Department of Neurosurgery",
    "Monday to Friday",
    "A spine nurse is on call",
    "general information",
]
CLINIC_SPANISH = [
    "Departamento de Neurocirugía",
    "de lunes a viernes",
    "Una enfermera de columna está de guardia",
]


def squeezed(text: str) -> str:
    return "".join(text.split())


def tagged_with_language(pdf: bytes) -> list[Element]:
    root = read_tagged(pdf).root
    assert root is not None
    return [element for element in root.walk() if element.lang is not None]


def test_the_spanish_handout_prints_the_clinics_spanish_texts() -> None:
    built = build_pdf(load(SPANISH), clinic=load_profile(EXAMPLE_CLINIC))
    text = text_of(built.pdf)
    for words in CLINIC_SPANISH:
        assert squeezed(words) in text, words
    for words in CLINIC_ENGLISH:
        assert squeezed(words) not in text, words
    assert tagged_with_language(built.pdf) == []  # nothing in another language than the page's


def test_a_missing_spanish_text_is_an_error_naming_it(runner: CliRunner) -> None:
    profile = load_profile(write_profile(department="Spine unit", hours="9 to 5"))
    spec = valid_spec(small_spec(extra='language = "es"'))
    with pytest.raises(SpecError) as caught:
        build_pdf(spec, clinic=profile, file="s.toml")
    lines = [str(problem) for problem in caught.value.problems]
    assert [line.split(": is missing")[0] for line in lines] == [
        "clinic.toml: languages.es.department",
        "clinic.toml: languages.es.hours",
    ]
    assert "set fallback_language" in lines[0]


def test_a_fallback_language_prints_its_text_tagged_in_its_language(runner: CliRunner) -> None:
    profile = load_profile(write_profile(department="Spine unit", hours="9 to 5", fallback_language="en"))
    built = build_pdf(valid_spec(small_spec(extra='language = "es"')), clinic=profile)
    text = text_of(built.pdf)
    assert "Spineunit" in text and "9to5" in text
    marked = {
        (element.role, element.text().strip(), element.lang) for element in tagged_with_language(built.pdf)
    }
    assert marked == {("P", "Spine unit", "en"), ("Span", "9 to 5", "en")}


def test_a_clinics_catalogue_changes_the_tools_words_and_a_bad_one_is_refused(runner: CliRunner) -> None:
    profile_path = write_profile(languages={"es": {"department": "Unidad de columna"}})
    Path("catalogues").mkdir()
    Path("catalogues/es.toml").write_text('[words]\nmain_thing = "Lo esencial"\n', encoding="utf-8")
    built = build_pdf(valid_spec(small_spec(extra='language = "es"')), clinic=load_profile(profile_path))
    assert "Loesencial" in text_of(built.pdf)
    Path("catalogues/es.toml").write_text('[words]\npage_note = "Página {page}"\n', encoding="utf-8")
    Path("catalogues/xx-bad.toml").write_text("", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_profile(profile_path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{Path('catalogues/es.toml')}: words.page_note: must use {{page}}, {{pages}} (it uses {{page}})",
        f"{Path('catalogues/xx-bad.toml')}: must be named after a language: es.toml, fr.toml, ...",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[words]\nqr_alt = "{url:>999999999}"\n', "words.qr_alt: must use {url} (it uses {url:>999999999})"),
        ('[words]\nqr_alt = "{url.__class__}"\n', "words.qr_alt: must use {url} (it uses {url.__class__})"),
        ('[words]\ncontinued = "{title!r}"\n', "words.continued: must use {title} (it uses {title!r:})"),
        ("[words]\nmain_thing = 5\n", "words.main_thing: must be text"),
        (
            '[words]\nmain_thing = "x {"\n',
            "words.main_thing: must use no {fields} (it uses {an unpaired brace})",
        ),
        ("words = 3\n", "words: must be a table of key = text"),
        ('nmae = "x"\n', "nmae: is not a key of a catalogue"),
        ("[regions]\nGB = 3\n", "regions: must hold a table of key = text for each region: [regions.GB]"),
        ('[regions.MX]\ncall_us = "{x}"\n', "regions.MX.call_us: must use no {fields} (it uses {x})"),
        (
            "reviewed_by = true\n",
            'reviewed_by: must be text: the reviewer\'s name, or "" while not yet reviewed',
        ),
        ('name = ["x"]\n', "name: must be text"),
        ("direction = 5\n", 'direction: must be "ltr" or "rtl"'),
        ('direction = "down"\n', 'direction: must be "ltr" or "rtl"'),
        ("months = [" + "5, " * 11 + "5]\n", "months: must list the twelve months, each as text"),
        (
            '[words]\nquestions = "Hola\\u0007"\n',
            "words.questions: holds the control character U+0007; remove it",
        ),
        (
            '[regions.MX]\ncall_us = "Llame al\\u202e"\n',
            "regions.MX.call_us: holds the direction control U+202E (RIGHT-TO-LEFT OVERRIDE), which makes "
            "text read in another order than it prints; remove it",
        ),
        (
            'name = "Espa\\u2060ol"\n',
            "name: holds the invisible formatting character U+2060 (WORD JOINER); remove it",
        ),
        (b"\xff\xfe\x00b", "is UTF-16 text; save it as UTF-8"),
        ("x" * 70_000, "is larger than 64 KiB; is it the right file?"),
    ],
)
def test_a_hostile_catalogue_is_refused_in_one_line(
    runner: CliRunner, content: str | bytes, expected: str
) -> None:
    profile_path = write_profile()
    Path("catalogues").mkdir()
    target = Path("catalogues/es.toml")
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SpecError) as caught:
        load_profile(profile_path)
    assert [str(problem) for problem in caught.value.problems] == [f"{target}: {expected}"]


def test_a_catalogue_that_is_a_link_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    profile_path = write_profile()
    Path("catalogues").mkdir()
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('[words]\nmain_thing = "x"\n', encoding="utf-8")
    Path("catalogues/es.toml").symlink_to(outside)
    with pytest.raises(SpecError) as caught:
        load_profile(profile_path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{Path('catalogues/es.toml')}: is a link; put the catalogue itself in the catalogues folder"
    ]


def test_a_fallback_language_with_no_text_either_is_named(runner: CliRunner) -> None:
    profile = load_profile(write_profile(department="Spine unit", fallback_language="fr"))
    with pytest.raises(SpecError) as caught:
        build_pdf(valid_spec(small_spec(extra='language = "es"')), clinic=profile)
    (line,) = [str(problem) for problem in caught.value.problems]
    assert line == (
        "clinic.toml: languages.es.department: is missing: a page in 'es' would print the clinic's 'en' "
        "text; write it in [languages.es] (fallback_language 'fr' has none either)"
    )
