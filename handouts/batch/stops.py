"""Ctrl-C and SIGTERM during a batch: held back while a result is taken, so that every PDF is written
whole, counted and reported before the batch stops."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stops:
    """Ctrl-C and SIGTERM as KeyboardInterrupt in the parent, held back while a result is taken, so that
    a PDF is written whole, counted and reported before the batch stops. A second signal while one is
    held stops the batch at once (stdout may be a pipe nobody reads); write_atomic still cleans up."""

    def __init__(self) -> None:
        self.holding = False
        self.pending = False
        self.stopping = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:  # another Ctrl-C must not cut short the stopping of the workers
            return
        if self.holding and not self.pending:
            self.pending = True
            return
        self.stop()

    def stop(self) -> None:
        self.stopping = True
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending and not self.stopping:
            self.stop()


@contextmanager
def stop_signals() -> Iterator[Stops]:
    """Install the parent's handlers for the batch, and put back what was there before."""
    stops = Stops()
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set them
        yield stops
        return
    previous = {number: signal.signal(number, stops.handle) for number in STOP_SIGNALS}
    try:
        yield stops
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
