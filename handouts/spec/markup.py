"""Inline markup in spec text: **bold**, *italic* and citations such as [1] or [1, 4] or [2-3].

Nothing else is markup. Every other character is content, and is escaped before it reaches
ReportLab's paragraph parser (layout/inline.py), so `BP < 140/90 & HR > 100` prints exactly so and
no spec text can open a tag (an image, a link, a font) of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A closing marker is not followed by another asterisk, so that emphasis nests either way round:
# **bold *and italic*** and *italic **and bold** too*.
_TOKEN = re.compile(
    r"(?P<bold>\*\*(?=\S)(?P<b>.+?)(?<=\S)\*\*(?!\*))"
    r"|(?P<italic>\*(?=[^\s*])(?P<i>.+?)(?<=[^\s*])\*(?!\*))"
    # a citation: numbers or two-number ranges, separated by commas; [1-2-3] is not one. Its digits
    # are 0-9 (printed as numbers), so a bracket of other digits (Arabic-Indic) prints as written.
    r"|(?P<cite>\[(?P<c>[0-9]{1,3}(?:\s*[\u2013-]\s*[0-9]{1,3})?(?:\s*,\s*[0-9]{1,3}(?:\s*[\u2013-]\s*[0-9]{1,3})?)*)\])",
    re.DOTALL,
)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Cite:
    """A citation as written; `numbers` is empty when a range runs backwards, e.g. [4-2]."""

    label: str
    numbers: tuple[int, ...]


Inline = Run | Cite


def parse(text: str, *, bold: bool = False, italic: bool = False) -> list[Inline]:
    """Split text into runs of styled text and citations."""
    parts: list[Inline] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            parts.append(Run(text[position : match.start()], bold, italic))
        if match["bold"] and not bold:
            parts += parse(match["b"], bold=True, italic=italic)
        elif match["italic"] and not italic:
            parts += parse(match["i"], bold=bold, italic=True)
        elif match["cite"]:
            parts.append(_citation(match["c"]))
        else:  # the same emphasis nested in itself: keep the asterisks as content
            parts.append(Run(match.group(), bold, italic))
        position = match.end()
    if position < len(text):
        parts.append(Run(text[position:], bold, italic))
    return parts


def _citation(body: str) -> Cite:
    numbers: list[int] = []
    labels: list[str] = []
    for piece in body.split(","):
        ends = [int(n) for n in re.split(r"[\u2013-]", piece)]
        if len(ends) == 2:
            first, last = ends
            if first > last:  # the label as written, on one line (\s in the pattern takes newlines)
                return Cite(fold(body), ())
            numbers += range(first, last + 1)
            labels.append(f"{first}\u2013{last}")
        else:
            numbers += ends
            labels.append(str(ends[0]))
    return Cite(",".join(labels), tuple(numbers))


def citations(text: str) -> Iterator[Cite]:
    return (part for part in parse(text) if isinstance(part, Cite))


def plain(text: str) -> str:
    """The words a reader sees, without emphasis markers or citations, whitespace folded."""
    return fold(" ".join(segments(text)))


def segments(text: str) -> list[str]:
    """The printed text between citations (a superscript may be read back anywhere near its place)."""
    pieces = [""]
    for part in parse(text):
        if isinstance(part, Cite):
            pieces.append("")
        else:
            pieces[-1] += part.text
    return [piece for piece in pieces if piece.strip()]


def fold(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
