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


def accessibility_part(spec: Spec, pdf: bytes) -> Part:
    tagged = read_tagged(pdf)
    root = tagged.root
    elements = list(root.walk()) if root is not None else []
    figures = [element for element in elements if element.role == "Figure"]
    described = [figure for figure in figures if (figure.alt or "").strip()]
    bad_links = [
        uri or "(no address)"
        for uri, contents, parent in tagged.links
        if not (contents and parent and uri and uri.startswith(LINK_SCHEMES))
    ]
    order = structure_problems(tagged, spec)
    checks = [
        gate(
            "Tagged",
            outcome(root is not None and tagged.marked),
            f"{len(elements) - 1} structure elements" if root is not None else "no structure tree",
            max(len(elements) - 1, 0),
        ),
        gate(
            "Language",
            outcome((tagged.language or "").lower() == spec.language.lower()),
            f"{tagged.language or 'none'} (the spec says {spec.language})",
            tagged.language or "",
        ),
        gate(
            "Title shown",
            outcome(tagged.shows_title and tagged.title == plain(spec.title)),
            f"{tagged.title!r}" + ("" if tagged.shows_title else "; the viewer is not asked to show it"),
            tagged.title or "",
        ),
        gate(
            "Alternative text",
            outcome(len(described) == len(figures)),
            f"{len(described)} of {len(figures)} figure(s) described" if figures else "no figures",
            len(figures) - len(described),
        ),
        gate(
            "Links",
            outcome(not bad_links),
            f"{len(tagged.links)}, each tagged and described" if not bad_links else "; ".join(bad_links),
            len(tagged.links),
        ),
        gate(
            "Reading order",
            outcome(not order and tagged.unmarked == 0),
            "; ".join(order)
            or (
                "the tags read the content in the spec's order; nothing drawn is left untagged"
                if not tagged.unmarked
                else f"{tagged.unmarked} drawing operation(s) neither tagged nor an artifact"
            ),
            tagged.unmarked,
        ),
    ]
    return Part("Accessibility (read from the PDF's tags)", checks)
