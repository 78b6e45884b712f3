"""The cross-field rules (rules.py): citations and references, unique section titles, review dates."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from handouts import SpecError, load_spec, validate_bytes
from tests.helpers.specs import full, lines, minimal
from tests.helpers.specs import validate_table as check
from tests.helpers.toml import dumps

# --- citations -------------------------------------------------------------------------------------


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
            "doi": "10.1000/a[1]",
            "pages": "1-2",
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


# --- section titles ------------------------------------------------------------------------------


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


# --- review dates --------------------------------------------------------------------------------


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


def test_rules_run_alongside_the_models_errors() -> None:
    """A spec with model errors still gets the rules' problems, wherever the part they read is sound."""
    table = minimal()
    table["title"] = ""
    table["sections"][0]["blocks"][0]["text"] = "Cites [9]."
    table["review"]["next_review"] = table["review"]["last_reviewed"]
    assert lines(check(table)) == [
        "title: must not be empty",
        "sections[1].blocks[1].text (section 'Symptoms'): cites [9] but the spec has no references",
        "review.next_review: 2026-07-15 must come after last_reviewed (2026-07-15)",
        "review.next_review: warning: review overdue since 2026-07-15; "
        "review the content and update the dates",
    ]


def test_a_part_the_model_refuses_is_not_checked_again_by_the_rules() -> None:
    """The model's one message stands for a broken part: no rule reports what lies inside it."""
    table = minimal()
    section = table["sections"][0]
    table["sections"] = [copy.deepcopy(section) for _ in range(21)]  # too many, and every title the same
    assert lines(check(table)) == ["sections: has 21 items; at most 20"]
    table = minimal()
    table["sections"][0]["blocks"][0]["text"] = "Cites [9]." + "x" * 1500  # too long to be a text
    table["review"]["next_review"] = datetime(2020, 1, 1, 9)  # not a date, so not "before" anything
    assert sorted(line.split(":")[0] for line in lines(check(table))) == [
        "review.next_review",
        "sections[1].blocks[1].text (section 'Symptoms')",
    ]
    table = minimal()
    table["references"] = [{"title": "\x08", "source": "Journal", "year": 2020}]
    assert lines(check(table))[-1] == "references[1]: warning: is never cited; cite it as [1] or remove it"


# --- waivers of the report's gates ---------------------------------------------------------------------


def test_a_gate_is_waived_once_and_only_a_gate_a_spec_may_waive() -> None:
    table = minimal()
    reason = "A medicines schedule: no emergency to describe."
    table["report"] = {
        "waive": [
            {"check": "get_help_now", "reason": reason},
            {"check": "Get_Help_Now", "reason": reason},
            {"check": "get_help_now", "reason": "Again."},
            {"check": "next_review", "reason": "Not yet."},
        ]
    }
    found = lines(check(table))
    assert found[0] == (
        "report.waive[2].check: must be one of 'flesch_kincaid_grade', 'smog_grade', 'crawford_grade', "
        "'average_sentence', 'medical_terms', 'actions_for_the_reader', 'get_help_now' or 'contact_details' "
        "(got 'Get_Help_Now'); did you mean 'get_help_now'?"
    )
    assert found[1].startswith("report.waive[4].check: must be one of ")
    assert found[2:] == ["report.waive[3].check: waives 'get_help_now' again (see waive[1])"]
