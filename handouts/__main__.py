"""The `handouts` command and `python -m handouts`.

The command spends its first few tenths of a second importing; Ctrl-C then ends it at once, quietly,
with the status of an interrupted command (nothing has been read or written yet).
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

from handouts.cli.errors import INTERRUPTED


def main() -> None:
    previous = signal.signal(signal.SIGINT, _stop_starting)
    from handouts.cli.main import main as run

    signal.signal(signal.SIGINT, previous)
    run()


def _stop_starting(signum: int, frame: FrameType | None) -> None:
    sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
