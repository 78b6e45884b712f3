"""A tagged PDF read back: its structure tree, with the text each element marks, as a reader that
follows the tags (a screen reader, reflow) meets it.

The text of an element is the text drawn under its marked-content ids (read from the pages by
printed.py's interpreter), or its /ActualText where it has one (a citation reads "[6]"). A file
from outside may hold anything, so the walk is bounded: a limit on elements, and each element is
visited once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, IndirectObject

from .objects import as_dict, object_key, resolve
from .painter import NAME
from .printed import read_page
from .reading import read_pdf

MAX_ELEMENTS = 50_000  # a handout has a few hundred


@dataclass
class Element:
    """One structure element: its role, what it says of itself, and its kids in order."""

    role: str
    attributes: dict[str, str] = field(default_factory=dict)
    alt: str | None = None
    actual_text: str | None = None
    lang: str | None = None
    kids: list[Element | str] = field(default_factory=list)  # elements, and the text of marked content
    annotations: list[DictionaryObject] = field(default_factory=list, repr=False)

    # Both walk the tree without recursion: a file from outside may nest its elements hundreds deep.
    def walk(self) -> Iterator[Element]:
        pending = [self]
        while pending:
            element = pending.pop()
            yield element
            pending += reversed([kid for kid in element.kids if isinstance(kid, Element)])

    def text(self) -> str:
        """What the element reads as: its ActualText, else its kids' text in order."""
        parts: list[str] = []
        pending: list[Element | str] = [self]
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                parts.append(item)
            elif item.actual_text is not None:
                parts.append(item.actual_text)
            else:
                pending += reversed(item.kids)
        return "".join(parts)


@dataclass(frozen=True)
class Tagged:
    """What a PDF says about its tags: the tree (None if it has none) and the catalog's entries."""

    root: Element | None
    marked: bool  # /MarkInfo /Marked true
    language: str | None  # the catalog's /Lang
    title: str | None  # the document info's /Title
    shows_title: bool  # /ViewerPreferences /DisplayDocTitle true
    unmarked: int  # painting operators outside marked content, over all pages
    links: list[tuple[str | None, bool, bool]]  # per link annotation: URI, has /Contents, has /StructParent


def read_tagged(pdf: bytes, name: str = NAME, only: Collection[int] | None = None) -> Tagged:
    """The structure of a PDF, read from its catalog, its tree and its pages (`only` those, numbered
    from 0: a handout's within a letter); `name` names it in messages."""
    return read_pdf(pdf, lambda reader: _read(reader, only), name)


def _read(reader: PdfReader, only: Collection[int] | None) -> Tagged:
    catalog = reader.root_object
    texts: dict[tuple[int, int], str] = {}
    pages: dict[tuple[int, int], int] = {}  # page object -> page number
    unmarked = 0
    links: list[tuple[str | None, bool, bool]] = []
    for number, page in enumerate(reader.pages, 1):
        key = object_key(page)
        if key is not None:
            pages[key] = number
        if only is not None and number - 1 not in only:
            continue  # not read: its marked content reads as nothing
        printed = read_page(reader, page, number)
        unmarked += printed.unmarked
        for mcid, text in printed.spoken:
            texts[(number, mcid)] = texts.get((number, mcid), "") + text
        for annotation in map(resolve, page.get("/Annots") or []):
            annotation = as_dict(annotation)
            if annotation.get("/Subtype") == "/Link":
                uri = as_dict(annotation.get("/A")).get("/URI")
                links.append(
                    (
                        str(uri) if uri is not None else None,
                        "/Contents" in annotation,
                        "/StructParent" in annotation,
                    )
                )
    tree = as_dict(catalog.get("/StructTreeRoot"))
    root = _Walk(texts, pages).tree(tree) if tree else None
    info = reader.metadata
    preferences = as_dict(catalog.get("/ViewerPreferences"))
    return Tagged(
        root,
        _true(as_dict(catalog.get("/MarkInfo")).get("/Marked")),
        str(catalog["/Lang"]) if "/Lang" in catalog else None,
        str(info.title) if info and info.title else None,
        _true(preferences.get("/DisplayDocTitle")),
        unmarked,
        links,
    )


class _Walk:
    def __init__(self, texts: dict[tuple[int, int], str], pages: dict[tuple[int, int], int]) -> None:
        self.texts, self.pages = texts, pages
        self.seen: set[tuple[int, int]] = set()
        self.count = 0

    def tree(self, root: DictionaryObject) -> Element:
        top = Element("StructTreeRoot")
        self._kids(top, root.get("/K"), None)
        return top

    def _element(self, value: Any, page: int | None) -> Element | None:
        key = object_key(value)
        if key is not None:
            if key in self.seen:
                return None
            self.seen.add(key)
        self.count += 1
        if self.count > MAX_ELEMENTS:
            return None
        node = as_dict(value)
        attributes = {
            str(name).lstrip("/"): str(entry).lstrip("/")
            for name, entry in as_dict(node.get("/A")).items()
            if name != "/O"
        }
        element = Element(
            str(node.get("/S", "/")).lstrip("/"),
            attributes,
            _text(node.get("/Alt")),
            _text(node.get("/ActualText")),
            _text(node.get("/Lang")),
        )
        own_page = self.pages.get(object_key(node.get("/Pg")) or (-1, -1), page)
        self._kids(element, node.get("/K"), own_page)
        return element

    def _kids(self, element: Element, kids: Any, page: int | None) -> None:
        kids = resolve(kids)
        items = list(kids) if isinstance(kids, ArrayObject) else [kids] if kids is not None else []
        for item in items:
            value = resolve(item)
            if isinstance(value, int) and not isinstance(value, bool):
                element.kids.append(self.texts.get((page or 0, value), ""))
            elif isinstance(value, DictionaryObject) and value.get("/Type") == "/MCR":
                mcr_page = self.pages.get(object_key(value.get("/Pg")) or (-1, -1), page)
                mcid = resolve(value.get("/MCID"))
                element.kids.append(
                    self.texts.get((mcr_page or 0, mcid), "") if isinstance(mcid, int) else ""
                )
            elif isinstance(value, DictionaryObject) and value.get("/Type") == "/OBJR":
                element.annotations.append(as_dict(value.get("/Obj")))
            elif isinstance(value, DictionaryObject) or isinstance(item, IndirectObject):
                child = self._element(item, page)
                if child is not None:
                    element.kids.append(child)


def _text(value: Any) -> str | None:
    value = resolve(value)
    return str(value) if value is not None else None


def _true(value: Any) -> bool:
    # A BooleanObject is truthy whatever it holds (bool(BooleanObject(False)) is True): compare it.
    value = resolve(value)
    return isinstance(value, BooleanObject) and value == BooleanObject(True)
