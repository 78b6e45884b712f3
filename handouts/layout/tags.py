"""Tags: what each piece of a page is, said by the piece that draws it, so the tags cannot drift from
the page.

A template builds a tree of Nodes as it composes the page (a section, its heading, a list and its
items, a table and its cells), and gives each flowable the node it draws. Drawing fills the tree in:
every stretch of content a flowable paints is marked in the content stream with a marked-content id
under its node, and every piece that is only furniture (rules, borders, icons, page notes) is marked
as an artifact. A node joins its parent the first time something of it is drawn, so the tree's order
is the order in which the page is drawn, which is the order in which it is read.

Inside a paragraph, markers in its markup (inline.marker) open inline nodes: a citation (read as "[6]"
rather than a digit glued to the word before it), a link, or the term and meaning of a definition.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .inline import CALLBACK

# Artifacts: what repeats or only decorates. Pagination for page notes, Layout for rules and borders.
LAYOUT = "/Artifact <</Type /Layout>> BDC"
# Attributes of lists and table headers (ISO 32000-1, 14.8.5.5 and 14.8.5.7).
DISC: Mapping[str, str] = {"O": "List", "ListNumbering": "Disc"}
DECIMAL: Mapping[str, str] = {"O": "List", "ListNumbering": "Decimal"}
COLUMN: Mapping[str, str] = {"O": "Table", "Scope": "Column"}
ROW: Mapping[str, str] = {"O": "Table", "Scope": "Row"}


@dataclass(frozen=True)
class Marked:
    """A stretch of content on a page, by its marked-content id."""

    page: int  # 1-based
    mcid: int


@dataclass(frozen=True)
class Annotated:
    """An annotation (a link) that belongs to a node; `reference` is the PDF's own object reference."""

    reference: Any


_NONE: Mapping[str, str] = MappingProxyType({})


class Node:
    """One structure element: its standard role (H1, P, L, LI, Table, TD, Figure...) and what it holds.

    A plain class with slots: every size the fitting tries composes a page, and with it a tree.
    """

    __slots__ = (
        "actual_text",
        "alt",
        "attached",
        "attributes",
        "keep",
        "kept",
        "kids",
        "lang",
        "parent",
        "role",
        "target",
    )

    def __init__(
        self,
        role: str,
        parent: Node | None = None,
        *,
        alt: str | None = None,  # what a figure shows, in words
        actual_text: str | None = None,  # what its content reads as, where the glyphs say otherwise
        attributes: Mapping[str, str] = _NONE,  # layout attributes, e.g. Scope, ListNumbering
        target: str | None = None,  # a link's address
        keep: bool = False,  # joins its parent with the parent, drawn or not (an empty table cell)
        lang: str | None = None,  # its language, where it is not the page's (a clinic's fallback text)
    ) -> None:
        self.role, self.parent, self.alt, self.actual_text = role, parent, alt, actual_text
        self.lang = lang
        self.attributes, self.target, self.keep = attributes, target, keep
        self.kids: list[Node | Marked | Annotated] = []
        self.attached = False
        self.kept: list[Node] = []

    def child(self, role: str, **details: Any) -> Node:
        node = Node(role, self, **details)
        if node.keep:
            self.kept.append(node)
        return node

    def attach(self) -> None:
        """Join the parent, as its next kid, the first time something of this node is drawn."""
        if self.attached:
            return
        if self.parent is not None:
            self.parent.attach()
            self.parent.kids.append(self)
        self.attached = True
        for kept in self.kept:
            kept.attach()


class Tagger:
    """Marks what one canvas draws: allocates marked-content ids per page and records them in the tree."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.parents: dict[int, list[Node]] = {}  # page -> the node of each marked-content id
        # While a paragraph draws: the nodes of its text objects (its bullet's, then its own; None for an
        # artifact). None between paragraphs.
        self.texts: list[Node | None] | None = None
        # Parent-tree keys: each page's (by its number) and each link annotation's (by its node).
        self.keys: dict[int, Node | int] = {}
        # Link annotations made while a paragraph is laid out, waiting for the Link node of their
        # text, which is made when the paragraph's text is drawn: (address, reference, key).
        self._annotations: list[tuple[str, Any, int]] = []
        self._owner: Node | None = None
        self.spaced = False  # whether the paragraph being drawn ends its lines with a space
        self._stack: list[Node] = []
        self._markers = False  # whether the text object being built has an inline marker
        canvas.setNamedCB(CALLBACK, self._marker)

    def begin(self, node: Node) -> str:
        """The operator that starts a marked stretch of `node`'s content on the current page."""
        node.attach()
        page = self.canvas.getPageNumber()
        ids = self.parents.setdefault(page, [])
        node.kids.append(Marked(page, len(ids)))
        ids.append(node)
        return f"/{node.role} <</MCID {len(ids) - 1}>> BDC"

    @contextmanager
    def marked(self, node: Node | None) -> Iterator[None]:
        """Everything drawn in the block marked as `node`'s content, or as a layout artifact if None."""
        self.canvas._code.append(self.begin(node) if node is not None else LAYOUT)
        try:
            yield
        finally:
            self.canvas._code.append("EMC")

    def paragraph(self, nodes: list[Node | None], *, spaced: bool = True) -> None:
        """A paragraph starts drawing its text objects, one for each node in turn. `spaced`: its lines
        end with a space (left-aligned text; a right-aligned line would hang it past the edge)."""
        self.texts = list(nodes)
        self.spaced = spaced
        self._owner = next((node for node in reversed(nodes) if node is not None), None)

    def paragraph_done(self) -> None:
        self.texts = None
        self.spaced = False
        for _, reference, key in self._annotations:  # never met by its text: the paragraph's own
            if self._owner is not None:
                self._owner.kids.append(Annotated(reference))
                self.keys[key] = self._owner
        self._annotations = []

    def text(self, code: list[str]) -> list[str]:
        """A text object (BT ... without its ET) with its content marked: as the node of the paragraph
        drawing it, inline nodes where its markers say; as an artifact if the paragraph has no node.
        Text drawn outside a paragraph is left as it is (it is drawn inside a marked block)."""
        markers, self._markers = self._markers, False
        if self.texts is None:
            return code
        node = self.texts.pop(0) if self.texts else None
        if node is None:
            return [code[0], LAYOUT, *(item for item in code[1:] if not _is_marker(item)), "EMC"]
        self._claim(node)
        if not markers:  # most paragraphs: one node, no inline ones
            return [code[0], self.begin(node), *code[1:], "EMC"]
        self._stack = [node]
        marked: list[str] = [code[0]]
        open_ = False
        for item in code[1:]:
            if _is_marker(item):
                if open_:
                    marked.append("EMC")
                    open_ = False
                self._step(item[1:])
                continue
            if not open_ and _paints(item):
                marked.append(self.begin(self._stack[-1]))
                open_ = True
            marked.append(item)
        if open_:
            marked.append("EMC")
        return marked

    def _step(self, label: str) -> None:
        kind, _, value = label.partition(" ")
        if kind == "end":
            if len(self._stack) > 1:
                self._stack.pop()
            return
        current = self._stack[-1]
        if kind == "then" and current.parent is not None:  # the base node gives way to a sibling
            self._stack = [current.parent.child(value)]
        elif kind == "cite":
            self._stack.append(current.child("Reference", actual_text=value))
        elif kind == "lang":  # words in another language than the page's (a clinic's fallback text)
            self._stack.append(current.child("Span", lang=value))
        elif kind == "link":
            link = current.child("Link", target=value)
            self._claim(link)
            self._stack.append(link)
        else:
            self._stack.append(current.child(kind))

    def _marker(self, canvas: Any, kind: str, label: str | None) -> None:
        """ReportLab's callback for an onDraw marker: note it in the text being built."""
        canvas._curr_tx_info["tx"]._code.append("\x00" + (label or ""))
        self._markers = True

    def key(self, owner: Node | int) -> int:
        """A new parent-tree key for a page (its number) or a link annotation (its node)."""
        key = len(self.keys)
        self.keys[key] = owner
        return key

    def annotate(self, url: str, reference: Any) -> int | None:
        """Note a link annotation of the paragraph being laid out; its parent-tree key, or None when
        no paragraph is drawing (then it is not a link of ours)."""
        if self.texts is None:
            return None
        key = self.key(-1)  # owned by its Link node once the text is drawn
        self._annotations.append((url, reference, key))
        return key

    def _claim(self, node: Node) -> None:
        """Give a Link node the annotations made for its address (one for each line it runs over)."""
        if node.target is None:
            return
        kept = []
        for url, reference, key in self._annotations:
            if url == node.target:
                node.kids.append(Annotated(reference))
                self.keys[key] = node
            else:
                kept.append((url, reference, key))
        self._annotations = kept


def _paints(item: str) -> bool:
    """Whether an item of a text object shows text (Tj, TJ, ' or "); setting a font or a position does not."""
    return item.endswith(("Tj", "TJ", "'", '"')) or " Tj " in item or item.endswith("T*")


def _is_marker(item: object) -> bool:
    return isinstance(item, str) and item.startswith("\x00")
