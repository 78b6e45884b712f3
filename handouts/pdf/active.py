"""Nothing active in a merged PDF: what could run, reach out or carry files is taken out of a letter
(and of anything else attached), and said, kind by kind.

Removed, wherever it hides (the catalog, pages, annotations, form fields, bookmarks, an action's
/Next chain):

- JavaScript: actions, the document's /Names /JavaScript scripts, `javascript:` links, /JS entries;
- actions that launch a program or open a file (Launch), import form data from a file (ImportData),
  or send the form's contents over the network (SubmitForm: a letter's fields hold a patient's
  details, and a click must not post them anywhere);
- links to other files or to files embedded in this one (GoToR, GoToE, a thread in another file, a
  URI that is neither a web, e-mail nor phone address);
- multimedia (Rendition, Movie, Sound, RichMedia actions and annotations, alternate presentations);
- every automatic action (/AA of the document, pages and fields; an /OpenAction other than going to
  a page): nothing runs because the file, a page or a field was opened, closed or changed;
- reader-extension rights (/Perms /UR3), which the added pages would void anyway;
- the XFA form data beside an AcroForm (its fields and their values stay, for every viewer);
- embedded files (/Names /EmbeddedFiles, file attachment annotations, associated files, a portfolio),
  unless they are asked to be kept.

Kept: going to a page, the four named moves (next, previous, first and last page; not the other menu
items a viewer runs by name), web, e-mail and phone links, resetting or hiding fields, and the
form's fields and their values.

Every dictionary the catalog leads to is looked at, each once: besides the places named above, an
action that may not stay is emptied wherever it is reached from, and a file or a multimedia item
loses what it carries, however else it is referred to (a popup's /Parent, a made-up key). Removing
an entry leaves the objects it pointed to unreachable; `pruning.drop_unreachable` then takes them out
of the file, and a stream removed but still named elsewhere (an embedded file, XFA data) is emptied,
so that no script, file or form data is still in its bytes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import unquote

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from .objects import as_dict, object_key, resolve

# The kinds removed, in the order they are reported, each as (one, many, what it was).
KINDS: dict[str, tuple[str, str, str]] = {
    "javascript": ("a piece of JavaScript", "pieces of JavaScript", ""),
    "launch": ("an action", "actions", " that would launch a program or open a file"),
    "import": ("an action", "actions", " that would import form data from a file"),
    "submit": (
        "an action",
        "actions",
        " that would send the form's contents over the network (the fields and their values are kept)",
    ),
    "external": ("a link", "links", " to another file or to a file embedded in it"),
    "media": ("a multimedia item", "multimedia items", ""),
    "automatic": (
        "an action",
        "actions",
        " run automatically when the file, a page or a field is opened, closed or changed",
    ),
    "other": ("an action", "actions", " of a kind this tool does not keep"),
    "rights": (
        "its reader-extension rights",
        "its reader-extension rights",
        " (UR3), which added pages void",
    ),
    "xfa": ("its XFA form data", "its XFA form data", "; the form's fields and their values are kept"),
    "attachments": ("an embedded file", "embedded files", ""),
}
KEPT_ACTIONS = frozenset(
    {"/GoTo", "/URI", "/Named", "/Hide", "/ResetForm", "/SetOCGState", "/Trans", "/Thread"}
)
PAGE_NAMES = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})  # the named actions kept
MEDIA_ACTIONS = frozenset({"/Rendition", "/Movie", "/Sound", "/RichMediaExecute", "/GoTo3DView"})
MEDIA_ANNOTATIONS = frozenset({"/Movie", "/Sound", "/Screen", "/RichMedia", "/3D"})
# Every action type (ISO 32000-2, 12.6.4): a dictionary whose /S is one of these is an action.
ACTIONS = frozenset(
    {"/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI", "/Sound", "/Movie", "/Hide"}
    | {"/Named", "/SubmitForm", "/ResetForm", "/ImportData", "/SetOCGState", "/Rendition", "/Trans"}
    | {"/GoTo3DView", "/JavaScript", "/RichMediaExecute"}
)
WEB_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def described(removed: Counter[str]) -> list[str]:
    """One line per kind removed, in KINDS order: "removed 3 pieces of JavaScript"."""
    lines = []
    for kind, (one, many, what) in KINDS.items():
        count = removed.get(kind, 0)
        if count == 1 or (count and kind in ("rights", "xfa")):
            lines.append(f"removed {one}{what}")
        elif count:
            lines.append(f"removed {count} {many}{what}")
    return lines


def remove_active(writer: PdfWriter, *, keep_attachments: bool = False) -> Counter[str]:
    """Take everything active out of the writer's file, in place; what was removed, by kind."""
    cleaner = _Cleaner(keep_attachments)
    cleaner.clean(writer.root_object)
    cleaner.removed["attachments"] += len(cleaner.files)
    return +cleaner.removed


class _Cleaner:
    def __init__(self, keep_attachments: bool) -> None:
        self.keep_attachments = keep_attachments
        self.removed: Counter[str] = Counter()
        self.files: set[tuple[int, int] | int] = set()  # embedded file streams removed, each once
        self.elements: set[int] = set()  # the structure elements, by id: see _structure_elements

    def clean(self, root: DictionaryObject) -> None:
        """Every dictionary reachable from `root` (the catalog), each once, cleaned before its entries
        are followed."""
        catalog = resolve(root)
        self.elements = _structure_elements(catalog)
        seen: set[tuple[int, int]] = set()
        pending: list[Any] = [root]
        while pending:
            item = pending.pop()
            key = object_key(item)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            value = resolve(item)
            if isinstance(value, DictionaryObject):
                self._dictionary(value, catalog=value is catalog)
                pending += [
                    value.raw_get(name) for name in list(value.keys())
                ]  # keys: iterating an outline gives its children
            elif isinstance(value, ArrayObject):
                pending += list(value)

    def _dictionary(self, value: DictionaryObject, *, catalog: bool) -> None:
        # The catalog is the trailer's /Root, whatever its /Type says (viewers open one without it).
        if catalog or _name(value, "/Type") == "/Catalog":
            self._catalog(value)
        if "/AA" in value:  # additional actions: run on events, never asked for
            for action in as_dict(value.get("/AA")).values():
                self._count_chain(action, automatic=True)
            del value["/AA"]
        if "/JS" in value:  # a script in any action (a rendition carries one), typed or not
            self.removed["javascript"] += 1
            del value["/JS"]
        if "/A" in value and not self._keep_action(value.get("/A")):
            del value["/A"]
        if "/Annots" in value:
            self._annotations(value)
        if "/AF" in value and not self.keep_attachments:
            self._files(value.get("/AF"))
            del value["/AF"]
        self._anywhere(value)

    def _anywhere(self, value: DictionaryObject) -> None:
        """What the places above miss, wherever else it is reached from (a popup's /Parent, a reply's
        /IRT, a presentation step, a link's /PA, a /Next nested in arrays, a made-up key): an action
        that may not stay is emptied; an embedded file, or a multimedia or file annotation's payload,
        is cut off, so that nothing refers to it any more."""
        if (
            _name(value, "/S") in ACTIONS
            and id(value) not in self.elements
            and (kind := _kind(value)) is not None
        ):
            self.removed[kind] += 1
            value.clear()  # an action with no /S: nothing for a viewer to do
        if "/EF" in value and not self.keep_attachments:  # a file specification that holds a file
            self._files([value])
            del value["/EF"]
        if "/Rect" in value:  # an annotation
            self._emptied(value)
        if (
            isinstance(value, StreamObject)
            and _name(value, "/Type") == "/EmbeddedFile"
            and not self.keep_attachments
        ):
            self.files.add(object_key(value) or id(value))  # referred to by a key of no known meaning
            _empty(value)

    def _catalog(self, catalog: DictionaryObject) -> None:
        opening = resolve(catalog.get("/OpenAction"))
        if isinstance(opening, DictionaryObject):  # an action; an array is a page to open at
            if _name(opening, "/S") != "/GoTo":
                self._count_chain(opening, automatic=True)
                del catalog["/OpenAction"]
            else:
                self._trim_next(opening)
        elif "/OpenAction" in catalog and not isinstance(opening, ArrayObject):
            del catalog["/OpenAction"]  # neither an action nor a page (a name, a string): nothing to keep
        names = as_dict(catalog.get("/Names"))
        if "/JavaScript" in names:
            self.removed["javascript"] += max(1, len(_name_tree(names.get("/JavaScript"))))
            del names["/JavaScript"]
        if "/AlternatePresentations" in names:
            self.removed["media"] += 1
            del names["/AlternatePresentations"]
        if "/EmbeddedFiles" in names and not self.keep_attachments:
            self._files([value for _, value in _name_tree(names.get("/EmbeddedFiles"))])
            del names["/EmbeddedFiles"]
        base = resolve(as_dict(catalog.get("/URI")).get("/Base"))
        if base is not None and not str(base).lower().startswith(("https://", "http://")):
            del catalog["/URI"]  # what relative links are read against: a folder (file:) is no web page
        if "/Collection" in catalog and not self.keep_attachments:
            del catalog["/Collection"]  # a portfolio: its documents are the embedded files
        permissions = as_dict(catalog.get("/Perms"))
        for rights in ("/UR3", "/UR"):
            if rights in permissions:
                self.removed["rights"] += 1
                del permissions[rights]
        if "/Perms" in catalog and not permissions:
            del catalog["/Perms"]
        form = as_dict(catalog.get("/AcroForm"))
        if "/XFA" in form:
            self.removed["xfa"] += 1
            xfa = resolve(form.get("/XFA"))
            for part in xfa if isinstance(xfa, ArrayObject) else [xfa]:
                _empty(resolve(part))  # the form's data (a patient's details) is gone, wherever referred to
            del form["/XFA"]
        catalog.pop("/NeedsRendering", None)

    def _annotations(self, page: DictionaryObject) -> None:
        annotations = resolve(page.get("/Annots"))
        if not isinstance(annotations, ArrayObject):
            return
        kept = ArrayObject()
        for item in annotations:
            if not self._emptied(as_dict(item)):
                kept.append(item)
        if len(kept) != len(annotations):
            page[NameObject("/Annots")] = kept

    def _emptied(self, annotation: DictionaryObject) -> bool:
        """Whether `annotation` carries a file or multimedia, and so was emptied (and counted): an
        annotation of nothing, which no viewer shows, however else it is referred to (a popup's
        /Parent, a reply's /IRT)."""
        subtype = _name(annotation, "/Subtype")
        if subtype == "/FileAttachment" and not self.keep_attachments:
            self._files([annotation.get("/FS")])
        elif subtype in MEDIA_ANNOTATIONS:
            self.removed["media"] += 1
        else:
            return False
        annotation.clear()
        return True

    def _files(self, specifications: Any) -> None:
        """Note the embedded file streams of file specifications being removed (each counted once)."""
        items = resolve(specifications)
        for specification in items if isinstance(items, list) else [items]:
            streams = as_dict(as_dict(specification).get("/EF"))
            found = [streams.raw_get(name) for name in list(streams.keys())]
            if not found:
                self.files.add(id(specification))
            for stream in found:
                self.files.add(object_key(stream) or id(stream))
                _empty(resolve(stream))  # whatever else still refers to it finds nothing

    def _keep_action(self, action: Any) -> bool:
        """Whether an action asked for (a click) may stay; a removed one is counted. A kept action's
        /Next chain loses what may not stay."""
        if not self._may_stay(action):
            return False
        value = resolve(action)
        if isinstance(value, DictionaryObject):
            self._trim_next(value)
        return True

    def _may_stay(self, action: Any) -> bool:
        """Whether this one action may stay (its /Next chain aside); counted, with its chain, if not."""
        value = resolve(action)
        if not isinstance(value, DictionaryObject) or "/S" not in value:
            return True  # not an action (a structure element's /A is its attributes): nothing to run
        if _kind(value) is not None:
            self._count_chain(value, automatic=False)
            return False
        return True

    def _trim_next(self, action: DictionaryObject) -> None:
        """The /Next chain of a kept action, each action in it that may not stay taken out: one action
        after another, not recursively, as a chain may be thousands long."""
        seen: set[int] = set()
        pending = [action]
        while pending:
            current = pending.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            following = resolve(current.get("/Next"))
            if following is None:
                continue
            items = list(following) if isinstance(following, ArrayObject) else [current.raw_get("/Next")]
            kept = [item for item in items if self._may_stay(item)]
            if not kept:
                del current["/Next"]
            elif len(kept) != len(items):
                current[NameObject("/Next")] = ArrayObject(kept)
            pending += [value for item in kept if isinstance(value := resolve(item), DictionaryObject)]

    def _count_chain(self, action: Any, *, automatic: bool) -> None:
        """Count an action being removed, and the ones chained after it, by kind."""
        seen: set[int] = set()
        pending = [action]
        while pending and len(seen) < 1000:
            value = resolve(pending.pop())
            if not isinstance(value, DictionaryObject) or id(value) in seen:
                continue
            seen.add(id(value))
            kind = _kind(value)
            self.removed[kind or ("automatic" if automatic else "other")] += 1
            following = resolve(value.get("/Next"))
            pending += list(following) if isinstance(following, ArrayObject) else [following]


def _structure_elements(catalog: object) -> set[int]:
    """The structure tree's elements, by id. An element's /S is its role, a name the letter chooses, so
    one may be called /URI or /Launch: it is a paragraph or a heading all the same, which no viewer
    runs, and emptying it would leave the letter's text untagged."""
    found: set[int] = set()
    tree = resolve(as_dict(catalog).get("/StructTreeRoot"))
    pending = [resolve(as_dict(tree).get("/K"))]
    while pending:
        value = resolve(pending.pop())
        if isinstance(value, ArrayObject):
            pending += list(value)
        elif isinstance(value, DictionaryObject) and "/S" in value and id(value) not in found:
            found.add(id(value))  # marked-content and object references (/MCR, /OBJR) have no /S
            pending.append(value.get("/K"))
    return found


def _kind(action: DictionaryObject) -> str | None:
    """What an action is, when it may not stay; None for one that may."""
    kind = _name(action, "/S")
    if kind == "/JavaScript" or "/JS" in action:
        return "javascript"
    if kind == "/Launch":
        return "launch"
    if kind == "/ImportData":
        return "import"
    if kind == "/SubmitForm":
        return "submit"
    if kind in ("/GoToR", "/GoToE") or (kind == "/Thread" and "/F" in action):
        return "external"
    if kind in MEDIA_ACTIONS:
        return "media"
    if kind == "/URI":
        address = str(resolve(action.get("/URI")) or "").strip()
        scheme = address.partition(":")[0].lower() if ":" in address else ""
        if scheme == "javascript":
            return "javascript"
        if scheme == "mailto" and _attaches(address):
            return "external"
        return None if scheme in WEB_SCHEMES else "external"
    if kind == "/Named" and _name(action, "/N") not in PAGE_NAMES:
        return "other"  # a viewer's menu item (Quit, Print, Save As...), not a move through the pages
    return None if kind in KEPT_ACTIONS else "other"


def _attaches(address: str) -> bool:
    """A mailto: address that asks for a file to be attached (attach=, attachment=): some mail programs
    attach the file it names from the reader's computer."""
    fields = address.partition("?")[2].split("&")
    return any(unquote(field.partition("=")[0]).strip().lower().startswith("attach") for field in fields)


def _empty(stream: Any) -> None:
    """A stream left with no entries and no data (a string or a name in an XFA array is left alone)."""
    if isinstance(stream, StreamObject):
        stream.clear()
        stream._data = b""  # pypdf's own: set_data refuses a stream whose filter it cannot write


def _name(dictionary: DictionaryObject, key: str) -> Any:
    """An entry as its value, not a reference to it: a name given indirectly still counts."""
    return resolve(dictionary.get(key))


def _name_tree(tree: Any, limit: int = 100_000) -> list[tuple[Any, Any]]:
    """The (name, value) pairs of a name tree, bounded and each node visited once."""
    found: list[tuple[Any, Any]] = []
    seen: set[int] = set()
    pending = [tree]
    while pending and len(found) < limit:
        node = as_dict(pending.pop())
        if id(node) in seen:
            continue
        seen.add(id(node))
        names = resolve(node.get("/Names"))
        if isinstance(names, ArrayObject):
            found += [(names[index], names[index + 1]) for index in range(0, len(names) - 1, 2)]
        kids = resolve(node.get("/Kids"))
        pending += list(kids) if isinstance(kids, ArrayObject) else []
    return found
