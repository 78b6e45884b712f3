"""Print legibility, judged from the built PDF as printed (pdf.printed), never from the spec: body text
size, smallest text, fonts embedded, contrast against what lies behind the text, margins, pages."""

from __future__ import annotations

from collections import Counter

from ..pdf.check import squeeze
from ..pdf.printed import PrintedPage, TextRun, contrast_ratio, fonts_used
from ..spec.model import Spec
from ..standards import (
    AIM_CONTRAST,
    MAX_PAGES,
    MIN_ANY_SIZE,
    MIN_BODY_SIZE,
    MIN_CONTRAST,
    MIN_MARGIN,
    Kind,
)
from .model import Outcome, Part, gate, outcome, quote
from .prose import parts
from .words import Words

MARGIN_TOLERANCE = 0.5  # pt: glyph outlines are estimated from the font size
MIN_MATCH = 6  # characters a run needs before its text can identify it as body text
ASCENT, DESCENT = 0.75, 0.25  # of the font size: how far ink rises above and falls below a baseline


def legibility_part(spec: Spec, pdf: bytes, pages: list[PrintedPage], kind: Kind, words: Words) -> Part:
    runs = [run for page in pages for run in page.runs]
    min_body, min_any = MIN_BODY_SIZE[kind], MIN_ANY_SIZE[kind]
    body = _body_size(spec, runs)
    smallest = min(runs, key=lambda run: run.size)
    fonts = fonts_used(pdf)
    missing = [font.name for font in fonts if not font.embedded]
    lowest = min(runs, key=_contrast)
    ratio = round(_contrast(lowest), 2)
    contrast: Outcome = "fail" if ratio < MIN_CONTRAST else "warn" if ratio < AIM_CONTRAST else "pass"
    margins = _margins(pages)
    narrowest = min(margins.values())
    most = MAX_PAGES[kind]
    sides = ", ".join(f"{words('side_' + side)} {value:.0f}" for side, value in margins.items())
    checks = [
        gate(
            words,
            "body_text",
            outcome(body >= min_body),
            words("body_text_shown", size=f"{body:g}", minimum=f"{min_body:g}"),
            body,
        ),
        gate(
            words,
            "smallest_text",
            outcome(smallest.size >= min_any - 0.01),
            words(
                "smallest_text_shown",
                size=f"{smallest.size:.2f}",
                text=quote(smallest.text),
                minimum=f"{min_any:g}",
            ),
            round(smallest.size, 2),
        ),
        gate(
            words,
            "fonts_embedded",
            outcome(not missing),
            words("fonts_all", count=len(fonts))
            if not missing
            else words("fonts_missing", fonts=", ".join(missing)),
            len(fonts) - len(missing),
        ),
        gate(
            words,
            "text_contrast",
            contrast,
            words(
                "contrast_shown",
                ratio=f"{ratio:g}",
                text=quote(lowest.text),
                minimum=f"{MIN_CONTRAST:g}",
                aim=f"{AIM_CONTRAST:g}",
            ),
            ratio,
        ),
        gate(
            words,
            "margins",
            outcome(narrowest >= MIN_MARGIN - MARGIN_TOLERANCE),
            words("margins_shown", sides=sides, minimum=f"{MIN_MARGIN:g}"),
            round(narrowest, 1),
        ),
        gate(
            words,
            "pages",
            outcome(1 <= len(pages) <= most),
            words("pages_shown", count=len(pages), most=most),
            len(pages),
        ),
    ]
    return Part(words("part_legibility"), checks)


def _body_size(spec: Spec, runs: list[TextRun]) -> float:
    """The size the spec's running text (paragraphs, list items, answers, callouts) is printed in.

    The PDF says how big each run of text is; the spec only says which runs are body text, by their
    words. Headings, tables and the page's furniture (header, contact lines, footer) are not body
    text; a label that happens to repeat a few of the body's words is outweighed by the body itself.
    """
    body = "\x00".join(
        squeeze(piece.text)
        for part in parts(spec)
        for piece in part.pieces
        if not piece.heading and not any(mark in piece.path for mark in (".columns[", ".rows[", ".term"))
    )
    matched = [run for run in runs if len(squeeze(run.text)) >= MIN_MATCH and squeeze(run.text) in body]
    counts: Counter[float] = Counter()
    for run in matched or runs:  # nothing matched (text drawn oddly): the size most text is in
        counts[round(run.size, 2)] += len(run.text)
    return counts.most_common(1)[0][0]


def _contrast(run: TextRun) -> float:
    return contrast_ratio(run.colour, run.background)


def _margins(pages: list[PrintedPage]) -> dict[str, float]:
    """The narrowest space between the paper's edges and any ink, over all pages."""
    found = {"left": float("inf"), "right": float("inf"), "top": float("inf"), "bottom": float("inf")}
    for page in pages:
        boxes = [(r.x0, r.y - DESCENT * r.size, r.x1, r.y + ASCENT * r.size) for r in page.runs]
        boxes += [(m.x0, m.y0, m.x1, m.y1) for m in page.marks]
        for x0, y0, x1, y1 in boxes:
            found["left"] = min(found["left"], x0)
            found["right"] = min(found["right"], page.width - x1)
            found["top"] = min(found["top"], page.height - y1)
            found["bottom"] = min(found["bottom"], y0)
    return found
