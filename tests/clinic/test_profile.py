"""The clinic profile: its fields (every mistake reported at once, in one line each), how the file is
read, and random values. Images are made with Pillow as each test needs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.colors import HexColor

from handouts import Document, Profile, SpecError, load_profile
from handouts.clinic.profile import MAX_PROFILE_BYTES, Clinic, hex_rgb, profile_from_bytes
from handouts.layout.page_layout import Layout
from handouts.layout.styles import DEFAULT_ACCENT
from handouts.standards import MIN_CONTRAST, contrast_ratio
from tests.helpers.clinics import BASE, drawable, refusal
from tests.helpers.clinics import write_profile as write
from tests.helpers.paths import EXAMPLE_CLINIC as EXAMPLE
from tests.helpers.specs import small_spec, valid_spec
from tests.helpers.toml import dumps

EMAIL = "must be an email address such as clinic@example.org, without spaces"
WEBSITE = "must be a web address starting with https:// (or http://), without spaces"
NO_DIGIT = "must be a phone number, with at least one digit"
WHITE = (1.0, 1.0, 1.0)


# --- the example and the fields -------------------------------------------------------------------


def test_the_example_profile_loads() -> None:
    profile = load_profile(EXAMPLE)
    assert profile.file == str(EXAMPLE)
    assert profile.clinic.name == "Riverside Spine Clinic"
    assert profile.clinic.out_of_hours.phone
    assert profile.clinic.page_size == "letter"
    assert "example.org" in (profile.clinic.email or "")
    assert profile.logo is not None
    assert (profile.logo.format, profile.logo.width, profile.logo.height) == ("PNG", 400, 400)
    assert profile.logo.data == EXAMPLE.with_name("logo.png").read_bytes()
    assert len(profile.logo.data) < 8 * 1024
    assert profile.clinic.accent == "#1f3a5f"  # written out, though it is the house accent too
    assert profile.accent is not None and profile.accent.hexval() == DEFAULT_ACCENT.hexval()
    drawable(profile.logo.data)


def test_the_smallest_profile_takes_the_defaults() -> None:
    """Nothing is filled in for what a profile leaves out: the document decides (letter paper, the
    house accent), so a profile that says nothing never overrides anything."""
    profile = load_profile(write())
    assert isinstance(profile, Profile)
    assert profile.file == "clinic.toml"
    assert profile.logo is None
    clinic = profile.clinic
    assert (clinic.accent, clinic.page_size, clinic.disclaimer, clinic.out_of_hours.advice) == (
        None,
        None,
        None,
        None,
    )
    assert profile.accent is None
    document = Document(valid_spec(small_spec()), clinic=profile)
    assert document.paper == "letter"
    assert Layout(document).accent.hexval() == DEFAULT_ACCENT.hexval() == "0x1f3a5f"
    house = (float(DEFAULT_ACCENT.red), float(DEFAULT_ACCENT.green), float(DEFAULT_ACCENT.blue))
    assert contrast_ratio(house, WHITE) >= MIN_CONTRAST


def test_text_is_kept_exactly_as_written() -> None:
    """Profile text is content: markup-like characters are neither read nor stripped."""
    name = "Smith & Jones <b>Spine</b> **Clinic** [1]"
    profile = load_profile(write(name=name, page_size="a4", accent="#000000"))
    assert profile.clinic.name == name
    assert profile.clinic.page_size == "a4"


def test_missing_keys_are_all_reported_at_once() -> None:
    write({"department": "Neurosurgery", "out_of_hours": {"advice": "Call 111."}})
    assert refusal() == [
        "clinic.toml: name: is required but missing",
        "clinic.toml: phone: is required but missing",
        "clinic.toml: out_of_hours.phone: is required but missing",
    ]


def test_out_of_hours_is_required() -> None:
    write(out_of_hours=None)
    assert refusal() == ["clinic.toml: out_of_hours: is required but missing"]


BIDI = "which makes text read in another order than it prints; remove it"
RLO = f"holds the direction control U+202E (RIGHT-TO-LEFT OVERRIDE), {BIDI}"
LRI_PDI = (  # each named
    "holds the direction controls U+2066 (LEFT-TO-RIGHT ISOLATE) and U+2069 (POP DIRECTIONAL ISOLATE), "
    "which make text read in another order than it prints; remove them"
)
WJ = "holds the invisible formatting character U+2060 (WORD JOINER); remove it"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("name", "", "name: must not be empty"),
        ("name", "   ", "name: must not be empty or only spaces"),
        ("name", "Riverside\x1b[31m", "name: holds the control character U+001B; remove it"),
        ("name", "Riverside \u202eHealth", f"name: {RLO}"),
        ("department", "Spine\u2066 unit\u2069", f"department: {LRI_PDI}"),
        ("out_of_hours", {"phone": "111", "advice": "Call\u2060 111"}, f"out_of_hours.advice: {WJ}"),
        ("name", 5, "name: must be text in quotes (got a number)"),
        ("name", "x" * 161, "name: is too long: 161 characters, at most 160"),
        ("department", ["a"], "department: must be text in quotes (got a list)"),
        ("phone", "call reception", f"phone: {NO_DIGIT}"),
        ("phone", 5550100, "phone: must be text in quotes (got a number)"),
        ("phone", "1" * 41, "phone: is too long for a phone number: 41 characters, at most 40"),
        ("email", "spine at example.org", f"email: {EMAIL}"),
        ("email", "spine@example", f"email: {EMAIL}"),
        ("website", "example.org/spine", f"website: {WEBSITE}"),
        ("website", "https://example.org/a b", f"website: {WEBSITE}"),
        ("page_size", "A4", "page_size: must be one of 'letter' or 'a4' (got 'A4'); did you mean 'a4'?"),
        ("page_size", "legal", "page_size: must be one of 'letter' or 'a4' (got 'legal')"),
        ("disclaimer", "", "disclaimer: must not be empty"),
        ("logo", "", "logo: must not be empty"),
        ("logo", 1, "logo: must be text in quotes (got a number)"),
        ("out_of_hours", "111", "out_of_hours: must be a table of key = value pairs (got text)"),
        ("out_of_hours", {"phone": "-"}, f"out_of_hours.phone: {NO_DIGIT}"),
        ("out_of_hours", {"phone": "111", "advice": ""}, "out_of_hours.advice: must not be empty"),
    ],
)  # fmt: skip
def test_each_field_error_is_one_line(key: str, value: Any, message: str) -> None:
    write(**{key: value})
    assert refusal() == [f"clinic.toml: {message}"]


def test_break_hints_and_joiners_are_text() -> None:
    """The soft hyphen, zero-width space and zero-width (non-)joiner are not refused: they have a use."""
    write(logo_alt="A\u200b river\u00ad side\u200c clinic\u200d")
    assert load_profile("clinic.toml").clinic.logo_alt == "A\u200b river\u00ad side\u200c clinic\u200d"


@pytest.mark.parametrize(
    ("accent", "got"),
    [
        ("blue", "'blue'"),
        ("#fff", "'#fff'"),
        ("1f3a5f", "'1f3a5f'"),
        ("#1f3a5fff", "'#1f3a5fff'"),
        ("#1f3a5g", "'#1f3a5g'"),
        ("#1f3a5f\n", "'#1f3a5f\\n'"),
        ("rgb(31, 58, 95)", "'rgb(31, 58, 95)'"),
    ],
)
def test_an_accent_must_be_written_rrggbb(accent: str, got: str) -> None:
    write(accent=accent)
    expected = f"must be a colour written #RRGGBB, such as '#1f3a5f' (got {got})"
    assert refusal() == [f"clinic.toml: accent: {expected}"]


def test_an_accent_must_be_text() -> None:
    write(accent=0x1F3A5F)
    assert refusal() == ["clinic.toml: accent: must be text in quotes (got a number)"]


@pytest.mark.parametrize(
    ("accent", "shown"),
    [("#7fa7d9", "2.4:1"), ("#FFCC00", "1.5:1"), ("#ffffff", "1.0:1"), ("#777777", "4.4:1")],
)
def test_a_pale_accent_is_refused_with_its_contrast(accent: str, shown: str) -> None:
    write(accent=accent)
    assert refusal() == [
        f"clinic.toml: accent: {accent!r} has a contrast of {shown} against white; "
        "text needs 4.5:1 or better (try a darker shade)"
    ]


@pytest.mark.parametrize("accent", ["#767676", "#000000", "#1F3A5F", "#b00020", "#005a9c"])
def test_a_dark_enough_accent_is_accepted(accent: str) -> None:
    profile = load_profile(write(accent=accent))
    assert profile.clinic.accent == accent
    assert profile.accent is not None and profile.accent.hexval() == HexColor(accent).hexval()
    assert contrast_ratio(hex_rgb(accent), WHITE) >= MIN_CONTRAST


def test_many_mistakes_are_reported_together() -> None:
    write(
        name="",
        phone="none",
        email="nobody",
        accent="#eeeeee",
        page_size="A3",
        adress="12 River Road",
        out_of_hours={"phon": "111"},
        logo="missing.png",
    )
    lines = refusal()
    assert len(lines) == 8, lines  # out_of_hours.phone is missing, but 'phon' says it: one line
    assert "clinic.toml: out_of_hours: unknown key 'phon'; did you mean 'phone'?" in lines
    assert all(line.startswith("clinic.toml: ") for line in lines)
    assert "clinic.toml: logo: 'missing.png' cannot be read: No such file or directory" in lines


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"adress": "x"}, "unknown key 'adress'; did you mean 'address'?"),
        ({"colour": "#000000"}, "unknown key 'colour'"),
        ({"accent_colour": "#000000"}, "unknown key 'accent_colour'; did you mean 'accent'?"),
        ({"pagesize": "a4"}, "unknown key 'pagesize'; did you mean 'page_size'?"),
        ({"titel": "x"}, "unknown key 'titel'"),  # close to a spec's key, not to a profile's
        (
            {"out_of_hours": {"phone": "1", "advise": "x"}},
            "out_of_hours: unknown key 'advise'; did you mean 'advice'?",
        ),
        ({"out_of_hours": {"phone": "1", "name": "x"}}, "out_of_hours: unknown key 'name'"),
        ({"a\nb": 1}, "unknown key 'a\\nb'"),
    ],
)  # fmt: skip
def test_unknown_keys_are_named_with_a_suggestion(changes: dict[str, Any], message: str) -> None:
    write(**changes)
    assert refusal() == [f"clinic.toml: {message}"]


# --- reading the file -------------------------------------------------------------------------------


def test_a_utf8_bom_is_accepted() -> None:
    Path("clinic.toml").write_bytes(b"\xef\xbb\xbf" + dumps(BASE).encode())
    assert load_profile("clinic.toml").clinic.name == BASE["name"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (dumps(BASE).encode("utf-16"), "clinic.toml: is UTF-16 text; save it as UTF-8"),
        (b'name = "Caf\xe9"\n', "clinic.toml: line 1: is not UTF-8 text (byte 0xe9); save it as UTF-8"),
        (
            b'name = "x"\nphone "1"\n',
            "clinic.toml: line 2, column 7: TOML syntax error: Expected '=' after a key in a key/value pair",
        ),
        (b"x = " + b"[" * 30_000, "clinic.toml: is nested too deeply to be a clinic profile"),
        (b" " * (MAX_PROFILE_BYTES + 1), "clinic.toml: is larger than 64 KiB; is it the right file?"),
    ],
)
def test_unreadable_files_are_refused(data: bytes, message: str) -> None:
    Path("clinic.toml").write_bytes(data)
    assert refusal() == [message]


def test_a_folder_or_missing_file_is_refused() -> None:
    Path("folder.toml").mkdir()
    assert refusal("folder.toml") == ["folder.toml: is a folder, not a file"]
    assert refusal("nowhere.toml") == ["nowhere.toml: cannot be read: No such file or directory"]


# --- random input -----------------------------------------------------------------------------------

_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["logo.png", "../logo.png", "/logo.png", ".", "sub", "notes.txt", "#1f3a5f", "#7fa7d9"]),
    st.dates(),
)


_KEYS = st.one_of(st.sampled_from([*Clinic.model_fields, "phone", "advice", "colour"]), st.text(max_size=8))


_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A profile folder holding a good logo, a folder and a non-image, for random values to find."""
    made = tmp_path_factory.mktemp("random-clinic")
    Image.new("RGB", (32, 32)).save(made / "logo.png")
    (made / "sub").mkdir()
    (made / "notes.txt").write_text("not an image")
    return made


# The folder fixture is shared by every example on purpose; the autouse chdir does not matter here.
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(changes=st.dictionaries(_KEYS, _VALUES, max_size=6), drop=st.sets(st.sampled_from(sorted(BASE))))
def test_random_values_give_a_profile_or_one_line_problems(
    folder: Path, changes: dict[str, Any], drop: set[str]
) -> None:
    table = {key: value for key, value in {**BASE, "logo": "logo.png", **changes}.items() if key not in drop}
    try:
        profile = profile_from_bytes(dumps(table).encode(), "clinic.toml", folder)
    except SpecError as error:
        assert error.problems
        for problem in error.problems:
            line = str(problem)
            assert line.startswith("clinic.toml: ")
            assert line.isprintable() and "\n" not in line, line
    else:
        assert isinstance(profile.clinic, Clinic)
