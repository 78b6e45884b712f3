"""Benchmark, the short form: the warm-process table of bench.py for the bundled specs only.

Run: python bench/build_speed.py [N]   (N builds per spec, default 30, all in one warm process)

The full benchmark, with its targets (a generated library, the cold command, a batch, memory), is
bench/bench.py; this prints its first table alone, for a quick look after a change to the layout.
"""

from __future__ import annotations

import sys

from bench import SPECS, print_warm_specs, time_spec


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    print_warm_specs([time_spec(path, runs) for path in SPECS])


if __name__ == "__main__":
    main()
