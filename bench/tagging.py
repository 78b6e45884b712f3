"""What tagging costs: the same fitted build with and without its tags (issue 13: at most 10 %).

Run: python bench/tagging.py [N]   (N alternating rounds per spec, default 30, in one warm process)

The untagged build is `build_pdf` itself with the tagged canvas swapped for ReportLab's plain one:
the same fitting, composing and drawing, but no marked content, no spaces closing lines, no structure
tree, parent tree or XMP. What the swap cannot take out is the tree's nodes, which the templates make
as they compose the page at each size the fitting tries; they are counted in a build and timed on
their own, and added to the cost.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from library import REPO, SPECS
from reportlab.pdfgen.canvas import Canvas

import handouts.pdf.writing as writing
from handouts import build_pdf, load_spec
from handouts.layout.inline import CALLBACK
from handouts.layout.tags import Node

FIXTURE = REPO / "tests" / "fixtures" / "build" / "carpal-tunnel.toml"
TARGET = 0.10  # of a fitted build's processor time


class _PlainCanvas(Canvas):  # type: ignore[misc]
    """ReportLab's canvas, untagged; the markers a paragraph's markup carries draw nothing."""

    def __init__(self, *arguments: Any, **options: Any) -> None:
        super().__init__(*arguments, **options)
        self.setNamedCB(CALLBACK, lambda *_: None)


@contextmanager
def untagged() -> Iterator[None]:
    tagged, structure = writing.TaggedCanvas, writing.write_structure
    writing.TaggedCanvas, writing.write_structure = _PlainCanvas, lambda *_, **__: None  # type: ignore[assignment,misc]
    try:
        yield
    finally:
        writing.TaggedCanvas, writing.write_structure = tagged, structure  # type: ignore[misc]


def cpu_ms(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return (time.process_time() - start) * 1000


def nodes_per_build(spec: Any) -> int:
    """Structure nodes made in one build, over every size the fitting tries."""
    made = 0
    original = Node.__init__

    def counting(self: Node, *arguments: Any, **options: Any) -> None:
        nonlocal made
        made += 1
        original(self, *arguments, **options)

    Node.__init__ = counting  # type: ignore[method-assign]
    try:
        build_pdf(spec)
    finally:
        Node.__init__ = original  # type: ignore[method-assign]
    return made


def ms_per_node(count: int = 100_000) -> float:
    root = Node("Document")
    start = time.process_time()
    for _ in range(count):
        root.child("P")
    return (time.process_time() - start) * 1000 / count


@dataclass
class Cost:
    name: str
    tagged: float  # ms, median
    untagged: float
    nodes: float  # ms making the tree's nodes

    @property
    def share(self) -> float:
        return (self.tagged - self.untagged + self.nodes) / self.tagged


def time_tagging(path: Path, runs: int, per_node: float) -> Cost:
    """Medians of `runs` alternating rounds: the build with its tags, then without."""
    spec = load_spec(path)
    build_pdf(spec)
    tagged, plain = [], []
    for _ in range(runs):
        tagged.append(cpu_ms(lambda: build_pdf(spec)))
        with untagged():
            plain.append(cpu_ms(lambda: build_pdf(spec)))
    nodes = nodes_per_build(spec) * per_node
    return Cost(path.stem, statistics.median(tagged), statistics.median(plain), nodes)


def print_costs(costs: list[Cost]) -> None:
    print("\n5. what tagging costs: fitted build with tags / the same without, processor ms (medians)")
    print(f"  {'':40} {'tagged':>7} {'untagged':>8} {'nodes':>6} {'cost':>6}")
    for c in costs:
        verdict = "PASS" if c.share <= TARGET else "MISS"
        print(
            f"  {c.name:40} {c.tagged:7.1f} {c.untagged:8.1f} {c.nodes:6.2f} {c.share:6.1%}   "
            f"{verdict} (<= {TARGET:.0%})"
        )


def measure(runs: int) -> list[Cost]:
    per_node = ms_per_node()
    return [time_tagging(path, runs, per_node) for path in [*SPECS, FIXTURE]]


def main() -> None:
    print_costs(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 30))


if __name__ == "__main__":
    main()
