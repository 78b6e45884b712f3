"""Watching a spec (handouts.watch): a thread changes the files under a running watch, and the watch
builds again: the spec, a figure's image and the clinic profile. Its command, stopped by Ctrl-C, in a
process of its own."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from handouts import Options, OutputError, Rebuilt, Watch, build_checked, watch
from handouts.layout.remembered import Remembered
from handouts.spec.loading import validate_file
from tests.helpers.paths import EXAMPLE_CLINIC, EXAMPLE_FIGURE_SPEC, REPO, SPECS
from tests.helpers.pdfs import squeeze, text_of

PATIENCE = 30.0  # seconds a test waits for a round before it fails


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The figure example and the example clinic, copied to be changed."""
    shutil.copytree(EXAMPLE_FIGURE_SPEC.parent, tmp_path / "spec")
    shutil.copytree(EXAMPLE_CLINIC.parent, tmp_path / "clinic")
    spec = tmp_path / "spec" / EXAMPLE_FIGURE_SPEC.name
    # With a smaller figure, for room to spare under a clinic's banner.
    edit(spec, "width = 0.4", "width = 0.3")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def redraw(path: Path) -> None:
    with Image.open(path) as picture:
        picture.putpixel((0, 0), (0, 0, 0))
        picture.save(path)


class Rounds:
    """What the watch hands back, and a way for the editing thread to wait for it."""

    def __init__(self) -> None:
        self.seen: list[Rebuilt] = []
        self.changed = threading.Condition()

    def __call__(self, outcome: Rebuilt) -> None:
        with self.changed:
            self.seen.append(outcome)
            self.changed.notify_all()

    def wait_for(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.seen) >= count, PATIENCE), self.seen


def test_a_watch_builds_again_whenever_a_file_it_read_changes(folder: Path) -> None:
    spec, output = folder / "spec" / "carpal-tunnel.toml", folder / "out" / "preview.pdf"
    clinic, image = folder / "clinic" / "clinic.toml", folder / "spec" / "wrist.png"
    rounds = Rounds()
    pdfs: list[bytes] = []

    def keep(outcome: Rebuilt) -> None:
        pdfs.append(output.read_bytes() if output.exists() else b"")
        rounds(outcome)

    changes: list[Callable[[], None]] = [
        lambda: edit(spec, 'version = "1.0"', "version = 1.0"),  # a mistake: the last good PDF stays
        lambda: edit(spec, "version = 1.0", 'version = "1.1"'),
        lambda: redraw(image),
        lambda: edit(clinic, 'name = "Riverside Spine Clinic"', 'name = "Lakeside Spine Clinic"'),
    ]

    def editor() -> None:
        for number, change in enumerate(changes, start=1):
            rounds.wait_for(number)
            change()

    thread = threading.Thread(target=editor, daemon=True)
    thread.start()
    settings = Watch(spec, output, str(clinic), Options())
    deadline = time.monotonic() + PATIENCE

    def stop() -> bool:
        return len(rounds.seen) == len(changes) + 1 or time.monotonic() > deadline

    builds = watch(settings, keep, interval=0.02, stop=stop)
    thread.join(PATIENCE)
    assert builds == 5
    first, broken, fixed, redrawn, renamed = rounds.seen
    assert set(first.watched) == {spec, clinic, clinic.parent / "logo.png", image}
    assert first.written == output and first.summary == "Passed all 21 gates"
    assert broken.built is None and broken.error is not None
    assert str(broken.error) == f"{spec}: version: must be text in quotes (got a number)"
    assert pdfs[1] == pdfs[0]  # a spec with a mistake leaves the last good PDF where it was
    assert fixed.built is not None and squeeze("Version 1.1") in text_of(pdfs[2])
    assert redrawn.built is not None and pdfs[3] != pdfs[2]
    assert renamed.built is not None and squeeze("Lakeside Spine Clinic") in text_of(pdfs[4])
    assert sorted(os.listdir(output.parent)) == ["preview.pdf"]  # no temporary file left behind
    assert validate_file(spec).errors == []


def test_a_watched_translation_is_checked_against_its_source_and_the_source_watched(tmp_path: Path) -> None:
    """As `build` would: the Spanish handout is compared with the English one beside it, a change to the
    English makes it out of date, and the unreviewed catalogue's warning is handed on with the rest."""
    for name in ("myelomalacia.toml", "myelomalacia-es.toml"):
        shutil.copy(SPECS / name, tmp_path / name)
    source, spec, output = (
        tmp_path / "myelomalacia.toml",
        tmp_path / "myelomalacia-es.toml",
        tmp_path / "es.pdf",
    )
    rounds = Rounds()

    def editor() -> None:
        rounds.wait_for(1)
        edit(source, "Call 911 right away", "Call 912 right away")

    thread = threading.Thread(target=editor, daemon=True)
    thread.start()
    deadline = time.monotonic() + PATIENCE
    watch(
        Watch(spec, output),
        rounds,
        interval=0.02,
        stop=lambda: len(rounds.seen) == 2 or time.monotonic() > deadline,
    )
    thread.join(PATIENCE)
    first, outdated = rounds.seen
    assert source in first.watched
    assert first.summary is not None and "Translation" not in first.summary  # checked, not "not checked"
    assert any("catalogue" in problem.file for problem in first.warnings), first.warnings
    assert outdated.built is None and outdated.error is not None
    assert "numbers differ" in str(outdated.error) or "911" in str(outdated.error), outdated.error


def test_the_watch_command_prints_each_round_and_ends_cleanly_on_ctrl_c(folder: Path) -> None:
    spec = folder / "spec" / "carpal-tunnel.toml"
    stdout, stderr = folder / "stdout.txt", folder / "stderr.txt"
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop("HANDOUTS_CLINIC", None)
    with stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "handouts", "watch", "carpal-tunnel.toml", "-o", "preview.pdf"],
            cwd=spec.parent,
            stdout=out,
            stderr=err,
            env=environment,
        )
        try:
            until(lambda: "gates" in stdout.read_text())
            edit(spec, 'version = "1.0"', "version = 1.0")
            until(lambda: "version:" in stderr.read_text())
            process.send_signal(signal.SIGINT)
            assert process.wait(PATIENCE) == 0
        finally:
            if process.poll() is None:
                process.kill()
    wrote, summary = stdout.read_text().splitlines()
    assert re.fullmatch(r"wrote preview\.pdf \(patient handout, letter, body type [0-9.]+ pt\)", wrote)
    assert summary == "  Passed all 21 gates; 1 warning(s)"  # no clinic
    assert stderr.read_text().splitlines() == [
        "watching carpal-tunnel.toml; Ctrl-C to stop",
        "carpal-tunnel.toml: version: must be text in quotes (got a number)",
        "stopped watching",
    ]


def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_each_round_checks_the_last_choice_first(
    folder: Path, remembered_by_builds: list[Remembered | None]
) -> None:
    """An edit seldom moves the type size: the round after it checks the last choice first, and
    writes what a fresh build of the edited spec writes."""
    spec, output = folder / "spec" / EXAMPLE_FIGURE_SPEC.name, folder / "out.pdf"
    handed = remembered_by_builds
    rounds: list[Rebuilt] = []

    def edited(_: float) -> None:  # between the rounds, as an author saves the file
        if len(rounds) == 1:
            edit(spec, 'version = "1.0"', 'version = "1.1"')
            os.utime(spec, ns=(time.time_ns() + 10**9,) * 2)

    builds = watch(
        Watch(spec, output), rounds.append, interval=0, stop=lambda: len(rounds) == 2, sleep=edited
    )
    assert builds == 2
    first, second = rounds
    assert first.built is not None and second.built is not None
    assert handed == [None, first.built.remembered]
    fresh = build_checked(validate_file(spec), Options())
    assert output.read_bytes() == fresh.pdf


def test_a_watch_never_writes_over_a_file_it_reads(folder: Path) -> None:
    """The profile at once; a figure's image, found by the first build, in that round: refused, kept."""
    spec, clinic = folder / "spec" / EXAMPLE_FIGURE_SPEC.name, folder / "clinic" / "clinic.toml"
    profile = folder / "clinic" / "clinic.pdf"
    shutil.copy(clinic, profile)
    with pytest.raises(OutputError, match="itself; choose another output"):
        watch(Watch(spec, profile, str(profile), Options()), lambda outcome: None, stop=lambda: True)
    image = folder / "spec" / "wrist.pdf"
    shutil.copy(folder / "spec" / "wrist.png", image)
    edit(spec, '"wrist.png"', '"wrist.pdf"')
    before = image.read_bytes()
    rounds = Rounds()
    watch(Watch(spec, image), rounds, interval=0, stop=lambda: bool(rounds.seen))
    (outcome,) = rounds.seen
    assert str(outcome.error) == f"{image}: is {image} itself; choose another output"
    assert image.read_bytes() == before and outcome.written is None
