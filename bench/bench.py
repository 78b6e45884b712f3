"""Benchmark: how fast handouts builds, against one plain ReportLab pass over the same words.

Run: python bench/bench.py [--quick] [--runs N] [--library N] [--jobs N]

Prints each figure beside its target (PASS or MISS); bench/README.md says what each one means:
  1. processor time of a fitted, tagged build against one plain untagged platypus pass of the same
     words (bench/plain.py), in this process, rounds alternating: the bundled specs, the 450-word
     fixture, and the generated library;
  2. a cold `handouts build SPEC -o OUT` against a cold plain ReportLab script, as new processes;
  3. a batch: processor time per handout against the same builds warm in this process, its wall time
     for the library with --jobs 2, peak memory per worker;
  4. the same batch again into the same folder, nothing changed: the incremental build; and with
     --force, each fitting checking first the choice it made the last time;
  5. what tagging costs: the same fitted builds with and without their tags (bench/tagging.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import reportlab
from library import REPO, SPECS, make_library
from plain import plain_pdf, words_of
from processes import Batch, Run, cold_pair, run_batch, validation_start
from tagging import measure, print_costs

from handouts import build_file, build_pdf, load_spec
from handouts.build import metadata, preflight
from handouts.document import Document
from handouts.layout.page_layout import Layout
from handouts.pdf.writing import render
from handouts.spec.model import Spec

FIXTURE = REPO / "tests" / "fixtures" / "build" / "carpal-tunnel.toml"  # a 450-word patient handout
COLD_SPEC = REPO / "specs" / "myelomalacia.toml"

RATIO_TARGET = 1.2  # fitted tagged build / one plain platypus pass, processor time
COLD_TARGET = 1.3  # cold `handouts build` / cold plain script
BATCH_RATIO_TARGET = 1.1  # batch processor time per handout / warm in-process build
BATCH_TARGET = 10.0  # s, 1,000 handouts with --jobs 2
BATCH_SIZE = 1000
UNCHANGED_TARGET = 1.0  # s, 1,000 unchanged specs built again into the same folder
MEMORY_TARGET = 150.0  # MB, peak resident memory of one worker


def cpu_ms(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return (time.process_time() - start) * 1000


@dataclass
class Pair:
    name: str
    fitted: float  # ms, median
    plain: float
    passes: int
    body_size: float
    plain_pages: int
    floor: float  # ms, median: the same PDF from one measurement at the size chosen (see at_known_size)

    @property
    def ratio(self) -> float:
        return self.fitted / self.plain


def at_known_size(spec: Spec, size: float, level: int) -> bytes:
    """What any build of `spec` must do, however good its fitting: the checks, one measurement at the
    size and spacing it prints, drawing and saving. A fitting that guessed right at once costs this."""
    document = Document(spec, None, None, False, None)
    preflight(document, "<spec>")
    layout = Layout(document)
    return render(layout.measure(size, level), layout.paper, layout.template.margin, metadata(document))


def time_pair(path: Path, runs: int) -> Pair:
    """Medians of `runs` alternating rounds: the fitted tagged build, then the plain pass."""
    spec = load_spec(path)
    built = build_pdf(spec)
    words = words_of(spec, built.body_size, built.spacing)
    pages = plain_pdf(words).count(b"/Type /Page\n")
    if at_known_size(spec, built.body_size, built.spacing) != built.pdf:
        raise SystemExit(f"{path.name}: one measurement at the chosen size made another PDF")
    fitted, plain, floor = [], [], []
    for _ in range(runs):
        fitted.append(cpu_ms(lambda: build_pdf(spec)))
        plain.append(cpu_ms(lambda: plain_pdf(words)))
        floor.append(cpu_ms(lambda: at_known_size(spec, built.body_size, built.spacing)))
    return Pair(path.stem, statistics.median(fitted), statistics.median(plain), built.passes,
                built.body_size, pages, statistics.median(floor))  # fmt: skip


def time_library(paths: list[Path]) -> tuple[float, float]:
    """Each spec built once, fitted then plain: the totals, ms."""
    fitted = plain = 0.0
    for path in paths:
        spec = load_spec(path)
        built = build_pdf(spec)  # not timed: the words are taken at the size it chose
        words = words_of(spec, built.body_size, built.spacing)
        fitted += cpu_ms(lambda: build_pdf(spec))  # noqa: B023 (called at once)
        plain += cpu_ms(lambda: plain_pdf(words))  # noqa: B023
    return fitted, plain


def warm_per_handout(paths: list[Path], output: Path) -> float:
    """Processor ms per handout of what a batch does for each spec, here in one warm process."""
    output.mkdir()
    build_file(paths[0], output / "warm-up.pdf")
    start = time.process_time()
    for path in paths:
        build_file(path, output / f"{path.stem}.pdf")
    return (time.process_time() - start) * 1000 / len(paths)


# --- the report -------------------------------------------------------------------------------------


def verdict(good: bool) -> str:
    return "PASS" if good else "MISS"


def machine() -> str:
    model = "unknown"
    found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    model = found.group(1).strip() if found else model
    usable = len(os.sched_getaffinity(0))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    try:
        import _rl_accel  # type: ignore[import-not-found]  # noqa: F401

        accel = "with rl_accel"
    except ImportError:
        accel = "without rl_accel"
    return (
        f"machine: {os.cpu_count()} CPUs ({usable} usable), {model}; Python {platform.python_version()}, "
        f"ReportLab {reportlab.Version} {accel}; load average {load}"
    )


def print_pairs(pairs: list[Pair], library: tuple[int, float, float] | None) -> None:
    print("\n1. fitted tagged build / one plain untagged platypus pass, processor ms (medians)")
    print(
        f"  {'':40} {'fitted':>7} {'plain':>6} {'ratio':>6} {'passes':>6} {'body pt':>7} {'plain pages':>11}"
        f" {'floor':>6}"
    )
    for p in pairs:
        print(
            f"  {p.name:40} {p.fitted:7.1f} {p.plain:6.1f} {p.ratio:6.2f} {p.passes:6d} {p.body_size:7g} "
            f"{p.plain_pages:11d} {p.floor / p.plain:6.2f}   "
            f"{verdict(p.ratio <= RATIO_TARGET)} (<= {RATIO_TARGET})"
        )
    print("  floor: the same PDF from one measurement at the size chosen (checks, drawing, saving), / plain")
    if library is None:
        return
    count, fitted, plain = library
    ratio = fitted / plain
    print(
        f"  {f'library of {count} (totals, ms per handout)':40} {fitted / count:7.1f} {plain / count:6.1f} "
        f"{ratio:6.2f}   {verdict(ratio <= RATIO_TARGET)} (<= {RATIO_TARGET})"
    )


def print_cold(handouts: list[Run], plain: list[Run], models: float) -> None:
    name = COLD_SPEC.relative_to(REPO)
    print(
        f"\n2. cold `handouts build {name} -o OUT` / cold plain script, medians of {len(handouts)} alternated"
    )
    for what in ("wall", "cpu"):
        a = statistics.median(getattr(run, what) for run in handouts)
        b = statistics.median(getattr(run, what) for run in plain)
        good = verdict(a / b <= COLD_TARGET)
        print(f"  {what:5} {a:.3f} s / {b:.3f} s = {a / b:.2f}   {good} (<= {COLD_TARGET})")
    room = (COLD_TARGET - 1) * statistics.median(run.cpu for run in plain)
    print(
        f"  importing pydantic and the spec's models alone: {models:.3f} s of processor time "
        f"(all the target leaves beyond the plain script: {room:.3f} s)"
    )


def print_batch(batch: Batch, warm: float, count: int, jobs: int) -> None:
    per = 1000 * batch.cpu / count
    print(f"\n3. batch of {count}, --jobs {jobs}")
    print(
        f"  processor time per handout {per:.1f} ms / warm in-process {warm:.1f} ms = {per / warm:.2f}   "
        f"{verdict(per / warm <= BATCH_RATIO_TARGET)} (<= {BATCH_RATIO_TARGET})"
    )
    projected = batch.wall * BATCH_SIZE / count
    scaled = "" if count == BATCH_SIZE else f", {projected:.2f} s projected for {BATCH_SIZE}"
    print(
        f"  wall {batch.wall:.2f} s{scaled}; {batch.cpu / batch.wall:.2f} processors busy   "
        f"{verdict(projected <= BATCH_TARGET)} (<= {BATCH_TARGET:g} s for {BATCH_SIZE})"
    )
    worker = batch.worker_mb if batch.worker_mb is not None else batch.parent_mb
    print(
        f"  peak memory: parent {batch.parent_mb:.0f} MB, largest worker {worker:.0f} MB   "
        f"{verdict(worker < MEMORY_TARGET)} (< {MEMORY_TARGET:g} MB)"
    )


def print_again(again: Batch, count: int, same: bool) -> None:
    projected = again.wall * BATCH_SIZE / count
    scaled = "" if count == BATCH_SIZE else f", {projected:.2f} s projected for {BATCH_SIZE}"
    print(
        f"\n4. the same batch again, nothing changed: {again.wall:.2f} s{scaled} ({again.summary!r}); "
        f"PDFs {'unchanged' if same else 'CHANGED'}   "
        f"{verdict(projected <= UNCHANGED_TARGET and same)} (<= {UNCHANGED_TARGET:g} s for {BATCH_SIZE})"
    )


def print_forced(forced: Batch, first: Batch, count: int, same: bool) -> None:
    """--force builds everything again, each fitting checking first what it chose last time: no target,
    the processor time it saves beside the first batch's."""
    per, before = 1000 * forced.cpu / count, 1000 * first.cpu / count
    print(
        f"  again with --force (each fitting checks its last choice first): processor time per handout "
        f"{per:.1f} ms (first batch {before:.1f} ms); PDFs {'unchanged' if same else 'CHANGED'}"
    )


def digests(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.pdf"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and a 200-spec library")
    parser.add_argument("--runs", type=int, help="alternating rounds per spec (default 30, quick 10)")
    parser.add_argument("--library", type=int, help="specs in the library (default 1000, quick 200)")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the batch (default 2)")
    args = parser.parse_args()
    runs = args.runs or (10 if args.quick else 30)
    count = args.library or (200 if args.quick else BATCH_SIZE)
    print(machine())
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as temporary:
        folder = Path(temporary)
        library = folder / "library"
        library.mkdir()
        paths = make_library(library, count)
        pairs = [time_pair(path, runs) for path in [*SPECS, FIXTURE]]
        print_pairs(pairs, (count, *time_library(paths)))
        spec = load_spec(COLD_SPEC)
        built = build_pdf(spec)
        words: dict[str, Any] = words_of(spec, built.body_size, built.spacing)
        (folder / "words.json").write_text(json.dumps(words), encoding="utf-8")
        cold_runs = 5 if args.quick else 11
        print_cold(
            *cold_pair(COLD_SPEC, folder / "words.json", folder, cold_runs), validation_start(cold_runs)
        )
        warm = warm_per_handout(paths, folder / "warm")
        batch = run_batch(library, folder / "out", args.jobs)
        print_batch(batch, warm, count, args.jobs)
        first = digests(folder / "out")
        again = run_batch(library, folder / "out", args.jobs)
        print_again(again, count, digests(folder / "out") == first)
        forced = run_batch(library, folder / "out", args.jobs, "--force")
        print_forced(forced, batch, count, digests(folder / "out") == first)
    print_costs(measure(runs))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this benchmark process peaked at {own:.0f} MB)")


if __name__ == "__main__":
    main()
