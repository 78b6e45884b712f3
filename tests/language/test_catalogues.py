"""The catalogues: every word the tool prints, in each language it ships, complete and honest about
their review; the wording of a region; a language with no catalogue or no font refused in one line."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts import build_pdf, validate_bytes
from handouts.cli.main import cli
from handouts.errors import SpecError
from handouts.language.catalogue import KEYS, LANGUAGES, catalogue, english, problems, texts
from handouts.spec.fields import unprintable
from tests.helpers.cli import UNREVIEWED_ES, write
from tests.helpers.pdfs import text_of
from tests.helpers.specs import current, small_spec, valid_spec

DAY = date(2026, 11, 21)


def bundled(language: str) -> dict[str, object]:
    return tomllib.loads((files("handouts.language") / "catalogues" / f"{language}.toml").read_text("utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_bundled_catalogue_has_every_key_with_its_fields(language: str) -> None:
    table = bundled(language)
    assert problems(table, complete=True) == []
    assert [(key, unprintable(text)) for key, text in texts(table) if unprintable(text)] == []
    found = catalogue(language)
    assert found is not None and set(found.words) == set(KEYS)
    assert found.date(DAY)  # twelve months, a date pattern that fills


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_catalogues_written_here_say_they_are_not_yet_reviewed(language: str) -> None:
    found = catalogue(language)
    assert found is not None and found.reviewed_by == ""


@pytest.mark.parametrize(
    ("tag", "call_us", "day"),
    [
        ("en", "Call us at", "November 21, 2026"),
        ("en-US", "Call us at", "November 21, 2026"),
        ("en-GB", "Call us on", "21 November 2026"),
        ("es", "Llámenos al", "21 de noviembre de 2026"),
        ("es-MX", "Llámenos al", "21 de noviembre de 2026"),
        ("fr-CA", "Appelez-nous au", "21 novembre 2026"),
        ("zh-Hans", "请致电", "2026年11月21日"),
    ],
)
def test_a_tag_finds_its_language_and_its_regions_wording(tag: str, call_us: str, day: str) -> None:
    found = catalogue(tag)
    assert found is not None
    assert (found("call_us"), found.date(DAY)) == (call_us, day)


def test_markup_escapes_the_catalogues_words_and_keeps_the_fields_markup() -> None:
    clinic = {"es": {"words": {"continued": "{title} <i>&</i> más"}}}
    found = catalogue("es", clinic)
    assert found is not None
    assert found.markup("continued", title="<b>T</b>") == "<b>T</b> &lt;i&gt;&amp;&lt;/i&gt; más"


def test_a_catalogue_with_wrong_keys_or_fields_is_described() -> None:
    table = {"words": {"main_thing": "x", "page_note": "Page {page}", "nonsense": "y"}, "months": ["a"]}
    assert problems(table, complete=False) == [
        ("words.page_note", "must use {page}, {pages} (it uses {page})"),
        ("words.nonsense", "is not a key of a catalogue"),
        ("months", "must list the twelve months, each as text"),
    ]


def test_a_spanish_page_prints_no_english_word_of_the_tools_own() -> None:
    spec = valid_spec(small_spec(extra='language = "es"'))
    text = text_of(build_pdf(spec).pdf)
    assert "INFORMACIÓNPARAPACIENTES" in text and "Lomásimportante" in text  # text_of drops spaces
    for key in ("patient_information", "main_thing", "call_care_team", "phone", "version", "reviewed"):
        own = english()(key, **dict.fromkeys(KEYS[key], "")).split()
        assert not any(len(word) > 3 and word in text for word in own if word != "Version"), key


def test_a_language_without_a_catalogue_is_refused_in_one_line() -> None:
    spec = valid_spec(small_spec(extra='language = "de"'))
    with pytest.raises(SpecError) as caught:
        build_pdf(spec, file="knee.toml")
    (line,) = [str(problem) for problem in caught.value.problems]
    assert line.startswith("knee.toml: language: handouts has no words of its own for 'de' (it has en, es")
    assert line.endswith("add catalogues/de.toml beside the clinic profile")


@pytest.mark.parametrize("language", ["zh", "ko", "ar"])
def test_a_language_in_another_script_prints_its_words(language: str) -> None:
    """Chinese, Korean and Arabic have bundled faces (tests/build/test_scripts.py reads the pages)."""
    spec = valid_spec(small_spec(extra=f'language = "{language}"'))
    assert build_pdf(spec, file="knee.toml").pdf.startswith(b"%PDF")


def test_an_unreviewed_catalogue_warns_once_per_batch_and_stops_a_strict_build(runner: CliRunner) -> None:
    for name in ("one", "two"):
        write(
            f"specs/{name}.toml", current(small_spec(extra='language = "es"').replace('"small"', f'"{name}"'))
        )
    result = runner.invoke(cli, ["build", "specs", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [UNREVIEWED_ES]
    assert result.stdout.splitlines()[-1].startswith("2 built, 0 failed, 1 warning in")
    strict = runner.invoke(cli, ["build", "specs/one.toml", "--strict", "-o", "strict.pdf"])
    assert strict.exit_code == 2
    # Refused, it names the spec it stops.
    assert strict.stderr.splitlines() == [
        "specs/one.toml: language: " + UNREVIEWED_ES.replace(": warning: has", " has")
    ]
    assert not Path("strict.pdf").exists()


def test_validate_accepts_every_shipped_language_tag() -> None:
    for language in LANGUAGES:
        checked = validate_bytes(small_spec(extra=f'language = "{language}"').encode(), "s.toml")
        assert not checked.errors, checked.problems
