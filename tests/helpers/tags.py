"""Structure trees read back with pypdf alone, independently of handouts' own reader: the tree as a
walk from its root, the parent tree flattened, and every rule that makes them one valid tree."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

Key = tuple[int, int]


def key(value: Any) -> Key | None:
    reference = value if isinstance(value, IndirectObject) else getattr(value, "indirect_reference", None)
    return (reference.idnum, reference.generation) if isinstance(reference, IndirectObject) else None


def resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def items(value: Any) -> list[Any]:
    value = resolve(value)
    return list(value) if isinstance(value, ArrayObject) else [] if value is None else [value]


@dataclass
class Tree:
    """A tagged PDF's tree as read back: each element once, with what it marks."""

    elements: list[DictionaryObject] = field(default_factory=list)
    # (page or form, MCID) -> the element that marks it; annotation -> the element that owns it
    content: dict[tuple[Key, int], DictionaryObject] = field(default_factory=dict)
    annotations: dict[Key, DictionaryObject] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def walk(reader: PdfReader) -> Tree:
    """The tree from its root, checking that each element is met once and names its parent."""
    tree = Tree()
    root = resolve(reader.root_object["/StructTreeRoot"])
    seen: set[Key] = set()
    pending: list[tuple[Any, Any, Any]] = [(kid, root, None) for kid in items(root.get("/K"))]
    while pending:
        item, parent, page = pending.pop(0)
        element = resolve(item)
        if key(item) in seen:
            tree.problems.append(f"element {key(item)} has two parents")
            continue
        seen.add(key(item) or (0, 0))
        tree.elements.append(element)
        if key(element.get("/P")) != key(parent):
            tree.problems.append(f"element {element.get('/S')} names another parent")
        own = element.get("/Pg")
        page = own if own is not None else page
        for kid in items(element.get("/K")):
            value = resolve(kid)
            if isinstance(value, int):
                tree.content[(key(page) or (0, 0), value)] = element
            elif value.get("/Type") == "/MCR":
                owner = value.get("/Stm", value.get("/Pg", page))
                tree.content[(key(owner) or (0, 0), int(value["/MCID"]))] = element
            elif value.get("/Type") == "/OBJR":
                tree.annotations[key(value["/Obj"]) or (0, 0)] = element
            else:
                pending.append((kid, element, page))
    return tree


def parent_tree(reader: PdfReader) -> tuple[list[int], dict[int, Any]]:
    """The keys of the parent tree in the order written, and what each maps to."""
    root = resolve(reader.root_object["/StructTreeRoot"])
    order: list[int] = []
    found: dict[int, Any] = {}
    pending = [resolve(root["/ParentTree"])]
    while pending:
        node = pending.pop(0)
        numbers = items(node.get("/Nums"))
        for index in range(0, len(numbers), 2):
            order.append(int(numbers[index]))
            found[int(numbers[index])] = resolve(numbers[index + 1])
        pending += [resolve(kid) for kid in items(node.get("/Kids"))]
    return order, found


def marked_ids(reader: PdfReader, page: Any) -> list[int]:
    """Every MCID the page's content marks, in order."""
    page = resolve(page)
    content = ContentStream(page.get_contents(), reader)
    properties = resolve(resolve(page.get("/Resources") or DictionaryObject()).get("/Properties")) or {}
    found = []
    for operands, operator in content.operations:
        if operator != b"BDC":
            continue
        values = resolve(operands[1])
        if isinstance(values, NameObject):
            values = resolve(properties.get(values)) or {}
        if "/MCID" in values:
            found.append(int(values["/MCID"]))
    return found


def tree_problems(pdf: bytes) -> list[str]:
    """What keeps a PDF's tags from being one valid tree, in words; [] for none."""
    reader = PdfReader(io.BytesIO(pdf))
    tree = walk(reader)
    problems = list(tree.problems)
    order, mapped = parent_tree(reader)
    if order != sorted(order) or len(set(order)) != len(order):
        problems.append(f"parent tree keys out of order or repeated: {order}")
    used: list[int] = []
    for number, page in enumerate(reader.pages, 1):
        ids = marked_ids(reader, page)
        if "/StructParents" not in page:
            if ids:
                problems.append(f"page {number} marks content but has no /StructParents")
            continue
        page_key = int(resolve(page["/StructParents"]))
        used.append(page_key)
        elements = mapped.get(page_key)
        if not isinstance(elements, ArrayObject):
            problems.append(f"page {number}: key {page_key} is not in the parent tree")
            continue
        for mcid in ids:
            element = resolve(elements[mcid]) if mcid < len(elements) else None
            if not isinstance(element, DictionaryObject):
                problems.append(f"page {number}: MCID {mcid} has no element in the parent tree")
            elif tree.content.get((key(page) or (0, 0), mcid)) is not element:
                problems.append(f"page {number}: MCID {mcid} maps to an element that does not mark it")
        for annotation in items(page.get("/Annots")):
            value = resolve(annotation)
            if "/StructParent" not in value:
                continue
            annotation_key = int(value["/StructParent"])
            used.append(annotation_key)
            if resolve(mapped.get(annotation_key)) is not tree.annotations.get(key(annotation) or (0, 0)):
                problems.append(
                    f"page {number}: an annotation's key {annotation_key} does not lead to its owner"
                )
    if len(set(used)) != len(used):
        problems.append(f"keys used twice: {sorted(used)}")
    next_key = resolve(reader.root_object["/StructTreeRoot"]).get("/ParentTreeNextKey")
    if used and (next_key is None or int(next_key) <= max(used)):
        problems.append(f"ParentTreeNextKey {next_key} is not past every key")
    return problems


def parts(pdf: bytes) -> list[tuple[str, str | None, str | None]]:
    """The top of the tree: (role, /T, /Lang) of each kid of the one top-level element."""
    reader = PdfReader(io.BytesIO(pdf))
    root = resolve(reader.root_object["/StructTreeRoot"])
    (top,) = items(root["/K"])
    found: list[tuple[str, str | None, str | None]] = [
        ("Document" if resolve(top)["/S"] == "/Document" else str(resolve(top)["/S"]), None, None)
    ]
    for kid in items(resolve(top)["/K"]):
        element = resolve(kid)
        title, lang = element.get("/T"), element.get("/Lang")
        found.append(
            (str(element["/S"]).lstrip("/"), str(title) if title else None, str(lang) if lang else None)
        )
    return found


def tagged_letter(language: str = "fr-FR", role: str = "/Para") -> bytes:
    """A small tagged letter made with pypdf: two pages, a custom role (`role`) mapped in a RoleMap, a
    class in a ClassMap, a link annotation with its own parent-tree key, an element whose content runs
    over both pages, and /StructParents keys (0 to 2) that collide with any handout's."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    texts = [
        role.encode() + b" <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (Cher docteur, voici la lettre.) Tj ET EMC "
        b"/Link <</MCID 1>> BDC BT /F1 12 Tf 72 680 Td (https://example.org/lettre) Tj ET EMC "
        b"/Artifact BMC 72 60 m 540 60 l S EMC",
        b"/H1 <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (Suite de la lettre.) Tj ET EMC",
    ]
    pages = []
    for number, text in enumerate(texts):
        page = writer.add_blank_page(612, 792)
        stream = DecodedStreamObject()
        stream.set_data(text)
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        page[NameObject("/StructParents")] = NumberObject(0 if number == 0 else 2)
        pages.append(page.indirect_reference)
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (72, 676, 300, 692)]),
            NameObject("/Contents"): TextStringObject("Lien vers la lettre en ligne"),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/URI"),
                    NameObject("/URI"): TextStringObject("https://example.org/lettre"),
                }
            ),
            NameObject("/StructParent"): NumberObject(1),
        }
    )
    link_reference = writer._add_object(link)
    writer.pages[0][NameObject("/Annots")] = ArrayObject([link_reference])

    def element(role: str, **entries: Any) -> tuple[DictionaryObject, IndirectObject]:
        value = DictionaryObject(
            {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject(role)}
        )
        for name, entry in entries.items():
            value[NameObject(f"/{name}")] = entry
        return value, writer._add_object(value)

    tree, tree_reference = element("/StructTreeRoot")
    tree[NameObject("/Type")] = NameObject("/StructTreeRoot")
    del tree["/S"]
    document, document_reference = element("/Document", P=tree_reference, Lang=TextStringObject(language))
    para, para_reference = element(role, P=document_reference, Pg=pages[0], K=NumberObject(0))
    para[NameObject("/C")] = NameObject("/letterclass")
    anchor, anchor_reference = element("/Link", P=document_reference, Pg=pages[0])
    anchor[NameObject("/K")] = ArrayObject(
        [
            NumberObject(1),
            DictionaryObject({NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): link_reference}),
        ]
    )
    heading, heading_reference = element("/H1", P=document_reference)
    heading[NameObject("/K")] = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/MCR"),
            NameObject("/Pg"): pages[1],
            NameObject("/MCID"): NumberObject(0),
        }
    )
    document[NameObject("/K")] = ArrayObject([para_reference, anchor_reference, heading_reference])
    tree[NameObject("/K")] = document_reference
    numbers = ArrayObject(
        [
            NumberObject(0),
            ArrayObject([para_reference, anchor_reference]),
            NumberObject(1),
            anchor_reference,
            NumberObject(2),
            ArrayObject([heading_reference]),
        ]
    )
    tree[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): numbers}))
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(3)
    tree[NameObject("/RoleMap")] = DictionaryObject({NameObject(role): NameObject("/P")})
    tree[NameObject("/ClassMap")] = DictionaryObject(
        {
            NameObject("/letterclass"): DictionaryObject(
                {NameObject("/O"): NameObject("/Layout"), NameObject("/TextAlign"): NameObject("/Center")}
            )
        }
    )
    catalog = writer.root_object
    catalog[NameObject("/StructTreeRoot")] = tree_reference
    catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    catalog[NameObject("/Lang")] = TextStringObject(language)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
