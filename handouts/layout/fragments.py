"""Paragraph fragments from the markup the layout writes, without ReportLab's markup parser.

ReportLab reads paragraph markup with an HTML parser, which is a tenth or more of a build. The layout
writes a small, regular markup (inline.py: <b>, <i>, <super>, <font name>, <a href>, <onDraw/>,
<br/> and five entities), so this module reads that markup itself and makes the fragments the parser
would: the same attributes with the same values, split in the same places (tests compare the two on
every paragraph of the bundled specs and on generated text). Markup it does not know, or a style it
does not expect, is left to ReportLab's parser: `fragments` then answers None.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from reportlab import rl_config
from reportlab.lib.abag import ABag
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paraparser import ParaFrag, sizeDelta, supFraction

# A tag with its attributes (double-quoted values without markup), an entity, or a run of text. Inside
# a tag only ASCII white space separates, as in Python's HTML parser (a no-break space makes a tag
# that parser does not know).
_TOKEN = re.compile(
    r'<(?P<end>/?)(?P<tag>b|i|super|font|a|onDraw|br)(?P<attributes>(?:[ \t\n\r\f]+[a-zA-Z]+="[^"<>]*")*)'
    r"[ \t\n\r\f]*(?P<empty>/?)>"
    r"|&(?P<entity>amp|lt|gt|quot|nbsp);"
    r"|(?P<text>[^<&]+)"
)
_ATTRIBUTE = re.compile(r'([a-zA-Z]+)="([^"]*)"')
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "nbsp": "\u00a0"}
# The attributes each tag may have here (anything else is left to the parser).
_ALLOWED: dict[str, set[str]] = {
    "b": set(),
    "i": set(),
    "super": set(),
    "br": set(),
    "font": {"name"},
    "a": {"href"},
    "onDraw": {"name", "label"},
}


def superscript(size: float) -> tuple[float, float]:
    """The size and rise ReportLab's <super> gives text of `size` pt (its parser's start_super)."""
    return size - min(sizeDelta, 0.2 * size), size * supFraction


def fragments(markup: str, style: ParagraphStyle) -> list[Any] | None:
    """The fragments ReportLab's parser makes of `markup` (already cleaned as Paragraph cleans it) in
    `style`; None when the markup or the style needs the parser itself."""
    underlined = getattr(style, "linkUnderline", rl_config.platypus_link_underline)
    if underlined or getattr(style, "textTransform", None):
        return None
    base = ParaFrag()
    base.rise, base.greek, base.link = 0, 0, []
    try:
        base.fontName, base.bold, base.italic = ps2tt(style.fontName)
    except ValueError:
        return None
    base.fontSize, base.textColor = style.fontSize, style.textColor
    base.us_lines = []
    base.__tag__ = "para"
    reader = _Reader(base)
    position = 0
    for match in _TOKEN.finditer(markup):
        if match.start() != position or not reader.take(match):
            return None
        position = match.end()
    if position != len(markup) or len(reader.stack) != 1:
        return None
    return reader.out


class _Reader:
    """The parser's stack of fragments, and the fragments made so far."""

    def __init__(self, base: Any) -> None:
        self.stack = [base]
        self.out: list[Any] = []
        self.links = 0

    def take(self, match: re.Match[str]) -> bool:
        """Act on one token as the parser would; False for one it does not handle alike."""
        text, entity, tag = match["text"], match["entity"], match["tag"]
        if text is not None:
            self.data(text)
        elif entity is not None:
            self.data(_ENTITIES[entity])
        elif match["end"]:
            if match["empty"] or match["attributes"] or self.stack[-1].__tag__ != tag.lower():
                return False
            self.stack.pop()
        else:
            attributes = {name: unescape(value) for name, value in _ATTRIBUTE.findall(match["attributes"])}
            if not set(attributes) <= _ALLOWED[tag]:
                return False
            return self.start(tag, attributes, bool(match["empty"]))
        return True

    def start(self, tag: str, attributes: dict[str, str], empty: bool) -> bool:
        if tag == "onDraw":
            if "name" not in attributes or not empty:
                return False
            definition = ABag()
            definition.name = attributes["name"]
            definition.label = attributes.get("label")
            definition.kind = "onDraw"
            self.push("ondraw", cbDefn=definition)
            self.data("")
            self.stack.pop()
            return True
        if tag == "br":
            if not empty:
                return False
            self.push("br", lineBreak=True, text="")
            self.data("")
            self.stack.pop()
            return True
        if empty:
            return False
        if tag == "b":
            self.push("b", bold=1)
        elif tag == "i":
            self.push("i", italic=1)
        elif tag == "super":
            self.push("super")
            top = self.stack[-1]
            size, rise = superscript(top.fontSize)
            top.rise += rise
            top.fontSize = size
        elif tag == "font":
            if "name" not in attributes:
                return False
            try:
                name, bold, italic = ps2tt(attributes["name"])
            except ValueError:  # a face ReportLab does not know: its parser says so in its own words
                return False
            self.push("font", fontName=name, bold=bold, italic=italic)
        else:  # a link: each keeps the links it is inside of, numbered in the paragraph
            if "href" not in attributes:
                return False
            self.push("a", link=[*self.stack[-1].link, (self.links, attributes["href"].strip())])
            self.links += 1
        return True

    def push(self, tag: str, **attributes: Any) -> None:
        top = copy_fragment(self.stack[-1])
        top.__tag__ = tag
        top.__dict__.update(attributes)
        self.stack.append(top)

    def data(self, text: str) -> None:
        top = copy_fragment(self.stack[-1])
        top.fontName = tt2ps(top.fontName, top.bold, top.italic)
        top.text = text
        self.out.append(top)


def copy_fragment(fragment: Any) -> Any:
    """A shallow copy of a fragment (a plain bag of attributes, lists shared), as copy.copy makes it
    for the parser, but quicker."""
    duplicate = object.__new__(type(fragment))
    duplicate.__dict__.update(fragment.__dict__)
    return duplicate
