"""Attaching handouts to a letter: the clinic's letter (a PDF from the record system) and the handouts
it mentions, as one PDF with one bookmark per document.

The letter is someone else's file, so it is read as hostile input: a size limit before reading, a
page limit, pypdf's own limits tightened, a wall-clock deadline, and every pypdf failure turned
into one PdfInputError line naming the file. An encrypted letter is refused, never decrypted.

The letter is cloned whole (its pages, form fields with their values, its own bookmarks, its
document info and XMP metadata), then only the handouts' pages are added, so nothing else of
theirs (their metadata above all) reaches the output. The letter's own bookmarks are kept, nested
under its "Letter" bookmark, so the top level has exactly one bookmark per document.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..errors import PdfInputError, Problem
from ..files import file_name
from .active import described, remove_active
from .labels import relabel
from .objects import resolve
from .pruning import drop_unreachable
from .reading import (
    MAX_PAGES,
    TIME_LIMIT,
    check_header,
    guarded,
    open_pdf,
    read_pdf_file,
    time_limited,
)
from .refusals import refuse
from .subsets import distinct_subsets
from .tag_merge import Source, merge_trees

LETTER_TITLE = "Letter"


@dataclass(frozen=True)
class Attachment:
    title: str  # bookmark title, e.g. the handout's title
    pdf: bytes  # a handout PDF built by handouts


@dataclass(frozen=True)
class Attached:
    """The merged PDF, and what a person should know about it (the library never prints)."""

    pdf: bytes
    warnings: tuple[Problem, ...] = ()  # each names the file it is about
    tagged: bool = False  # tagged throughout: the letter was tagged, and so is every handout
    removed: dict[str, int] = field(default_factory=dict)  # active content taken out, by kind (active.KINDS)


@dataclass(frozen=True)
class _Options:
    before: bool
    keep_attachments: bool


def attach(
    letter: str | Path,
    attachments: Sequence[Attachment],
    *,
    before: bool = False,
    keep_attachments: bool = False,
    time_limit: float = TIME_LIMIT,
) -> Attached:
    """A new PDF: the letter's pages unchanged, then the attachments (or the attachments first with
    before=True), with one bookmark per document ("Letter" for the letter, the title for each attachment).

    The letter's tags (if it has them) and each handout's are merged into one structure tree, each
    document a part of it in its own language; an untagged letter is a warning, as the merged file
    cannot then be accessible throughout.

    Nothing active survives: JavaScript, actions that launch, import, submit or open other files,
    multimedia, automatic actions, reader-extension rights and XFA data are removed (see active.py), and
    so are embedded files unless keep_attachments is set; each kind removed is a warning. A signed or
    certified letter, a dynamic XFA form, and one a viewer could not draw in reason (drawings.py: a
    compression bomb, an image over MAX_IMAGE_PIXELS) are refused.

    The letter file is only read. Raises PdfInputError, naming the file, for a letter that cannot be
    used; the same inputs always give the same bytes.
    """
    if not attachments:
        raise ValueError("attach needs at least one attachment")
    if not time_limit > 0:
        raise ValueError(f"time_limit must be positive, not {time_limit!r}")
    name = file_name(letter)
    data = read_pdf_file(letter)
    for attachment in attachments:
        check_header(attachment.pdf, attachment_name(attachment))
    with time_limited(name, time_limit):
        return _merge(data, name, attachments, _Options(before, keep_attachments))


def attachment_name(attachment: Attachment) -> str:
    return f"attachment {attachment.title!r}"


def _merge(data: bytes, name: str, attachments: Sequence[Attachment], options: _Options) -> Attached:
    with guarded(name, data):
        letter = _open(data, name)
        refuse(letter, name)
    readers = []
    for attachment in attachments:
        with guarded(attachment_name(attachment), attachment.pdf):
            readers.append(_open(attachment.pdf, attachment_name(attachment)))
            refuse(readers[-1], attachment_name(attachment))
    # From here on a failure is the letter's: the handouts read cleanly, and their pages go into
    # the letter's page tree.
    with guarded(name, data):
        writer = PdfWriter(clone_from=letter)
        _recount(writer.root_object.get("/Pages"))
        removed = {name: remove_active(writer, keep_attachments=options.keep_attachments)}
        _plain_info(writer)
        own = Source(name, LETTER_TITLE, writer.root_object, in_place=True)
        for page in writer.pages:
            own.map_pages(page, page)
        letter_pages = len(writer.pages)
        documents: list[tuple[str, int]] = []  # (bookmark title, first page)
        sources: list[tuple[int, Source]] = []  # (first page, source), for the tags
        added = 0
        for attachment, reader in zip(attachments, readers, strict=True):
            title = " ".join(attachment.title.split())  # a bookmark is one line
            start = added if options.before else len(writer.pages)
            box = reader.pages[0].mediabox
            if len(reader.pages) > 1 and start % 2:
                # A front-and-back handout must start on the front of a sheet when printed two-sided.
                writer.insert_blank_page(box.width, box.height, start)
                start, added = start + 1, added + 1
            documents.append((title, start))
            source = Source(attachment_name(attachment), title, reader.root_object)
            sources.append((start, source))
            for page in reader.pages:
                source.map_pages(page, writer.insert_page(page, start))
                start, added = start + 1, added + 1
            if options.before and len(reader.pages) > 1 and len(reader.pages) % 2:
                # and what follows it starts on a sheet of its own, not on the handout's last back
                writer.insert_blank_page(box.width, box.height, start)
                added += 1
            # Whatever is found now came with this attachment: the letter is clean already.
            removed[source.name] = remove_active(writer, keep_attachments=options.keep_attachments)
        if len(writer.pages) > MAX_PAGES:  # `check` could not read the merged file back
            raise PdfInputError(
                f"{name}: with the handouts it would have {len(writer.pages)} pages, more than the "
                f"{MAX_PAGES} this tool reads; is it the right file?"
            )
        letter_start = added if options.before else 0
        sources.append((letter_start, own))
        warnings = [
            Problem(file, "", line, "warning") for file, kinds in removed.items() for line in described(kinds)
        ]
        warnings += [] if own.tagged else [_untagged(name)]
        tagged = merge_trees(writer, [source for _, source in sorted(sources, key=lambda pair: pair[0])])
        distinct_subsets(writer.pages)
        _bookmark(writer, letter_start, documents)
        relabel(writer, letter_start, letter_pages)
        drop_unreachable(writer)
        writer._ID = _identifier(writer._ID, data, attachments, options)  # pypdf's own /ID is random
        output = io.BytesIO()
        writer.write(output)
        total = sum((Counter(kinds) for kinds in removed.values()), Counter())
        return Attached(output.getvalue(), tuple(warnings), tagged, dict(sorted(total.items())))


def _recount(root: object) -> None:
    """Each node of the page tree given the number of pages under it, as viewers count them (by its
    leaves): a letter whose /Count says otherwise would hide a page added after it, or fail to take one."""
    order: list[DictionaryObject] = []
    pending, seen = [resolve(root)], set()
    while pending:  # every node, parents before their kids
        node = pending.pop()
        if not isinstance(node, DictionaryObject) or id(node) in seen or node.get("/Type") != "/Pages":
            continue
        seen.add(id(node))
        order.append(node)
        kids = resolve(node.get("/Kids"))
        pending += [resolve(kid) for kid in kids] if isinstance(kids, ArrayObject) else []
    counts: dict[int, int] = {}
    for node in reversed(order):  # kids before their parents
        kids = resolve(node.get("/Kids"))
        total = 0
        for kid in kids if isinstance(kids, ArrayObject) else []:
            kid = resolve(kid)
            total += counts.get(id(kid), 0) if _is_pages(kid) else 1
        counts[id(node)] = total
        node[NameObject("/Count")] = NumberObject(total)


def _is_pages(node: object) -> bool:
    return isinstance(node, DictionaryObject) and node.get("/Type") == "/Pages"


def _plain_info(writer: PdfWriter) -> None:
    """The letter's document info, its strings and names alone (title, dates, /Trapped), in a new
    dictionary: whatever else it points to (a script, a file) is not metadata and must not stay in the
    file's bytes, and the old dictionary may be another object of the letter's (a page), left as it is."""
    info = writer._info  # pypdf's own: its public setter turns names into strings, and clears in place
    if info is None:
        return
    kept = DictionaryObject()
    for key in list(info.keys()):
        value = resolve(info.raw_get(key))
        if isinstance(value, TextStringObject | ByteStringObject | NameObject):
            kept[NameObject(key)] = value
    writer._info_obj = writer._add_object(kept)


def _untagged(name: str) -> Problem:
    return Problem(
        name,
        "",
        "is not tagged, so the merged PDF cannot be fully accessible; the handouts in it are tagged",
        "warning",
    )


def _open(data: bytes, name: str) -> PdfReader:
    """A reader for an unprotected PDF of 1 to MAX_PAGES pages."""
    reader = open_pdf(data, name)
    if not reader.pages:
        raise PdfInputError(f"{name}: has no pages")
    return reader


def _bookmark(writer: PdfWriter, letter_start: int, attachments: list[tuple[str, int]]) -> None:
    """One top-level bookmark per document, in page order; the letter's own go under "Letter"."""
    root = writer.get_outline_root()
    own = list(root.children()) if root.has_children() else []
    own_count = root.get("/Count")
    for key in ("/First", "/Last", "/Count"):
        root.pop(key, None)
    pages = writer.pages
    documents = sorted([(LETTER_TITLE, letter_start), *attachments], key=lambda document: document[1])
    for title, first in documents:
        reference = writer.add_outline_item(title=title, page_number=pages[first])
        item = cast(DictionaryObject, reference.get_object())
        item.pop("/%is_open%", None)  # pypdf's own bookkeeping, which it would otherwise write out
        if first == letter_start and own:
            _adopt(item, own, own_count, root)
    if writer.page_mode in (None, "/UseNone"):
        writer.page_mode = "/UseOutlines"  # open with the bookmarks showing


def _adopt(item: DictionaryObject, children: list[Any], count: Any, root: DictionaryObject) -> None:
    """Hang the letter's own bookmarks under its "Letter" bookmark, open as they were at the top."""
    first, last = children[0], children[-1]
    first.pop("/Prev", None)
    last.pop("/Next", None)  # children() stopped at /Last: nothing after it belongs to the list
    _untangle(children, root)
    item[NameObject("/First")] = first.indirect_reference
    item[NameObject("/Last")] = last.indirect_reference
    for child in children:
        child[NameObject("/Parent")] = item.indirect_reference
    visible = abs(count) if isinstance(count, int) and count else len(children)
    item[NameObject("/Count")] = NumberObject(visible)
    root[NameObject("/Count")] = NumberObject(int(root.get("/Count", 0)) + visible)


def _untangle(children: list[Any], root: DictionaryObject) -> None:
    """The letter's bookmarks made a tree: a /First or /Next leading back to a bookmark already met, or
    to the root (a loop that some viewers follow for ever), is cut there."""
    seen = {id(root), id(children[0])}
    pending = [children[0]]
    while pending:
        item = pending.pop()
        for key in ("/First", "/Next"):
            following = resolve(item.get(key))
            if not isinstance(following, DictionaryObject):
                continue
            if id(following) in seen:
                del item[key]
                if key == "/First":  # no children left to show
                    item.pop("/Last", None)
                    item.pop("/Count", None)
            else:
                seen.add(id(following))
                pending.append(following)


def _identifier(
    letter_id: ArrayObject | None, data: bytes, attachments: Sequence[Attachment], options: _Options
) -> ArrayObject:
    """The file identifier: the letter's first part kept (it is the same document, changed, as the
    PDF standard asks), the second a digest of the inputs, so the same inputs give the same bytes."""
    digest = hashlib.sha256(b"handouts attach\n" + (b"before\n" if options.before else b"after\n"))
    digest.update(b"attachments kept\n" if options.keep_attachments else b"attachments removed\n")
    for part in (data, *(piece for a in attachments for piece in (a.title.encode("utf-8"), a.pdf))):
        digest.update(len(part).to_bytes(8, "big") + part)
    changed = ByteStringObject(digest.digest()[:16])
    kept = letter_id[0] if isinstance(letter_id, ArrayObject) and len(letter_id) == 2 else None
    if not isinstance(kept, ByteStringObject):
        kept = changed
    return ArrayObject([kept, changed])
