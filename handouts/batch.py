"""Batch builds: many spec files built in worker processes, their PDFs written by the parent alone.

A worker only computes: it builds a spec's PDF (and, when asked, its quality report) and hands back
bytes and text. The parent checks where each PDF goes and writes it, taking the results in the order
of the specs whatever order they finish in, so two specs with one id are settled the same way on every
run and an earlier output is never overwritten. An interrupt stops the workers and leaves every output
either written whole or not at all.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from .build import Built, build_pdf
from .document import Prepared
from .errors import HandoutsError, OutputError, SpecError
from .loading import Checked, file_name, validate_file
from .pdf import write_atomic

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .clinic import PageSize, Profile

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class Options:
    """How every command that builds lays out its specs."""

    page_size: PageSize | None
    profile: Profile | None
    prepared: Prepared | None
    large_print: bool
    strict: bool

    def build(self, source: Path) -> Built:
        """Validate a spec file (printing its warnings) and lay it out; HandoutsError if it cannot be."""
        checked = validate_file(source, strict=self.strict)
        for warning in checked.warnings:
            click.echo(str(warning))
        return self.lay_out(checked, source)

    def lay_out(self, checked: Checked, source: Path) -> Built:
        """A validated spec on its page(s); SpecError if validation found errors, or another HandoutsError."""
        if checked.spec is None or checked.errors:
            raise SpecError(checked.problems)
        return build_pdf(
            checked.spec,
            page_size=self.page_size,
            clinic=self.profile,
            prepared=self.prepared,
            large_print=self.large_print,
            file=str(source),
        )


@dataclass(frozen=True)
class Result:
    """What became of one spec, as a worker hands it back: everything the parent prints and writes."""

    source: Path
    warnings: tuple[str, ...]
    error: str | None = None
    spec_id: str = ""
    pdf: bytes = b""
    description: str = ""
    report: str | None = None  # the quality report as text, with --report
    gates_failed: int = 0


def build_one(source: Path, options: Options, with_report: bool) -> Result:
    """Build one spec; what goes wrong for the user (a HandoutsError) is part of the result, not raised."""
    checked = validate_file(source, strict=options.strict)
    warnings = tuple(str(warning) for warning in checked.warnings)
    try:
        built = options.lay_out(checked, source)
        if not with_report:
            return Result(source, warnings, spec_id=built.spec.id, pdf=built.pdf, description=describe(built))
        from .report import as_text, make_report

        quality = make_report(built, file=file_name(source), clinic=options.profile)
    except HandoutsError as error:
        return Result(source, warnings, error=str(error))
    return Result(
        source,
        warnings,
        spec_id=built.spec.id,
        pdf=built.pdf,
        description=describe(built),
        report=as_text(quality),
        gates_failed=len(quality.failed),
    )


def describe(built: Built) -> str:
    kind = "clinician summary" if built.spec.audience == "clinician" else "patient handout"
    pages = f", {built.pages} pages" if built.pages > 1 else ""
    return f"{kind}, {built.page_size}, body type {built.body_size:g} pt{pages}"


@dataclass
class Tally:
    """The counts of a batch: all the parent keeps of it, however many specs it holds."""

    total: int
    built: int = 0
    failed: int = 0
    held_back: int = 0
    warnings: int = 0
    interrupted: bool = False
    started: float = 0.0
    with_report: bool = False

    @property
    def done(self) -> int:
        return self.built + self.failed + self.held_back

    def summary(self) -> str:
        held = f", {self.held_back} held back by their report" if self.with_report else ""
        warnings = f"{self.warnings} warning{'' if self.warnings == 1 else 's'}"
        seconds = time.perf_counter() - self.started
        shown = f"{seconds:.1f}" if seconds >= 1 else f"{seconds:.2f}"  # a short batch is not "0.0 s"
        return f"{self.built} built, {self.failed} failed{held}, {warnings} in {shown} s"


def default_jobs() -> int:
    """The CPUs this process may run on, which in a container can be fewer than the machine has."""
    count: Callable[[], int | None] | None = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        return max(1, count() or 1)
    if hasattr(os, "sched_getaffinity"):  # what process_cpu_count reads, where the system has it
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def run(
    sources: list[Path],
    options: Options,
    target: Callable[[str], Path],
    *,
    with_report: bool = False,
    jobs: int = 1,
    start_method: str | None = None,
) -> Tally:
    """Build every spec (in `jobs` worker processes when that is more than one) and write each PDF to
    target(spec id); print what happens to each, and return the counts. Ctrl-C or SIGTERM stops the
    batch: the counts then say so, and no file is left half-written.

    The workers are forked on Linux and spawned elsewhere, unless `start_method` names another way.
    """
    tally = Tally(len(sources), started=time.perf_counter(), with_report=with_report)
    progress = Progress(tally)
    parent = Parent(options, target, tally, progress)
    try:
        with _stop_signals() as stops, _results(sources, options, with_report, jobs, start_method) as results:
            for result in results:
                with stops.held():  # a PDF written is counted and reported before the batch stops
                    parent.take(result)
    except KeyboardInterrupt:
        tally.interrupted = True
    except WorkerLost as lost:
        # What was written stays; the spec being built and every one after it count as failed.
        after = tally.total - tally.done - 1
        parent.failed(f"{lost.source}: not built: {lost}; nor were the {after} spec(s) after it")
        tally.failed = tally.total - tally.built - tally.held_back
    finally:
        progress.close()
    return tally


class WorkerLost(Exception):
    """A worker process ended without a result: killed from outside, by the system for lack of
    memory above all. The pool cannot go on without it."""

    def __init__(self, source: Path) -> None:
        super().__init__("a worker process stopped unexpectedly (killed, perhaps for lack of memory)")
        self.source = source


class Parent:
    """The parent's half of a batch: print each result, check its target, write its PDF."""

    def __init__(
        self, options: Options, target: Callable[[str], Path], tally: Tally, progress: Progress
    ) -> None:
        self.options = options
        self.target = target
        self.tally = tally
        self.progress = progress
        self.written: dict[Path, Path] = {}  # each output of this run, and the spec it came from

    def take(self, result: Result) -> None:
        for warning in result.warnings:
            self.progress.say(warning)
        self.tally.warnings += len(result.warnings)
        if result.error is not None:
            self.failed(result.error)
        else:
            try:
                written = self._write(result)
            except HandoutsError as error:
                self.failed(str(error))
            else:
                if written:
                    self.tally.built += 1
                else:
                    self.tally.held_back += 1
        self.progress.update()

    def failed(self, message: str) -> None:
        self.tally.failed += 1
        self.progress.say(message, err=True)

    def _write(self, result: Result) -> bool:
        """Write the result's PDF; False if its report held it back, HandoutsError if it cannot be."""
        target = self.target(result.spec_id)
        check_target(result.source, target, self.written)
        if result.report is not None:
            self.progress.say(result.report)
            if result.gates_failed:
                self.progress.say(f"not written: {target} (its report failed {result.gates_failed} gate(s))")
                return False
        write_atomic(result.pdf, target)
        self.written[target.resolve()] = result.source
        self.progress.wrote(f"wrote {target} ({result.description})")
        return True


def check_target(source: Path, target: Path, written: dict[Path, Path]) -> None:
    """Refuse outputs that would destroy an input or an earlier output of the same run."""
    if target.suffix.lower() != ".pdf":
        raise OutputError(f"{target}: the output file name must end in .pdf")
    resolved = target.resolve()
    if same_file(target, source):
        raise OutputError(f"{target}: is the spec itself; choose another output")
    if resolved in written:
        raise OutputError(f"{source}: would overwrite {target}, built from {written[resolved]} (same id)")


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, ValueError):
        return False


# --- progress ----------------------------------------------------------------------------------------


class Progress:
    """What the user sees while a batch runs.

    On a terminal (stderr), a bar that the messages scroll above; otherwise a plain line for each spec.
    The "wrote" lines are left out only when they would land on the bar's terminal.
    """

    INTERVAL = 0.1  # s between redraws: often enough to look alive, not so often as to slow the batch

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.bar = tally.total > 1 and _is_terminal(sys.stderr)
        self.stdout_shown = _is_terminal(sys.stdout)  # on the bar's terminal, as a rule
        self.lines = not (self.bar and self.stdout_shown)
        self.drawn = 0.0  # when the bar was last drawn; 0 while it is not on the screen

    def say(self, text: str, err: bool = False) -> None:
        if err or self.stdout_shown:
            self._clear()
        click.echo(text, err=err)

    def wrote(self, text: str) -> None:
        if self.lines:
            self.say(text)

    def update(self) -> None:
        now = time.perf_counter()
        if self.bar and (now - self.drawn >= self.INTERVAL or self.tally.done == self.tally.total):
            self.drawn = now
            sys.stderr.write(f"\r{self._line(now)}\x1b[K")
            sys.stderr.flush()

    def close(self) -> None:
        self._clear()

    def _clear(self) -> None:
        if self.bar and self.drawn:
            sys.stdout.flush()  # what was printed before goes above the bar, not through it
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.drawn = 0.0

    def _line(self, now: float) -> str:
        tally = self.tally
        width = 30
        filled = width * tally.done // max(tally.total, 1)
        rate = tally.done / max(now - tally.started, 1e-9)
        failed = f", {tally.failed} failed" if tally.failed else ""
        line = f"[{'#' * filled}{'.' * (width - filled)}] {tally.done}/{tally.total}{failed}, {rate:.1f}/s"
        return line[: shutil.get_terminal_size().columns - 1]


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# --- interrupts --------------------------------------------------------------------------------------


class Stops:
    """Ctrl-C and SIGTERM as KeyboardInterrupt in the parent, held back while a result is taken, so that
    a PDF is written whole, counted and reported before the batch stops. A second signal while one is
    held stops the batch at once (stdout may be a pipe nobody reads); write_atomic still cleans up."""

    def __init__(self) -> None:
        self.holding = False
        self.pending = False
        self.stopping = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:  # another Ctrl-C must not cut short the stopping of the workers
            return
        if self.holding and not self.pending:
            self.pending = True
            return
        self.stop()

    def stop(self) -> None:
        self.stopping = True
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending and not self.stopping:
            self.stop()


@contextmanager
def _stop_signals() -> Iterator[Stops]:
    """Install the parent's handlers for the batch, and put back what was there before."""
    stops = Stops()
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set them
        yield stops
        return
    previous = {number: signal.signal(number, stops.handle) for number in STOP_SIGNALS}
    try:
        yield stops
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# --- running the builds ------------------------------------------------------------------------------


@contextmanager
def _results(
    sources: list[Path], options: Options, with_report: bool, jobs: int, start_method: str | None
) -> Iterator[Iterator[Result]]:
    """Every spec's result, in the order of `sources`: built here, or in a pool of `jobs` processes."""
    jobs = min(jobs, len(sources))
    if jobs <= 1:
        yield (build_one(source, options, with_report) for source in sources)
        return
    with _pool(jobs, options, with_report, start_method) as pool:
        yield _in_order(pool, sources, 2 * jobs)


def _in_order(pool: ProcessPoolExecutor, sources: list[Path], window: int) -> Iterator[Result]:
    """Results in the order of the specs, with at most `window` submitted and not yet taken: enough to
    keep every worker busy while the parent writes, and few enough that memory stays flat."""
    from concurrent.futures.process import BrokenProcessPool

    waiting = iter(sources)
    pending: deque[tuple[Path, Future[Result] | None]] = deque()  # None: not started, the pool broken

    def top_up() -> None:
        while len(pending) < window and (source := next(waiting, None)) is not None:
            try:
                pending.append((source, pool.submit(_work, source)))
            except BrokenProcessPool:  # a worker is gone: the results already made are still taken
                pending.append((source, None))
                return

    while True:
        if not pending or pending[-1][1] is not None:
            with _signals_blocked():  # a worker may start in a submit: see _start_worker
                top_up()
        if not pending:
            return
        source, future = pending.popleft()
        if future is None:
            raise WorkerLost(source)
        try:
            result = future.result()
        except BrokenProcessPool:
            raise WorkerLost(source) from None
        yield result


@contextmanager
def _pool(
    jobs: int, options: Options, with_report: bool, start_method: str | None
) -> Iterator[ProcessPoolExecutor]:
    """A pool of worker processes; on any exception (an interrupt above all), its workers are stopped
    at once and its queued work dropped."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork starts a worker in milliseconds with every module already imported; where it is missing or
    # unsafe (macOS, Windows), spawn starts a fresh interpreter that imports what it needs.
    method = start_method or ("fork" if sys.platform == "linux" else "spawn")
    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(options, with_report),
    )
    try:
        yield pool
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Drop the queued work and end the workers now, not after the builds they are in the middle of.

    A pool has no public way to do this before Python 3.14, and ending a worker by any means can set
    the trap below, so this reaches into the pool's own state (each part looked up with care: if a
    later Python renames one, the stop waits for the builds in progress, or at worst for the trap).
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()
    # A worker ended while sending its result (by us, or by a SIGTERM sent to the whole process group)
    # leaves half a message in the result pipe; the pool's manager thread would wait for the rest
    # forever, and the interpreter, at exit, for that thread. With every worker gone, closing the
    # parent's own end for writing makes that wait an end-of-file, which the pool handles as broken.
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()
    if manager is not None:
        manager.join()
    else:
        pool.shutdown(wait=True)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back from the processes started here until they have set their handlers;
    the parent gets any that came meanwhile as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_settings: tuple[Options, bool] | None = None  # a worker's options and --report, from _start_worker


def _start_worker(options: Options, with_report: bool) -> None:
    """Set up a worker: the parent alone answers Ctrl-C (a terminal sends it to every process of the
    command) and stops the workers itself; SIGTERM, which it stops them with, ends a worker at once."""
    global _settings
    _settings = (options, with_report)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _work(source: Path) -> Result:
    assert _settings is not None, "a worker runs _start_worker first"
    return build_one(source, *_settings)
