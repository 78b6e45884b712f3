"""Inline markup: **bold**, *italic*, citations; every other character literal and escaped for ReportLab."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus.paraparser import ParaParser

from handouts.layout import inline
from handouts.spec import markup
from handouts.spec.markup import Cite, Run


def R(text: str) -> Run:
    return Run(text)


def B(text: str) -> Run:
    return Run(text, bold=True)


def It(text: str) -> Run:
    return Run(text, italic=True)


def BI(text: str) -> Run:
    return Run(text, bold=True, italic=True)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("plain", [R("plain")]),
        ("**bold**", [B("bold")]),
        ("*italic*", [It("italic")]),
        ("a **b** c *d* e", [R("a "), B("b"), R(" c "), It("d"), R(" e")]),
        ("**one** and **two**", [B("one"), R(" and "), B("two")]),
        ("***both***", [BI("both")]),
        ("**bold *and italic***", [B("bold "), BI("and italic")]),
        ("*italic **and bold** too*", [It("italic "), BI("and bold"), It(" too")]),
        ("**two\nlines**", [B("two\nlines")]),
        ("a*b*c", [R("a"), It("b"), R("c")]),
        # asterisks that are not emphasis stay as written
        ("2 * 3 * 4", [R("2 * 3 * 4")]),
        ("** not bold **", [R("** not bold **")]),
        ("* not italic *", [R("* not italic *")]),
        ("**unclosed", [R("**unclosed")]),
        ("*", [R("*")]),
        ("***", [R("***")]),
        # nothing else is markup
        ("snake_case and __dunder__", [R("snake_case and __dunder__")]),
        ("`code` # not a heading", [R("`code` # not a heading")]),
        ("[link](https://example.org)", [R("[link](https://example.org)")]),
        ("<b>not bold</b> &amp;", [R("<b>not bold</b> &amp;")]),
    ],
)
def test_emphasis(text: str, parts: list[Run]) -> None:
    assert markup.parse(text) == parts


@pytest.mark.parametrize(
    ("text", "cite"),
    [
        ("[1]", Cite("1", (1,))),
        ("[1, 4]", Cite("1,4", (1, 4))),
        ("[1,4]", Cite("1,4", (1, 4))),
        ("[2-3]", Cite("2\u20133", (2, 3))),
        ("[2\u20133]", Cite("2\u20133", (2, 3))),
        ("[2 - 5]", Cite("2\u20135", (2, 3, 4, 5))),
        ("[1, 3-4, 9]", Cite("1,3\u20134,9", (1, 3, 4, 9))),
        ("[3-3]", Cite("3\u20133", (3,))),
        ("[0]", Cite("0", (0,))),
        ("[007]", Cite("7", (7,))),
        ("[4-2]", Cite("4-2", ())),  # backwards: no numbers; the rules report it
        ("[4 -\n2]", Cite("4 - 2", ())),
    ],
)
def test_citations(text: str, cite: Cite) -> None:
    assert markup.parse(text) == [cite]
    assert list(markup.citations(f"See {text}.")) == [cite]


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        "[a]",
        "[1a]",
        "[ 1]",
        "[1 ]",
        "[1,]",
        "[,1]",
        "[1,,2]",
        "[1000]",
        "[1-2-3]",
        "[-1]",
        "[1.5]",
        "(1)",
        "[\u0661]",  # Arabic-Indic digit one: printed as written, not as a Latin 1
        "[\u0968, \u0969]",  # Devanagari
    ],
)
def test_not_citations(text: str) -> None:
    assert markup.parse(text) == [R(text)]
    assert list(markup.citations(text)) == []


def test_citations_inside_emphasis_and_next_to_each_other() -> None:
    assert markup.parse("**see [1]** and [2][3]") == [
        B("see "),
        Cite("1", (1,)),
        R(" and "),
        Cite("2", (2,)),
        Cite("3", (3,)),
    ]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("BP < 140/90 & HR > 100", "BP < 140/90 & HR > 100"),
        ("**Rest** for *two*   days", "Rest for two days"),
        ("  spaced\n\tout  ", "spaced out"),
        ("Swelling [1] settles [2, 3]", "Swelling settles"),
        ("<img src=x> &amp; [x]", "<img src=x> &amp; [x]"),
    ],
)
def test_plain_is_the_words_a_reader_sees(text: str, plain: str) -> None:
    assert markup.plain(text) == plain


def test_segments_split_at_citations() -> None:
    assert markup.segments("First [1] second [2]") == ["First ", " second "]
    assert markup.segments("[1]") == []


# --- escaping for ReportLab -----------------------------------------------------------------------

_OUR_TAGS = re.compile(
    r'</?(?:b|i|super)>|<font name="Fallback">|</font>'
    r'|<onDraw name="tag" label="(?:cite \[[0-9,\u2013]+\]|end)"/>'
)
_ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")
_STYLE = getSampleStyleSheet()["Normal"]


def assert_safe(out: str) -> None:
    """No `<`, `>` or `&` reaches ReportLab except in the tags and entities to_reportlab writes."""
    bare = _OUR_TAGS.sub("", out)
    assert "<" not in bare and ">" not in bare, out
    assert not _ENTITY.search(bare), out


def shown(text: str) -> str:
    """What ReportLab's paragraph parser makes of to_reportlab(text): the characters it will draw."""
    parser = ParaParser()
    parsed = parser.parse(inline.to_reportlab(text), _STYLE)
    assert parsed is not None, parser.errors
    return "".join(fragment.text for fragment in parsed[1])


def expected_shown(text: str) -> str:
    return "".join(part.label if isinstance(part, Cite) else part.text for part in markup.parse(text))


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_comparison_signs_stay_literal() -> None:
    text = "BP < 140/90 & HR > 100"
    assert markup.plain(text) == text
    assert inline.to_reportlab(text) == "BP &lt; 140/90 &amp; HR &gt; 100"
    assert shown(text) == text


@pytest.mark.parametrize(
    "text",
    [
        '<img src="/etc/passwd"/>',
        '<font name="x">big</font>',
        '<a href="javascript:alert(1)">link</a>',
        '<link href="https://example.org">x</link>',
        "<para>nested</para>",
        "</b></i></super>",
        "<b>**really bold**</b>",
        "<![CDATA[x]]>",
        "<!-- comment -->",
        "&amp; &lt; &#60; &#x3c; &nbsp; &",
        "<br/><onDraw name='x'/>",
        "\"quotes\" and 'apostrophes'",
        "a<b",
        "a>b",
    ],
)
def test_tag_like_text_is_escaped_and_prints_as_written(text: str) -> None:
    out = inline.to_reportlab(text)
    assert_safe(out)
    assert squeeze(shown(text)) == squeeze(expected_shown(text))
    assert "<img" not in out and "<font" not in out and "<a " not in out


def test_the_tags_to_reportlab_writes() -> None:
    out = inline.to_reportlab("**a** *b* ***c*** x [1, 2-3]")
    assert "<b>a</b>" in out
    assert "<i>b</i>" in out
    assert "<b><i>c</i></b>" in out
    # A citation is marked, so that its tag reads "[1,2-3]" (en dash) rather than digits glued to a word.
    cite = '<onDraw name="tag" label="cite [1,2\u20133]"/>'
    assert out.endswith(f'{cite}<super>1,2\u20133</super><onDraw name="tag" label="end"/>')
    assert_safe(out)


def test_fallback_font_wraps_only_the_characters_that_need_it() -> None:
    out = inline.to_reportlab(
        "x \u2265 y < z",
        fallback_font="Fallback",
        needs_fallback=lambda char: char in "\u2265<",
    )
    assert out == 'x <font name="Fallback">\u2265</font> y <font name="Fallback">&lt;</font> z'
    assert_safe(out)


_SPEC_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("*[]<>&;#\"'/=,-\u2013 \n\t0123456789ab")),
        st.characters(blacklist_categories=("Cc", "Cs")),
    ),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(_SPEC_TEXT)
def test_any_text_is_escaped_and_reportlab_reads_it_back(text: str) -> None:
    out = inline.to_reportlab(text)
    assert_safe(out)
    assert squeeze(shown(text)) == squeeze(expected_shown(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_markup_functions_never_fail(text: str) -> None:
    parts = markup.parse(text)
    assert all(isinstance(part, Run | Cite) for part in parts)
    markup.plain(text)
    markup.segments(text)
    list(markup.citations(text))
    assert_safe(inline.to_reportlab(text, fallback_font="Fallback", needs_fallback=lambda c: c > "\u00ff"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="*[", blacklist_categories=["Cs"]), max_size=100))
def test_text_without_markers_is_its_own_plain_text(text: str) -> None:
    assert markup.plain(text) == markup.fold(text)
    assert markup.parse(text) == ([R(text)] if text else [])
