"""The worker processes of a batch: each builds specs and hands back results; the parent takes them in the
order of the specs, however they finish, and stops the workers at once on an interrupt."""

from __future__ import annotations

import signal
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..build import Options
from ..layout.remembered import Remembered
from ..spec.translations import Sources
from .result import Result, build_one
from .stops import STOP_SIGNALS

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


_Settings = tuple[Options, bool, Sources]  # what every worker is started with


class WorkerLost(Exception):
    """A worker process ended without a result: killed from outside, by the system for lack of
    memory above all. The pool cannot go on without it."""

    def __init__(self, source: Path) -> None:
        super().__init__("a worker process stopped unexpectedly (killed, perhaps for lack of memory)")
        self.source = source


@contextmanager
def results(
    sources: list[Path],
    options: Options,
    with_report: bool,
    jobs: int,
    start_method: str | None,
    remembered: dict[Path, Remembered] | None = None,
    among: Sources | None = None,
) -> Iterator[Iterator[Result]]:
    """Every spec's result, in the order of `sources`: built here, or in a pool of `jobs` processes.
    A translation among them is checked against its source, found `among` the specs given (by
    default these) or beside it.
    `remembered`: what the last build of a spec chose, for its fitting to check first."""
    jobs = min(jobs, len(sources))
    among = among or Sources(sources)
    known = remembered or {}
    if jobs <= 1:
        yield (build_one(source, options, with_report, among, known.get(source)) for source in sources)
        return
    # Several specs to a task in a large batch: each task's round trip to a worker costs about a
    # millisecond of processor time, and eight builds share it; a small batch keeps one to a task, so
    # that every worker has its share.
    each = max(1, min(MOST_PER_TASK, len(sources) // (jobs * MOST_PER_TASK)))
    tasks = [sources[start : start + each] for start in range(0, len(sources), each)]
    with _pool(jobs, (options, with_report, among), start_method) as pool:
        yield _in_order(pool, tasks, 2 * jobs, known)


MOST_PER_TASK = 8


def _in_order(
    pool: ProcessPoolExecutor, tasks: list[list[Path]], window: int, remembered: dict[Path, Remembered]
) -> Iterator[Result]:
    """Results in the order of the specs, with at most `window` tasks submitted and not yet taken:
    enough to keep every worker busy while the parent writes, and few enough that memory stays flat."""
    from concurrent.futures.process import BrokenProcessPool

    waiting = iter(tasks)
    pending: deque[tuple[list[Path], Future[list[Result]] | None]] = deque()  # None: the pool broke

    def top_up() -> None:
        while len(pending) < window and (task := next(waiting, None)) is not None:
            try:
                pending.append((task, pool.submit(_work, task, [remembered.get(source) for source in task])))
            except BrokenProcessPool:  # a worker is gone: the results already made are still taken
                pending.append((task, None))
                return

    while True:
        if not pending or pending[-1][1] is not None:
            with _signals_blocked():  # a worker may start in a submit: see _start_worker
                top_up()
        if not pending:
            return
        task, future = pending.popleft()
        if future is None:
            raise WorkerLost(task[0])
        try:
            done = future.result()
        except BrokenProcessPool:
            raise WorkerLost(task[0]) from None
        yield from done


@contextmanager
def _pool(jobs: int, settings: _Settings, start_method: str | None) -> Iterator[ProcessPoolExecutor]:
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
        initargs=settings,
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


_settings: _Settings | None = None  # a worker's options, --report and the specs, from _start_worker


def _start_worker(options: Options, with_report: bool, among: Sources) -> None:
    """Set up a worker: the parent alone answers Ctrl-C (a terminal sends it to every process of the
    command) and stops the workers itself; SIGTERM, which it stops them with, ends a worker at once."""
    global _settings
    _settings = (options, with_report, among)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _work(task: list[Path], remembered: list[Remembered | None]) -> list[Result]:
    assert _settings is not None, "a worker runs _start_worker first"
    return [build_one(source, *_settings, last) for source, last in zip(task, remembered, strict=True)]
