"""A clinician summary prints its sections in the author's order; `comparison_first` brings the section
with the comparison table to the top, and only where that means something."""

from __future__ import annotations

from handouts import build_pdf, validate_bytes
from handouts.pdf.tagged import read_tagged
from tests.helpers.pdfs import in_order, text_of
from tests.helpers.specs import small_spec, valid_spec

SECTIONS = """
[[sections]]
title = "Background"
[[sections.blocks]]
kind = "paragraph"
text = "Why the two are confused."

[[sections]]
title = "Side by side"
[[sections.blocks]]
kind = "comparison"
columns = ["First", "Second"]
rows = [{ label = "Onset", cells = ["Weeks", "Years"] }]

[[sections]]
title = "Pearls"
[[sections.blocks]]
kind = "paragraph"
text = "What to remember at the bedside."
"""


def headings(pdf: bytes) -> list[str]:
    tagged = read_tagged(pdf)
    assert tagged.root is not None
    return [element.text().strip() for element in tagged.root.walk() if element.role == "H2"]


def test_sections_print_in_the_authors_order() -> None:
    pdf = build_pdf(valid_spec(small_spec(SECTIONS, audience="clinician"))).pdf
    assert in_order(text_of(pdf), "Background", "Side by side", "Pearls")
    assert headings(pdf)[:3] == ["Background", "Side by side", "Pearls"]


def test_comparison_first_brings_the_table_to_the_top_in_print_and_in_the_tags() -> None:
    spec = small_spec(SECTIONS, audience="clinician", extra="comparison_first = true")
    pdf = build_pdf(valid_spec(spec)).pdf
    assert in_order(text_of(pdf), "The key message.", "Side by side", "Onset", "Background", "Pearls")
    assert headings(pdf)[:3] == ["Side by side", "Background", "Pearls"]


def test_comparison_first_is_refused_where_it_means_nothing() -> None:
    patient = small_spec(SECTIONS, extra="comparison_first = true")
    checked = validate_bytes(patient.encode(), "p.toml")
    assert [str(problem) for problem in checked.problems] == [
        "p.toml: comparison_first: is for clinician summaries; a patient handout prints its sections "
        "in the file's order"
    ]
    no_table = small_spec(audience="clinician", extra="comparison_first = true")
    checked = validate_bytes(no_table.encode(), "c.toml")
    assert [str(problem) for problem in checked.problems] == [
        "c.toml: comparison_first: is true but no section holds a comparison table"
    ]
