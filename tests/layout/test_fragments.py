"""The layout's own reading of its markup (handouts/layout/fragments.py) makes ReportLab's fragments.

Every paragraph is set from these fragments, so each must be what ReportLab's parser makes of the
same markup: the same attributes with the same values, split in the same places.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaParser

from handouts import build_pdf, load_profile, load_spec
from handouts.language.catalogue import english
from handouts.layout import measuring
from handouts.layout.fonts import SANS, SANS_BOLD
from handouts.layout.fragments import fragments
from handouts.layout.inline import link, marker
from handouts.layout.measuring import MeasuredParagraph
from handouts.layout.memory import TextMemory
from handouts.layout.patient import TEMPLATE
from handouts.layout.styles import make_styles
from handouts.layout.writer import Writer
from tests.helpers.paths import BUILD_FIXTURES, BUNDLED, EXAMPLE_CLINIC, FIXTURES

SOURCES = [*BUNDLED, *sorted(BUILD_FIXTURES.glob("*.toml")), *sorted((FIXTURES / "scripts").glob("*.toml"))]


def parsed(markup: str, style: ParagraphStyle) -> list[dict[str, Any]]:
    """What ReportLab's parser makes of the markup, as Paragraph asks it."""
    parser = ParaParser()
    parser.caseSensitive = 1
    return comparable(parser.parse(markup, style)[1])


def comparable(frags: list[Any]) -> list[dict[str, Any]]:
    return [
        {key: vars(value) if key == "cbDefn" else value for key, value in vars(frag).items()}
        for frag in frags
    ]


def paragraphs_of(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, ParagraphStyle]]:
    """Every paragraph markup a build of `path` sets, in every variant it is printed in, with its style."""
    seen: dict[tuple[str, str, float], tuple[str, ParagraphStyle]] = {}

    def spy(markup: str, style: ParagraphStyle) -> list[Any] | None:
        seen.setdefault((markup, style.name, style.fontSize), (markup, style))
        return fragments(markup, style)

    monkeypatch.setattr(measuring, "fragments", spy)
    spec = load_spec(path)
    # The example clinic has no words of its own in the scripts' languages.
    profiles = [None] if path.parent.name == "scripts" else [None, load_profile(EXAMPLE_CLINIC)]
    for profile in profiles:
        build_pdf(spec, clinic=profile)
        if spec.audience == "patient":
            build_pdf(spec, clinic=profile, large_print=True)
    return iter(seen.values())


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.stem)
def test_every_paragraph_of_a_build_reads_as_reportlab_reads_it(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 0
    for markup, style in paragraphs_of(path, monkeypatch):
        ours = fragments(markup, style)
        assert ours is not None, markup  # the layout writes nothing it cannot read itself
        assert comparable(ours) == parsed(markup, style), markup
        count += 1
    assert count > 20


PIECES = [
    "rest",
    "**bold**",
    "*italic*",
    "***both***",
    "[1]",
    "[2, 3]",
    "BP < 140/90 & HR > 100",
    '"quoted" & <tagged>',
    "≥ 2 weeks → see your doctor",
    "8 a.m. to 5 p.m.",
    "call 555 123 4567",
    "a · b",
    "\u00a0",
    "café naïve",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=12),
    extra=st.sampled_from(["", "link", "marker", "break", "font"]),
    style_name=st.sampled_from(["body", "bullet", "heading", "cell", "small"]),
    size=st.sampled_from([7.5, 11.25, 14.0]),
)
def test_generated_markup_reads_as_reportlab_reads_it(
    pieces: list[str], extra: str, style_name: str, size: float
) -> None:
    writer = Writer(make_styles(size, TEMPLATE.typography, memory=TextMemory()), english())
    markup = writer.markup(" ".join(pieces))
    if extra == "link":
        markup += " " + link(writer.markup("the clinic's page"), "https://example.org/a?b=1&c=<2>")
    elif extra == "marker":
        markup = f"{markup} {marker('lang', 'es')}hola{marker('end')}"
    elif extra == "break":
        markup = f"<b>{markup}</b><br/>{markup}"
    elif extra == "font":
        markup = f'<font name="{SANS_BOLD}">{markup}</font> <i>{markup}</i>'
    style = getattr(writer.styles, style_name)
    ours = fragments(markup, style)
    assert ours is not None
    assert comparable(ours) == parsed(markup, style)


@pytest.mark.parametrize(
    "markup",
    [
        '<font size="3">small</font>',  # an attribute it does not handle
        "<u>underlined</u>",  # a tag it does not handle
        "&#169; 2026",  # a character reference
        "&copy; 2026",  # an entity other than its own
        "fish & chips",  # a bare ampersand
        "<para>whole</para>",
        "<b>unclosed",
        "closed</b>",
        "<b>crossed <i>tags</b></i>",
        '<font name="NoSuchFace">x</font>',
        "x\u00a0<br\u00a0/>y",  # a no-break space inside a tag: a tag the parser does not know
        '<a\u00a0href="https://example.org">link</a>',
        '<font\u00a0name="HandoutsSans-Bold">y</font>',
    ],
)
def test_markup_it_does_not_know_is_left_to_reportlab(markup: str) -> None:
    style = ParagraphStyle("body", fontName=SANS, fontSize=11, leading=14)
    assert fragments(markup, style) is None


def test_a_paragraph_of_such_markup_is_still_set_by_reportlab() -> None:
    style = ParagraphStyle("body", fontName=SANS, fontSize=11, leading=14)
    paragraph = MeasuredParagraph("&#169; 2026 <u>the clinic</u>", style, None, TextMemory())
    assert [frag.text for frag in paragraph.frags] == ["\u00a9", " 2026 ", "the clinic"]
    assert paragraph.frags[-1].us_lines  # the underline the parser gave it
    assert paragraph.wrap(300, 1000)[1] == 14


def test_markup_left_to_reportlab_is_cleaned_once() -> None:
    """Paragraph cleans its text (line ends, spaces) before parsing it; cleaning it twice can change it."""
    style = ParagraphStyle("body", fontName=SANS, fontSize=11, leading=14)
    markup = "&#169; a\u200bb\n\u00a0c"
    ours = MeasuredParagraph(markup, style, None, TextMemory())
    assert [frag.text for frag in ours.frags] == [frag.text for frag in Paragraph(markup, style).frags]
