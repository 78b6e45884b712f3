"""Benchmark: milliseconds per fitted build of each bundled spec, against one plain layout pass.

Run: python bench/build_speed.py [N]   (N builds per spec, default 30, all in one warm process)

"Plain pass" is what a build without fitting costs: compose the page at the size the fitting chose,
measure it once and draw it. The target is a fitted build within twice that.
"""

from __future__ import annotations

import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from handouts import HandoutsError
from handouts.build import PAGE_SIZES, TEMPLATES, build_pdf, metadata
from handouts.document import Document
from handouts.fitting import measure
from handouts.loading import load_spec
from handouts.pdf import render
from handouts.spec import Spec
from handouts.styles import make_styles

SPECS = sorted((Path(__file__).resolve().parent.parent / "specs").glob("*.toml"))


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def plain_pass(spec: Spec, body_size: float) -> None:
    """One layout of the content at a known size, measured once and drawn: no fitting."""
    template = TEMPLATES[spec.audience]
    width, height = PAGE_SIZES["letter"]
    frame = (width - 2 * template.margin, height - 2 * template.margin)
    page = template.compose(Document(spec), make_styles(body_size, template.typography), frame[0])
    render(measure(page, *frame), (width, height), template.margin, metadata(spec))


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    print(f"{'spec':34} {'fitted ms':>10} {'plain ms':>9} {'ratio':>6} {'passes':>7} {'body pt':>8}")
    for path in SPECS:
        spec = load_spec(path)
        try:
            built = build_pdf(spec)
        except HandoutsError as error:
            print(f"{path.stem:34} not built: {error}")
            continue
        fitted = median_ms(functools.partial(build_pdf, spec), runs)
        plain = median_ms(functools.partial(plain_pass, spec, built.body_size), runs)
        print(
            f"{path.stem:34} {fitted:10.1f} {plain:9.1f} {fitted / plain:6.2f} "
            f"{built.passes:7d} {built.body_size:8g}"
        )


if __name__ == "__main__":
    main()
