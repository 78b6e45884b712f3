"""Tagged PDF: the canvas that marks what it draws, and the structure tree, parent tree, links and
metadata that make a handout readable by assistive technology (PDF/UA-1, ISO 14289-1).

The tree itself is built by the layout (layout.tags) as it draws; here it is written out: one
StructElem per node in tree order, marked content and link annotations as their kids, a parent tree
that maps each page's marked content (and each annotation) back to its element, and the catalog
entries that say the file is tagged, in which language, and under which title.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFString,
    PDFtrue,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from ..layout.inline import LINK_SCHEMES
from ..layout.tags import Marked, Node, Tagger

PDF_VERSION = (1, 7)  # PDF/UA-1 is built on ISO 32000-1, PDF 1.7


class TaggedCanvas(Canvas):  # type: ignore[misc]
    """A ReportLab canvas whose drawing is marked, page by page, into a structure tree."""

    def __init__(self, *arguments: Any, **options: Any) -> None:
        super().__init__(*arguments, pdfVersion=PDF_VERSION, **options)
        self.tagger = Tagger(self)

    def beginText(self, x: float = 0, y: float = 0, direction: str | None = None) -> PDFTextObject:
        return _SpacedText(self, x, y, direction)

    def drawText(self, text: PDFTextObject) -> None:
        text._code = self.tagger.text(text._code)
        super().drawText(text)

    def linkURL(self, url: str, rect: Any, relative: int = 0, **_: Any) -> None:
        """A link annotation for a paragraph's link: tagged, described, and only to the web or e-mail."""
        if not url.startswith(LINK_SCHEMES):
            return
        name = f"link{len(self.tagger.keys)}"
        reference = self._doc.refAnnotation(name)
        key = self.tagger.annotate(url, reference)
        if key is None:
            return
        action = PDFDictionary({"Type": PDFName("Action"), "S": PDFName("URI"), "URI": PDFString(url)})
        described = f"E-mail {url.removeprefix('mailto:')}" if url.startswith("mailto:") else f"Link to {url}"
        annotation = PDFDictionary(
            {
                "Type": PDFName("Annot"),
                "Subtype": PDFName("Link"),
                "Rect": PDFArray(self._absRect(rect, relative)),
                "Border": PDFArray([0, 0, 0]),
                "F": 4,  # printed: the link is part of the page a reader sees
                "A": action,
                "Contents": PDFString(described),
                "StructParent": key,
            }
        )
        self._addAnnotation(annotation, name)

    def _setAnnotations(self, page: Any) -> None:
        """Every page gets its parent-tree key and a tab order that follows the structure."""
        super()._setAnnotations(page)
        page.StructParents = self.tagger.key(self.getPageNumber())
        page.Tabs = PDFName("S")
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]


class _SpacedText(PDFTextObject):  # type: ignore[misc]
    """A text object that ends each line of left-aligned text with a space: invisible on paper, it
    keeps the last word of a line apart from the first of the next for whatever reads the text in
    order."""

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if TStar and self._canvas.tagger.spaced and not text.endswith(" "):
            text += " "
        super()._textOut(text, TStar)


def write_structure(canvas: TaggedCanvas, root: Node, *, title: str, language: str, creator: str) -> None:
    """Write the tree under `root` and the catalog entries of a tagged document, before saving."""
    document = canvas._doc
    tree = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    tree_reference = document.Reference(tree)
    root.attached = True
    elements: dict[int, _Element] = {}
    tree["K"] = PDFArray([_register(root, tree_reference, document, elements)])
    parents: list[tuple[int, Any]] = []  # (key, the element or, for a page, its marked stretches')
    for key, owner in sorted(canvas.tagger.keys.items()):
        if isinstance(owner, Node):
            parents.append((key, elements[id(owner)].reference))
        else:
            ids = canvas.tagger.parents.get(owner, [])
            parents.append((key, [elements[id(node)].reference for node in ids]))
    tree["ParentTree"] = document.Reference(_ParentTree(parents))
    tree["ParentTreeNextKey"] = len(canvas.tagger.keys)
    canvas.setCatalogEntry("StructTreeRoot", tree)
    canvas.setCatalogEntry("MarkInfo", PDFDictionary({"Marked": PDFtrue}))
    canvas.setViewerPreference("DisplayDocTitle", PDFtrue)
    canvas.setCatalogEntry("Metadata", _xmp(title, language, creator))


def _register(node: Node, parent: Any, document: Any, elements: dict[int, _Element]) -> Any:
    """Register the element of `node` and, depth first, of its kids; the element's reference."""
    element = _Element(node, parent)
    element.reference = document.Reference(element)
    elements[id(node)] = element
    element.kids = [
        _register(kid, element.reference, document, elements) for kid in node.kids if isinstance(kid, Node)
    ]
    return element.reference


class _Element(PDFObject):  # type: ignore[misc]
    """A StructElem, written straight to bytes: a handout has hundreds, and ReportLab's general
    dictionaries would spend a tenth of a build formatting them."""

    reference: Any
    kids: list[Any]

    def __init__(self, node: Node, parent: Any) -> None:
        self.node, self.parent = node, parent

    def format(self, document: Any) -> bytes:
        node = self.node

        ref = partial(_ref, document)
        parts = [f"<< /Type /StructElem /S /{node.role} /P {ref(self.parent)}"]
        if node.alt is not None:
            parts.append("/Alt " + PDFString(node.alt).format(document).decode("latin-1"))
        if node.actual_text is not None:
            parts.append("/ActualText " + PDFString(node.actual_text).format(document).decode("latin-1"))
        if node.lang is not None:
            parts.append("/Lang " + PDFString(node.lang).format(document).decode("latin-1"))
        if node.attributes:
            parts.append(
                "/A << " + " ".join(f"/{key} /{value}" for key, value in node.attributes.items()) + " >>"
            )
        pages = [kid.page for kid in node.kids if isinstance(kid, Marked)]
        if pages:
            parts.append(f"/Pg {ref(_page(pages[0]))}")
        kids: list[str] = []
        children = iter(self.kids)
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(ref(next(children)))
            elif isinstance(kid, Marked) and kid.page == pages[0]:
                kids.append(str(kid.mcid))  # on the element's own page: the id alone
            elif isinstance(kid, Marked):
                kids.append(f"<< /Type /MCR /Pg {ref(_page(kid.page))} /MCID {kid.mcid} >>")
            else:
                kids.append(f"<< /Type /OBJR /Obj {ref(kid.reference)} >>")
        parts.append("/K " + (kids[0] if len(kids) == 1 else "[" + " ".join(kids) + "]") + " >>")
        return " ".join(parts).encode("latin-1")


class _ParentTree(PDFObject):  # type: ignore[misc]
    """The parent tree (a number tree in one node), written straight to bytes as the elements are:
    a page's entry lists the element of each of its hundreds of marked stretches."""

    def __init__(self, parents: list[tuple[int, Any]]) -> None:
        self.parents = parents

    def format(self, document: Any) -> bytes:
        ref = partial(_ref, document)
        entries = [
            f"{key} " + ("[" + " ".join(map(ref, owner)) + "]" if isinstance(owner, list) else ref(owner))
            for key, owner in self.parents
        ]
        return ("<< /Nums [" + " ".join(entries) + "] >>").encode("latin-1")


def _ref(document: Any, reference: Any) -> str:
    """An indirect reference as written: object number, generation, R."""
    number, generation = document.idToObjectNumberAndVersion[reference.name]
    return f"{number} {generation} R"


def _page(number: int) -> PDFObjectReference:
    return PDFObjectReference(f"Page{number}")  # ReportLab's own name for the page it wrote


def _xmp(title: str, language: str, creator: str) -> PDFStream:
    """An XMP packet naming the title and language and claiming PDF/UA-1 (part 1), left uncompressed."""
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{_escape(language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{_escape(creator)}</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary, packet.encode("utf-8"), filters=[])


def _escape(text: str) -> str:
    """&, < and > as XML entities (quotes left as they are, as xml.sax.saxutils.escape does: that module
    would bring urllib and email into every build)."""
    return escape(text, quote=False)
