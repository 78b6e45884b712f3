"""Spec files that share an id: found from the lines before their first table, confirmed whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.spec.loading import _id_of, _top_id, find_specs, shared_ids
from tests.helpers.paths import BUILD_FIXTURES, BUNDLED, CLINICIAN_SPEC, FIXTURES, PATIENT_SPEC, SPECS


def copy_with_id(folder: Path, name: str, spec_id: str, tail: str = "") -> Path:
    text = PATIENT_SPEC.read_text(encoding="utf-8").replace('id = "myelomalacia"', f'id = "{spec_id}"', 1)
    assert f'id = "{spec_id}"' in text
    path = folder / name
    path.write_text(text + tail, encoding="utf-8")
    return path


def test_two_files_with_one_id_clash(tmp_path: Path) -> None:
    a, b = copy_with_id(tmp_path, "a.toml", "same"), copy_with_id(tmp_path, "b.toml", "same")
    other = copy_with_id(tmp_path, "c.toml", "other")
    assert sorted(shared_ids([a, b, other])) == [a, b]


def test_in_large_print_for_several_a_clinician_summary_clashes_with_nothing(tmp_path: Path) -> None:
    """It is passed over, not built: the patient handout of its id is the only one to print."""
    patient = copy_with_id(tmp_path, "patient.toml", "same")
    clinician = tmp_path / "clinician.toml"
    text = CLINICIAN_SPEC.read_text(encoding="utf-8")
    clinician.write_text(
        text.replace('id = "myelopathy-vs-myelomalacia"', 'id = "same"', 1), encoding="utf-8"
    )
    assert sorted(shared_ids([patient, clinician])) == sorted([patient, clinician])
    assert shared_ids([patient, clinician], patients_only=True) == {}
    other = copy_with_id(tmp_path, "other.toml", "same")  # two patient handouts still clash
    assert sorted(shared_ids([patient, clinician, other], patients_only=True)) == sorted([other, patient])


def test_a_spec_named_twice_is_found_once_where_it_first_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder and a file in it, or one file named two ways: one spec, not two of one id."""
    monkeypatch.chdir(SPECS.parent)
    named = ["specs/myelomalacia.toml", "specs", str(SPECS / "myelomalacia.toml"), "./specs/../specs"]
    first = Path("specs/myelomalacia.toml")
    assert find_specs(named) == [
        first,
        *(path for path in sorted(Path("specs").glob("*.toml")) if path != first),
    ]


def test_a_file_under_two_names_is_one_spec(tmp_path: Path) -> None:
    """A hard link, and a symbolic one, name the same file: one spec, which clashes with nothing."""
    spec = copy_with_id(tmp_path, "spec.toml", "same")
    (tmp_path / "hard.toml").hardlink_to(spec)
    (tmp_path / "soft.toml").symlink_to(spec)
    names = [spec, tmp_path / "hard.toml", tmp_path / "soft.toml"]
    assert find_specs(names) == [spec]
    assert shared_ids(names) == {}


@pytest.mark.parametrize(
    "tail",
    [
        "\n[broken\n",
        "\n[review]\nx = 1e999999999999\n",
        "\nnumber = 1" + "0" * 5000 + "\n",
    ],
    ids=["a table not closed", "a number TOML refuses", "a number too long"],
)
def test_a_file_not_toml_further_down_has_no_id_and_clashes_with_nothing(tmp_path: Path, tail: str) -> None:
    """Its first lines name the id; read whole, it has none (validating it says why)."""
    good = copy_with_id(tmp_path, "good.toml", "same")
    broken = copy_with_id(tmp_path, "broken.toml", "same", tail)
    assert _id_of(broken) is None
    assert shared_ids([good, broken]) == {}


def test_an_id_after_lines_that_look_like_tables_is_still_found(tmp_path: Path) -> None:
    """A line starting with "[" inside a multi-line string or array: the first lines are not TOML
    on their own, and the file is read whole."""
    text = 'title = """\n[not a table]\n"""\nnested = [\n[1, 2],\n]\nid = "same"\n'
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    assert _top_id(first) is None
    assert sorted(shared_ids([first, second])) == [first, second]


SPEC_FILES = sorted({*BUNDLED, *BUILD_FIXTURES.glob("*.toml"), *FIXTURES.rglob("*.toml")})


def test_the_first_lines_name_the_id_a_whole_reading_finds() -> None:
    """Over every spec file in the repository, broken ones included: where the first lines name an
    id, the whole file names the same one or (not TOML further down) none."""
    named = 0
    for path in SPEC_FILES:
        top = _top_id(path)
        if top is not None:
            named += 1
            assert _id_of(path) in (top, None), path
        else:
            assert _id_of(path) is None or "[" in path.read_text(encoding="utf-8", errors="replace"), path
    assert named > len(SPEC_FILES) // 2
