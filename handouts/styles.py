"""Type and colour, scaled from one number: the body type size the fitting chose.

Everything a template sets (headings, leading, spacing, rules) is a multiple of the body size, so
shrinking the body to fit shrinks the whole page in proportion and keeps its hierarchy.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, cast

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from .fonts import SANS, SANS_BOLD
from .lines import Words

INK = HexColor("#111111")  # body text: near-black prints crisply on any office printer
MUTED = HexColor("#3d3d3d")  # secondary text: still 10:1 against white
DEFAULT_ACCENT = HexColor("#1f3a5f")  # rules and headings; dark enough to read as text


@dataclass(frozen=True)
class Typography:
    """A template's proportions, as multiples of the body size."""

    leading: float  # line height
    heading: float
    title: float
    subtitle: float
    small: float  # references, footer
    space: float  # paragraph spacing, in lines


class TextMemory:
    """What one build has worked out about its text, shared by every size it tries.

    Markup: a spec text's paragraph markup (and its plain words) do not depend on the size, so each
    is worked out once.

    Fragments: ReportLab parses paragraph markup into fragments of text in one font and size. Set
    in another size, the same markup gives the same fragments but for their size and rise, which
    are the paragraph's own, or a superscript's at that size, unless the markup sets a size itself.
    Such a paragraph is parsed once; at other sizes it gets copies of its fragments, resized.

    Lines: words keep their widths in ems at every size (a superscript grows a little with the
    size, never shrinks), so a paragraph with at least as much room in ems at a smaller size breaks,
    line by line, no later, and into no more lines. A paragraph that broke into n lines at a smaller
    and at a larger size therefore breaks into n lines at every size between, and one that broke into
    one line at some size stays on one line at every smaller size. Such a paragraph is measured
    without breaking its lines again: it is n leadings tall.
    """

    def __init__(self) -> None:
        self.markup: dict[str, str] = {}  # spec text -> paragraph markup
        self.plain: dict[str, str] = {}  # spec text -> the words it prints
        # paragraph -> (its text, its fragments, whether each is a superscript)
        self._parsed: dict[Hashable, tuple[str, list[Any], list[bool]]] = {}
        self._superscripts: dict[tuple[str, float], tuple[float, float]] = {}
        # paragraph -> (font size, room on the first line in ems, room on later lines in ems, lines)
        self._seen: dict[Hashable, list[tuple[float, float, float, int]]] = {}
        self.words: dict[Hashable, Words | None] = {}  # paragraph -> its words' widths (lines.py)

    def lines(self, paragraph: Hashable, size: float, first: float, later: float) -> int | None:
        """The number of lines, if the sizes measured so far pin it down; None if it must be broken."""
        seen = self._seen.get(paragraph)
        if not seen:
            return None
        first, later = first / size, later / size
        # Whether a paragraph has any text does not depend on the size: then one line is the least.
        fewest = 1 if seen[0][3] else 0
        most: int | None = None
        for other, other_first, other_later, count in seen:
            if other <= size and other_first >= first and other_later >= later:
                fewest = max(fewest, count)
            if other >= size and other_first <= first and other_later <= later:
                most = count if most is None else min(most, count)
        return fewest if fewest == most else None

    def remember(self, paragraph: Hashable, size: float, first: float, later: float, lines: int) -> None:
        self._seen.setdefault(paragraph, []).append((size, first / size, later / size, lines))

    def fragments(self, paragraph: Hashable, style: ParagraphStyle) -> tuple[str, list[Any]] | None:
        """The text and fragments of a paragraph parsed at another size, resized for `style`, if known."""
        parsed = self._parsed.get(paragraph)
        if parsed is None:
            return None
        text, fragments, raised = parsed
        plain = (style.fontSize, 0)
        superscript = self._superscript(style) if any(raised) else plain
        resized = []
        for fragment, up in zip(fragments, raised, strict=True):
            fragment = _copy(fragment)
            fragment.fontSize, fragment.rise = superscript if up else plain
            resized.append(fragment)
        return text, resized

    def remember_parse(
        self, paragraph: Hashable, markup: str, style: ParagraphStyle, parsed: Paragraph
    ) -> None:
        """Keep a paragraph's fragments for other sizes, if each is in its own size or a superscript's."""
        if _SIZE_IN_TAG.search(markup):
            return
        plain: tuple[float, float] = (style.fontSize, 0)
        sizes = [(fragment.fontSize, fragment.rise) for fragment in parsed.frags]
        kinds = {plain: False}
        if any(size != plain for size in sizes):
            kinds[self._superscript(style)] = True
        raised = [kinds.get(size) for size in sizes]
        if None in raised:
            return
        # Copies: line breaking marks the fragments it is given.
        fragments = [_copy(fragment) for fragment in parsed.frags]
        self._parsed[paragraph] = (parsed.text, fragments, cast(list[bool], raised))

    def superscript_size(self, style: ParagraphStyle) -> float:
        return self._superscript(style)[0]

    def _superscript(self, style: ParagraphStyle) -> tuple[float, float]:
        """The size and rise ReportLab gives a superscript in `style`: found by setting one."""
        key = (style.name, style.fontSize)
        if key not in self._superscripts:
            probe = Paragraph("<super>1</super>", style).frags[-1]
            self._superscripts[key] = (probe.fontSize, probe.rise)
        return self._superscripts[key]


def _copy(fragment: Any) -> Any:
    """A shallow copy of a fragment (a plain bag of attributes), as copy.copy makes it, but quicker."""
    duplicate = object.__new__(type(fragment))
    duplicate.__dict__.update(fragment.__dict__)
    return duplicate


# A tag that sets a size (<font size=...>) would set the same one at every paragraph size.
_SIZE_IN_TAG = re.compile(r"<[^>]*size", re.IGNORECASE)


@dataclass(frozen=True)
class Styles:
    body_size: float
    unit: float  # one line of body text, the unit of vertical rhythm
    accent: Color
    body: ParagraphStyle
    bullet: ParagraphStyle
    nested: ParagraphStyle
    step: ParagraphStyle
    heading: ParagraphStyle
    box_title: ParagraphStyle
    strong: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    label: ParagraphStyle
    label_right: ParagraphStyle
    clinic: ParagraphStyle
    prepared: ParagraphStyle
    key: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle
    reference: ParagraphStyle
    # Shared by the sizes one build tries, so that each works out only what the others leave open.
    memory: TextMemory = field(default_factory=TextMemory, compare=False, repr=False)


def make_styles(
    size: float, typo: Typography, accent: Color = DEFAULT_ACCENT, memory: TextMemory | None = None
) -> Styles:
    leading = size * typo.leading
    gap = leading * typo.space
    small = size * typo.small

    def style(name: str, **overrides: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": SANS,
            "fontSize": size,
            "leading": leading,
            "textColor": INK,
            "alignment": TA_LEFT,
            "spaceAfter": gap,
            "allowWidows": 0,
            "allowOrphans": 0,
            "splitLongWords": 1,
            "spaceShrinkage": 0,  # lines are measured for their column: never squeeze one past it
            "bulletFontName": SANS,
            "bulletFontSize": size,
        }
        base.update(overrides)
        return ParagraphStyle(name, **base)

    indent = size * 1.2
    label = style(
        "label", fontName=SANS_BOLD, fontSize=small, leading=small * 1.3, textColor=MUTED, spaceAfter=0
    )
    return Styles(
        body_size=size,
        unit=leading,
        accent=accent,
        memory=memory if memory is not None else TextMemory(),
        body=style("body"),
        bullet=style("bullet", leftIndent=indent, bulletIndent=size * 0.2, spaceAfter=gap * 0.45),
        nested=style(
            "nested", leftIndent=indent * 2, bulletIndent=indent + size * 0.1, spaceAfter=gap * 0.35
        ),
        step=style("step", leftIndent=indent * 1.15, bulletIndent=0, spaceAfter=gap * 0.6),
        heading=style(
            "heading",
            fontName=SANS_BOLD,
            fontSize=size * typo.heading,
            leading=size * typo.heading * 1.2,
            textColor=accent,
            spaceBefore=gap * 1.1,
            spaceAfter=gap * 0.5,
            keepWithNext=1,
        ),
        box_title=style(
            "box_title",
            fontName=SANS_BOLD,
            fontSize=size * typo.heading,
            leading=size * typo.heading * 1.2,
            spaceAfter=0,
        ),
        strong=style("strong", fontName=SANS_BOLD, spaceAfter=gap * 0.25),
        title=style(
            "title",
            fontName=SANS_BOLD,
            fontSize=size * typo.title,
            leading=size * typo.title * 1.15,
            textColor=accent,
            spaceAfter=gap * 0.3,
        ),
        subtitle=style(
            "subtitle",
            fontSize=size * typo.subtitle,
            leading=size * typo.subtitle * 1.25,
            textColor=MUTED,
            spaceAfter=0,
        ),
        label=label,
        label_right=ParagraphStyle("label_right", parent=label, alignment=TA_RIGHT),
        clinic=style(
            "clinic", fontSize=size * typo.subtitle, leading=size * typo.subtitle * 1.2, spaceAfter=0
        ),
        prepared=style("prepared", spaceBefore=gap * 0.5, spaceAfter=0),
        key=style("key", fontName=SANS_BOLD, spaceAfter=0),
        cell=style("cell", spaceAfter=0, leading=size * min(typo.leading, 1.25)),
        cell_head=style("cell_head", fontName=SANS_BOLD, spaceAfter=0, textColor=accent),
        small=style("small", fontSize=small, leading=small * 1.3, textColor=MUTED, spaceAfter=0),
        reference=style(
            "reference",
            fontSize=small,
            leading=small * 1.25,
            leftIndent=small * 1.8,
            bulletIndent=0,
            bulletFontSize=small,
            spaceAfter=small * 0.15,
        ),
    )
