"""Line counts settled from word widths (handouts/layout/lines.py) are ReportLab's own line counts.

A paragraph whose count is settled is measured without breaking its lines, and broken by ReportLab
only when it is drawn; so every count settled must be the one ReportLab's breaking gives.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from handouts.language.catalogue import english
from handouts.layout.counting import breaking_words, counted_lines
from handouts.layout.fonts import SANS
from handouts.layout.inline import link, marker
from handouts.layout.lines import settled_lines, words_of
from handouts.layout.measuring import MeasuredParagraph
from handouts.layout.memory import TextMemory
from handouts.layout.patient import TEMPLATE
from handouts.layout.styles import make_styles
from handouts.layout.writer import Writer

WORDS = [
    "a",
    "of",
    "rest",
    "walking",
    "myelomalacia",
    "**bold**",
    "*italic*",
    "***both***",
    "**half**way",
    "[1]",
    "[2, 3]",
    "≥ 140/90",
    "well-known",
    "well\u00a0known",
    "https://example.org/a/long/path/to/a/page",
    "Supercalifragilisticexpialidocious-and-then-some-more",
    "x" * 70,
]


def reportlab_lines(writer: Writer, text: str, style_name: str, bullet: str | None, width: float) -> int:
    """The lines ReportLab's own paragraph breaks the same markup into."""
    style = getattr(writer.styles, style_name)
    paragraph = Paragraph(writer.markup(text), style, bulletText=bullet)
    paragraph.wrap(width, 10_000)
    return len(paragraph.blPara.lines)


def settled(paragraph: MeasuredParagraph, width: float) -> int | None:
    """The count lines.py settles for a fresh paragraph at `width`, as MeasuredParagraph asks it."""
    style = paragraph.style
    first = width - style.leftIndent - style.firstLineIndent - style.rightIndent
    later = width - style.leftIndent - style.rightIndent
    words = words_of(paragraph.frags, style.fontSize)
    if words is None:
        return None
    superscript = paragraph._memory.superscript_size(style) if words.total[1] else 0.0
    return settled_lines(words, style.fontSize, superscript, first - paragraph._bullet_overrun(), later)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    size=st.sampled_from([6.0, 7.5, 9.5, 11.25, 14.0, 18.0]),
    width=st.floats(min_value=30, max_value=520),
    style_name=st.sampled_from(["body", "bullet", "nested", "step", "cell", "reference", "heading"]),
    bullet=st.sampled_from([None, "\u2022", "12."]),
)
def test_a_settled_count_is_reportlab_own(
    words: list[str], size: float, width: float, style_name: str, bullet: str | None
) -> None:
    writer = Writer(make_styles(size, TEMPLATE.typography, memory=TextMemory()), english())
    text = " ".join(words)
    paragraph = writer.para(text, getattr(writer.styles, style_name), bullet, tag=None)
    count = settled(paragraph, width)
    expected = reportlab_lines(writer, text, style_name, bullet, width)
    if count is not None:
        assert count == expected
    # And the height the fitting measures is ReportLab's, whether settled or broken.
    assert paragraph.wrap(width, 10_000)[1] == expected * paragraph.style.leading


TWO_LINES = "Keep walking a little every day, and rest when the pain is worse than usual."


def test_short_and_two_line_paragraphs_are_settled_without_breaking() -> None:
    writer = Writer(make_styles(12, TEMPLATE.typography, memory=TextMemory()), english())
    one = writer.para("Rest, then **walk** a little [1].", tag=None)
    two = writer.para(TWO_LINES, tag=None)
    assert settled(one, 300) == 1
    assert settled(two, 300) == 2 == reportlab_lines(writer, TWO_LINES, "body", None, 300)
    # A word longer than the line is split by ReportLab: nothing is settled.
    assert settled(writer.para("x" * 80, tag=None), 300) is None


def test_text_with_other_breaks_is_left_to_reportlab() -> None:
    writer = Writer(make_styles(12, TEMPLATE.typography, memory=TextMemory()), english())
    for text in ("soft\u00adhyphen", "zero\u200bwidth"):  # spaces of other widths become plain ones
        assert words_of(writer.para(text, tag=None).frags, 12) is None, text
    kept = words_of(writer.para("no-break\u00a0space", tag=None).frags, 12)
    assert kept is not None and kept.gaps == 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(
        st.sampled_from([*WORDS, "electroencephalography", "pneumonoultramicroscopic"]), max_size=12
    ),
    sizes=st.lists(st.sampled_from([6.0, 7.5, 8.5, 8.75, 9.5, 11.25, 14.0]), min_size=2, max_size=5),
    width=st.floats(min_value=30, max_value=200),
)
def test_sizes_sharing_what_they_measured_match_reportlab(
    words: list[str], sizes: list[float], width: float
) -> None:
    """As the fitting tries sizes in turn: a word split across lines (wider than its line) must not
    mislead the counts carried to other sizes."""
    memory = TextMemory()
    for size in sizes:
        writer = Writer(make_styles(size, TEMPLATE.typography, memory=memory), english())
        paragraph = writer.para(" ".join(words), writer.styles.cell, tag=None)
        expected = reportlab_lines(writer, " ".join(words), "cell", None, width)
        assert paragraph.wrap(width, 10_000)[1] == expected * paragraph.style.leading
        assert len(paragraph.blPara.lines) == expected  # as drawing breaks it


def test_a_split_long_word_does_not_mislead_a_size_between() -> None:
    text = "call electroencephalography pneumonoultramicroscopic"  # split in a narrow table cell
    memory = TextMemory()
    for size in (9.5, 8.5, 8.75):
        writer = Writer(make_styles(size, TEMPLATE.typography, memory=memory), english())
        paragraph = writer.para(text, writer.styles.cell, tag=None)
        expected = reportlab_lines(writer, text, "cell", None, 107.275)
        assert paragraph.wrap(107.275, 10_000)[1] == expected * paragraph.style.leading
        assert len(paragraph.blPara.lines) == expected


MARKED = [
    f"see {link('the page', 'https://example.org/page')} now",
    f"{marker('lang', 'es')}hola{marker('end')} amigo",
    "the **nerve** [4]",
    "plain words only",
    "area of 2 m<super>2</super> or more",  # a word that ends in a superscript
    f"a lone {marker('then', 'Lbl')} marker",  # a word of no text: it does not count on its line
]


def counted(paragraph: Paragraph, memory: TextMemory, first: float, later: float) -> int | None:
    """counting.py's count for a paragraph's words at its size, as MeasuredParagraph asks it."""
    style = paragraph.style
    superscript = memory.superscript_size(style)
    words = breaking_words(paragraph.frags, style, superscript)
    return None if words is None else counted_lines(words, style.fontSize, superscript, first, later)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from([*WORDS, *MARKED]), min_size=1, max_size=50),
    sizes=st.lists(st.sampled_from([6.0, 7.5, 9.5, 11.25, 14.0, 18.0]), min_size=1, max_size=3),
    width=st.floats(min_value=30, max_value=520),
    indent=st.floats(min_value=0, max_value=200),
    style_name=st.sampled_from(["body", "bullet", "step", "cell", "reference", "heading"]),
)
def test_a_counted_paragraph_has_reportlab_own_count(
    words: list[str], sizes: list[float], width: float, indent: float, style_name: str
) -> None:
    """counting.py follows breakLines' own rule: where it answers, ReportLab agrees, at the size
    whose words it kept and at others, with the first line shorter than the others or not."""
    memory = TextMemory()
    kept = None
    for size in sizes:
        writer = Writer(make_styles(size, TEMPLATE.typography, memory=memory), english())
        style = getattr(writer.styles, style_name)
        markup = " ".join(word if word in MARKED else writer.markup(word) for word in words)
        paragraph = Paragraph(markup, style)
        superscript = memory.superscript_size(style)
        kept = kept or breaking_words(paragraph.frags, style, superscript)
        first = max(width - indent, 1.0)
        count = None if kept is None else counted_lines(kept, style.fontSize, superscript, first, width)
        if count is not None:
            assert count == len(paragraph.breakLines([first, width]).lines)


def test_counting_answers_for_the_paragraphs_the_bounds_leave_open() -> None:
    """The paragraphs the bounds do not settle (several lines, ragged) are counted, not broken."""
    memory = TextMemory()
    writer = Writer(make_styles(12, TEMPLATE.typography, memory=memory), english())
    text = " ".join(["Rest your **wrist** at night, and keep it straight [2]."] * 6)
    paragraph = writer.para(text, tag=None)
    style = paragraph.style
    assert settled(paragraph, 300) is None
    first = 300 - style.leftIndent - style.firstLineIndent
    assert counted(paragraph, memory, first, 300) == reportlab_lines(writer, text, "body", None, 300)
    # A word longer than its line is split by ReportLab: left to it.
    assert counted(writer.para("x" * 80, tag=None), memory, 300, 300) is None


@pytest.mark.parametrize(
    ("markup", "size", "width"),
    [
        (
            "<super>one two three four five six seven eight nine ten</super>",
            11,
            100,
        ),  # in one size not its own
        ('<font size="6">one two three four five six seven eight nine ten</font>', 11, 100),
        ("aaaa \u200d bbbb cccc", 10, 72),  # a word of no width: breakLines' one-face rule spaces it
        ("aaaa \ufeff bbbb cccc dddd \u200c eeee", 10, 72),
    ],
)
def test_paragraphs_in_one_face_are_measured_as_reportlab_breaks_them(
    markup: str, size: float, width: float
) -> None:
    # As the layout's styles: spaces never shrink (then lines are counted rather than broken).
    style = ParagraphStyle("body", fontName=SANS, fontSize=size, leading=size * 1.2, spaceShrinkage=0)
    measured = MeasuredParagraph(markup, style, None, TextMemory())
    ours = measured.wrap(width, 10_000)[1]
    theirs = Paragraph(markup, style)
    assert ours == theirs.wrap(width, 10_000)[1]
    assert len(measured.blPara.lines) == len(theirs.blPara.lines)  # as drawing breaks it
