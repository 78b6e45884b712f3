"""The spec model, the cross-field rules and the wording of every kind of mistake.

Most cases are data: each file in fixtures/spec/problems/ is a spec with one kind of mistake (or a
few), and its `# expect: ...` comment lines are every problem it must produce, no more and no fewer,
as printed after `FILE: `. To add a case, add a file.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from spec_helpers import PROBLEMS, TODAY, VALID, assert_well_reported, dumps, expectations, full, minimal

from handouts import Checked, Problem, Spec, SpecError, load_spec, validate_bytes, validate_file
from handouts.spec import SLUG, texts


def check(table: dict[str, Any], *, today: date = TODAY, strict: bool = False) -> Checked:
    return validate_bytes(dumps(table).encode(), "spec.toml", today=today, strict=strict)


def lines(checked: Checked) -> list[str]:
    """The problems as printed, without the `FILE: ` prefix."""
    return [line.removeprefix(f"{checked.file}: ") for line in assert_well_reported(checked, checked.file)]


# --- the fixture table ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(VALID.glob("*.toml")), ids=lambda p: p.stem)
def test_valid_fixture_has_no_problems(path: Path) -> None:
    checked = validate_file(path, today=TODAY, strict=True)
    assert lines(checked) == []
    assert isinstance(checked.spec, Spec)
    assert load_spec(path, today=TODAY, strict=True) == checked.spec


@pytest.mark.parametrize("path", sorted(PROBLEMS.glob("*.toml")), ids=lambda p: p.stem)
def test_problem_fixture_reports_exactly_what_it_expects(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    checked = validate_file(path, today=TODAY)
    assert Counter(lines(checked)) == Counter(expected)
    has_errors = any(": warning: " not in f": {line}" for line in expected)
    assert bool(checked.errors) == has_errors
    if not has_errors:
        assert checked.spec is not None


@pytest.mark.parametrize("path", sorted(PROBLEMS.glob("*.toml")), ids=lambda p: p.stem)
def test_load_spec_raises_spec_error_with_every_error(path: Path) -> None:
    checked = validate_file(path, today=TODAY)
    if not checked.errors:
        assert load_spec(path, today=TODAY) == checked.spec
        return
    with pytest.raises(SpecError) as raised:
        load_spec(path, today=TODAY)
    assert raised.value.problems == checked.errors
    assert str(raised.value).splitlines() == [str(problem) for problem in checked.errors]


def test_every_fixture_id_matches_its_file_name_unless_that_is_the_point() -> None:
    """Keeps the fixture table honest: no case picks up the file-name warning by accident."""
    for path in [*VALID.glob("*.toml"), *PROBLEMS.glob("*.toml")]:
        if path.stem in {"bad-id", "many-mistakes", "id-differs-from-file-name"}:
            continue
        assert f'id = "{path.stem}"'.encode() in path.read_bytes(), path.name


# --- the model: strict, nothing coerced or stripped -----------------------------------------------


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
        ("audience", "Patient", "audience: must be one of 'clinician' or 'patient' (got 'Patient')"),
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


# --- cross-field rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("A [1].", {1}),
        ("A [1, 3].", {1, 3}),
        ("A [1,3] and [2].", {1, 2, 3}),
        ("A [1-3].", {1, 2, 3}),
        ("A [1\u20133].", {1, 2, 3}),
        ("A [2] [3] [1].", {1, 2, 3}),
    ],
)
def test_citations_count_as_citing_their_references(text: str, cited: set[int]) -> None:
    table = full()
    for section in table["sections"]:  # cite nothing anywhere else
        for block in section["blocks"]:
            block.clear()
            block.update(kind="paragraph", text="Plain.")
    table["key_message"] = text
    expected = [
        f"references[{n}]: warning: is never cited ({table['references'][n - 1]['title'][:49]}"
        for n in (1, 2, 3)
        if n not in cited
    ]
    found = lines(check(table))
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start)


def test_citations_in_addresses_and_identifiers_do_not_count() -> None:
    table = minimal()
    table["references"] = [
        {
            "title": "Source",
            "source": "Journal",
            "year": 2020,
            "url": "https://example.org/a[1]",
            "doi": "[1]",
        }
    ]
    table["contact"] = {"name": "Clinic", "website": "https://example.org/[2]", "email": "a[3]@example.org"}
    assert lines(check(table)) == [
        "references[1]: warning: is never cited (Source); cite it as [1] or remove it"
    ]


@pytest.mark.parametrize(
    ("citation", "shown"), [("[2-4]", "[2, 3, 4]"), ("[1-999]", "[1\u2013999]"), ("[0, 1]", "[0]")]
)
def test_a_missing_range_is_reported_once(citation: str, shown: str) -> None:
    table = minimal()
    table["sections"][0]["blocks"][0]["text"] = f"Pain {citation}."
    table["references"] = [{"title": "Source", "source": "Journal", "year": 2020}]
    reason = "references are numbered from 1" if shown == "[0]" else "references has 1"
    found = [line for line in lines(check(table)) if "never cited" not in line]
    assert found == [f"sections[1].blocks[1].text (section 'Symptoms'): cites {shown} but {reason}"]


def test_a_reference_cannot_cite() -> None:
    table = minimal()
    table["sections"][0]["blocks"][0]["text"] = "Pain [1]."
    table["references"] = [{"title": "Source", "source": "Journal [1]", "year": 2020}]
    assert lines(check(table)) == ["references[1].source: [1]: a reference cannot cite; remove it"]


def test_a_backwards_citation_over_lines_is_reported_on_one_line() -> None:
    table = minimal()
    table["sections"][0]["blocks"][0]["text"] = "Pain [3\n-1]."
    assert lines(check(table)) == [
        "sections[1].blocks[1].text (section 'Symptoms'): citation [3 -1] runs backwards"
    ]


def test_a_long_unused_reference_title_is_shortened() -> None:
    table = minimal()
    table["references"] = [{"title": "A very long title " * 10, "source": "Journal", "year": 2020}]
    (line,) = lines(check(table))
    assert line.startswith("references[1]: warning: is never cited (A very long title A very")
    assert "\u2026); cite it as [1] or remove it" in line


@pytest.mark.parametrize(
    ("titles", "duplicates"),
    [
        (["A", "B", "C"], []),
        (["Symptoms", "symptoms"], [(2, 1)]),
        (["Symptoms", " Symptoms "], [(2, 1)]),
        (["When  to call", "When to\ncall"], [(2, 1)]),
        (["A", "B", "a", "b", "A"], [(3, 1), (4, 2), (5, 1)]),
        (["Straße", "STRASSE"], [(2, 1)]),
    ],
)
def test_section_titles_are_unique(titles: list[str], duplicates: list[tuple[int, int]]) -> None:
    table = minimal()
    block = table["sections"][0]["blocks"][0]
    table["sections"] = [{"title": title, "blocks": [block]} for title in titles]
    assert lines(check(table)) == [
        f"sections[{n}].title: repeats the title of sections[{first}] ({titles[n - 1]!r})"
        for n, first in duplicates
    ]


def _with_review(last: date, next_: date) -> dict[str, Any]:
    table = minimal()
    table["review"].update(last_reviewed=last, next_review=next_)
    return table


def test_review_dates_relative_to_the_real_today() -> None:
    today = date.today()
    current = _with_review(today - timedelta(days=30), today + timedelta(days=300))
    assert lines(validate_bytes(dumps(current).encode(), "spec.toml", strict=True)) == []

    due_today = _with_review(today - timedelta(days=365), today)
    assert lines(validate_bytes(dumps(due_today).encode(), "spec.toml", strict=True)) == []

    yesterday = today - timedelta(days=1)
    overdue = validate_bytes(dumps(_with_review(today - timedelta(days=400), yesterday)).encode(), "x.toml")
    message = (
        f"review.next_review: warning: review overdue since {yesterday}; "
        "review the content and update the dates"
    )
    assert lines(overdue) == [message]
    assert overdue.spec is not None and not overdue.errors

    strict = validate_bytes(
        dumps(_with_review(today - timedelta(days=400), yesterday)).encode(), "x.toml", strict=True
    )
    assert lines(strict) == [message.replace("warning: ", "")]
    assert strict.errors and strict.errors[0].severity == "error"


def test_overdue_is_an_error_for_load_spec_only_when_strict(tmp_path: Path) -> None:
    path = tmp_path / "minimal-patient.toml"
    today = date.today()
    path.write_text(dumps(_with_review(today - timedelta(days=400), today - timedelta(days=1))))
    assert load_spec(path).title == "Knee pain"
    with pytest.raises(SpecError, match=r"review\.next_review: review overdue since"):
        load_spec(path, strict=True)


@pytest.mark.parametrize(
    ("last", "next_", "warns"),
    [
        (date(2025, 1, 15), date(2028, 1, 15), False),
        (date(2025, 1, 15), date(2028, 1, 16), True),
        (date(2024, 2, 29), date(2027, 2, 28), False),
        (date(2024, 2, 29), date(2027, 3, 1), True),
    ],
)
def test_a_review_cycle_over_three_years_warns(last: date, next_: date, warns: bool) -> None:
    found = lines(check(_with_review(last, next_), today=last))
    assert found == (
        [
            "review.next_review: warning: is more than three years after last_reviewed; "
            "clinical content is usually reviewed at least every three years"
        ]
        if warns
        else []
    )


def test_the_file_name_warning_and_strict(tmp_path: Path) -> None:
    path = tmp_path / "other-name.toml"
    shutil.copy(VALID / "minimal-patient.toml", path)
    warning = f"{path}: id: warning: 'minimal-patient' differs from the file name 'other-name'"
    checked = validate_file(path, today=TODAY)
    assert [str(p) for p in checked.problems] == [warning]
    assert checked.spec is not None
    strict = validate_file(path, today=TODAY, strict=True)
    assert [str(p) for p in strict.problems] == [warning.replace("warning: ", "")]
    with pytest.raises(SpecError):
        load_spec(path, today=TODAY, strict=True)


def test_rules_run_only_on_a_usable_spec() -> None:
    """A spec with model errors gets no rule problems (which would need a valid spec to check)."""
    table = minimal()
    table["title"] = ""
    table["sections"][0]["blocks"][0]["text"] = "Cites [9]."
    assert lines(check(table)) == ["title: must not be empty"]


# --- how problems print ---------------------------------------------------------------------------


def test_problem_lines() -> None:
    assert str(Problem("a.toml", "title", "must not be empty")) == "a.toml: title: must not be empty"
    assert str(Problem("a.toml", "", "is a folder, not a file")) == "a.toml: is a folder, not a file"
    assert str(Problem("a.toml", "id", "differs", "warning")) == "a.toml: id: warning: differs"


def test_spec_error_carries_only_errors() -> None:
    error = SpecError([Problem("a", "x", "bad"), Problem("a", "y", "doubtful", "warning")])
    assert error.problems == [Problem("a", "x", "bad")]
    assert str(error) == "a: x: bad"


def test_texts_walks_every_markup_string_with_paths_from_one() -> None:
    spec = Spec.model_validate(full())
    paths = dict(texts(spec))
    assert paths["sections[1].blocks[2].items[2].items[2]"] == "HbA1c\tand lipids"
    assert paths["sections[2].blocks[1].rows[2].cells[2]"] == "CCB [2\u20133]"
    assert "references[1].url" not in paths and "id" not in paths and "contact.phone" not in paths
