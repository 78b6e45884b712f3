"""Benchmark: how fast handouts builds, against what plain ReportLab needs for the same page.

Run: python bench/bench.py [--quick] [--runs N] [--library N] [--jobs N]

Prints, each with its target and PASS or MISS:
  1. milliseconds per handout in one warm process, per bundled spec and over a generated library;
  2. the cold time of one `handouts build` command;
  3. the wall time of `handouts build LIBRARY/ -o OUT/ --jobs 2` for the library;
  4. the peak memory of that batch: its parent process and its largest worker;
  5. the same pages built by one plain ReportLab layout pass, and fitted / plain.

The library is made from the bundled specs (specs/*.toml) in a temporary folder: new ids, a
subset of sections and list items, a sentence added here and there. Every spec in it is checked
to be valid, free of warnings and fitting before it is kept, so the batch builds all of them.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import reportlab

from handouts import Document, HandoutsError, Spec, build_pdf, load_spec, validate_bytes
from handouts.build import metadata
from handouts.layout.page_layout import Layout
from handouts.pdf.writing import render

REPO = Path(__file__).resolve().parent.parent
SPECS = sorted((REPO / "specs").glob("*.toml"))
COLD_SPEC = REPO / "specs" / "myelomalacia.toml"

RATIO_TARGET = 1.3  # fitted build / one plain layout pass
COLD_TARGET = 0.35  # s, one `handouts build` command
BATCH_TARGET = 15.0  # s, for 1,000 handouts
BATCH_SIZE = 1000  # the batch target is stated for this many handouts
MEMORY_TARGET = 150.0  # MB, peak resident memory of one worker


# --- timing -----------------------------------------------------------------------------------------


def elapsed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def plain_pass(spec: Spec, body_size: float) -> None:
    """One layout of the content at a known size, measured once and drawn: no fitting."""
    layout = Layout(Document(spec))
    render(layout.measure(body_size), layout.paper, layout.template.margin, metadata(spec))


@dataclass
class Timings:
    """One spec's build, timed: `handout` loads the file too, `fitted` and `plain` start from the spec."""

    name: str
    handout: float
    fitted: float
    plain: float
    passes: int
    body_size: float

    @property
    def ratio(self) -> float:
        return self.fitted / self.plain


def time_spec(path: Path, runs: int) -> Timings:
    """Median times over `runs`, the three kinds interleaved so that drift in the machine hits all alike."""
    spec = load_spec(path)
    built = build_pdf(spec)
    handout, fitted, plain = [], [], []
    for _ in range(runs):
        handout.append(elapsed_ms(lambda: build_pdf(load_spec(path))))
        fitted.append(elapsed_ms(lambda: build_pdf(spec)))
        plain.append(elapsed_ms(lambda: plain_pass(spec, built.body_size)))
    return Timings(
        path.stem,
        statistics.median(handout),
        statistics.median(fitted),
        statistics.median(plain),
        built.passes,
        built.body_size,
    )


# --- the generated library --------------------------------------------------------------------------

EXTRA_SENTENCES = {
    "patient": [
        "Ask your care team if anything here is not clear.",
        "Bring this sheet to your next visit.",
        "Write down your questions before you go.",
        "A family member can help you remember what was said.",
    ],
    "clinician": [
        "Local protocols may differ; follow them where they apply.",
        "Document the baseline examination for later comparison.",
        "Reassess at each visit and record any change.",
        "Discuss uncertain cases with a specialist early.",
    ],
}


def variant(source: dict[str, Any], number: int, rng: random.Random) -> dict[str, Any]:
    """A different spec from the same content: its own id, some sections and items left out."""
    data: dict[str, Any] = copy.deepcopy(source)
    data["id"] = f"{source['id']}-{number:04d}"
    data["subtitle"] = f"{source.get('subtitle', source['title'])} (sheet {number})"
    sections = data["sections"]
    keep = sorted(rng.sample(range(len(sections)), rng.randint(max(1, len(sections) - 3), len(sections))))
    data["sections"] = [sections[index] for index in keep]
    for section in data["sections"]:
        for block in section["blocks"]:
            _vary_block(block, data["audience"], rng)
    return data


def _vary_block(block: dict[str, Any], audience: str, rng: random.Random) -> None:
    items = block.get("items")
    if isinstance(items, list) and len(items) > 2 and block["kind"] != "comparison":
        drop = rng.randint(0, min(2, len(items) - 2))
        for index in sorted(rng.sample(range(len(items)), drop), reverse=True):
            del items[index]
    if block["kind"] == "paragraph" and rng.random() < 0.5:
        block["text"] = f"{block['text']} {rng.choice(EXTRA_SENTENCES[audience])}"


def to_toml(data: dict[str, Any]) -> str:
    """TOML for a spec's shape: scalars, [review], arrays of tables for sections, blocks, references."""
    lines: list[str] = []
    _table(data, "", lines)
    return "\n".join(lines) + "\n"


TABLE_ARRAYS = {"sections", "sections.blocks", "references"}


def _table(table: dict[str, Any], path: str, lines: list[str]) -> None:
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        full = f"{path}.{key}" if path else key
        if isinstance(value, dict) or full in TABLE_ARRAYS:
            nested.append((full, value))
        else:
            lines.append(f"{key} = {_inline(value)}")
    for full, value in nested:
        if isinstance(value, dict):
            lines.append(f"\n[{full}]")
            _table(value, full, lines)
            continue
        for item in value:
            lines.append(f"\n[[{full}]]")
            _table(item, full, lines)


def _inline(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_inline(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"no TOML for {value!r}")


def make_library(folder: Path, count: int, seed: int = 20261121) -> list[Path]:
    """`count` specs made from the bundled ones, each valid, without warnings, and fitting its page."""
    sources = [tomllib.loads(path.read_text(encoding="utf-8")) for path in SPECS]
    rng = random.Random(seed)
    paths: list[Path] = []
    number = 0
    while len(paths) < count:
        number += 1
        data = variant(sources[number % len(sources)], number, rng)
        text = to_toml(data)
        checked = validate_bytes(text.encode("utf-8"), data["id"])
        if checked.spec is None or checked.problems:
            continue  # e.g. a reference no longer cited: a warning the batch would print
        try:
            build_pdf(checked.spec)
        except HandoutsError:
            continue
        path = folder / f"{data['id']}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def time_library(paths: list[Path]) -> list[Timings]:
    """Each spec of the library built once: every build is a different document, as in a batch."""
    timings = []
    for path in paths:
        start = time.perf_counter()
        spec = load_spec(path)
        loaded = time.perf_counter()
        built = build_pdf(spec)
        fitted = time.perf_counter()
        plain_pass(spec, built.body_size)
        plain = time.perf_counter()
        handout, fit, one = (fitted - start) * 1000, (fitted - loaded) * 1000, (plain - fitted) * 1000
        timings.append(Timings(path.stem, handout, fit, one, built.passes, built.body_size))
    return timings


# --- subprocesses: the cold build and the batch -----------------------------------------------------


def handouts_command() -> list[str]:
    """The `handouts` script installed beside this Python, not a wrapper found first on PATH (a pyenv
    shim, say, adds its own start-up to every command), else `python -m handouts`."""
    script = Path(sys.executable).with_name("handouts")
    if script.is_file():
        return [str(script)]
    found = shutil.which("handouts")
    return [found] if found else [sys.executable, "-m", "handouts"]


def cold_build(runs: int, folder: Path) -> list[float]:
    command = [*handouts_command(), "build", str(COLD_SPEC), "-o", str(folder / "tmp.pdf")]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def jobs_accepted() -> bool:
    help_text = subprocess.run([*handouts_command(), "build", "--help"], capture_output=True, text=True)
    return "--jobs" in help_text.stdout


@dataclass
class Batch:
    wall: float
    cpu: float  # s of processor time, all the batch's processes together
    built: int
    parent_mb: float
    worker_mb: float | None  # None when the batch ran in one process
    children_mb: float  # RUSAGE_CHILDREN of a wrapper: the largest process of the batch's tree


def run_batch(library: Path, output: Path, jobs: int | None) -> Batch:
    """Run the batch under a small wrapper process, whose RUSAGE_CHILDREN then covers exactly this batch."""
    command = [*handouts_command(), "build", str(library), "-o", f"{output}/"]
    if jobs:
        command += ["--jobs", str(jobs)]
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.perf_counter() - start\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu = used.ru_utime + used.ru_stime\n"
        "tail = done.stdout[-2000:] + done.stderr[-2000:]\n"
        "print(json.dumps([wall, cpu, used.ru_maxrss, done.returncode, tail]))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", wrapper, *command], stdout=subprocess.PIPE, text=True)
    peaks = PeakSampler(process.pid)
    peaks.start()
    stdout, _ = process.communicate()
    peaks.stop()
    wall, cpu, children_kb, status, tail = json.loads(stdout)
    if status != 0:
        raise RuntimeError(f"the batch failed (exit {status}):\n{tail}")
    built = len(list(output.glob("*.pdf")))
    parent, workers = peaks.split()
    return Batch(wall, cpu, built, parent, workers, children_kb / 1024)


class PeakSampler:
    """Samples VmHWM (peak resident memory) of the processes under `root` until stopped.

    VmHWM only grows, so the last sample of a process is its peak, give or take one interval.
    """

    def __init__(self, root: int, interval: float = 0.02) -> None:
        self.root, self.interval = root, interval
        self.peaks: dict[int, float] = {}
        self.parents: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid, parent in _descendants(self.root):
                self.parents[pid] = parent
                peak = _vm_hwm_mb(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0.0))
            self._stop.wait(self.interval)

    def split(self) -> tuple[float, float | None]:
        """The peak of the `handouts` process (the wrapper's child) and of the largest of its children."""
        top = [pid for pid, parent in self.parents.items() if parent == self.root]
        parent_pid = top[0] if top else None
        parent = self.peaks.get(parent_pid, 0.0) if parent_pid else 0.0
        below = [peak for pid, peak in self.peaks.items() if pid != parent_pid]
        return parent, max(below) if below else None


def _descendants(root: int) -> Iterator[tuple[int, int]]:
    """(pid, parent pid) of every process below `root`, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry))
    queue = [root]
    while queue:
        pid = queue.pop()
        for child in children.get(pid, []):
            yield child, pid
            queue.append(child)


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


# --- the report -------------------------------------------------------------------------------------


def verdict(good: bool) -> str:
    return "PASS" if good else "MISS"


def machine() -> str:
    model = "unknown"
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else model
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} CPUs ({usable} usable), {model}; "
        f"Python {platform.python_version()}, ReportLab {reportlab.Version}; load average {load}"
    )


HEADER = f"{'':44} {'handout':>8} {'fitted':>7} {'plain':>6} {'ratio':>6} {'passes':>6} {'body pt':>7}"


def print_warm_specs(bundled: list[Timings]) -> None:
    print(f"\n1, 5. warm process, median ms\n{HEADER}")
    for t in bundled:
        print(
            f"  {t.name:42} {t.handout:8.1f} {t.fitted:7.1f} {t.plain:6.1f} {t.ratio:6.2f} "
            f"{t.passes:6d} {t.body_size:7g}   {verdict(t.ratio <= RATIO_TARGET)} (ratio <= {RATIO_TARGET})"
        )


def print_warm_library(library: list[Timings]) -> None:
    handout = statistics.median(t.handout for t in library)
    fitted = statistics.median(t.fitted for t in library)
    plain = statistics.median(t.plain for t in library)
    ratio = sum(t.fitted for t in library) / sum(t.plain for t in library)
    passes = statistics.mean(t.passes for t in library)
    print(
        f"  {f'library of {len(library)}':42} {handout:8.1f} {fitted:7.1f} {plain:6.1f} "
        f"{ratio:6.2f} {passes:6.2f} {'':7}   {verdict(ratio <= RATIO_TARGET)} (ratio <= {RATIO_TARGET})"
    )
    mean = statistics.mean(t.handout for t in library)
    sizes = sorted({t.body_size for t in library})
    print(
        f"  library: ratio of the totals, passes the mean; mean ms per handout {mean:.1f}; "
        f"{len(sizes)} body sizes, {sizes[0]:g} to {sizes[-1]:g} pt"
    )


def print_cold(times: list[float]) -> None:
    cold = statistics.median(times)
    shown = ", ".join(f"{t:.3f}" for t in times)
    print(
        f"\n2. cold `handouts build {COLD_SPEC.relative_to(REPO)} -o tmp.pdf`: median {cold:.3f} s "
        f"of {len(times)} ({shown})   {verdict(cold < COLD_TARGET)} (< {COLD_TARGET} s)"
    )


def print_batch(batch: Batch, count: int, jobs: int | None) -> None:
    how = f"--jobs {jobs}" if jobs else "one process (--jobs is not accepted yet by `handouts build`)"
    rate = batch.built / batch.wall
    projected = batch.wall * BATCH_SIZE / count
    scaled = "" if count == BATCH_SIZE else f"; {projected:.1f} s projected for {BATCH_SIZE}"
    print(
        f"\n3. batch of {count} with {how}: {batch.wall:.2f} s, {rate:.0f} handouts/s, "
        f"{batch.built} PDFs{scaled}   {verdict(projected < BATCH_TARGET)} (< {BATCH_TARGET:g} s for "
        f"{BATCH_SIZE})"
    )
    # Processor time does not depend on what else the machine runs; wall time / CPU time shows how
    # many processors the batch actually got.
    print(
        f"   processor time {batch.cpu:.2f} s, all processes ({1000 * batch.cpu / count:.1f} ms per "
        f"handout); {batch.cpu / batch.wall:.2f} processors busy on average"
    )
    worker = batch.worker_mb if batch.worker_mb is not None else batch.parent_mb
    whose = "largest worker" if batch.worker_mb is not None else "the one process (it builds)"
    print(
        f"4. peak memory: parent {batch.parent_mb:.0f} MB, {whose} {worker:.0f} MB "
        f"(RUSAGE_CHILDREN, largest in the tree: {batch.children_mb:.0f} MB)   "
        f"{verdict(worker < MEMORY_TARGET)} (< {MEMORY_TARGET:g} MB per worker)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and a 200-spec library")
    parser.add_argument("--runs", type=int, help="warm runs per bundled spec (default 30, quick 10)")
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
        print_warm_specs([time_spec(path, runs) for path in SPECS])
        print_warm_library(time_library(paths))
        print_cold(cold_build(3 if args.quick else 5, folder))
        jobs = args.jobs if jobs_accepted() else None
        print_batch(run_batch(library, folder / "out", jobs), count, jobs)
    # This process's own peak, for comparison with a worker's: it holds the library's timings too.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this benchmark process peaked at {own:.0f} MB)")


if __name__ == "__main__":
    main()
