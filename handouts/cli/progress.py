"""What the user sees while a batch runs: each spec's lines, and on a terminal a progress bar.

On a terminal (stderr), a bar that the messages scroll above; otherwise a plain line for each spec.
The "wrote" lines are left out only when they would land on the bar's terminal.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import click

from handouts import HandoutsError, Problem, Tally, file_name

from .errors import error_lines, problem_line


class Progress:
    """A batch's listener (handouts.Listener) for a person at a terminal, or a log."""

    INTERVAL = 0.1  # s between redraws: often enough to look alive, not so often as to slow the batch

    def __init__(self, total: int) -> None:
        self.bar = total > 1 and _is_terminal(sys.stderr)
        self.stdout_shown = _is_terminal(sys.stdout)  # on the bar's terminal, as a rule
        self.lines = not (self.bar and self.stdout_shown)
        self.drawn = 0.0  # when the bar was last drawn; 0 while it is not on the screen

    def warning(self, problem: Problem) -> None:
        self._say(problem_line(problem), err=True)

    def failure(self, error: HandoutsError) -> None:
        for line in error_lines(error):
            self._say(line, err=True)

    def report(self, text: str) -> None:
        self._say(text)

    def held_back(self, target: Path, gates: int) -> None:
        self._say(f"not written: {file_name(target)} (its report failed {gates} gate(s))")

    def passed_over(self, source: Path, reason: str) -> None:
        self._say(passed_over_line(source, reason))

    def wrote(self, target: Path, description: str) -> None:
        if self.lines:
            self._say(f"wrote {file_name(target)} ({description})")

    def progress(self, tally: Tally) -> None:
        now = time.perf_counter()
        if self.bar and (now - self.drawn >= self.INTERVAL or tally.done == tally.total):
            self.drawn = now
            sys.stderr.write(f"\r{_line(tally, now)}\x1b[K")
            sys.stderr.flush()

    def close(self) -> None:
        if self.bar and self.drawn:
            sys.stdout.flush()  # what was printed before goes above the bar, not through it
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.drawn = 0.0

    def _say(self, text: str, err: bool = False) -> None:
        if err or self.stdout_shown:
            self.close()
        click.echo(text, err=err)


def passed_over_line(source: Path, reason: str) -> str:
    """A spec the options do not apply to, not built (build.passed_over)."""
    return f"passed over: {file_name(source)} ({reason})"


def summary(tally: Tally, with_report: bool) -> str:
    """The closing line of a batch: what became of its specs, and how long it took."""
    held = f", {tally.held_back} held back by their report" if with_report else ""
    warnings = f"{tally.warnings} warning{'' if tally.warnings == 1 else 's'}"
    seconds = time.perf_counter() - tally.started
    shown = f"{seconds:.1f}" if seconds >= 1 else f"{seconds:.2f}"  # a short batch is not "0.0 s"
    fresh = f", {tally.up_to_date} up to date" if tally.up_to_date else ""
    over = f", {tally.passed_over} passed over" if tally.passed_over else ""
    return f"{tally.built} built{fresh}{over}, {tally.failed} failed{held}, {warnings} in {shown} s"


def _line(tally: Tally, now: float) -> str:
    width = 30
    filled = width * tally.done // max(tally.total, 1)
    rate = tally.done / max(now - tally.started, 1e-9)
    failed = f", {tally.failed} failed" if tally.failed else ""
    line = f"[{'#' * filled}{'.' * (width - filled)}] {tally.done}/{tally.total}{failed}, {rate:.1f}/s"
    return line[: shutil.get_terminal_size().columns - 1]


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
