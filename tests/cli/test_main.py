"""The `handouts` command's entry point: `python -m handouts` in a real process, what a user sees when
something goes wrong inside, Ctrl-C while it starts, and how little a build imports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts import __version__
from handouts.cli import errors
from handouts.cli.main import cli, main
from tests.helpers.cli import write
from tests.helpers.paths import PATIENT_SPEC, VALID
from tests.helpers.pdfs import letter_pdf, read
from tests.helpers.specs import copy_of, library

HUGE_INTEGER = (
    (VALID / "full-clinician.toml")
    .read_text(encoding="utf-8")
    .replace("year = 2023", "year = 0x" + "f" * 4000)
)


def python_m(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("HANDOUTS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "handouts", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_python_m_handouts_version(tmp_path: Path) -> None:
    done = python_m("--version", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == f"handouts, version {__version__}\n"


def test_python_m_handouts_validate_hostile_file(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(HUGE_INTEGER, encoding="utf-8")
    (tmp_path / "garbage.toml").write_bytes(bytes(range(256)))
    done = python_m("validate", "bad.toml", "garbage.toml", ".", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr
    # Named alone and again in their folder: each file is checked once.
    assert done.stderr.splitlines() == [
        "bad.toml: references[1].year: is too large a number for TOML (integers are 64-bit)",
        "garbage.toml: line 2: is not UTF-8 text (byte 0x80); save it as UTF-8",
    ]
    assert done.stdout == "2 spec(s) checked: 0 valid, 2 invalid; 2 error(s), 0 warning(s)\n"


def test_exit_statuses() -> None:
    assert (errors.OK, errors.FAILED, errors.INVALID, errors.INTERNAL, errors.INTERRUPTED) == (
        0,
        1,
        2,
        70,
        130,
    )


def test_a_bug_of_ours_is_one_line_unless_debugging(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> dict[str, object]:
        raise RuntimeError("boom")

    monkeypatch.setattr("handouts.cli.spec_commands.spec_schema", broken)
    monkeypatch.setattr(sys, "argv", ["handouts", "schema"])
    monkeypatch.delenv("HANDOUTS_DEBUG", raising=False)
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == errors.INTERNAL
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("handouts: internal error (RuntimeError: boom); set HANDOUTS_DEBUG=1")
    monkeypatch.setenv("HANDOUTS_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        main()


# --- starting -----------------------------------------------------------------------------------------


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "handouts", "build", *args]


def environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "HANDOUTS_CLINIC"}


def one_page(data: bytes) -> bool:
    return len(read(data).pages) == 1


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
        one_page((tmp_path / "out" / name).read_bytes()) for name in os.listdir(tmp_path / "out")
    )


def test_the_command_line_imports_only_what_a_build_needs(tmp_path: Path) -> None:
    heavy = ["pypdf", "textstat", "multiprocessing", "concurrent.futures.process"]
    heavy += [f"handouts.{name}" for name in ("pdf.check", "pdf.reading", "pdf.letters", "pdf.printed")]
    heavy += [f"handouts.{name}" for name in ("report", "spec.starter")]
    # No clinic profile and no QR code here: the profile's models and logo checks, and the barcode
    # modules, stay unread (finding that there is no profile is handouts.clinic's, which is light).
    heavy += ["handouts.clinic.profile", "handouts.clinic.logo", "handouts.images"]
    heavy += ["reportlab.graphics.barcode"]
    code = f"""
import sys
from handouts.cli.main import main
sys.argv = ["handouts", "build", {str(PATIENT_SPEC)!r}, "-o", sys.argv[1]]
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


@pytest.mark.parametrize("command", ["validate", "build", "report", "report --json", "attach"])
def test_warnings_go_to_stderr_and_results_to_stdout(runner: CliRunner, command: str) -> None:
    """Every command: a warning is on stderr with the errors, so stdout holds results alone."""
    write("renamed.toml", copy_of(PATIENT_SPEC, "other-name"))  # an id that is not its file's name
    Path("letter.pdf").write_bytes(letter_pdf())
    arguments = {
        "validate": ["validate", "renamed.toml"],
        "build": ["build", "renamed.toml", "-o", "out.pdf"],
        "report": ["report", "renamed.toml"],
        "report --json": ["report", "--json", "renamed.toml"],
        "attach": ["attach", "letter.pdf", "renamed.toml", "-o", "out.pdf"],
    }[command]
    result = runner.invoke(cli, arguments)
    assert result.exit_code in (0, 1), result.output  # a report may fail a gate
    warning = "renamed.toml: id: warning: 'other-name' differs from the file name 'renamed'"
    assert warning in result.stderr.splitlines()
    assert not any(line.startswith("renamed.toml: id:") for line in result.stdout.splitlines())
    assert "differs from the file name" not in result.stdout or command == "report --json"
    assert result.stdout.strip()  # and the result is there


@pytest.mark.parametrize(
    ("arguments", "line"),
    [
        (["--bogus"], "cli: No such option '--bogus' (see cli --help)"),
        (["bild"], "cli: No such command 'bild'. Did you mean 'build'? (see cli --help)"),
        (
            ["build", "--bogus", "x"],
            "cli build: No such option '--bogus'. Did you mean '--jobs'? (see cli build --help)",
        ),
        (["build"], "cli build: Missing argument 'SPECS...' (see cli build --help)"),
        (
            ["new", "x"],
            "cli new: Missing option '--audience'. Choose from: clinician, patient (see cli new --help)",
        ),
    ],
)
def test_a_mistake_on_the_command_line_is_one_line(arguments: list[str], line: str) -> None:
    """Of the program or of a command (the runner calls the program "cli"): one line, exit 2."""
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [line]
