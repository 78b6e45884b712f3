"""Comparison tables that respect words: columns as wide as their longest word when the table can be laid
out so, a visible hyphen at a syllable when it cannot, empty cells as a dash read "blank", and room
after the table. Asserted on the printed lines and the tags."""

from __future__ import annotations

import re

from handouts import build_pdf, check_pdf_bytes
from handouts.pdf.tagged import read_tagged
from tests.helpers.pdfs import page_texts, text_runs
from tests.helpers.specs import q, small_spec, valid_spec

AFTER = "Take the lowest dose that helps, for the shortest time."


def table_spec(columns: list[str], rows: list[tuple[str, list[str]]], audience: str = "patient") -> str:
    lines = ['[[sections]]\ntitle = "Pain medicines"\n[[sections.blocks]]\nkind = "comparison"']
    lines.append(f"columns = [{', '.join(q(column) for column in columns)}]")
    cells = ", ".join(
        f"{{ label = {q(label)}, cells = [{', '.join(q(cell) for cell in row)}] }}" for label, row in rows
    )
    lines.append(f"rows = [{cells}]")
    lines.append(f'[[sections.blocks]]\nkind = "paragraph"\ntext = {q(AFTER)}')
    return small_spec("\n".join(lines) + "\n", audience=audience)


MEDICINES = table_spec(
    ["Dose", "Watch for"],
    [
        ("Paracetamol", ["Acetaminophen 500 mg", "Liver damage above 4 g a day"]),
        ("Anti-inflammatory", ["Ibuprofen 400 mg", "Stomach upset; kidney problems"]),
        ("Nerve pain", ["Gabapentin 300 mg", ""]),
    ],
)


def lines_of(pdf: bytes) -> list[str]:
    return [line.strip() for text in page_texts(pdf) for line in text.splitlines()]


def test_long_drug_names_are_not_broken_inside_a_word() -> None:
    built = build_pdf(valid_spec(MEDICINES))
    lines = lines_of(built.pdf)
    for word in ("Acetaminophen", "Ibuprofen", "Gabapentin", "Anti-inflammatory", "Paracetamol"):
        assert any(word in line for line in lines), (word, lines)
    assert check_pdf_bytes(built.pdf, built.spec).ok


def test_an_empty_cell_prints_a_dash_that_reads_blank() -> None:
    built = build_pdf(valid_spec(MEDICINES))
    tagged = read_tagged(built.pdf)
    assert tagged.root is not None
    cells = [element for element in tagged.root.walk() if element.role == "TD"]
    blank = [cell for cell in cells if cell.actual_text == "blank"]
    assert len(blank) == 1 and "blank" in tagged.root.text()
    assert any(
        line.endswith("Gabapentin 300 mg \u2013") or line.endswith("\u2013") for line in lines_of(built.pdf)
    )


def test_a_word_too_long_for_any_column_is_hyphenated_with_a_visible_hyphen() -> None:
    words = "Hydroxychloroquine Methylprednisolone Carboxymethylcellulose Dextromethorphan"
    spec = valid_spec(
        table_spec(
            ["One", "Two", "Three", "Four"],
            [("Label", words.split())],
        )
    )
    built = build_pdf(spec, large_print=True)  # four columns of large type: narrower than the words
    lines = lines_of(built.pdf)
    hyphenated = [line for line in lines if re.search(r"[a-z]-$", line)]
    assert hyphenated, lines  # broken at a syllable, with a hyphen
    tagged = read_tagged(built.pdf)
    assert tagged.root is not None
    cells = [element.text() for element in tagged.root.walk() if element.role == "TD"]
    assert cells[1:] == words.split()  # a screen reader hears each word whole
    assert check_pdf_bytes(built.pdf, spec, large_print=True).ok  # the check reads the word whole again


def test_the_paragraph_after_a_table_has_room_below_the_rule() -> None:
    built = build_pdf(valid_spec(MEDICINES))
    runs = text_runs(built.pdf)
    last_row = max(run.y for run in runs if "Gabapentin" in run.text)  # y grows up the page
    after = next(run for run in runs if run.text.startswith("Take the lowest"))
    size = after.size
    assert last_row - after.y >= 2.0 * size  # the row's line, its padding, the rule and a space
