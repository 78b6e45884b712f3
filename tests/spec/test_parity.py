"""Translations that cannot drift: a translation compared with its source (parity.py), the source found
among the specs given or beside the translation (translations.py), and `translation_of` refused in one
line when it is not what it should be."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts import Sources, validate_bytes, validate_file
from handouts.pdf.check import printed_texts
from handouts.spec.parity import compare, numbers
from tests.helpers.cli import write
from tests.helpers.specs import SECTION, lines, spec_text, valid_spec
from tests.helpers.translations import FRENCH_SECTIONS, french_text, source_hash, source_text, write_pair


def differences(french: str) -> list[str]:
    """What comparing the translation (neck-fr.toml) with the source (neck.toml) finds, as printed."""
    source = valid_spec(source_text(), "neck.toml")
    translation = valid_spec(french, "neck-fr.toml")
    return [str(problem) for problem in compare(translation, source, "neck-fr.toml", "neck.toml")]


def test_a_faithful_translation_is_in_step() -> None:
    # "2,5 mg" agrees with "2.5 mg", and "3 mars 2027" with "March 3, 2027": digit groups, in any order
    assert differences(french_text()) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "555-0100",
            "555-0199",
            "sections[2].blocks[2] (section 'Quand appeler'): numbers differ from the source (neck.toml): "
            "0100 missing; 0199 not in the source",
        ),
        (
            "Appelez le 911",
            "Appelez le 112",
            "sections[2].blocks[1] (section 'Quand appeler'): numbers differ from the source (neck.toml): "
            "911 missing; 112 not in the source",
        ),
        (
            '"Restez actif.", ',
            "",
            "sections[1].blocks[2].items (section 'Ce qui aide'): 1 item; the source (neck.toml) has 2",
        ),
        (
            '"Engourdissement", ',
            "",
            "sections[1].blocks[2].items[2].items (section 'Ce qui aide'): 1 item; "
            "the source (neck.toml) has 2",
        ),
        (
            'level = "urgent"',
            'level = "warning"',
            "sections[2].blocks[1].level (section 'Quand appeler'): is 'warning'; the source (neck.toml) has "
            "'urgent'",
        ),
        (
            "par jour [1].",
            "par jour.",
            "sections[1].blocks[1] (section 'Ce qui aide'): citations differ from the source (neck.toml): "
            "[1] missing",
        ),
        (
            'kind = "paragraph"\ntext',
            'kind = "callout"\nlevel = "info"\ntext',
            "sections[2].blocks[2].kind (section 'Quand appeler'): is 'callout'; the source (neck.toml) has "
            "'paragraph' here",
        ),
        (
            "year = 2019",
            "year = 2018",
            "references[1]: numbers differ from the source (neck.toml): 2019 missing; 2018 not in the source",
        ),
    ],
    ids=["phone", "911", "item", "sub-item", "callout level", "citation", "block kind", "reference year"],
)
def test_each_difference_is_one_line(old: str, new: str, expected: str) -> None:
    assert old in FRENCH_SECTIONS
    assert differences(french_text(FRENCH_SECTIONS.replace(old, new))) == [f"neck-fr.toml: {expected}"]


def test_a_missing_section_is_one_problem_not_a_cascade() -> None:
    first_only = FRENCH_SECTIONS[: FRENCH_SECTIONS.index('[[sections]]\ntitle = "Quand appeler"')]
    french = french_text(first_only + FRENCH_SECTIONS[FRENCH_SECTIONS.index("[[references]]") :])
    assert differences(french) == ["neck-fr.toml: sections: 1 section; the source (neck.toml) has 2"]


def test_the_url_must_be_the_sources() -> None:
    french = french_text().replace('language = "fr"', 'language = "fr"\nurl = "https://example.org/cou"')
    assert differences(french) == [
        "neck-fr.toml: url: 'https://example.org/cou'; the source (neck.toml) has none"
    ]


def test_an_outdated_source_hash_is_a_warning_giving_the_new_one() -> None:
    found = differences(french_text(declared="0" * 64))
    assert found == [
        "neck-fr.toml: translation_of.content_hash: warning: the source has changed since this translation "
        f'(neck.toml is now version 1.0, content_hash = "{source_hash()}"); update it and its content_hash'
    ]


def test_a_version_other_than_the_sources_is_an_error() -> None:
    french = french_text().replace('version = "1.0", content_hash', 'version = "2.0", content_hash')
    assert differences(french) == [
        "neck-fr.toml: translation_of.version: is '2.0' but the source (neck.toml) is version '1.0'"
    ]


def test_a_source_with_another_id_is_refused() -> None:
    other = valid_spec(spec_text(SECTION, spec_id="knee"), "knee.toml")
    translation = valid_spec(french_text(), "neck-fr.toml")
    found = [str(problem) for problem in compare(translation, other, "neck-fr.toml", "knee.toml")]
    assert (
        found[0] == "neck-fr.toml: translation_of.id: is 'neck' but the source (knee.toml) has the id 'knee'"
    )


def test_digits_of_other_scripts_count_as_their_values() -> None:
    assert numbers("اتصل على ٩١١ أو 0100") == ["911", "0100"]


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        ('"neck"', ["translation_of: must be a table of key = value pairs (got text)"]),
        (
            '{ id = "neck", version = "1.0", content_hash = "xyz" }',
            [
                "translation_of.content_hash: must be the source's content hash: 64 hex digits (0-9, a-f), "
                "as its report gives it"
            ],
        ),
        (
            f'{{ id = "test", version = "1.0", content_hash = "{"a" * 64}" }}',
            [
                "translation_of.id: is this spec's own id; a translation names its source and has an id "
                "of its own (e.g. 'knee-pain-es')"
            ],
        ),
        (
            '{ id = "neck" }',
            [
                "translation_of.version: is required but missing",
                "translation_of.content_hash: is required but missing",
            ],
        ),
    ],
    ids=["not a table", "not hex", "itself", "incomplete"],
)
def test_a_bad_declaration_is_refused_in_one_line(declaration: str, expected: list[str]) -> None:
    checked = validate_bytes(spec_text(SECTION, extra=f"translation_of = {declaration}").encode(), "t.toml")
    assert lines(checked) == expected


def check(path: Path, *given: Path, strict: bool = False) -> list[str]:
    """The problems of the translation at `path` once checked among the specs `given`."""
    return [str(p) for p in Sources(given).check(validate_file(path), path, strict=strict).problems]


def test_the_source_is_found_beside_the_translation(tmp_path: Path) -> None:
    folder = write_pair(tmp_path / "specs")
    checked = Sources([]).check(validate_file(folder / "neck-fr.toml"), folder / "neck-fr.toml")
    assert checked.problems == []
    assert checked.parity is not None and checked.parity.in_step
    assert checked.parity.source_file == str(folder / "neck.toml")


def test_a_source_not_found_leaves_it_not_checked(tmp_path: Path) -> None:
    alone = write(tmp_path / "neck-fr.toml", french_text())
    expected = (
        f"{alone}: translation_of.id: warning: not checked: source not found (no spec with the id 'neck' "
        "among the specs given or in its folder)"
    )
    assert check(alone) == [expected]
    assert check(alone, strict=True) == [expected.replace("warning: ", "")]


def test_two_specs_claiming_to_be_the_source_is_an_error(tmp_path: Path) -> None:
    folder = write_pair(tmp_path)
    twin = write(tmp_path / "other" / "neck-copy.toml", source_text())
    found = check(folder / "neck-fr.toml", folder / "neck.toml", twin)
    assert found == [
        f"{folder / 'neck-fr.toml'}: translation_of.id: not checked: 2 specs have the id 'neck' "
        f"({folder / 'neck.toml'}, {twin}); keep one"
    ]


def test_an_invalid_source_is_named_not_compared(tmp_path: Path) -> None:
    folder = write_pair(tmp_path)
    (folder / "neck.toml").write_text(source_text().replace('level = "urgent"', 'level = "Urgent"'))
    assert check(folder / "neck-fr.toml") == [
        f"{folder / 'neck-fr.toml'}: translation_of.id: warning: not checked: the source "
        f"({folder / 'neck.toml'}) has errors of its own; fix them first"
    ]


def test_the_declaration_is_not_expected_on_the_page() -> None:
    paths = [path for path, _ in printed_texts(valid_spec(french_text()))]
    assert paths and not [path for path in paths if path.startswith("translation_of")]
