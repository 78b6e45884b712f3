"""Type and colour, scaled from one number: the body type size the fitting chose.

Everything a template sets (headings, leading, spacing, rules) is a multiple of the body size, so
shrinking the body to fit shrinks the whole page in proportion and keeps its hierarchy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .fonts import SANS, SANS_BOLD
from .memory import TextMemory

INK = HexColor("#111111")  # body text: near-black prints crisply on any office printer
MUTED = HexColor("#3d3d3d")  # secondary text: still 10:1 against white
DEFAULT_ACCENT = HexColor("#1f3a5f")  # rules and headings; dark enough to read as text
RULE = HexColor("#8a8a8a")  # thin rules between rows and parts


@dataclass(frozen=True)
class Typography:
    """A template's proportions, as multiples of the body size."""

    leading: float  # line height
    heading: float
    title: float
    subtitle: float
    small: float  # references, footer
    space: float  # paragraph spacing, in lines
    # Tighter settings to try, in order, before the type is made smaller: (leading, space, columns)
    # each, columns being how many the body is set in (a one-column template may go to two).
    tighter: tuple[tuple[float, float, int], ...] = ()

    @property
    def levels(self) -> int:
        return 1 + len(self.tighter)

    @property
    def one_column_levels(self) -> int:
        """The levels that keep one column: tried at every size (the rest only at the smallest)."""
        return 1 + sum(1 for _, _, columns in self.tighter if columns == 1)

    def spacing(self, level: int) -> tuple[float, float, int]:
        """(leading, space, columns) at a level: 0 is the template's own, the last the tightest."""
        return (self.leading, self.space, 1) if level == 0 else self.tighter[level - 1]


@dataclass(frozen=True)
class Styles:
    body_size: float
    unit: float  # one line of body text, the unit of vertical rhythm
    accent: Color
    columns: int  # the body's columns at this spacing (the template may have its own)
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
    size: float,
    typo: Typography,
    accent: Color = DEFAULT_ACCENT,
    memory: TextMemory | None = None,
    level: int = 0,
    script: str = "",
) -> Styles:
    """The styles at a body size. `script`: "rtl" for a page written right to left (Arabic), "cjk" for
    one whose lines break between any two characters (Chinese), "" for the rest."""
    styles = _make_styles(size, typo, accent, memory, level)
    if not script:
        return styles
    changed = {
        item.name: _for_script(value, script)
        for item in fields(styles)
        if isinstance(value := getattr(styles, item.name), ParagraphStyle)
    }
    return replace(styles, **changed)


def _for_script(style: ParagraphStyle, script: str) -> ParagraphStyle:
    """A style for a right-to-left page, mirrored (aligned right, indented from the right, bullets and
    numbers on the right), or for a page whose lines break without spaces."""
    if script == "cjk":
        return ParagraphStyle(style.name, parent=style, wordWrap="CJK")
    alignment = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(style.alignment, style.alignment)
    return ParagraphStyle(
        style.name,
        parent=style,
        alignment=alignment,
        leftIndent=style.rightIndent,
        rightIndent=style.leftIndent,
        wordWrap="RTL",
    )


def _make_styles(
    size: float,
    typo: Typography,
    accent: Color,
    memory: TextMemory | None,
    level: int,
) -> Styles:
    line, space, columns = typo.spacing(level)
    leading = size * line
    gap = leading * space
    # Paragraphs stay apart however tight the rest gets: a reader must see where one ends.
    paragraph = max(gap, leading * 0.3)
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
        columns=columns,
        memory=memory if memory is not None else TextMemory(),
        body=style("body", spaceAfter=paragraph),
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
            # A heading keeps a clear space above it however tight the rest gets: it marks a new part.
            spaceBefore=max(gap * 1.1, leading * 0.35),
            spaceAfter=gap * 0.5,
            keepWithNext=1,
        ),
        box_title=style(
            "box_title",
            fontName=SANS_BOLD,
            fontSize=size * min(typo.heading, 1.12),
            leading=size * min(typo.heading, 1.12) * 1.2,
            spaceAfter=0,
        ),
        strong=style("strong", fontName=SANS_BOLD, spaceAfter=gap * 0.25),
        title=style(
            "title",
            fontName=SANS_BOLD,
            fontSize=size * typo.title * (0.9 if columns > 1 else 1.0),  # a full page: a little smaller
            leading=size * typo.title * (0.9 if columns > 1 else 1.0) * 1.15,
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
        prepared=style(
            "prepared",
            fontSize=small,
            leading=small * 1.2,
            alignment=TA_RIGHT,
            spaceAfter=0,
            bulletFontSize=small,
        ),
        key=style("key", fontName=SANS_BOLD, spaceAfter=0),
        cell=style("cell", spaceAfter=0, leading=size * min(line, 1.25)),
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
