"""The spec model: strict, nothing coerced or stripped, and every kind of mistake worded for the author
(wording.py): where it is, with the section's title, and what to do."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from handouts import Spec, validate_bytes
from handouts.spec.model import SLUG
from handouts.spec.walking import texts
from tests.helpers.specs import SECTION, full, lines, minimal, spec_text
from tests.helpers.specs import validate_table as check


def test_strings_are_kept_exactly_as_written() -> None:
    table = minimal()
    table["title"] = "  Knee pain\t"
    table["sections"][0]["blocks"][0]["text"] = "Line one\n  line two  "
    checked = check(table)
    assert lines(checked) == []
    assert checked.spec is not None
    assert checked.spec.title == "  Knee pain\t"
    assert checked.spec.sections[0].blocks[0].text == "Line one\n  line two  "  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("title", 1, "title: must be text in quotes (got a number)"),
        ("title", 1.5, "title: must be text in quotes (got a number)"),
        ("title", False, "title: must be text in quotes (got true/false)"),
        ("title", ["Knee"], "title: must be text in quotes (got a list)"),
        ("title", {"text": "Knee"}, "title: must be text in quotes (got a table)"),
        ("title", date(2025, 1, 1), "title: must be text in quotes (got a date)"),
        ("sections", "Symptoms", "sections: must be a list in square brackets (got text)"),
        ("sections", {"title": "x"}, "sections: must be a list in square brackets (got a table)"),
        ("review", [], "review: must be a table of key = value pairs (got a list)"),
        (
            "audience",
            "Patient",
            "audience: must be one of 'clinician' or 'patient' (got 'Patient'); did you mean 'patient'?",
        ),
        ("audience", 1, "audience: must be one of 'clinician' or 'patient' (got 1)"),
        ("id", "", "id: must be a slug: lowercase letters, digits and single hyphens, e.g. 'knee-pain'"),
        ("id", 7, "id: must be text in quotes (got a number)"),
        ("version", "", "version: must not be empty"),
        ("references", [], None),  # optional lists may be empty; the default is empty
    ],
)
def test_no_value_is_coerced(key: str, value: Any, message: str | None) -> None:
    table = minimal()
    table[key] = value
    assert lines(check(table)) == ([message] if message else [])


@pytest.mark.parametrize(
    "field",
    ["year", "pmid"],
)
def test_reference_numbers_are_not_coerced(field: str) -> None:
    table = full()
    table["references"][0][field] = 2020.0 if field == "year" else 12345
    expected = {
        "year": "references[1].year: must be a whole number (got a number)",
        "pmid": "references[1].pmid: must be text in quotes (got a number)",
    }
    assert lines(check(table)) == [expected[field]]


def test_the_model_forbids_unknown_keys_and_is_frozen() -> None:
    table = minimal()
    table["review"]["reviewer"] = "x"
    with pytest.raises(ValidationError):
        Spec.model_validate(table)
    spec = Spec.model_validate(minimal())
    with pytest.raises(ValidationError):
        spec.title = "Other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("place", "key", "suggestion"),
    [
        ((), "titel", "title"),
        ((), "subtitel", "subtitle"),
        ((), "key-message", "key_message"),
        ((), "disclaimr", "disclaimer"),
        (("review",), "last_review", "last_reviewed"),
        (("review",), "reviewed", "reviewed_by"),
        (("contact",), "phon", "phone"),
        (("references", 0), "autors", "authors"),
        (("sections", 0), "titles", "title"),
        (("sections", 0), "block", "blocks"),
        (("sections", 0, "blocks", 0), "txt", "text"),
    ],
)
def test_a_typo_in_a_key_suggests_the_key_meant_there(
    place: tuple[Any, ...], key: str, suggestion: str
) -> None:
    table = full()
    target = table
    for step in place:
        target = target[step]
    target[key] = "x"
    found = [line for line in lines(check(table)) if "unknown key" in line]
    assert len(found) == 1
    assert found[0].endswith(f"unknown key {key!r}; did you mean {suggestion!r}?")


@pytest.mark.parametrize(
    ("place", "key"),
    [((), "level"), ((), "rows"), ((), "text"), (("review",), "title"), (("contact",), "year")],
)
def test_a_key_from_another_table_gets_no_suggestion_of_itself(place: tuple[str, ...], key: str) -> None:
    table = full()
    target = table
    for step in place:
        target = target[step]
    target[key] = "x"
    where = ".".join(place)
    assert lines(check(table)) == [f"{where + ': ' if where else ''}unknown key {key!r}"]


def test_unknown_keys_deep_inside_name_their_place_and_section() -> None:
    table = full()
    table["sections"][1]["blocks"][0]["rows"][1]["lable"] = "x"
    table["sections"][2]["blocks"][1]["items"][0]["anwser"] = "x"
    table["sections"][0]["blocks"][1]["items"][1]["plain"] = "x"
    assert sorted(lines(check(table))) == sorted(
        [
            "sections[2].blocks[1].rows[2] (section 'Choosing a drug'): "
            "unknown key 'lable'; did you mean 'label'?",
            "sections[3].blocks[2].items[1] (section 'Terms'): unknown key 'anwser'; did you mean 'answer'?",
            "sections[1].blocks[2].items[2] (section 'Assessment'): unknown key 'plain'",
        ]
    )


def test_a_quoted_key_is_shown_on_one_line() -> None:
    table = minimal()
    table["ti\ntle"] = "x"
    assert lines(check(table)) == ["unknown key 'ti\\ntle'; did you mean 'title'?"]


def test_echoed_values_are_shortened() -> None:
    table = minimal()
    table["audience"] = "p" * 10_000
    table["sections"][0]["blocks"][0]["kind"] = "k" * 10_000
    found = lines(check(table))
    assert len(found) == 2
    assert all(len(line) < 300 for line in found)
    assert found[0].startswith("audience: must be one of 'clinician' or 'patient' (got 'ppp")


@pytest.mark.parametrize(
    ("spec_id", "valid"),
    [
        ("a", True),
        ("knee-pain", True),
        ("knee-pain-2", True),
        ("2025-update", True),
        ("x" * 64, True),
        ("x" * 65, False),
        ("Knee-pain", False),
        ("knee_pain", False),
        ("knee pain", False),
        ("knee--pain", False),
        ("-knee", False),
        ("knee-", False),
        ("knee.toml", False),
        ("../etc/passwd", False),
        ("knee/pain", False),
        ("kn\u00e9e", False),
        ("knee\n", False),
        ("\nknee", False),
        ("", False),
    ],
)
def test_the_id_is_a_safe_slug(spec_id: str, valid: bool) -> None:
    table = minimal()
    table["id"] = spec_id
    found = lines(check(table))
    if valid:
        assert found == []
    elif len(spec_id) > 64:
        assert found == ["id: is too long: 65 characters, at most 64"]
    else:
        assert found == ["id: must be a slug: lowercase letters, digits and single hyphens, e.g. 'knee-pain'"]
    # The command line checks ids with the same rule, using Python's re.
    assert bool(SLUG.match(spec_id)) == (valid or len(spec_id) > 64)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\r"])
def test_control_characters_in_text_are_errors(char: str) -> None:
    table = minimal()
    table["sections"][0]["blocks"][0]["text"] = f"Pain{char}here"
    assert lines(check(table)) == [
        f"sections[1].blocks[1].text (section 'Symptoms'): holds the control character "
        f"U+{ord(char):04X}; remove it"
    ]


def test_every_character_at_fault_is_named_once() -> None:
    table = minimal()
    table["sections"][0]["blocks"][0]["text"] = "Pain\x07 here\x08, \x07 there \u202e and\u2060 more"
    assert lines(check(table)) == [
        "sections[1].blocks[1].text (section 'Symptoms'): holds the control characters U+0007 and U+0008; "
        "the direction control U+202E (RIGHT-TO-LEFT OVERRIDE), which makes text read in another order "
        "than it prints; the invisible formatting character U+2060 (WORD JOINER); remove them"
    ]


def test_tabs_newlines_and_any_printable_unicode_are_fine() -> None:
    table = minimal()
    table["sections"][0]["blocks"][0]["text"] = "Tab\there,\nnew line, ≥ µg, 日本語, emoji 🙂, <b> & ' \""
    assert lines(check(table)) == []


@pytest.mark.parametrize(
    ("key", "limit"),
    [("title", 160), ("key_message", 1500), ("disclaimer", 3000)],
)
def test_length_limits(key: str, limit: int) -> None:
    table = minimal()
    table[key] = "x" * limit
    assert lines(check(table)) == []
    table[key] = "x" * (limit + 1)
    assert lines(check(table)) == [f"{key}: is too long: {limit + 1} characters, at most {limit}"]


def test_a_spec_url_must_be_short_enough_to_scan_and_type() -> None:
    long = "https://example.org/" + "a" * 101
    checked = validate_bytes(spec_text(SECTION, extra=f'url = "{long}"').encode())
    assert [str(p) for p in checked.errors] == ["<spec>: url: is too long: 121 characters, at most 120"]


def test_texts_walks_every_markup_string_with_paths_from_one() -> None:
    spec = Spec.model_validate(full())
    paths = dict(texts(spec))
    assert paths["sections[1].blocks[2].items[2].items[2]"] == "HbA1c\tand lipids"
    assert paths["sections[2].blocks[1].rows[2].cells[2]"] == "CCB [2\u20133]"
    assert "references[1].url" not in paths and "id" not in paths and "contact.phone" not in paths


# --- references: volume, issue, pages; DOIs and PMIDs in one form ---------------------------------------

DOI_ADVICE = "must be a DOI such as '10.1056/NEJMoa2034577' (its https://doi.org/ address will do)"
ALLOWED = "letters, digits, spaces, hyphens"
PMID_ADVICE = "must be a PubMed id: digits, e.g. '31415926' (a PMCID such as 'PMC1234' is another id)"


@pytest.mark.parametrize(
    ("key", "written", "kept"),
    [
        ("doi", "10.1056/NEJMoa2034577", "10.1056/NEJMoa2034577"),
        ("doi", "https://doi.org/10.1056/NEJMoa2034577", "10.1056/NEJMoa2034577"),
        ("doi", "http://dx.doi.org/10.1002%2Fjbmr.1", "10.1002/jbmr.1"),
        ("doi", "doi:10.1136/bmj.n71", "10.1136/bmj.n71"),
        ("doi", "DOI: 10.1136/bmj.n71", "10.1136/bmj.n71"),
        ("pmid", "31415926", "31415926"),
        ("pmid", "PMID: 31415926", "31415926"),
        ("pmid", "pmid 31415926", "31415926"),
        ("pmid", "https://pubmed.ncbi.nlm.nih.gov/31415926/", "31415926"),
        ("pmid", "https://www.ncbi.nlm.nih.gov/pubmed/31415926", "31415926"),
    ],
)
def test_dois_and_pmids_are_kept_as_their_bare_names(key: str, written: str, kept: str) -> None:
    table = minimal()
    table["references"] = [{"title": "Source", "source": "Journal", "year": 2020, key: written}]
    table["key_message"] = "Cited [1]."
    checked = check(table)
    assert lines(checked) == []
    assert checked.spec is not None
    assert getattr(checked.spec.references[0], key) == kept


@pytest.mark.parametrize(
    ("key", "written", "message"),
    [
        ("doi", "10.12/too-short-a-prefix", DOI_ADVICE),
        ("doi", "https://example.org/10.1056/x", DOI_ADVICE),
        ("doi", "10.1056/ with a space", DOI_ADVICE),
        ("pmid", "PMC1234", PMID_ADVICE),
        ("pmid", "1234567890", PMID_ADVICE),
        ("pmid", "https://pubmed.ncbi.nlm.nih.gov/", PMID_ADVICE),
        ("volume", "", "must not be empty"),
        ("volume", 19, "must be text in quotes (got a number)"),
        (
            "pages",
            "112-9; 120",
            "must be pages such as '112-9', 'e0123' or 'S1-S10' (letters, digits, spaces, hyphens)",
        ),
    ],
)
def test_a_reference_identifier_in_another_form_is_refused(key: str, written: object, message: str) -> None:
    table = minimal()
    table["references"] = [{"title": "Source", "source": "Journal", "year": 2020, key: written}]
    table["key_message"] = "Cited [1]."
    assert lines(check(table)) == [f"references[1].{key}: {message}"]


@pytest.mark.parametrize(
    ("width", "message"),
    [
        (0.1, "must be more than 0.2"),
        (1.5, "must be at most 1.0"),
        (float("inf"), "must be a number, not infinity or nan"),
        (float("nan"), "must be a number, not infinity or nan"),
        ("wide", "must be a number (got text)"),
        (True, "must be a number (got true/false)"),
    ],
)
def test_a_figure_width_out_of_range_is_said_in_our_words(width: object, message: str) -> None:
    table = minimal()
    figure = {"kind": "figure", "image": "x.png", "alt": "A drawing of the wrist.", "width": width}
    table["sections"][0]["blocks"].append(figure)
    assert f"sections[1].blocks[2].width (section 'Symptoms'): {message}" in lines(check(table))
