"""Tags, merged: the structure trees of a letter and of its handouts as one tree in the attached PDF.

Each document keeps its own tags under a part of its own: a top-level Document holds one Part per
document, in page order, each with its document's language (/Lang) and title (/T), and under it the
elements of that document's tree. The letter's tree is already in the merged file (it was cloned with
the letter) and is adopted where it is; a handout's elements are copied, their pages and link
annotations mapped to the copies pypdf made of them.

The parent tree is then rebuilt from the merged tree, so that it cannot disagree with it: every page
(and form) whose content an element marks gets a fresh /StructParents key, every annotation an
element owns a fresh /StructParent, and keys the tree does not cover are removed. Keys are numbered
in page order, so the same inputs give the same file.

A tree from outside may hold anything: elements are visited once each (a cycle or an element with two
parents is cut), their number is bounded, and marked content, pages or annotations that the merged
file does not hold are dropped rather than left dangling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from ..errors import PdfInputError
from .objects import as_dict, object_key, resolve

MAX_ELEMENTS = 100_000  # over the whole merged file; a letter and its handouts have a few thousand
MAX_MCID = 100_000  # per page: a page with more marked stretches than this is not a letter
Key = tuple[int, int]


@dataclass
class Source:
    """One document's share of the merged file: its catalog, and where its pages and annotations went.

    `in_place` is for the letter, whose catalog and tree are the merged file's own already.
    """

    name: str  # as messages name it
    title: str  # its bookmark's title, and its part's /T
    catalog: DictionaryObject
    pages: dict[Key, IndirectObject] = field(default_factory=dict)  # its page -> the merged file's
    annotations: dict[Key, IndirectObject] = field(default_factory=dict)
    in_place: bool = False

    @property
    def tree(self) -> DictionaryObject | None:
        tree = as_dict(self.catalog.get("/StructTreeRoot"))
        return tree if tree else None

    @property
    def tagged(self) -> bool:
        """A tree, and the catalog saying that the content is marked for it."""
        marked = resolve(as_dict(self.catalog.get("/MarkInfo")).get("/Marked"))
        # A BooleanObject is always truthy, false or not: compare it.
        return self.tree is not None and isinstance(marked, BooleanObject) and marked == BooleanObject(True)

    @property
    def language(self) -> str | None:
        value = resolve(self.catalog.get("/Lang"))
        return str(value) if isinstance(value, str) and value.strip() else None

    def page(self, value: Any) -> IndirectObject | None:
        key = object_key(value)
        return self.pages.get(key) if key is not None else None

    def annotation(self, value: Any) -> IndirectObject | None:
        key = object_key(value)
        return self.annotations.get(key) if key is not None else None

    def map_pages(self, source: Any, merged: Any) -> None:
        """Note that `merged` (a page of the merged file) is the copy of `source`, as are its annotations."""
        key, target = object_key(source), getattr(merged, "indirect_reference", None)
        if key is None or not isinstance(target, IndirectObject):
            return
        self.pages[key] = target
        theirs = resolve(as_dict(source).get("/Annots"))
        ours = resolve(as_dict(merged).get("/Annots"))
        if isinstance(theirs, ArrayObject) and isinstance(ours, ArrayObject) and len(theirs) == len(ours):
            for their, our in zip(theirs, ours, strict=True):
                their_key = object_key(their)
                if their_key is not None and isinstance(our, IndirectObject):
                    self.annotations[their_key] = our


def merge_trees(writer: PdfWriter, sources: list[Source]) -> bool:
    """One structure tree for the merged file, made of the sources' trees (in the order given, which
    is page order); whether the merged file is tagged throughout (every source was)."""
    catalog = writer.root_object
    letter = next((source for source in sources if source.in_place), None)
    tagged = [source for source in sources if source.tree is not None]
    if not tagged:
        return False
    graft = _Graft(writer)
    tree = letter.tree if letter is not None and letter.tree is not None else None
    if tree is None:
        tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    tree_reference = _reference(writer, tree)
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): tree_reference,
        }
    )
    document_reference = writer._add_object(document)
    document[NameObject("/K")] = ArrayObject(graft.part(source, document_reference) for source in tagged)
    graft.run()
    tree[NameObject("/K")] = document_reference
    for key in ("/ParentTree", "/ParentTreeNextKey"):
        tree.pop(key, None)
    next_key = graft.parent_tree(tree)
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    _merge_role_maps(tree, [source for source in tagged if not source.in_place], writer)
    catalog[NameObject("/StructTreeRoot")] = tree_reference
    complete = all(source.tagged for source in sources)
    mark_info = as_dict(catalog.get("/MarkInfo")).clone(writer) if letter is not None else DictionaryObject()
    mark_info[NameObject("/Marked")] = BooleanObject(complete)
    catalog[NameObject("/MarkInfo")] = mark_info
    if "/Lang" not in catalog:
        language = next((source.language for source in sources if source.language), None)
        if language is not None:
            catalog[NameObject("/Lang")] = TextStringObject(language)
    return complete


def _reference(writer: PdfWriter, value: DictionaryObject) -> IndirectObject:
    """The object's reference in the merged file, making it an indirect object if it is not one."""
    reference = getattr(value, "indirect_reference", None)
    if isinstance(reference, IndirectObject) and reference.pdf is writer:
        return reference
    # pypdf has no public way to add an object of one's own to a writer; _add_object is the one its
    # own cloning uses, and the tests read every reference back.
    return writer._add_object(value)


class _Graft:
    """The elements of every source, joined into the merged file, and what their kids mark."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        # What the tree marks, by the page (or form) it is on: MCID -> element; and annotations.
        self.marked: dict[Key, dict[int, IndirectObject]] = {}
        self.owners: dict[Key, IndirectObject] = {}
        self.owned: dict[Key, IndirectObject] = {}  # annotation -> element
        self.seen: set[tuple[int, Key]] = set()
        self.pending: list[tuple[Source, DictionaryObject, DictionaryObject, IndirectObject, Any]] = []
        self.count = 0
        self.parts: list[DictionaryObject] = []

    def part(self, source: Source, parent: IndirectObject) -> IndirectObject:
        """A Part for one document, its tree's top elements under it (filled in by `run`)."""
        part = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Part"),
                NameObject("/P"): parent,
                NameObject("/T"): TextStringObject(source.title),
            }
        )
        if source.language is not None:
            part[NameObject("/Lang")] = TextStringObject(source.language)
        reference = self.writer._add_object(part)
        self.parts.append(part)
        tree = source.tree or DictionaryObject()
        kids = ArrayObject()
        for item in _items(tree.get("/K")):
            element = self._element(source, item, reference, None)
            if element is not None:
                kids.append(element)
        part[NameObject("/K")] = kids
        return reference

    def run(self) -> None:
        """Fill in every element allocated, depth first, each once."""
        while self.pending:
            source, node, target, reference, page = self.pending.pop()
            self._fill(source, node, target, reference, page)
        self._lift_documents()

    def _element(self, source: Source, item: Any, parent: IndirectObject, page: Any) -> IndirectObject | None:
        """The merged element for a kid that is a structure element (None for one seen before)."""
        node = resolve(item)
        if not isinstance(node, DictionaryObject) or node.get("/Type") in ("/MCR", "/OBJR"):
            return None
        key = object_key(item)
        if key is not None:
            if (id(source), key) in self.seen:
                return None
            self.seen.add((id(source), key))
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise PdfInputError(f"{source.name}: is too large or complex to read safely")
        if source.in_place:
            target = node
            reference = _reference(self.writer, node)
        else:
            target = DictionaryObject()
            for name, value in node.items():
                if name not in ("/P", "/K", "/Pg"):
                    target[NameObject(name)] = (
                        value.clone(self.writer) if isinstance(value, PdfObject) else value
                    )
            reference = self.writer._add_object(target)
        target[NameObject("/P")] = parent
        self.pending.append((source, node, target, reference, page))
        return reference

    def _fill(
        self,
        source: Source,
        node: DictionaryObject,
        target: DictionaryObject,
        reference: IndirectObject,
        page: Any,
    ) -> None:
        own = source.page(node.get("/Pg")) if "/Pg" in node else None
        if own is not None:
            target[NameObject("/Pg")] = own
        else:
            target.pop("/Pg", None)
        page = own or page
        kids = ArrayObject()
        single = not isinstance(resolve(node.get("/K")), ArrayObject)
        for item in _items(node.get("/K")):
            kid = self._kid(source, item, reference, page)
            if kid is not None:
                kids.append(kid)
        if single and len(kids) == 1:  # as it was: a lone kid is not wrapped in an array
            target[NameObject("/K")] = kids[0]
        elif kids:
            target[NameObject("/K")] = kids
        else:
            target.pop("/K", None)

    def _kid(self, source: Source, item: Any, element: IndirectObject, page: Any) -> Any:
        value = resolve(item)
        if isinstance(value, int) and not isinstance(value, bool):
            return NumberObject(value) if self._mark(page, value, element) else None
        if not isinstance(value, DictionaryObject):
            return None
        if value.get("/Type") == "/MCR":
            return self._content_reference(source, value, element, page)
        if value.get("/Type") == "/OBJR":
            annotation = source.annotation(value.get("/Obj"))
            if annotation is None:
                return None
            self.owned.setdefault(object_key(annotation) or (0, 0), element)
            return DictionaryObject(
                {NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annotation}
            )
        return self._element(source, item, element, page)

    def _content_reference(
        self, source: Source, value: DictionaryObject, element: IndirectObject, page: Any
    ) -> DictionaryObject | None:
        mcid = resolve(value.get("/MCID"))
        if not isinstance(mcid, int) or isinstance(mcid, bool):
            return None
        own = source.page(value.get("/Pg")) if "/Pg" in value else page
        reference = DictionaryObject(
            {NameObject("/Type"): NameObject("/MCR"), NameObject("/MCID"): NumberObject(mcid)}
        )
        stream = value.raw_get("/Stm") if "/Stm" in value else None
        if stream is not None:
            # Marked content in a form: only the letter's, whose forms are the merged file's own.
            if not source.in_place or not isinstance(stream, IndirectObject):
                return None
            if not self._mark(stream, mcid, element):
                return None
            reference[NameObject("/Stm")] = stream
            if own is not None:
                reference[NameObject("/Pg")] = own
            return reference
        if own is None or not self._mark(own, mcid, element):
            return None
        reference[NameObject("/Pg")] = own
        return reference

    def _mark(self, owner: Any, mcid: int, element: IndirectObject) -> bool:
        """Note that `element` owns marked content `mcid` of `owner` (a page or a form)."""
        key = object_key(owner)
        if key is None or not isinstance(owner, IndirectObject) or not 0 <= mcid <= MAX_MCID:
            return False
        ids = self.marked.setdefault(key, {})
        self.owners.setdefault(key, owner)
        if mcid in ids:  # claimed by another element: the first keeps it
            return ids[mcid] == element
        ids[mcid] = element
        return True

    def _lift_documents(self) -> None:
        """A part whose only kid is a Document element (a handout's tree, say) takes that element's
        kids: the merged file has one Document, at the top."""
        for part in self.parts:
            kids = part["/K"]
            if not isinstance(kids, ArrayObject) or len(kids) != 1:
                continue
            only = resolve(kids[0])
            if not isinstance(only, DictionaryObject) or only.get("/S") != "/Document":
                continue
            grandchildren = only.get("/K")
            if not isinstance(grandchildren, ArrayObject) or not all(
                isinstance(kid, IndirectObject) for kid in grandchildren
            ):
                continue  # marked content straight under the Document stays with it
            if "/Lang" in only:  # the element's own language says more than its catalog's
                part[NameObject("/Lang")] = only["/Lang"]
            for kid in grandchildren:
                as_dict(kid)[NameObject("/P")] = part.indirect_reference
            part[NameObject("/K")] = ArrayObject(grandchildren)

    def parent_tree(self, tree: DictionaryObject) -> int:
        """Write the parent tree and every /StructParents and /StructParent key; the next free key."""
        numbers = ArrayObject()
        key = 0
        pages = list(self.writer.pages)
        owners = {object_key(page): page.indirect_reference for page in pages}
        owners.update((key, owner) for key, owner in self.owners.items() if key not in owners)
        for owner_key, owner in owners.items():
            content = as_dict(owner)
            content.pop("/StructParents", None)
            ids = self.marked.get(owner_key or (0, 0))
            if not ids:
                continue
            content[NameObject("/StructParents")] = NumberObject(key)
            elements = ArrayObject(ids.get(mcid, NullObject()) for mcid in range(max(ids) + 1))
            numbers += [NumberObject(key), elements]
            key += 1
        for page in pages:
            for item in resolve(page.get("/Annots")) or []:
                annotation = as_dict(item)
                annotation.pop("/StructParent", None)
                element = self.owned.get(object_key(item) or (0, 0))
                if element is None:
                    continue
                annotation[NameObject("/StructParent")] = NumberObject(key)
                numbers += [NumberObject(key), element]
                key += 1
        tree[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): numbers})
        )
        return key


def _items(kids: Any) -> list[Any]:
    value = resolve(kids)
    if isinstance(value, ArrayObject):
        return list(value)
    return [] if value is None or isinstance(value, NullObject) else [kids]


def _merge_role_maps(tree: DictionaryObject, sources: list[Source], writer: PdfWriter) -> None:
    """The handouts' role and class maps join the letter's; where both name a role, the letter's wins."""
    for name in ("/RoleMap", "/ClassMap"):
        merged = as_dict(tree.get(name)).clone(writer) if name in tree else DictionaryObject()
        for source in sources:
            for role, value in as_dict((source.tree or DictionaryObject()).get(name)).items():
                if role not in merged:
                    merged[NameObject(role)] = value.clone(writer) if isinstance(value, PdfObject) else value
        if merged:
            tree[NameObject(name)] = merged
