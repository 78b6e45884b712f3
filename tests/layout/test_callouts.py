"""The three callout levels differ without colour, on a greyscale printer as on screen: each icon has
its own shape, each frame its own weight or pattern, and each title starts with its level in words.
Asserted on the marks drawn in the page's content stream and on its text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from pypdf.generic import ContentStream

from handouts import build_pdf
from tests.helpers.pdfs import read, text_of
from tests.helpers.specs import small_spec, valid_spec

LEVELS = ("urgent", "warning", "info")


def one_callout(level: str) -> bytes:
    body = f"""
[[sections]]
title = "Before you go home"

[[sections.blocks]]
kind = "callout"
level = "{level}"
text = "Words inside the box."
"""
    return build_pdf(valid_spec(small_spec(body))).pdf


@dataclass(frozen=True)
class Drawn:
    shapes: Counter[tuple[int, int]]  # (straight segments, curves) of each filled path
    widths: frozenset[float]  # every line width set
    dashed: bool  # a dash pattern set at least once


def drawn(pdf: bytes) -> Drawn:
    page = read(pdf).pages[0]
    operations = ContentStream(page.get_contents(), read(pdf)).operations
    shapes: Counter[tuple[int, int]] = Counter()
    lines = curves = 0
    widths: set[float] = set()
    dashed = False
    for operands, operator in operations:
        if operator == b"l":
            lines += 1
        elif operator == b"c":
            curves += 1
        elif operator in (b"f", b"f*", b"B"):
            shapes[(lines, curves)] += 1
        elif operator == b"w":
            widths.add(round(float(operands[0]), 2))
        elif operator == b"d":
            dashed = dashed or bool(operands[0])
        if operator in (b"f", b"f*", b"B", b"S", b"n", b"b"):
            lines = curves = 0
    return Drawn(shapes, frozenset(widths), dashed)


@pytest.fixture(scope="module")
def pages() -> dict[str, Drawn]:
    return {level: drawn(one_callout(level)) for level in LEVELS}


def test_each_level_has_an_icon_of_its_own_shape(pages: dict[str, Drawn]) -> None:
    octagon, triangle = (7, 0), (2, 0)  # segments after the first corner; a circle is curves alone
    assert pages["urgent"].shapes[octagon] == 1 and pages["urgent"].shapes[triangle] == 0
    assert pages["warning"].shapes[triangle] == 1 and pages["warning"].shapes[octagon] == 0
    circles = [shape for shape in pages["info"].shapes if shape[0] == 0 and shape[1] >= 4]
    assert circles and not pages["info"].shapes[octagon] and not pages["info"].shapes[triangle]


def test_each_level_has_a_frame_of_its_own_weight_or_pattern(pages: dict[str, Drawn]) -> None:
    common = frozenset.intersection(*(page.widths for page in pages.values()))  # the page around the box
    frame = {level: max(page.widths - common) for level, page in pages.items()}
    assert frame["urgent"] >= 6  # the heavy top band
    assert frame["urgent"] > frame["warning"] > frame["info"]
    assert pages["info"].dashed and not pages["warning"].dashed and not pages["urgent"].dashed


@pytest.mark.parametrize(
    ("level", "word"), [("urgent", "Urgent:"), ("warning", "Warning:"), ("info", "Note:")]
)
def test_each_title_starts_with_its_level_in_printed_words(level: str, word: str) -> None:
    assert word in text_of(one_callout(level))
