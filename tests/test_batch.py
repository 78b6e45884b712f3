"""Batch builds (`handouts build FOLDER --jobs N`): specs built in worker processes, their PDFs written by
the parent in the order of the specs. The same bytes as one at a time; every good PDF written whatever
fails beside it; an interrupted batch leaves only whole files; and the package imports what it needs
when it needs it, so a one-file build starts quickly.

Real builds into real folders: the bundled specs copied under new ids (a spec's file is named after its
id), with review dates moved to be current today, as the command line checks them against the clock.
"""

from __future__ import annotations

import ast
import io
import json
import os
import pty
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from build_helpers import current, spec_text
from click.testing import CliRunner, Result
from pypdf import PdfReader

import handouts
from handouts import batch
from handouts.batch import Options
from handouts.cli import cli
from handouts.clinic import find_profile

REPO = Path(__file__).resolve().parents[1]
PATIENT = (REPO / "specs" / "myelomalacia.toml").read_text(encoding="utf-8")
CLINICIAN = (REPO / "specs" / "myelopathy-vs-myelomalacia.toml").read_text(encoding="utf-8")
EXAMPLE_CLINIC = REPO / "examples" / "clinic" / "clinic.toml"
TODAY = date.today()
SUMMARY = re.compile(
    r"(\d+) built, (\d+) failed(?:, (\d+) held back by their report)?, (\d+) warnings? in \d+\.\d\d? s"
)


@pytest.fixture(autouse=True)
def no_clinic_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUTS_CLINIC", raising=False)


def copy_of(text: str, spec_id: str) -> str:
    text = re.sub(r'^id = ".*"$', f'id = "{spec_id}"', text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^last_reviewed = .*$", f"last_reviewed = {TODAY - timedelta(days=30)}", text, flags=re.M)
    return re.sub(r"^next_review = .*$", f"next_review = {TODAY + timedelta(days=300)}", text, flags=re.M)


def library(folder: Path, count: int, clinicians: int = 0) -> list[str]:
    """`count` specs in `folder`, the last `clinicians` of them clinician summaries; their ids, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"spec-{number:04d}" for number in range(1, count + 1)]
    for index, spec_id in enumerate(ids):
        text = CLINICIAN if index >= count - clinicians else PATIENT
        (folder / f"{spec_id}.toml").write_text(copy_of(text, spec_id), encoding="utf-8")
    return ids


def write(path: str, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def over_long(spec_id: str) -> str:
    paragraph = json.dumps(
        "A sentence that goes on and on about the condition and what to do about it. " * 12
    )
    blocks = "".join(f'\n[[sections.blocks]]\nkind = "paragraph"\ntext = {paragraph}\n' for _ in range(12))
    return current(spec_text(f'[[sections]]\ntitle = "Far too much"\n{blocks}', spec_id=spec_id))


def summary(result: Result) -> tuple[int, ...]:
    """The counts of the closing line: built, failed, held back (0 without --report), warnings."""
    return summary_of(result.stdout.splitlines()[-1])


def summary_of(line: str) -> tuple[int, ...]:
    match = SUMMARY.fullmatch(line)
    assert match, line
    return tuple(int(group or 0) for group in match.groups())


def one_page(data: bytes) -> bool:
    return len(PdfReader(io.BytesIO(data)).pages) == 1


def files_in(folder: str | Path) -> list[str]:
    return sorted(os.listdir(folder))


# --- a batch -------------------------------------------------------------------------------------------


def test_a_parallel_batch_writes_the_same_pdfs_and_lines_as_one_at_a_time(runner: CliRunner) -> None:
    ids = library(Path("specs"), 12, clinicians=3)
    parallel = runner.invoke(cli, ["build", "specs", "-o", "parallel/", "--jobs", "2"])
    assert parallel.exit_code == 0, parallel.output
    serial = runner.invoke(cli, ["build", "specs", "-o", "serial/", "-j", "1"])
    assert serial.exit_code == 0, serial.output
    assert files_in("parallel") == [f"{spec_id}.pdf" for spec_id in ids]
    for spec_id in ids:
        data = Path(f"parallel/{spec_id}.pdf").read_bytes()
        assert data == Path(f"serial/{spec_id}.pdf").read_bytes()
        assert one_page(data)
    assert summary(parallel) == (12, 0, 0, 0)
    # Not a terminal: a plain line for each spec, in the order of the specs, whichever worker finished first.
    lines = parallel.stdout.splitlines()[:-1]
    assert [line.split(" (")[0] for line in lines] == [f"wrote {Path('parallel', f'{i}.pdf')}" for i in ids]
    assert lines == [line.replace("serial", "parallel") for line in serial.stdout.splitlines()[:-1]]
    assert "clinician summary, letter, body type" in lines[-1]
    assert "\r" not in parallel.output and "\x1b" not in parallel.output
    assert parallel.stderr == ""


def test_bad_specs_fail_alone_and_leave_their_old_pdfs_as_they_were(runner: CliRunner) -> None:
    ids = library(Path("specs"), 6)
    write("specs/spec-0003a.toml", 'id = "spec-0003a"\naudience = "patient"\ntitle = \n')  # not TOML
    write("specs/spec-0003b.toml", copy_of(PATIENT, "spec-0003b"))
    assert runner.invoke(cli, ["build", "specs/spec-0003b.toml", "-o", "out/"]).exit_code == 0
    kept = Path("out/spec-0003b.pdf")
    os.utime(kept, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before, stat = kept.read_bytes(), kept.stat()
    write("specs/spec-0003b.toml", over_long("spec-0003b"))  # now too long to fit on its page

    result = runner.invoke(cli, ["build", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    broken, too_long = result.stderr.splitlines()
    assert broken.startswith(f"{Path('specs/spec-0003a.toml')}: ")
    assert too_long.startswith(f"{Path('specs/spec-0003b.toml')}: ") and "does not fit" in too_long
    assert files_in("out") == sorted([f"{spec_id}.pdf" for spec_id in ids] + ["spec-0003b.pdf"])
    assert kept.read_bytes() == before and kept.stat().st_mtime_ns == stat.st_mtime_ns
    assert all(one_page(Path("out", name).read_bytes()) for name in files_in("out"))
    assert summary(result) == (6, 2, 0, 0)


def test_the_first_of_two_specs_with_one_id_is_kept(runner: CliRunner) -> None:
    """The clinician summary comes first and takes longer to build than the handout with its id: the
    parent still takes it first, so the result is the same on every run."""
    write("a/spec-0001.toml", copy_of(CLINICIAN, "spec-0001"))
    library(Path("b"), 4)
    result = runner.invoke(cli, ["build", "a", "b", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"{Path('b/spec-0001.toml')}: would overwrite {Path('out/spec-0001.pdf')}, "
        f"built from {Path('a/spec-0001.toml')} (same id)"
    ]
    alone = runner.invoke(cli, ["build", "a/spec-0001.toml", "-o", "alone.pdf"])
    assert alone.exit_code == 0, alone.output
    assert Path("out/spec-0001.pdf").read_bytes() == Path("alone.pdf").read_bytes()
    assert summary(result) == (4, 1, 0, 0)


def test_warnings_are_printed_and_counted(runner: CliRunner) -> None:
    library(Path("specs"), 3)
    write("specs/spec-0002.toml", copy_of(PATIENT, "renamed"))  # an id that is not its file's name
    result = runner.invoke(cli, ["build", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[1]
        == f"{Path('specs/spec-0002.toml')}: id: warning: 'renamed' differs from the file name 'spec-0002'"
    )
    assert lines[2].startswith(f"wrote {Path('out/renamed.pdf')} (")
    assert summary(result) == (3, 0, 0, 1)
    assert lines[-1].startswith("3 built, 0 failed, 1 warning in ")


HARD = (
    "Substantial individual variability characterizes recuperation. Personalized consideration "
    "necessitates comprehensive evaluation. Unexpected deterioration occasionally accompanies activity. "
    "Appropriate medication administration facilitates comfortable mobility."
)


def test_a_report_in_a_batch_holds_back_the_failing_pdf(runner: CliRunner) -> None:
    ids = library(Path("specs"), 3)
    hard = current(
        spec_text(
            f'[[sections]]\ntitle = "Recovery"\n[[sections.blocks]]\nkind = "paragraph"\ntext = "{HARD}"\n',
            spec_id="spec-0002a",
        )
    )
    write("specs/spec-0002a.toml", hard)
    result = runner.invoke(cli, ["build", "--report", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 1, result.output
    assert files_in("out") == [f"{spec_id}.pdf" for spec_id in ids]
    assert f"not written: {Path('out/spec-0002a.pdf')} (its report failed " in result.stdout
    assert result.stdout.count("Passed all") == 3
    assert summary(result) == (3, 0, 1, 0)


def test_a_failure_beats_a_held_back_report(runner: CliRunner) -> None:
    library(Path("specs"), 2)
    write("specs/broken.toml", "[[[")
    hard = current(
        spec_text(f'[[sections]]\ntitle = "R"\n[[sections.blocks]]\nkind = "paragraph"\ntext = "{HARD}"\n')
    )
    write("specs/test.toml", hard)
    result = runner.invoke(cli, ["build", "--report", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert summary(result) == (2, 1, 1, 0)


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number_from_one(runner: CliRunner, jobs: str) -> None:
    library(Path("specs"), 2)
    result = runner.invoke(cli, ["build", "specs", "--jobs", jobs])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '-j' / '--jobs'" in result.stderr
    assert not Path("out").exists()


def test_a_batch_of_hundreds(runner: CliRunner) -> None:
    ids = library(Path("specs"), 300, clinicians=20)
    result = runner.invoke(cli, ["build", "specs", "-o", "out/", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert files_in("out") == [f"{spec_id}.pdf" for spec_id in ids]
    assert summary(result) == (300, 0, 0, 0)


def test_spawned_workers_build_what_forked_ones_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where fork is missing (Windows) or unsafe (macOS) the workers are spawned: fresh interpreters
    that are sent the options, here with a clinic profile and its logo."""
    library(tmp_path / "specs", 3)
    options = Options(None, find_profile(str(EXAMPLE_CLINIC)), None, False, False)
    sources = sorted((tmp_path / "specs").glob("*.toml"))
    for method in ("spawn", "fork"):
        tally = batch.run(
            sources, options, lambda i, m=method: tmp_path / m / f"{i}.pdf", jobs=2, start_method=method
        )
        assert (tally.built, tally.failed, tally.interrupted) == (3, 0, False)
    assert capsys.readouterr().out.count("wrote ") == 6
    for source in sources:
        spawned = (tmp_path / "spawn" / f"{source.stem}.pdf").read_bytes()
        assert spawned == (tmp_path / "fork" / f"{source.stem}.pdf").read_bytes()
        assert one_page(spawned)


# --- on a terminal ---------------------------------------------------------------------------------------


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "handouts", "build", *args]


def environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "HANDOUTS_CLINIC"}


def read_terminal(master: int) -> bytes:
    """All a process wrote to a pseudo-terminal, until it closed it."""
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # Linux: EIO once the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks)


@pytest.mark.parametrize("stdout", ["terminal", "pipe"])
def test_a_terminal_shows_a_progress_bar(tmp_path: Path, stdout: str) -> None:
    library(tmp_path / "specs", 6)
    master, slave = pty.openpty()
    with subprocess.Popen(
        command("specs", "-o", "out/", "--jobs", "2"),
        cwd=tmp_path,
        env=environment(),
        stdout=slave if stdout == "terminal" else subprocess.PIPE,
        stderr=slave,
    ) as process:
        os.close(slave)
        shown = read_terminal(master)
        printed = process.stdout.read().decode() if process.stdout else ""
    assert process.returncode == 0, shown
    assert b"\r[##############################] 6/6, " in shown
    assert len(files_in(tmp_path / "out")) == 6
    if stdout == "terminal":  # the bar instead of a line for each spec; the summary after the bar is gone
        assert b"wrote" not in shown
        assert re.search(rb"\r\x1b\[K6 built, 0 failed, 0 warnings in \S+ s\r\n$", shown), shown
    else:  # a log being kept: every line in it, the bar on the terminal
        assert shown.endswith(b"\r\x1b[K")
        assert printed.count("wrote ") == 6 and printed.splitlines()[-1].startswith("6 built, 0 failed")


def batch_of_150(
    tmp_path: Path, act: Callable[[subprocess.Popen[str]], None]
) -> tuple[subprocess.Popen[str], str, str]:
    """Start a batch of 150 specs with two workers, `act` on it once its first PDF is written, and
    return the finished process, its standard output and its standard error."""
    library(tmp_path / "specs", 150)
    with subprocess.Popen(
        command("specs", "-o", "out/", "--jobs", "2"),
        cwd=tmp_path,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        assert process.stdout and process.stderr
        first = process.stdout.readline()
        assert first.startswith("wrote "), first + process.stderr.read()
        act(process)
        printed, errors = first + process.stdout.read(), process.stderr.read()
    return process, printed, errors


# --- interrupted ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True), (signal.SIGTERM, True)],
    ids=["SIGINT", "SIGTERM", "Ctrl-C on a terminal", "SIGTERM to every process"],
)
def test_an_interrupted_batch_leaves_only_whole_pdfs(tmp_path: Path, signum: int, to_group: bool) -> None:
    """Sent to the parent alone, or (as a terminal's Ctrl-C is, and a service manager's SIGTERM) to the
    workers too: the batch stops at once, says so, and leaves no partial or temporary file."""

    def interrupt(process: subprocess.Popen[str]) -> None:
        if to_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)

    process, printed, errors = batch_of_150(tmp_path, interrupt)
    assert process.returncode == 130, errors
    assert "Traceback" not in errors
    match = re.fullmatch(r"interrupted: (\d+) built, 0 failed, 0 warnings in \d+\.\d\d? s\n", errors)
    assert match, errors
    written = files_in(tmp_path / "out")
    assert 1 <= len(written) < 150
    assert len(written) == int(match[1]) == printed.count("wrote ")
    assert all(name.endswith(".pdf") and not name.startswith(".") for name in written)  # no temporary file
    assert all(one_page((tmp_path / "out" / name).read_bytes()) for name in written)
    with pytest.raises(ProcessLookupError):  # and no worker left running
        os.killpg(process.pid, 0)


def test_ctrl_c_while_the_command_starts_ends_it_quietly(tmp_path: Path) -> None:
    """Within its first tenths of a second the command is still importing: no traceback, no file."""
    library(tmp_path / "specs", 3)
    with subprocess.Popen(
        command("specs", "-o", "out/"), cwd=tmp_path, env=environment(), stderr=subprocess.PIPE, text=True
    ) as process:
        time.sleep(0.1)  # Python has started; handouts is importing
        process.send_signal(signal.SIGINT)
        errors = process.communicate()[1]
    assert process.returncode == 130, errors
    assert "Traceback" not in errors
    assert not (tmp_path / "out").exists() or all(
        one_page((tmp_path / "out" / name).read_bytes()) for name in files_in(tmp_path / "out")
    )


# --- a worker lost ----------------------------------------------------------------------------------------


def test_a_worker_killed_mid_batch_ends_it_with_a_message_and_whole_pdfs(tmp_path: Path) -> None:
    """As the system's out-of-memory killer would: the batch names the spec it lost, counts it and the
    rest as failed (exit status 2), and leaves only the whole PDFs written before."""

    def kill_a_worker(process: subprocess.Popen[str]) -> None:
        workers = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        os.kill(int(workers[0]), signal.SIGKILL)

    process, printed, errors = batch_of_150(tmp_path, kill_a_worker)
    assert process.returncode == 2, errors
    assert "Traceback" not in errors and "internal error" not in errors
    (lost,) = errors.splitlines()
    assert re.fullmatch(
        r"\S+\.toml: not built: a worker process stopped unexpectedly \(killed, perhaps for "
        r"lack of memory\); nor were the \d+ spec\(s\) after it",
        lost,
    ), lost
    built, failed, _, _ = summary_of(printed.splitlines()[-1])
    written = files_in(tmp_path / "out")
    assert built == len(written) == printed.count("wrote ") and built + failed == 150
    assert all(name.endswith(".pdf") and not name.startswith(".") for name in written)
    assert all(one_page((tmp_path / "out" / name).read_bytes()) for name in written)


# --- starting quickly -------------------------------------------------------------------------------------


def test_the_command_line_imports_only_what_a_build_needs(tmp_path: Path) -> None:
    heavy = ["pypdf", "textstat", "multiprocessing", "concurrent.futures.process"]
    heavy += [f"handouts.{name}" for name in ("checking", "letters", "report", "legibility", "starter")]
    heavy += ["handouts.clinic", "reportlab.graphics.barcode"]  # no clinic profile, no QR code here
    code = f"""
import sys
from handouts.cli import main
sys.argv = ["handouts", "build", {str(REPO / "specs" / "myelomalacia.toml")!r}, "-o", sys.argv[1]]
try:
    main()
finally:
    print([name for name in {heavy!r} if name in sys.modules], file=sys.stderr)
"""
    found = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "built.pdf")],
        capture_output=True,
        text=True,
        env=environment(),
    )
    assert found.stderr.strip() == "[]", found


def test_the_package_still_exports_every_name() -> None:
    assert set(handouts._MODULES) | {"__version__"} == set(handouts.__all__)
    # What type checkers are told (the imports under TYPE_CHECKING) is what the package gives.
    tree = ast.parse(Path(handouts.__file__).read_text(encoding="utf-8"))
    (checking,) = [
        node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    told = {
        alias.name: node.module
        for node in checking.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert told == handouts._MODULES
    for name in handouts.__all__:
        value = getattr(handouts, name)
        assert name == "__version__" or value.__module__ == f"handouts.{handouts._MODULES[name]}"
    assert set(handouts.__all__) <= set(dir(handouts))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        handouts.nothing  # noqa: B018
    namespace: dict[str, object] = {}
    exec("from handouts import *", namespace)
    assert set(handouts.__all__) <= set(namespace)
