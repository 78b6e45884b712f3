"""The benchmark's subprocesses: cold commands, and a batch with its processor time and peak memory."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    wall: float  # s
    cpu: float  # s, user + system of the process (and its children)


def timed(command: list[str]) -> Run:
    """One command as a new process: its wall time and processor time (RUSAGE_CHILDREN before and after)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu)


def handouts_command() -> list[str]:
    """The `handouts` script installed beside this Python, not a wrapper found first on PATH (a pyenv
    shim, say, adds its own start-up to every command), else `python -m handouts`."""
    script = Path(sys.executable).with_name("handouts")
    if script.is_file():
        return [str(script)]
    found = shutil.which("handouts")
    return [found] if found else [sys.executable, "-m", "handouts"]


def cold_pair(spec: Path, words: Path, folder: Path, runs: int) -> tuple[list[Run], list[Run]]:
    """`handouts build SPEC -o OUT` and the plain script on the same words, as new processes, alternated."""
    handouts = [*handouts_command(), "build", str(spec), "-o", str(folder / "cold.pdf")]
    plain = [sys.executable, str(Path(__file__).with_name("plain.py")), str(words), str(folder / "plain.pdf")]
    timed(handouts), timed(plain)  # one of each first: the files they read are then in the page cache
    pairs = [(timed(handouts), timed(plain)) for _ in range(runs)]
    return [a for a, _ in pairs], [b for _, b in pairs]


def validation_start(runs: int) -> float:
    """Processor seconds a new process spends importing pydantic and building the spec's models, over
    a bare Python start (medians, alternated): what validating any spec costs before it reads one."""
    models = [sys.executable, "-c", "import handouts.spec.model"]
    bare = [sys.executable, "-c", "pass"]
    timed(models), timed(bare)
    pairs = [(timed(models), timed(bare)) for _ in range(runs)]
    return statistics.median(a.cpu for a, _ in pairs) - statistics.median(b.cpu for _, b in pairs)


@dataclass
class Batch:
    wall: float
    cpu: float  # s of processor time, all the batch's processes together
    built: int
    parent_mb: float
    worker_mb: float | None  # None when the batch ran in one process
    children_mb: float  # RUSAGE_CHILDREN of a wrapper: the largest process of the batch's tree
    summary: str = ""  # the command's closing line


def run_batch(library: Path, output: Path, jobs: int, *extra: str) -> Batch:
    """Run the batch under a small wrapper process, whose RUSAGE_CHILDREN then covers exactly this batch."""
    command = [*handouts_command(), "build", str(library), "-o", f"{output}/", "--jobs", str(jobs), *extra]
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
    lines = [line for line in tail.splitlines() if line.strip()]
    return Batch(wall, cpu, built, parent, workers, children_kb / 1024, lines[-1] if lines else "")


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
