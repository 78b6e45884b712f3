"""No input, however broken or hostile, gets a traceback: only one-line problems.

Library level (validate_bytes, validate_file, load_spec); the same inputs through the command line
are in tests/cli/test_spec_commands.py.
"""

from __future__ import annotations

import os
import sys
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from handouts import Checked, SpecError, load_spec, validate_bytes, validate_file
from handouts.spec.loading import MAX_SPEC_BYTES
from tests.helpers.paths import VALID
from tests.helpers.specs import TODAY, assert_well_reported, full, minimal
from tests.helpers.toml import dumps

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID_BYTES = (VALID / "full-clinician.toml").read_bytes()


def checked_bytes(data: bytes) -> Checked:
    """validate_bytes, which must not raise, with the shape of its report checked."""
    checked = validate_bytes(data, "spec.toml", today=TODAY)
    assert_well_reported(checked, "spec.toml")
    return checked


def only(checked: Checked) -> str:
    """The single problem of a result, as printed after `FILE: `."""
    assert len(checked.problems) == 1, [str(p) for p in checked.problems]
    assert checked.spec is None
    return str(checked.problems[0]).removeprefix(f"{checked.file}: ")


# --- random input -----------------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    checked_bytes(data)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_spliced_into_a_valid_spec(junk: bytes) -> None:
    middle = len(VALID_BYTES) // 2
    checked_bytes(VALID_BYTES[:middle] + junk + VALID_BYTES[middle:])


_TOML_PIECES = st.sampled_from(
    [
        "[", "]", "[[", "]]", "{", "}", "=", '"', "'", '"""', "'''", ",", ".", "#", "\n", "\r\n", " ", "\t",
        "\\", "\\u0000", "\\U0010FFFF", "\\x", "true", "nan", "-inf", "0x", "0o7", "1_000", "1e400",
        "9223372036854775808", "-0", "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "id", "kind",
        "sections", "blocks", "items", "title", "review", "references", "text", "audience", "patient",
        "paragraph", "bullets", "comparison", "callout", "level", "\x00", "\ufeff", "\u2028", "é", "😀",
        "[[sections]]\ntitle = \"T\"\n", "[[sections.blocks]]\nkind = \"faq\"\n", "[review]\n",
    ]
)  # fmt: skip


@SETTINGS
@given(st.lists(st.one_of(_TOML_PIECES, st.text(max_size=5)), max_size=60))
def test_random_toml_like_text(pieces: list[str]) -> None:
    checked_bytes("".join(pieces).encode("utf-8", "surrogatepass"))


_SCALARS = st.one_of(
    st.none(),  # no TOML for None: replaced by a string below
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(max_value=datetime(9999, 1, 1)),
    st.datetimes(max_value=datetime(9999, 1, 1), timezones=st.just(UTC)),
    st.times(),
)
_KEYS = st.one_of(
    st.sampled_from(
        ["id", "title", "kind", "items", "text", "sections", "blocks", "review", "level", "titel"]
    ),
    st.text(max_size=12),
)
_VALUES = st.recursive(
    _SCALARS.map(lambda v: "none" if v is None else v),
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=40,
)


@SETTINGS
@given(st.dictionaries(_KEYS, _VALUES, max_size=10))
def test_random_tables(table: dict[str, Any]) -> None:
    checked_bytes(dumps(table).encode())


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            found += _paths(item, (*path, number))
    return found


_FULL_PATHS = _paths(full())


def _put(table: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    """Set the value at path, if an earlier change has not taken the path away."""
    target: Any = table
    for step in path:
        in_table = isinstance(target, dict) and isinstance(step, str) and step in target
        in_list = isinstance(target, list) and isinstance(step, int) and step < len(target)
        if in_table or in_list:
            parent, target = target, target[step]
        else:
            return
    parent[path[-1]] = value


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(_FULL_PATHS), _VALUES), min_size=1, max_size=4))
def test_random_values_anywhere_in_a_valid_spec(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    table = full()
    for path, value in changes:
        _put(table, path, value)
    checked_bytes(dumps(table).encode())


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(_FULL_PATHS), st.text(max_size=300)), min_size=1, max_size=6))
def test_random_text_in_a_valid_spec(changes: list[tuple[tuple[Any, ...], str]]) -> None:
    """Any text at all in any field: either a valid spec or errors, never a crash."""
    table = full()
    for path, text in changes:
        _put(table, path, text)
    checked = checked_bytes(dumps(table).encode())
    if checked.spec is None:
        assert checked.errors


# --- nesting, size, and shapes no spec has ----------------------------------------------------------


@pytest.mark.parametrize("depth", [2, 50, 200, 300, 400, 1000, 100_000])
@pytest.mark.parametrize(
    ("before", "opening", "closing"),
    [
        (b"a = ", b"[", b"]"),
        (b"audience = ", b"[", b"]"),
        (b"title = ", b"{a = ", b"}"),
        (b"x = ", b"{a = [", b"]}"),
        (b"", b"[", b"]"),  # a table header made of brackets
    ],
)
def test_deep_nesting(depth: int, before: bytes, opening: bytes, closing: bytes) -> None:
    data = before + opening * depth + b"1" + closing * depth + b"\n"
    if len(data) > MAX_SPEC_BYTES:
        data = data[:MAX_SPEC_BYTES]
    checked = checked_bytes(data)
    assert checked.spec is None


@pytest.mark.parametrize("depth", [2, 100, 300])
def test_deep_nesting_in_each_place_of_a_valid_spec(depth: int) -> None:
    deep: Any = "x"
    for _ in range(depth):
        deep = [deep]
    for path in _FULL_PATHS[::3]:
        table = full()
        target: Any = table
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = deep
        assert checked_bytes(dumps(table).encode()).errors


def test_wide_input_many_errors_at_once() -> None:
    """A spec with hundreds of mistakes reports each of them, quickly."""
    table = minimal()
    table["sections"] = [
        {"title": f"Section {n}", "blocks": [{"kind": "bullets", "items": ["", "ok", " "]}] * 20}
        for n in range(20)
    ]
    checked = checked_bytes(dumps(table).encode())
    assert len(checked.errors) == 20 * 20 * 2
    assert str(checked.errors[-1]) == (
        "spec.toml: sections[20].blocks[20].items[3] (section 'Section 19'): must not be empty or only spaces"
    )


def test_too_many_sections_is_one_error() -> None:
    table = minimal()
    table["sections"] = table["sections"] * 1000
    assert only(checked_bytes(dumps(table).encode())) == "sections: has 1000 items; at most 20"


@pytest.mark.parametrize("data", [b"", b"\n\n# only a comment\n", b"   ", b"\xef\xbb\xbf\r\n"])
def test_empty_input_is_one_error_not_every_missing_key(data: bytes) -> None:
    assert [str(problem) for problem in checked_bytes(data).problems] == [
        "spec.toml: is empty (nothing but blank lines and comments); "
        "`handouts new ID --audience patient` writes one to start from"
    ]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (b"9223372036854775807", "references[1].year: must be at most 2100"),
        (b"-9223372036854775808", "references[1].year: must be at least 1800"),
        (b"9223372036854775808", "references[1].year: is too large a number for TOML (integers are 64-bit)"),
        (b"0x" + b"f" * 4000, "references[1].year: is too large a number for TOML (integers are 64-bit)"),
        (b"9" * 5000, "TOML syntax error: a number has too many digits"),
        (b"1e400", "references[1].year: must be a whole number (got a number)"),
        (b"nan", "references[1].year: must be a whole number (got a number)"),
    ],
    ids=["int64-max", "int64-min", "int64-max-plus-1", "4000-hex-digits", "5000-digits", "1e400", "nan"],
)
def test_extreme_numbers(number: bytes, message: str) -> None:
    data = VALID_BYTES.replace(b"year = 2023", b"year = " + number)
    assert only(checked_bytes(data)) == message


@pytest.mark.parametrize("place", [b'kind = "steps"', b'level = "urgent"', b'audience = "clinician"'])
def test_a_huge_integer_where_a_word_belongs(place: bytes) -> None:
    """pydantic would print a traceback on stderr trying to show it (an 'unraisable' exception)."""
    key = place.split(b" ")[0]
    data = VALID_BYTES.replace(place, key + b" = 0x" + b"f" * 4000)
    assert "is too large a number for TOML" in only(checked_bytes(data))


def test_long_values_are_not_echoed_in_full() -> None:
    data = VALID_BYTES.replace(b'audience = "clinician"', b'audience = "' + b"x" * 200_000 + b'"')
    message = only(checked_bytes(data))
    assert message.startswith("audience: must be one of 'clinician' or 'patient' (got 'xxx")
    assert len(message) < 200


# --- files, encodings and bytes --------------------------------------------------------------------


def test_the_size_limit() -> None:
    padding = b"#" * (MAX_SPEC_BYTES - len(VALID_BYTES) - 1) + b"\n"
    at_limit = VALID_BYTES + padding
    assert len(at_limit) == MAX_SPEC_BYTES
    assert validate_bytes(at_limit, "spec.toml", today=TODAY).problems == []


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(VALID_BYTES + b"#" * MAX_SPEC_BYTES)
    checked = validate_file(path, today=TODAY)
    assert [str(p) for p in checked.problems] == [f"{path}: is larger than 256 KiB; is it the right file?"]
    with pytest.raises(SpecError, match="larger than 256 KiB"):
        load_spec(path)


def test_a_huge_file_of_zeros_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "zeros.toml"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: 2 GiB that take no space
    assert validate_file(path).errors[0].message == "is larger than 256 KiB; is it the right file?"


def _text() -> str:
    return VALID_BYTES.decode("utf-8")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(_text().encode("utf-16"), "is UTF-16 text; save it as UTF-8", id="utf-16"),
        pytest.param(
            b"\xfe\xff" + _text().encode("utf-16-be"), "is UTF-16 text; save it as UTF-8", id="utf-16-be"
        ),
        pytest.param(_text().encode("utf-32"), "is UTF-16 text; save it as UTF-8", id="utf-32"),
        pytest.param(_text().encode("utf-16-le"), "is UTF-16 text; save it as UTF-8", id="utf-16-le-no-bom"),
        pytest.param(_text().encode("utf-16-be"), "is UTF-16 text; save it as UTF-8", id="utf-16-be-no-bom"),
        pytest.param(
            _text().encode("latin-1", "replace"), "line 11: is not UTF-8 text (byte 0xb5)", id="latin-1"
        ),
        pytest.param(
            _text().replace("Ängström", "\u201cquoted\u201d").encode("cp1252", "replace"),
            "line 11: is not UTF-8 text (byte 0xb5)",
            id="windows-1252",
        ),
        pytest.param(b'title = "\xed\xa0\x80"', "line 1: is not UTF-8 text (byte 0xed)", id="surrogate"),
        pytest.param(b'title = "\xc0\xaf"', "line 1: is not UTF-8 text (byte 0xc0)", id="overlong"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "line 1: is not UTF-8 text (byte 0x89)", id="png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "line 2: is not UTF-8 text (byte 0xe2)", id="pdf"),
        pytest.param(b"PK\x03\x04\x14\x00", "line 1, column 3: TOML syntax error: Expected '='", id="zip"),
        pytest.param(b"\x00" * 100, "line 1, column 1: TOML syntax error: Invalid statement", id="nul-bytes"),
        pytest.param(
            b'title = "a\x00b"', "line 1, column 11: TOML syntax error: Illegal character", id="nul"
        ),
        pytest.param(
            b'title = "\x1b[2J"', "line 1, column 10: TOML syntax error: Illegal character", id="esc"
        ),
        pytest.param(
            b"\xef\xbb\xbf\xef\xbb\xbfid = 1", "line 1, column 1: TOML syntax error:", id="two-boms"
        ),
    ],
)
def test_bytes_that_are_not_a_utf8_spec(data: bytes, message: str) -> None:
    checked = checked_bytes(data)
    assert checked.spec is None
    assert str(checked.problems[0]).startswith(f"spec.toml: {message}")


def test_a_utf8_bom_is_fine() -> None:
    assert checked_bytes(b"\xef\xbb\xbf" + VALID_BYTES).problems == []


def test_windows_line_endings_are_fine() -> None:
    assert checked_bytes(VALID_BYTES.replace(b"\n", b"\r\n")).problems == []


def test_old_mac_line_endings_are_a_syntax_error() -> None:
    assert checked_bytes(VALID_BYTES.replace(b"\n", b"\r")).errors


@pytest.mark.parametrize(
    "escape", ["\\u0000", "\\u001b", "\\u0007", "\\u007f", "\\u0085", "\\u2028", "\\ufeff", "\\r", "\\b"]
)
def test_control_characters_written_as_escapes(escape: str) -> None:
    data = VALID_BYTES.replace(b'subtitle = "For adults', f'subtitle = "For{escape} adults'.encode())
    char = tomllib.loads(f'x = "{escape}"')["x"]
    assert only(checked_bytes(data)) == f"subtitle: holds the control character U+{ord(char):04X}; remove it"


def test_a_folder_passed_as_a_file(tmp_path: Path) -> None:
    checked = validate_file(tmp_path)
    assert [str(p) for p in checked.problems] == [f"{tmp_path}: is a folder, not a file"]
    with pytest.raises(SpecError):
        load_spec(tmp_path)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("missing.toml", "No such file or directory"),
        ("missing-folder/spec.toml", "No such file or directory"),
        ("x" * 300 + ".toml", "File name too long"),
        ("nul\x00byte.toml", "embedded null byte"),
    ],
)
def test_files_that_cannot_be_read(tmp_path: Path, name: str, reason: str) -> None:
    path = tmp_path / name
    checked = validate_file(path)
    shown = str(path).replace("\x00", "\\x00")  # control characters in a file name are escaped
    assert [str(p) for p in checked.problems] == [f"{shown}: cannot be read: {reason}"]
    assert checked.spec is None
    with pytest.raises(SpecError, match="cannot be read"):
        load_spec(str(path))


def test_a_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "file.toml").write_bytes(VALID_BYTES)
    path = tmp_path / "file.toml" / "spec.toml"
    assert [str(p) for p in validate_file(path).problems] == [f"{path}: cannot be read: Not a directory"]


def unreadable_file(tmp_path: Path) -> Path:
    """A file this process cannot read: mode 000, or (as root, who may read anything) /proc/self/mem."""
    path = tmp_path / "unreadable.toml"
    path.write_bytes(VALID_BYTES)
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return path
    if sys.platform == "linux" and Path("/proc/self/mem").exists():
        return Path("/proc/self/mem")  # exists, opens, and fails to read at offset 0 (EIO)
    pytest.skip("no way to make an unreadable file here")


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = unreadable_file(tmp_path)
    checked = validate_file(path)
    assert len(checked.problems) == 1
    assert str(checked.problems[0]).startswith(f"{path}: cannot be read: ")
    with pytest.raises(SpecError):
        load_spec(path)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_not_read() -> None:
    # A device or a pipe could block or never end: only regular files are read.
    (problem,) = validate_file("/dev/null").problems
    assert str(problem) == "/dev/null: is not a regular file"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    (problem,) = validate_file(loop).problems
    assert str(problem) == f"{loop}: cannot be read: Too many levels of symbolic links"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe",
        b"\x00",
        b"[[sections]]\n" * 10_000,
        b"a = [" * 10_000,
        b"\xef\xbb\xbf",
        'id = "ä"'.encode("utf-16"),
        VALID_BYTES.replace(b"\n", b"\n\x00", 1),
    ],
)
def test_load_spec_raises_only_spec_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "spec.toml"
    path.write_bytes(data)
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    assert raised.value.problems
    assert all("\n" not in str(problem) for problem in raised.value.problems)


# --- dates ------------------------------------------------------------------------------------------


@SETTINGS
@given(
    st.one_of(st.dates(), st.datetimes(), st.times(), st.text(max_size=12), st.integers()),
    st.one_of(st.dates(), st.datetimes(), st.times(), st.text(max_size=12), st.integers()),
    st.dates(),
)
def test_any_review_dates(last: Any, next_: Any, today: date) -> None:
    table = minimal()
    table["review"].update(last_reviewed=last, next_review=next_)
    checked = validate_bytes(dumps(table).encode(), "spec.toml", today=today)
    assert_well_reported(checked, "spec.toml")
    if type(last) is date and type(next_) is date:
        assume(True)
        assert checked.spec is not None
        assert bool(checked.errors) == (next_ <= last)
        overdue = [p for p in checked.warnings if "overdue" in p.message]
        assert bool(overdue) == (next_ < today)
    else:
        assert checked.spec is None


def test_dates_at_the_ends_of_the_calendar() -> None:
    table = minimal()
    table["review"].update(last_reviewed=date(1, 1, 1), next_review=date(9999, 12, 31))
    checked = validate_bytes(dumps(table).encode(), "spec.toml", today=TODAY)
    assert [p.where for p in checked.problems] == ["review.next_review"]
    table["review"].update(last_reviewed=date(9999, 12, 31), next_review=date(9999, 12, 30))
    checked = validate_bytes(dumps(table).encode(), "spec.toml", today=TODAY)
    assert [p.severity for p in checked.problems] == ["error", "warning"]


def test_times_are_not_dates() -> None:
    advice = "spec.toml: review.next_review: write dates as YYYY-MM-DD (no quotes)"
    for value, message in (
        (time(9, 0), f"{advice}, e.g. 2026-03-01"),
        (datetime(2025, 1, 1, 9), f"{advice}, without a time (got a date and time)"),
        (
            datetime(2025, 1, 1, tzinfo=timezone(timedelta(hours=2))),
            f"{advice}, without a time (got a date and time)",
        ),
    ):
        table = minimal()
        table["review"]["next_review"] = value
        checked = validate_bytes(dumps(table).encode(), "spec.toml", today=TODAY)
        assert [str(p) for p in checked.problems] == [message]
