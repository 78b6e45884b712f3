"""Benchmark, the short form: the first table of bench.py (fitted tagged / plain pass) alone.

Run: python bench/build_speed.py [N]   (N alternating rounds per spec, default 30, in one warm process)

The full benchmark, with every target (the library, the cold command, the batch, the incremental
build), is bench/bench.py; this is a quick look after a change to the layout.
"""

from __future__ import annotations

import sys

from bench import FIXTURE, SPECS, print_pairs, time_pair


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    pairs = [time_pair(path, runs) for path in [*SPECS, FIXTURE]]
    print_pairs(pairs, None)


if __name__ == "__main__":
    main()
