"""Accessibility, read from the built PDF's tags (pdf/tagged.py): what a screen reader, a reflowing
viewer or a reader who follows links meets. These are the machine-checkable parts of PDF/UA-1 and
WCAG 2.1 for a document; a person still judges whether the alternative texts say enough."""

from __future__ import annotations

from ..layout.inline import LINK_SCHEMES
from ..pdf.check import structure_problems
from ..pdf.tagged import read_tagged
from ..spec.markup import plain
from ..spec.model import Spec
from .model import Part, gate, outcome
from .words import Words


def accessibility_part(spec: Spec, pdf: bytes, words: Words) -> Part:
    tagged = read_tagged(pdf)
    root = tagged.root
    elements = list(root.walk()) if root is not None else []
    figures = [element for element in elements if element.role == "Figure"]
    described = [figure for figure in figures if (figure.alt or "").strip()]
    bad_links = [
        uri or words("no_address")
        for uri, contents, parent in tagged.links
        if not (contents and parent and uri and uri.startswith(LINK_SCHEMES))
    ]
    order = structure_problems(tagged, spec)
    title = f"{tagged.title!r}"
    in_order = words("order_good") if not tagged.unmarked else words("untagged", count=tagged.unmarked)
    checks = [
        gate(
            words,
            "tagged",
            outcome(root is not None and tagged.marked),
            words("tagged_shown", count=len(elements) - 1)
            if root is not None
            else words("no_structure_tree"),
            max(len(elements) - 1, 0),
        ),
        gate(
            words,
            "language",
            outcome((tagged.language or "").lower() == spec.language.lower()),
            words("language_shown", found=tagged.language or words("none"), language=spec.language),
            tagged.language or "",
        ),
        gate(
            words,
            "title_shown",
            outcome(tagged.shows_title and tagged.title == plain(spec.title)),
            title if tagged.shows_title else words("title_not_shown", title=title),
            tagged.title or "",
        ),
        gate(
            words,
            "alternative_text",
            outcome(len(described) == len(figures)),
            words("figures_described", described=len(described), figures=len(figures))
            if figures
            else words("no_figures"),
            len(figures) - len(described),
        ),
        gate(
            words,
            "links",
            outcome(not bad_links),
            words("links_shown", count=len(tagged.links)) if not bad_links else "; ".join(bad_links),
            len(tagged.links),
        ),
        # The order's problems are the PDF check's own lines (pdf/check.py), as `handouts check` says them.
        gate(
            words,
            "reading_order",
            outcome(not order and tagged.unmarked == 0),
            "; ".join(order) or in_order,
            tagged.unmarked,
        ),
    ]
    return Part(words("part_accessibility"), checks)
