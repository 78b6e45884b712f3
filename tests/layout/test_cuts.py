"""A paragraph cut between columns or pages is measured without being cut (layout/measuring.py):
its parts, made only if they are drawn, must be the ones ReportLab's cut makes, line for line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.language.catalogue import english
from handouts.layout.fonts import italics
from handouts.layout.measuring import MeasuredParagraph
from handouts.layout.memory import TextMemory
from handouts.layout.patient import TEMPLATE
from handouts.layout.styles import make_styles
from handouts.layout.writer import Writer
from tests.layout.test_lines import WORDS


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=60),
    size=st.sampled_from([7.5, 9.5, 12.0, 14.0]),
    width=st.floats(min_value=80, max_value=400),
    room=st.floats(min_value=0, max_value=300),
    style_name=st.sampled_from(["body", "bullet", "step", "cell"]),
    widows=st.booleans(),
    breaks=st.sets(st.integers(min_value=1, max_value=59), max_size=4),
    hyphenated=st.booleans(),
)
def test_a_cut_measured_is_the_cut_reportlab_makes(
    words: list[str],
    size: float,
    width: float,
    room: float,
    style_name: str,
    widows: bool,
    breaks: set[int],
    hyphenated: bool,
) -> None:
    """With line breaks (<br/>) and hyphenation too, where ReportLab's parts break otherwise than the
    whole: such a paragraph is cut at once."""
    italics()  # the markup is set here directly, not through the writer, which reads them when needed
    memory = TextMemory()
    writer = Writer(make_styles(size, TEMPLATE.typography, memory=memory), english())
    style = getattr(writer.styles, style_name)
    style.allowWidows = int(widows)
    if hyphenated:
        style.hyphenationLang = "en_US"
    markup = "".join(
        ("<br/>" if index in breaks else " ") * bool(index) + writer.markup(word)
        for index, word in enumerate(words)
    )
    bullet = "\u2022" if style_name == "bullet" else None
    paragraph = MeasuredParagraph(markup, style, bullet, memory)
    paragraph.wrap(width, 10_000)
    measured = paragraph.split_lines(width, room)
    made = paragraph.cut_now(width, room)
    assert (measured is None) == (made is None)
    if measured is None or made is None:
        return
    assert [part.height for part in measured] == [part.height for part in made]
    assert [part.tags for part in measured] == [part.tags for part in made]
    drawn = [part.cut.part(index) if hasattr(part, "cut") else part for index, part in enumerate(measured)]
    assert [len(part.blPara.lines) for part in drawn] == [len(part.blPara.lines) for part in made]
