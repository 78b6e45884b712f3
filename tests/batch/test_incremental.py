"""Incremental library builds: into a folder, only what changed since the last build there is built."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from handouts import build_pdf
from handouts.batch import manifest
from handouts.cli.main import cli
from handouts.layout.remembered import Remembered
from tests.helpers.cli import MANIFEST, UNREVIEWED_ES, assert_clean
from tests.helpers.paths import CLINICIAN_SPEC, EXAMPLE_CLINIC, EXAMPLE_FIGURE_SPEC, PATIENT_SPEC, SPECS
from tests.helpers.pdfs import text_of
from tests.helpers.specs import load

ENGLISH = [PATIENT_SPEC, CLINICIAN_SPEC]  # the bundled English specs: no warnings, no translation


def build(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(cli, ["build", "specs/", "-o", "out/", "--jobs", "1", *args])
    assert_clean(result)
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code == 0, result.output
    return result


def counts(result: Result) -> tuple[int, int]:
    """(built, up to date) from the closing line; one spec built has none, only its "wrote" line."""
    found = re.search(r"^(\d+) built(?:, (\d+) up to date)?, \d+ failed", result.stdout, re.MULTILINE)
    if found is None:
        assert result.stdout.count("wrote ") == 1, result.stdout
        return 1, 0
    return int(found.group(1)), int(found.group(2) or 0)


def pdfs(folder: str = "out") -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(Path(folder).glob("*.pdf"))}


@pytest.fixture
def library(runner: CliRunner) -> CliRunner:
    """The bundled English specs copied into specs/, built once into out/."""
    Path("specs").mkdir()
    for spec in ENGLISH:
        shutil.copy(spec, "specs")
    assert counts(build(runner)) == (2, 0)
    return runner


def test_unchanged_specs_are_skipped_and_their_pdfs_left_alone(library: CliRunner) -> None:
    times = {path.name: path.stat().st_mtime_ns for path in Path("out").glob("*.pdf")}
    result = build(library)
    assert counts(result) == (0, 2)
    assert "0 built, 2 up to date, 0 failed" in result.stdout
    assert "wrote" not in result.stdout
    assert {path.name: path.stat().st_mtime_ns for path in Path("out").glob("*.pdf")} == times


def test_an_edited_spec_alone_is_built_again_byte_for_byte_as_a_full_build(library: CliRunner) -> None:
    spec = Path("specs") / PATIENT_SPEC.name
    spec.write_text(spec.read_text().replace("Myelomalacia", "Myelomalacia (edited)", 1), encoding="utf-8")
    result = build(library)
    assert counts(result) == (1, 1)
    assert f"wrote out/{PATIENT_SPEC.stem}.pdf" in result.stdout
    full = library.invoke(cli, ["build", "specs/", "-o", "full/", "--jobs", "1"])
    assert full.exit_code == 0
    assert pdfs("out") == pdfs("full")


def test_an_edited_clinic_profile_rebuilds_everything(library: CliRunner) -> None:
    shutil.copytree(EXAMPLE_CLINIC.parent, "clinic")
    profile = Path("clinic") / EXAMPLE_CLINIC.name
    assert counts(build(library, "--clinic", str(profile))) == (2, 0)
    assert counts(build(library, "--clinic", str(profile))) == (0, 2)
    text = profile.read_text()
    name = re.search(r'^name = "(.*)"$', text, re.MULTILINE)
    assert name
    profile.write_text(text.replace(name.group(0), f'name = "{name.group(1)} North"'), encoding="utf-8")
    assert counts(build(library, "--clinic", str(profile))) == (2, 0)


def test_a_changed_logo_rebuilds_everything(library: CliRunner) -> None:
    shutil.copytree(EXAMPLE_CLINIC.parent, "clinic")
    profile = Path("clinic") / EXAMPLE_CLINIC.name
    assert counts(build(library, "--clinic", str(profile))) == (2, 0)
    logo = re.search(r'^logo = "([^"]+)"', profile.read_text(), re.MULTILINE)
    assert logo, "the example profile has a logo"
    path = Path("clinic") / logo.group(1)
    path.write_bytes(path.read_bytes() + b"\0")  # trailing bytes after the image: still a sound PNG
    assert counts(build(library, "--clinic", str(profile))) == (2, 0)


@pytest.mark.parametrize("option", [["--page-size", "a4"], ["--strict"]])
def test_a_changed_option_rebuilds_everything(library: CliRunner, option: list[str]) -> None:
    assert counts(build(library, *option)) == (2, 0)
    assert counts(build(library, *option)) == (0, 2)
    assert counts(build(library)) == (2, 0)  # and back


def test_large_print_is_its_own_output(library: CliRunner) -> None:
    Path("specs", "myelopathy-vs-myelomalacia.toml").unlink()  # large print is for patient handouts
    assert counts(build(library, "--large-print")) == (1, 0)
    assert counts(build(library, "--large-print")) == (0, 1)
    assert counts(build(library)) == (0, 1)  # the letter-size PDF is still there and up to date


def test_a_new_tool_version_rebuilds_everything(library: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest, "__version__", "99.0")
    manifest._tool_digest.cache_clear()
    try:
        assert counts(build(library)) == (2, 0)
    finally:
        manifest._tool_digest.cache_clear()


def test_a_deleted_or_tampered_pdf_is_built_again(library: CliRunner) -> None:
    before = pdfs()
    Path("out", "myelomalacia.pdf").unlink()
    assert counts(build(library)) == (1, 1)
    clinician = Path("out", "myelopathy-vs-myelomalacia.pdf")
    clinician.write_bytes(clinician.read_bytes().replace(b"Myelopathy", b"Myelopathx", 1))
    assert counts(build(library)) == (1, 1)
    assert pdfs() == before


def test_force_builds_everything(library: CliRunner) -> None:
    before = pdfs()
    result = build(library, "--force")
    assert counts(result) == (2, 0)
    assert pdfs() == before
    assert counts(build(library)) == (0, 2)  # and the manifest is still kept


def test_a_spec_with_warnings_is_built_and_warned_about_every_time(library: CliRunner) -> None:
    spec = Path("specs") / PATIENT_SPEC.name
    text = spec.read_text()
    dates = re.search(r"^last_reviewed = (\S+)\nnext_review = (\S+)$", text, re.MULTILINE)
    assert dates
    overdue = "last_reviewed = 2019-01-01\nnext_review = 2020-01-01"
    spec.write_text(text.replace(dates.group(0), overdue), encoding="utf-8")
    for _ in range(2):
        result = build(library)
        assert counts(result) == (1, 1)
        assert "next_review" in result.stderr


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[1, 2, 3]",
        b'{"format": 2, "entries": {}}',
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe garbage",
    ],
    ids=["empty", "not JSON", "a list", "another format", "deeply nested", "not UTF-8"],
)
def test_a_damaged_manifest_is_ignored(library: CliRunner, damage: bytes) -> None:
    Path("out", MANIFEST).write_bytes(damage)
    assert counts(build(library)) == (2, 0)
    assert counts(build(library)) == (0, 2)  # and written afresh


def test_a_hostile_entry_is_ignored_and_reads_nothing_outside(library: CliRunner) -> None:
    path = Path("out", MANIFEST)
    data = json.loads(path.read_text())
    for entry in data["entries"].values():
        entry["id"] = "../../etc/passwd"
    path.write_text(json.dumps(data))
    assert counts(build(library)) == (2, 0)
    data = json.loads(path.read_text())
    entry = next(iter(data["entries"].values()))
    entry["sha256"] = 7  # the wrong type: that entry alone is rebuilt
    path.write_text(json.dumps(data))
    assert counts(build(library)) == (1, 1)


def test_the_manifest_is_replaced_whole(library: CliRunner) -> None:
    data = json.loads(Path("out", MANIFEST).read_text())
    assert data["format"] == 2
    assert sorted(Path(key).name for key in data["entries"]) == sorted(spec.name for spec in ENGLISH)
    assert not [name for name in Path("out").iterdir() if name.name.endswith(".tmp")]


def test_a_skipped_spec_tells_its_warnings_again(library: CliRunner) -> None:
    text = (SPECS / "myelomalacia-es.toml").read_text(encoding="utf-8")
    start = text.index("translation_of")
    text = text[:start] + text[text.index("\n", start) + 1 :]  # not a translation: a build may skip it
    Path("specs/myelomalacia-es.toml").write_text(text, encoding="utf-8")
    assert counts(build(library)) == (1, 2)
    result = build(library)
    assert counts(result) == (0, 3)
    assert result.stderr.splitlines() == [UNREVIEWED_ES]  # the Spanish catalogue, as a build says it


def test_a_translation_is_built_again_when_it_or_its_source_changes(library: CliRunner) -> None:
    shutil.copy(SPECS / "myelomalacia-es.toml", "specs")  # its source, the English handout, is there
    assert counts(build(library)) == (1, 2)
    assert counts(build(library)) == (0, 3)
    source = Path("specs") / PATIENT_SPEC.name
    source.write_text(
        source.read_text().replace("Myelomalacia", "Myelomalacia (edited)", 1), encoding="utf-8"
    )
    result = build(library)
    assert counts(result) == (2, 1)  # the source, and its translation, now out of date
    assert "translation_of.content_hash: warning" in result.stderr


def test_a_translation_is_checked_against_a_source_that_is_up_to_date_elsewhere(runner: CliRunner) -> None:
    """Its source, given in another folder and unchanged, is skipped; the translation is still
    compared with it, so a number changed in the translation alone is caught."""
    for folder, spec in (("en", PATIENT_SPEC), ("es", SPECS / "myelomalacia-es.toml")):
        Path(folder).mkdir()
        shutil.copy(spec, folder)
    first = runner.invoke(cli, ["build", "en/", "es/", "-o", "out/", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    spanish = Path("es") / "myelomalacia-es.toml"
    spanish.write_text(spanish.read_text().replace("911", "912"), encoding="utf-8")
    again = runner.invoke(cli, ["build", "en/", "es/", "-o", "out/", "--jobs", "1"])
    assert again.exit_code == 2, again.output
    assert "911" in again.stderr and "not checked" not in again.stderr, again.stderr
    printed = text_of(pdfs()["myelomalacia-es.pdf"])
    assert "911" in printed and "912" not in printed  # the PDF of the first build, left as it was


def test_a_changed_figure_image_rebuilds_its_spec(runner: CliRunner) -> None:
    shutil.copytree(EXAMPLE_FIGURE_SPEC.parent, "specs")
    assert counts(build(runner)) == (1, 0)
    assert counts(build(runner)) == (0, 1)
    before = pdfs()
    image = Path("specs") / "wrist.png"
    with Image.open(image) as picture:
        picture.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(image)
    assert counts(build(runner)) == (1, 0)
    assert pdfs() != before


def test_a_changed_clinic_catalogue_rebuilds_everything_but_for_its_report_words(library: CliRunner) -> None:
    shutil.copytree(EXAMPLE_CLINIC.parent, "clinic")
    profile = Path("clinic") / EXAMPLE_CLINIC.name
    Path("clinic/catalogues").mkdir(exist_ok=True)
    words = Path("clinic/catalogues/en.toml")
    words.write_text('[words]\nquestions = "Questions for us?"\n', encoding="utf-8")
    assert counts(build(library, "--clinic", str(profile))) == (2, 0)
    assert counts(build(library, "--clinic", str(profile))) == (0, 2)
    words.write_text('[words]\nquestions = "Anything to ask?"\n', encoding="utf-8")
    assert counts(build(library, "--clinic", str(profile))) == (2, 0)
    # The report's words print in reports only, which are made afresh every time: no PDF changes.
    words.write_text('[words]\nquestions = "Anything to ask?"\n[report]\ncontent_hash = "Digest"\n')
    assert counts(build(library, "--clinic", str(profile))) == (0, 2)


# --- what the fitting chose, kept for the next build ----------------------------------------------


def fits_kept() -> dict[str, list[object]]:
    data = json.loads(Path("out", MANIFEST).read_text())
    return {Path(key).name: entry["fit"] for key, entry in data["entries"].items()}


def test_the_manifest_keeps_what_each_fitting_chose(library: CliRunner) -> None:
    fresh = {spec.name: build_pdf(load(spec)) for spec in ENGLISH}
    kept = fits_kept()
    assert kept == {name: [built.pages, built.body_size, built.spacing] for name, built in fresh.items()}


def test_an_edited_spec_checks_its_last_choice_first(
    library: CliRunner, remembered_by_builds: list[Remembered | None]
) -> None:
    before = fits_kept()[PATIENT_SPEC.name]
    spec = Path("specs") / PATIENT_SPEC.name
    spec.write_text(spec.read_text().replace("Myelomalacia", "Myelomalacia (edited)", 1), encoding="utf-8")
    assert counts(build(library)) == (1, 1)
    assert remembered_by_builds == [Remembered(*before)]  # type: ignore[arg-type]
    full = library.invoke(cli, ["build", "specs/", "-o", "full/", "--jobs", "1"])
    assert full.exit_code == 0
    assert pdfs("out") == pdfs("full")


def test_force_builds_everything_from_the_choices_kept(
    library: CliRunner, remembered_by_builds: list[Remembered | None]
) -> None:
    before, kept = pdfs(), fits_kept()
    assert counts(build(library, "--force")) == (2, 0)
    assert sorted(map(repr, remembered_by_builds)) == sorted(repr(Remembered(*fit)) for fit in kept.values())  # type: ignore[arg-type]
    assert pdfs() == before
    assert fits_kept() == kept


@pytest.mark.parametrize(
    "fit",
    [[1, 13.75], [1, "13.75", 0], [True, 13.75, 0], [1, -2.0, 0], [1, 13.75, 0.5], {"size": 13.75}],
    ids=["short", "a string", "a boolean", "negative", "a fraction of a level", "an object"],
)
def test_a_damaged_choice_is_ignored_with_its_entry(library: CliRunner, fit: object) -> None:
    path = Path("out", MANIFEST)
    data = json.loads(path.read_text())
    for entry in data["entries"].values():
        entry["fit"] = fit
    path.write_text(json.dumps(data))
    assert counts(build(library)) == (2, 0)
    assert counts(build(library)) == (0, 2)


def test_a_manifest_without_choices_is_still_read(library: CliRunner) -> None:
    """A manifest written before the choices were kept: its PDFs are still up to date."""
    path = Path("out", MANIFEST)
    data = json.loads(path.read_text())
    for entry in data["entries"].values():
        del entry["fit"]
    path.write_text(json.dumps(data))
    assert counts(build(library)) == (0, 2)


def test_the_entries_of_deleted_specs_are_dropped(library: CliRunner) -> None:
    patient = str(Path("specs") / PATIENT_SPEC.name)
    large = library.invoke(cli, ["build", patient, "-o", "out/", "--large-print"])
    assert large.exit_code == 0, large.output
    (Path("specs") / CLINICIAN_SPEC.name).unlink()
    build(library)
    kept = json.loads(Path("out", MANIFEST).read_text())["entries"]
    assert sorted(Path(key).name for key in kept) == [PATIENT_SPEC.name, f"{PATIENT_SPEC.name} (large print)"]


@pytest.mark.parametrize("image", ["/dev/zero", "../../../../../../dev/zero"])
def test_a_figure_outside_the_specs_folder_is_never_read_for_the_fingerprint(
    tmp_path: Path, image: str
) -> None:
    """The batch reads a figure's image as the build does: never outside the spec's folder, never
    without bound (reading /dev/zero whole would never end)."""
    shutil.copytree(EXAMPLE_FIGURE_SPEC.parent, tmp_path / "specs")
    spec = tmp_path / "specs" / EXAMPLE_FIGURE_SPEC.name
    spec.write_text(spec.read_text().replace('image = "wrist.png"', f"image = {json.dumps(image)}"))
    command = [sys.executable, "-m", "handouts", "build", "specs/", "-o", "out/", "--jobs", "1"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert "image" in done.stderr and "Traceback" not in done.stderr


def test_a_manifest_that_cannot_be_written_is_a_warning_and_the_batch_still_sums_up(
    library: CliRunner,
) -> None:
    """The PDFs written stand; the closing line is still printed; the next build may build again."""
    Path("out", MANIFEST).unlink()
    Path("out", MANIFEST).mkdir()  # in its place, a folder: it cannot be replaced by a file
    result = build(library, "--force")
    assert counts(result) == (2, 0)
    assert result.stderr.splitlines() == [
        f"out/{MANIFEST}: warning: is a folder, not a file; the next build here may build again what is "
        "up to date"
    ]
    assert "2 built, 0 failed, 1 warning in " in result.stdout
    assert sorted(pdfs()) == ["myelomalacia.pdf", "myelopathy-vs-myelomalacia.pdf"]
