"""Batch builds: many spec files built in worker processes, their PDFs written by the parent alone.

A worker only computes: it builds a spec's PDF (and, when asked, its quality report) and hands back
bytes and text. The parent checks where each PDF goes and writes it, taking the results in the order
of the specs whatever order they finish in, so two specs with one id are settled the same way on every
run and an earlier output is never overwritten. An interrupt stops the workers and leaves every output
either written whole or not at all. What happens is told to a Listener (the command line shows it).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from ..build import Options
from ..errors import HandoutsError, OutputError, Problem, SpecError
from ..files import Unreadable, check_output, file_name, read_inside, write_atomic
from ..layout.remembered import Remembered
from ..spec.draft import Draft
from ..spec.figures import MAX_FIGURE_BYTES, named_figures
from ..spec.loading import shared_ids
from ..spec.toml import parse_toml
from ..spec.translations import Sources
from .manifest import LARGE_PRINT, Manifest, fingerprint, options_digest
from .pool import WorkerLost, results
from .result import Result
from .stops import stop_signals


@dataclass
class Tally:
    """The counts of a batch: all the parent keeps of it, however many specs it holds."""

    total: int
    built: int = 0
    failed: int = 0
    held_back: int = 0
    up_to_date: int = 0  # skipped: built before into the same folder from the same inputs
    passed_over: int = 0  # not built, as the options do not apply to them (Options.patients_only)
    warnings: int = 0
    interrupted: bool = False
    started: float = 0.0  # time.perf_counter() at the start

    @property
    def done(self) -> int:
        return self.built + self.failed + self.held_back + self.up_to_date + self.passed_over


class Listener(Protocol):
    """What a batch tells as it goes; every call comes from the parent process, in the order of the specs."""

    def warning(self, problem: Problem) -> None: ...
    def failure(self, error: HandoutsError) -> None: ...
    def report(self, text: str) -> None: ...
    def held_back(self, target: Path, gates: int) -> None: ...
    def passed_over(self, source: Path, reason: str) -> None: ...
    def wrote(self, target: Path, description: str) -> None: ...
    def progress(self, tally: Tally) -> None: ...


class NotBuilt(HandoutsError):
    """The batch lost a worker: this spec and the ones after it were not built."""


def default_jobs() -> int:
    """The CPUs this process may run on, which in a container can be fewer than the machine has."""
    count: Callable[[], int | None] | None = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        return max(1, count() or 1)
    if hasattr(os, "sched_getaffinity"):  # what process_cpu_count reads, where the system has it
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def run_batch(
    sources: list[Path],
    options: Options,
    target: Callable[[str], Path],
    listener: Listener,
    *,
    with_report: bool = False,
    jobs: int = 1,
    start_method: str | None = None,
    manifest: Manifest | None = None,
) -> Tally:
    """Build every spec (in `jobs` worker processes when that is more than one) and write each PDF to
    target(spec id), telling `listener` what happens to each; return the counts. Ctrl-C or SIGTERM
    stops the batch: the counts then say so, and no file is left half-written.

    With a `manifest` (of the output folder; see `manifest.py`), a spec whose PDF there is up to date
    is not built again, and the manifest is written afresh at the end.

    The workers are forked on Linux and spawned elsewhere, unless `start_method` names another way.
    """
    tally = Tally(len(sources), started=time.perf_counter())
    parent = Parent(target, tally, listener, options.inputs)
    clashes = shared_ids(sources, patients_only=options.patients_only)
    for source in sources:  # two specs with one id: neither is built
        if source in clashes:
            parent.failed(SpecError([clashes[source]]))
            listener.progress(tally)
    sources = [source for source in sources if source not in clashes]
    among = Sources(sources)  # all of them: a translation's source may be up to date, and skipped
    if manifest is not None:
        sources = parent.skip_up_to_date(sources, options, manifest, among)
    try:
        _build(sources, options, with_report, jobs, start_method, parent, parent.remembered(sources), among)
    finally:
        if manifest is not None:
            parent.save(manifest)
    return tally


def _build(
    sources: list[Path],
    options: Options,
    with_report: bool,
    jobs: int,
    start_method: str | None,
    parent: Parent,
    remembered: dict[Path, Remembered],
    among: Sources,
) -> None:
    tally = parent.tally
    found_by = results(sources, options, with_report, jobs, start_method, remembered, among)
    try:
        with stop_signals() as stops, found_by as found:
            for result in found:
                with stops.held():  # a PDF written is counted and reported before the batch stops
                    parent.take(result)
    except KeyboardInterrupt:
        tally.interrupted = True
    except WorkerLost as lost:
        # What was written stays; the spec being built and every one after it count as failed.
        after = tally.total - tally.done - 1
        name = file_name(lost.source)
        parent.failed(NotBuilt(f"{name}: not built: {lost}; nor were the {after} spec(s) after it"))
        tally.failed = tally.total - tally.built - tally.held_back - tally.up_to_date - tally.passed_over


class Parent:
    """The parent's half of a batch: tell each result, check its target, write its PDF."""

    def __init__(
        self, target: Callable[[str], Path], tally: Tally, listener: Listener, inputs: tuple[Path, ...] = ()
    ) -> None:
        self.target = target
        self.tally = tally
        self.listener = listener
        self.inputs = inputs  # the files every build reads (Options.inputs): never an output
        self.written: dict[Path, Path] = {}  # each output of this run, and the spec it came from
        # Said once: a warning about no spec in particular (an unreviewed catalogue) is the same line
        # for every spec it concerns.
        self.warned: set[Problem] = set()
        self.manifest: Manifest | None = None
        self.fingerprints: dict[Path, str] = {}  # of the specs to build, when there is a manifest
        self.variant = ""  # large print has a PDF of its own beside the regular one

    def skip_up_to_date(
        self, sources: list[Path], options: Options, manifest: Manifest, among: Sources
    ) -> list[Path]:
        """The sources whose PDF is not up to date; the others counted as such, their outputs claimed.
        `among`: the specs given, where a translation's source is looked for."""
        self.manifest = manifest
        self.variant = LARGE_PRINT if options.large_print else ""
        digest, today = options_digest(options), date.today()
        stale: list[Path] = []
        for source in sources:
            try:
                data = source.read_bytes()
            except OSError:  # the build says what is wrong with it
                stale.append(source)
                continue
            key = fingerprint(data, digest, read_too(source, data, among))
            found = manifest.up_to_date(self._key(source), key, self.target, today)
            if found is None:
                self.fingerprints[source] = key
                stale.append(source)
                continue
            spec_id, warnings = found
            self.written[self.target(spec_id).resolve()] = source
            self.tally.up_to_date += 1
            for file, where, message in warnings:  # told again, as a build would
                self._warn(Problem(file, where, message, "warning"))
        if self.tally.up_to_date:
            self.listener.progress(self.tally)
        return stale

    def remembered(self, sources: list[Path]) -> dict[Path, Remembered]:
        """What the fitting chose for each source the last time it was built into this folder."""
        if self.manifest is None:
            return {}
        fits = self.manifest.fits
        return {source: fits[key] for source in sources if (key := self._key(source)) in fits}

    def take(self, result: Result) -> None:
        for warning in result.warnings:
            self._warn(warning)
        if result.passed_over:
            self.listener.passed_over(result.source, result.passed_over)
            self.tally.passed_over += 1
        elif result.error is not None:
            self.failed(result.error)
            self._forget(result.source)
        else:
            try:
                written = self._write(result)
            except HandoutsError as error:
                self.failed(error)
                self._forget(result.source)
            else:
                self._remember(result, written)
                if written:
                    self.tally.built += 1
                else:
                    self.tally.held_back += 1
        self.listener.progress(self.tally)

    def save(self, manifest: Manifest) -> None:
        """Write the manifest. If it cannot be, the PDFs written stand and the batch still sums up; the
        next build into the folder may build again what is up to date."""
        try:
            manifest.write()
        except OutputError as error:
            path = file_name(manifest.path)
            reason = str(error).removeprefix(f"{path}: ")
            message = f"{reason}; the next build here may build again what is up to date"
            self._warn(Problem(path, "", message, "warning"))

    def _warn(self, warning: Problem) -> None:
        if warning not in self.warned:
            self.warned.add(warning)
            self.listener.warning(warning)
            self.tally.warnings += 1

    def _remember(self, result: Result, written: bool) -> None:
        """A PDF written without a report is up to date, with its warnings, until something changes."""
        key = self.fingerprints.get(result.source)
        if self.manifest is None:
            return
        if key is None or not written or result.report is not None or not result.until:
            self._forget(result.source)
            return
        warnings = [(warning.file, warning.where, warning.message) for warning in result.warnings]
        self.manifest.record(
            self._key(result.source), key, result.spec_id, result.pdf, result.until, warnings, result.fitted
        )

    def _forget(self, source: Path) -> None:
        if self.manifest is not None:
            self.manifest.forget(self._key(source))

    def _key(self, source: Path) -> str:
        """A spec file as the manifest names it: its resolved path, and large print if it is."""
        return str(source.resolve()) + self.variant

    def failed(self, error: HandoutsError) -> None:
        self.tally.failed += 1
        self.listener.failure(error)

    def _write(self, result: Result) -> bool:
        """Write the result's PDF; False if its report held it back, HandoutsError if it cannot be."""
        target = self.target(result.spec_id)
        check_output(target, [result.source, *result.images, *self.inputs])
        resolved = target.resolve()
        if resolved in self.written:
            earlier = file_name(self.written[resolved])
            source, output = file_name(result.source), file_name(target)
            raise OutputError(f"{source}: would overwrite {output}, built from {earlier} (same id)")
        if result.report is not None:
            self.listener.report(result.report)
            if result.gates_failed:
                self.listener.held_back(target, result.gates_failed)
                return False
        write_atomic(result.pdf, target)
        self.written[resolved] = result.source
        self.listener.wrote(target, result.description)
        return True


def read_too(source: Path, data: bytes, among: Sources) -> list[str]:
    """Digests of the files besides the spec that its build reads: its figures' images and, for a
    translation, its source. Read as the build reads them (a figure only inside the spec's folder,
    each bounded), an unreadable one as "missing"; only a spec that may have them is parsed."""
    if b"image" not in data and b"translation_of" not in data:
        return []
    try:
        table = parse_toml(data, file_name(source))
    except SpecError:
        return []  # the build says what is wrong with it
    found = [_digest(image, source.parent) for _, image in named_figures(Draft(table))]
    translated = table.get("translation_of")
    if isinstance(translated, dict) and isinstance(translated.get("id"), str):
        found += [_digest(path.name, path.parent) for path in among.find(translated["id"], source)]
    return found


def _digest(name: str, folder: Path) -> str:
    """The SHA-256 of a file inside `folder`, read as a figure is (bounded, never outside); "missing"
    if it cannot be read so."""
    try:
        data = read_inside(name, folder, where="its folder", noun="a file", max_bytes=MAX_FIGURE_BYTES)
    except Unreadable:
        return "missing"
    return hashlib.sha256(data).hexdigest()
