"""What a printed page is made of: runs of text and other marks of ink, as the page interpreter finds them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..standards import RGB

WHITE: RGB = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class TextRun:
    """One string shown in one font, size and colour: the unit legibility is judged in."""

    page: int  # 1-based
    text: str
    font: str  # base font name without the subset prefix
    size: float  # effective size in pt, after every scaling
    x0: float
    x1: float
    y: float  # baseline, pt from the page bottom
    colour: RGB
    background: RGB  # the last filled area under the run's middle, else the paper


@dataclass(frozen=True)
class Mark:
    """Ink that is not text, as the box it covers, so crowding and margins can be judged too."""

    page: int
    kind: str  # "path" or "image"
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PrintedPage:
    """A page as it comes off the printer; its size, because margins and crowding are judged against it."""

    number: int
    width: float
    height: float
    runs: list[TextRun]
    marks: list[Mark]
    unmarked: int = 0  # painting operators outside any marked content (0 on a fully tagged page)
    # (MCID, text) of every string shown in tagged content, spaces too: what the tags read aloud.
    spoken: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class FontUse:
    """A font the file relies on; one that is not embedded prints in whatever the printer substitutes."""

    name: str
    embedded: bool
