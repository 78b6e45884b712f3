"""The report's own words come from the catalogues, in the language of the clinic it is read by: a
Spanish clinic's report on the Spanish handout prints no English word of the report's own, while its
JSON keeps the keys and outcomes programs read; every shipped catalogue holds every report word with
its fields; a clinic can change a report word, and a bad one is refused naming its file and key."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from handouts import build_pdf, fit_line, fit_variants, load_profile, make_report
from handouts.cli.main import cli
from handouts.errors import SpecError
from handouts.language import catalogue as catalogue_module
from handouts.language.catalogue import LANGUAGES, catalogue, english, problems, report_keys
from handouts.report.output import report_text, shown_width
from handouts.report.words import report_language, report_words
from tests.helpers.clinics import write_profile
from tests.helpers.paths import EXAMPLE_CLINIC, REPO, SPECS
from tests.helpers.reports import GOOD
from tests.helpers.specs import current, load, valid_spec

SPANISH_HANDOUT = SPECS / "myelomalacia-es.toml"
SPANISH_CLINIC: dict[str, Any] = {
    "name": "Riverside Spine Clinic",
    "language": "es",  # the clinic's own texts, and so its staff's reports, are in Spanish
    "department": "Departamento de Neurocirugía",
    "phone": "+1 555 0100",
    "hours": "de lunes a viernes, de 8 a. m. a 5 p. m.",
    "disclaimer": "Esta hoja es información general de Riverside Spine Clinic. No sustituye los consejos "
    "del equipo que lo conoce a usted y su afección. Si tiene alguna duda, llámenos.",
    "out_of_hours": {"phone": "+1 555 0199", "advice": "Una enfermera de columna está de guardia."},
    "languages": {
        "en": {
            "department": "Department of Neurosurgery",
            "hours": "Monday to Friday, 8 am to 5 pm",
            "disclaimer": "This handout is general information from Riverside Spine Clinic.",
            "out_of_hours_advice": "A spine nurse is on call.",
        }
    },
}
# What a Spanish report keeps of the English words, on purpose: the formulas' and tools' names, and
# the spec's own syntax it tells an author to write (level = "urgent", [contact], --clinic).
KEPT = {
    "flesch-kincaid",
    "smog",
    "crawford",
    "fernández",
    "huerta",
    "szigriszt-pazos",
    "inflesz",
    "sha256",
    "pdf",
}
KEPT |= {"level", "urgent", "contact", "clinic", "normal", "visual"}  # ("normal", "visual": Spanish too)
# Words a language writes as English does: "3 actions", "2 sections" in French, "Links" in Portuguese.
SPELT_ALIKE = {
    "fr": {
        f"{key}{one}"
        for key in ("count_actions", "count_figures", "count_sections", "pages_count")
        for one in ("", "_one")
    },
    "pt": {"links"},
}
_WORD = re.compile(r"[^\W\d_][\w'-]*\w")


def bundled(language: str) -> dict[str, Any]:
    data = (files("handouts.language") / "catalogues" / f"{language}.toml").read_text("utf-8")
    return tomllib.loads(data)


def report_words_of(language: str) -> set[str]:
    """Every word of three letters or more in a catalogue's report texts (not their fields)."""
    found = catalogue(language)
    assert found is not None
    return {word for text in found.report.values() for word in words_in(re.sub(r"\{\w+\}", " ", text))}


def words_in(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text) if len(word) > 2}


@pytest.fixture
def spanish_clinic(runner: CliRunner) -> Path:
    return write_profile(SPANISH_CLINIC, path="clinica/clinic.toml")


# --- which language -------------------------------------------------------------------------------------


def test_the_report_is_in_the_clinics_own_language_and_english_without_a_clinic(spanish_clinic: Path) -> None:
    assert report_language(None) == "en"
    assert report_language(load_profile(EXAMPLE_CLINIC)) == "en"  # its own texts are English
    spanish = load_profile(spanish_clinic)
    assert report_language(spanish) == "es"
    assert report_words(spanish)("part_reading_level") == "Nivel de lectura"


# --- the text a person reads ------------------------------------------------------------------------------


def test_a_spanish_clinics_report_on_the_spanish_handout_has_no_english_word_of_its_own(
    runner: CliRunner, spanish_clinic: Path
) -> None:
    result = runner.invoke(cli, ["report", str(SPANISH_HANDOUT), "--clinic", str(spanish_clinic)])
    assert result.exit_code == 0, result.output
    english = report_words_of("en")
    assert english & report_words_of("es") <= KEPT
    # The spec's own words are quoted as written: here its reviewers' name, in English.
    reviewers = load(SPANISH_HANDOUT).review.reviewed_by
    assert reviewers in result.stdout
    # File paths are quoted as given: the checkout's own folder may have any name ("main").
    quoted = result.stdout.replace(reviewers, "").replace(str(SPANISH_HANDOUT.parent), "")
    english_left = words_in(quoted) & (english - KEPT)
    assert english_left == set(), result.stdout
    lines = result.stdout.splitlines()
    assert "  Nivel de lectura" in lines and "  Accionabilidad" in lines
    assert any(line.strip().startswith("BIEN") and "Cabe en la página" in line for line in lines)
    assert any("Un mensaje principal" in line and "cumple" in line for line in lines)  # a CDC item
    assert lines[-1].startswith("  Superados los ") and lines[-1].endswith(" controles")
    # What the spec says is quoted as written: its Spanish sentences, its terms.
    assert "Mensaje principal" in result.stdout  # the key message's row in the table by section


def test_an_english_page_is_judged_as_english_and_reported_in_spanish(
    runner: CliRunner, spanish_clinic: Path
) -> None:
    """The formulas and term lists follow the page's language; only the report's words follow its reader."""
    Path("fixture.toml").write_text(current(GOOD), encoding="utf-8")
    result = runner.invoke(cli, ["report", "fixture.toml", "--clinic", str(spanish_clinic)])
    assert result.exit_code == 0, result.output
    assert "Grado Flesch-Kincaid" in result.stdout and "Crawford" not in result.stdout
    assert "hoja para pacientes, en, letter" in result.stdout.splitlines()[0]
    # The spec's own sentence, quoted untranslated in a Spanish line.
    assert re.search(r"Acciones para el lector\s+\d+, p\. ej\. \"Keep moving", result.stdout)


def test_the_json_keeps_its_keys_and_outcomes_and_translates_what_people_read(
    runner: CliRunner, spanish_clinic: Path
) -> None:
    """The same handout, with the example clinic (English) and with its Spanish twin."""
    found = {}
    for name, profile in (("en", EXAMPLE_CLINIC), ("es", spanish_clinic)):
        result = runner.invoke(cli, ["report", str(SPANISH_HANDOUT), "--clinic", str(profile), "--json"])
        assert result.exit_code == 0, result.output
        found[name] = json.loads(result.stdout)["documents"][0]
    english_doc, spanish_doc = found["en"], found["es"]
    assert spanish_doc.keys() == english_doc.keys()
    checks = {lang: [c for part in doc["parts"] for c in part["checks"]] for lang, doc in found.items()}
    assert [(c["key"], c["outcome"], c["gate"]) for c in checks["es"]] == [
        (c["key"], c["outcome"], c["gate"]) for c in checks["en"]
    ]
    assert [c.keys() for c in checks["es"]] == [c.keys() for c in checks["en"]]
    names = {c["key"]: (c["name"], s["name"]) for c, s in zip(checks["en"], checks["es"], strict=True)}
    assert names["fits_the_page"] == ("Fits the page", "Cabe en la página")
    assert names["medical_terms"] == ("Medical terms", "Términos médicos")
    items = {lang: [i for part in doc["parts"] for i in part["items"]] for lang, doc in found.items()}
    assert [i["status"] for i in items["es"]] == [i["status"] for i in items["en"]]  # "met", in English
    assert {i["status"] for i in items["es"]} <= {"met", "not met", "needs a person", "not applicable"}
    assert items["es"][0]["wording"] == "Su propósito es evidente"
    assert spanish_doc["failed"] == english_doc["failed"] == []


def test_the_fit_report_is_in_the_clinics_language(runner: CliRunner, spanish_clinic: Path) -> None:
    result = runner.invoke(cli, ["fit", str(SPANISH_HANDOUT), "--clinic", str(spanish_clinic)])
    rows = result.stdout.splitlines()[1:]
    assert rows and all("quedan unas" in row and "línea(s) libres" in row for row in rows), result.stdout
    assert any(row.strip().startswith("letter, letra grande") for row in rows)


# --- the catalogues ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_catalogue_has_every_report_word_with_its_fields(language: str) -> None:
    table = bundled(language)
    assert problems(table, complete=True) == []
    assert sorted(table["report"]) == sorted(report_keys())


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_every_shipped_translation_says_the_report_in_its_own_words(language: str) -> None:
    """No report word is left in English, but names and marks that read the same (a formula's name,
    "N/C", a date and its due)."""
    own, source = bundled(language)["report"], english().report
    same = {key for key, text in own.items() if text == source[key]}
    assert same <= {"szigriszt_pazos_inflesz", "next_review_shown", "mark_not_checked", "band_normal"} | (
        SPELT_ALIKE.get(language, set())
    )


def test_a_report_word_a_catalogue_lacks_is_said_in_english() -> None:
    """A clinic's catalogue of a language the tool does not ship need not hold the report's words."""
    table = bundled("en")
    german = {key: value for key, value in table.items() if key != "report"}
    german["report"] = {"part_fit": "Passform"}
    assert problems(german, complete=True) == []
    found = catalogue("de", {"de": german})
    assert found is not None
    assert (found.said("part_fit"), found.said("part_governance")) == ("Passform", "Governance")


def test_a_clinic_with_a_language_and_no_report_words_gets_them_in_english(runner: CliRunner) -> None:
    Path("clinic/catalogues").mkdir(parents=True)
    german = {key: value for key, value in bundled("en").items() if key not in ("report", "regions")}
    german["report"] = {"part_reading_level": "Lesbarkeit"}
    lines = [f"{key} = {json.dumps(value)}" for key, value in german.items() if not isinstance(value, dict)]
    for table in ("words", "report"):
        lines += [f"\n[{table}]"] + [f"{key} = {json.dumps(text)}" for key, text in german[table].items()]
    Path("clinic/catalogues/de.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = write_profile(
        {"name": "Klinik", "language": "de", "phone": "1234567", "out_of_hours": {"phone": "112"}},
        path="clinic/clinic.toml",
    )
    Path("fixture.toml").write_text(current(GOOD), encoding="utf-8")
    result = runner.invoke(cli, ["report", "fixture.toml", "--clinic", str(profile)])
    assert result.exit_code == 0, result.output
    assert "  Lesbarkeit" in result.stdout.splitlines() and "  Plain language" in result.stdout.splitlines()


def test_a_clinics_report_word_is_used_and_a_bad_one_is_refused_naming_its_file_and_key(
    runner: CliRunner, spanish_clinic: Path
) -> None:
    own = Path("clinica/catalogues/es.toml")
    own.parent.mkdir()
    own.write_text('[report]\npart_fit = "Tamaño"\nmark_pass = "OK"\n', encoding="utf-8")
    result = runner.invoke(cli, ["report", str(SPANISH_HANDOUT), "--clinic", str(spanish_clinic)])
    assert result.exit_code == 0, result.output
    assert "  Tamaño" in result.stdout.splitlines()
    assert re.search(r"^    OK\s+Cabe en la página", result.stdout, re.MULTILINE)
    own.write_text(
        '[report]\nfits_shown = "{sheets:>999999999}"\nsummary_failed = "FALLAN {names}"\nnonsense = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        load_profile(spanish_clinic)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{own}: report.fits_shown: must use {{sheets}}, {{size}} (it uses {{sheets:>999999999}})",
        f"{own}: report.summary_failed: must use {{failed}}, {{gates}}, {{names}} (it uses {{names}})",
        f"{own}: report.nonsense: is not a key of a catalogue",
    ]


# --- the code and the catalogues agree ----------------------------------------------------------------------


def _said(call: ast.Call) -> list[tuple[str, frozenset[str], bool]]:
    """(key, fields filled, whether all of them are named) for a call of the report's words with a
    literal key: words("key", x=...), words.count("key", n), gate(words, "key", ...)."""
    func, args = call.func, call.args
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    owner = func.value if isinstance(func, ast.Attribute) else None
    owner_name = (
        owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
    )
    if (
        name in ("gate", "info", "unchecked")
        and args
        and isinstance(args[0], ast.Name)
        and args[0].id == "words"
    ):
        return [(key, frozenset(), True) for key in _keys(args[1])]
    if name == "count" and owner_name in ("words", "said"):
        return [(key + one, frozenset({"count"}), True) for key in _keys(args[0]) for one in ("", "_one")]
    if name in ("words", "said") and args:
        fields = frozenset(keyword.arg for keyword in call.keywords if keyword.arg is not None)
        named = all(keyword.arg is not None for keyword in call.keywords)
        return [(key, fields, named) for key in _keys(args[0])]
    return []


def _keys(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    return []  # a key made as it is said ("band_" + ...): the reports above say each of them


def test_every_report_word_the_code_says_is_in_the_catalogues_with_the_fields_it_fills() -> None:
    """Read from the code, so that a path no test takes cannot ask for a word or a field that is not
    there (a KeyError in some clinic's report)."""
    keys = report_keys()
    said = [
        (path.name, found)
        for path in sorted((REPO / "handouts" / "report").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
        for found in _said(node)
    ]
    assert len(said) > 150  # the report says most of its words with a literal key
    wrong = [
        (file, key, sorted(fields))
        for file, (key, fields, named) in said
        if key not in keys or not (fields == keys[key] if named else fields <= keys[key])
    ]
    assert wrong == []


@pytest.mark.parametrize("language", ["ko", "zh"])
def test_columns_line_up_in_a_language_of_wide_characters(runner: CliRunner, language: str) -> None:
    """A Korean clinic's report on an English page (the page's fonts draw English; the report is text)."""
    profile = load_profile(write_profile(language=language))
    report = make_report(build_pdf(valid_spec(GOOD), clinic=profile), file="fixture.toml")
    text = report_text(report)
    lines = iter(text.splitlines())
    starts = set()
    for check in (check for part in report.parts for check in part.checks):  # in the order printed
        line = next(line for line in lines if check.name in line and line.endswith(check.shown))
        starts.add(shown_width(line[: len(line) - len(check.shown)]))
    assert len(starts) == 1, text
    assert shown_width("검사 통과") == 9 and shown_width("Tiếng Việt") == 10


def test_a_shipped_catalogue_that_lacks_a_new_report_word_says_it_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A word added to the English report before the translations catch up: the Spanish report says it
    in English, and says the rest in Spanish."""
    spanish = bundled("es")
    del spanish["report"]["part_fit"]
    tables = {"en": bundled("en"), "es": spanish}
    monkeypatch.setattr(catalogue_module, "_bundled", tables.get)
    catalogue_module._bundled_only.cache_clear()  # made from the real tables by an earlier test
    try:
        found = catalogue("es")
    finally:
        catalogue_module._bundled_only.cache_clear()
    assert found is not None
    assert (found.said("part_fit"), found.said("part_governance")) == ("Fit", "Gestión")


def test_unreviewed_report_words_are_said_once_and_stop_a_strict_run(
    runner: CliRunner, spanish_clinic: Path
) -> None:
    specs = [str(SPANISH_HANDOUT), str(SPECS / "myelomalacia.toml")]
    result = runner.invoke(cli, ["report", *specs, "--clinic", str(spanish_clinic)])
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "words of the quality report" in line]
    assert said == [
        "the español (es) catalogue: report: warning: has not been reviewed by a fluent speaker: the words "
        "of the quality report are unchecked translations; have them reviewed, then set reviewed_by"
    ]
    strict = runner.invoke(cli, ["report", *specs, "--clinic", str(spanish_clinic), "--strict"])
    assert strict.exit_code == 2 and strict.stdout == ""
    assert strict.stderr.startswith("the español (es) catalogue: report: has not been reviewed")
    english = runner.invoke(cli, ["report", specs[1]])
    assert "words of the quality report" not in english.stderr


def test_the_fit_rows_line_up_in_chinese(runner: CliRunner) -> None:
    profile = write_profile(language="zh")
    Path("fixture.toml").write_text(current(GOOD), encoding="utf-8")
    result = runner.invoke(cli, ["fit", "fixture.toml", "--clinic", str(profile)])
    fits = fit_variants(valid_spec(GOOD), load_profile(profile), "fixture.toml")
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == len(fits) > 1
    starts = {shown_width(row[: row.index(fit_line(fit))]) for row, fit in zip(rows, fits, strict=True)}
    assert len(starts) == 1, result.stdout
