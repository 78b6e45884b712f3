"""Spec text as ReportLab paragraph markup: escaped content, <b>, <i>, <super> for citations, <font>
for the symbols the text face lacks, links the layout makes itself, and the markers that tag inline
content (layout/tags.py). Nothing a spec says can open a tag of its own."""

from __future__ import annotations

from collections.abc import Callable

from ..spec.markup import Cite, escape, parse
from .breaks import keep_together

CALLBACK = "tag"  # the name paragraph markers call on the canvas
LINK_SCHEMES = ("http://", "https://", "mailto:")  # the only links ever made


def marker(kind: str, value: str = "") -> str:
    """Markup that opens an inline node (`cite`, `link`, `lang`, or a role), moves on to a sibling (`then`
    ROLE) or closes it (`end`). It draws nothing, takes no room and never breaks a line.

    ReportLab neither wraps nor splits a word that begins with such a marker, so an opening marker
    follows a word (a citation) or a space (a link), never the start of a paragraph.
    """
    label = escape(f"{kind} {value}".strip()).replace('"', "&quot;")
    return f'<onDraw name="{CALLBACK}" label="{label}"/>'


def link(text: str, url: str, *, marked: bool = True) -> str:
    """Markup for `text` (already markup) as a link to `url`; not a link unless web or e-mail.

    Marked, it opens its own Link node and must follow a space; unmarked, it is the whole of a
    paragraph whose own node is the Link.
    """
    if not url.startswith(LINK_SCHEMES):
        return text
    href = escape(url).replace('"', "&quot;")
    anchor = f'<a href="{href}">{text}</a>'
    return f"{marker('link', url)}{anchor}{marker('end')}" if marked else anchor


def to_reportlab(
    text: str,
    *,
    fallback_font: str | None = None,
    needs_fallback: Callable[[str], bool] = lambda char: False,
    months: tuple[str, ...] = (),
) -> str:
    """ReportLab paragraph markup for spec text: escaped content, <b>, <i> and <super> only.

    Characters for which `needs_fallback` is true are set in `fallback_font` (symbols the main
    face lacks, such as ≥ or →). `months`: the page language's month names, kept with their day.
    """
    out: list[str] = []
    for part in parse(text):
        if isinstance(part, Cite):
            # A superscript sits against the word it supports: "softening [1]" prints "softening¹".
            if out:
                out[-1] = out[-1].rstrip()
            # Marked as a reference: read as "[6]", not as a digit glued to the word before it.
            cite = f"<super>{escape(part.label)}</super>"
            out.append(marker("cite", f"[{part.label}]") + cite + marker("end"))
            continue
        body = with_fallback(keep_together(part.text, months), fallback_font, needs_fallback)
        if part.italic:
            body = f"<i>{body}</i>"
        if part.bold:
            body = f"<b>{body}</b>"
        out.append(body)
    return "".join(out)


def with_fallback(text: str, fallback_font: str | None, needs_fallback: Callable[[str], bool]) -> str:
    """Escaped text, with each character for which `needs_fallback` is true set in `fallback_font`."""
    if fallback_font is None:
        return escape(text)
    out: list[str] = []
    for char in text:
        if needs_fallback(char):
            out.append(f'<font name="{fallback_font}">{escape(char)}</font>')
        else:
            out.append(escape(char))
    return "".join(out)
