"""Batch builds through the library (handouts.run_batch): specs built in worker processes, forked or
spawned, their PDFs written by the parent in the order of the specs, and everything that happens told to
a Listener. (The command line's batches, with their progress bar and interrupts, are in
tests/cli/test_build_commands.py.)"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from handouts import HandoutsError, Options, Problem, Tally, find_profile, run_batch
from handouts.batch.result import build_one
from handouts.errors import FitError, SpecError
from tests.helpers.cli import write
from tests.helpers.paths import EXAMPLE_CLINIC, PATIENT_SPEC
from tests.helpers.pdfs import read
from tests.helpers.reports import HARD, handout
from tests.helpers.specs import copy_of, library, over_long


class Told:
    """A Listener that keeps what it is told, in order."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.tallies: list[tuple[int, int, int]] = []

    def warning(self, problem: Problem) -> None:
        self.said.append(("warning", str(problem)))

    def failure(self, error: HandoutsError) -> None:
        self.said.append(("failure", str(error)))

    def report(self, text: str) -> None:
        self.said.append(("report", text.splitlines()[0]))

    def passed_over(self, source: Path, reason: str) -> None:
        self.said.append(("passed over", source.name))

    def held_back(self, target: Path, gates: int) -> None:
        self.said.append(("held back", target.name))

    def wrote(self, target: Path, description: str) -> None:
        self.said.append(("wrote", target.name))

    def progress(self, tally: Tally) -> None:
        self.tallies.append((tally.built, tally.failed, tally.held_back))


def one_page(data: bytes) -> bool:
    return len(read(data).pages) == 1


def test_spawned_workers_build_what_forked_ones_do(tmp_path: Path) -> None:
    """Where fork is missing (Windows) or unsafe (macOS) the workers are spawned: fresh interpreters
    that are sent the options, here with a clinic profile and its logo."""
    library(tmp_path / "specs", 3)
    options = Options(clinic=find_profile(str(EXAMPLE_CLINIC)))
    sources = sorted((tmp_path / "specs").glob("*.toml"))
    told = Told()
    for method in ("spawn", "fork"):

        def target(spec_id: str, method: str = method) -> Path:
            return tmp_path / method / f"{spec_id}.pdf"

        tally = run_batch(sources, options, target, told, jobs=2, start_method=method)
        assert (tally.built, tally.failed, tally.interrupted) == (3, 0, False)
    assert [kind for kind, _ in told.said].count("wrote") == 6
    for source in sources:
        spawned = (tmp_path / "spawn" / f"{source.stem}.pdf").read_bytes()
        assert spawned == (tmp_path / "fork" / f"{source.stem}.pdf").read_bytes()
        assert one_page(spawned)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_listener_is_told_everything_in_the_order_of_the_specs(tmp_path: Path, jobs: int) -> None:
    folder = tmp_path / "specs"
    library(folder, 2)
    write(folder / "spec-0001a.toml", "[[[")  # not TOML
    write(folder / "spec-0001b.toml", copy_of(PATIENT_SPEC, "renamed"))  # an id not its file's name
    write(folder / "spec-0001c.toml", over_long("spec-0001c"))
    sources = sorted(folder.glob("*.toml"))
    told = Told()
    tally = run_batch(
        sources, Options(), lambda spec_id: tmp_path / "out" / f"{spec_id}.pdf", told, jobs=jobs
    )
    assert (tally.total, tally.built, tally.failed, tally.held_back, tally.warnings) == (5, 3, 2, 0, 1)
    assert tally.done == 5 and not tally.interrupted
    kinds = [(kind, text.split(": ")[0] if kind != "wrote" else text) for kind, text in told.said]
    assert kinds == [
        ("wrote", "spec-0001.pdf"),
        ("failure", str(folder / "spec-0001a.toml")),
        ("warning", str(folder / "spec-0001b.toml")),
        ("wrote", "renamed.pdf"),
        ("failure", str(folder / "spec-0001c.toml")),
        ("wrote", "spec-0002.pdf"),
    ]
    assert "does not fit" in told.said[4][1]
    assert told.tallies == [(1, 0, 0), (1, 1, 0), (2, 1, 0), (2, 2, 0), (3, 2, 0)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "renamed.pdf",
        "spec-0001.pdf",
        "spec-0002.pdf",
    ]


def test_a_large_batch_sends_several_specs_to_a_task_and_keeps_their_order(tmp_path: Path) -> None:
    """Past sixteen specs a worker per job is sent them a few at a time (batch/pool.py): the listener
    still hears of each in the order of the specs, failures among them, and the PDFs are the ones
    built one at a time."""
    folder = tmp_path / "specs"
    library(folder, 32)
    write(folder / "spec-0005a.toml", "[[[")
    write(folder / "spec-0020a.toml", over_long("spec-0020a"))
    sources = sorted(folder.glob("*.toml"))
    runs: dict[int, list[tuple[str, str]]] = {}
    for jobs in (1, 2):

        def target(spec_id: str, jobs: int = jobs) -> Path:
            return tmp_path / f"out{jobs}" / f"{spec_id}.pdf"

        told = Told()
        tally = run_batch(sources, Options(), target, told, jobs=jobs)
        assert (tally.total, tally.built, tally.failed) == (34, 32, 2)
        runs[jobs] = [(kind, text.split(": ")[0]) for kind, text in told.said]
    assert runs[1] == runs[2]
    assert runs[2][4:7] == [
        ("wrote", "spec-0005.pdf"),
        ("failure", str(folder / "spec-0005a.toml")),
        ("wrote", "spec-0006.pdf"),
    ]
    for source in folder.glob("spec-00??.toml"):
        assert (tmp_path / "out1" / f"{source.stem}.pdf").read_bytes() == (
            tmp_path / "out2" / f"{source.stem}.pdf"
        ).read_bytes()


def test_a_report_holds_back_a_failing_pdf(tmp_path: Path) -> None:
    library(tmp_path / "specs", 1)
    write(tmp_path / "specs" / "spec-0002.toml", handout("spec-0002", HARD))
    sources = sorted((tmp_path / "specs").glob("*.toml"))
    told = Told()
    tally = run_batch(sources, Options(), lambda spec_id: tmp_path / f"{spec_id}.pdf", told, with_report=True)
    assert (tally.built, tally.failed, tally.held_back) == (1, 0, 1)
    assert [kind for kind, _ in told.said] == ["report", "wrote", "report", "held back"]
    assert told.said[3] == ("held back", "spec-0002.pdf")
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["spec-0001.pdf"]


def test_a_workers_result_carries_problems_and_errors_that_survive_pickling(tmp_path: Path) -> None:
    """Workers hand their results to the parent pickled: warnings stay Problems, an error stays the
    HandoutsError it was, with every problem of a SpecError."""
    renamed = write(tmp_path / "other-name.toml", copy_of(PATIENT_SPEC, "renamed"))
    result = pickle.loads(pickle.dumps(build_one(renamed, Options(), with_report=False)))
    assert result.error is None and result.spec_id == "renamed" and one_page(result.pdf)
    assert [problem.where for problem in result.warnings] == ["id"]
    assert all(isinstance(problem, Problem) for problem in result.warnings)
    assert result.description.startswith("patient handout, letter, body type ")

    broken = write(tmp_path / "broken.toml", 'id = "broken"\naudience = "nurse"\ntitle = 1\n')
    failed = pickle.loads(pickle.dumps(build_one(broken, Options(), with_report=False)))
    assert isinstance(failed.error, SpecError) and failed.pdf == b""
    assert len(failed.error.problems) > 1 and all(isinstance(p, Problem) for p in failed.error.problems)
    assert str(failed.error).splitlines()[0].startswith(f"{broken}: ")

    too_long = write(tmp_path / "too-long.toml", over_long())
    long_result = pickle.loads(pickle.dumps(build_one(too_long, Options(), with_report=False)))
    assert isinstance(long_result.error, FitError) and "does not fit" in str(long_result.error)
