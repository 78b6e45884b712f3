"""The words of a spec as a reader meets them: section by section, in printed order, without markup.

The quality report measures these. A list item or a table cell is a sentence of its own here, as
readability work usually counts them: a reader takes each one in as a unit, whether or not it
ends with a full stop. Headings are kept (a term first met in a heading is first met there) but
marked, so that the reading-level formulas can leave them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..spec.markup import plain
from ..spec.model import Block, Bullets, Callout, Comparison, Definitions, Faq, Paragraph, Spec, Steps

KEY_MESSAGE = "Key message"

# A sentence ends at . ! or ? (and any closing quote or bracket) followed by a space and what can
# start a sentence; "e.g. this" and "2.5 mg" do not end one.
# Arabic has no capitals: a stop and a space before an Arabic letter end a sentence; a Chinese or
# Japanese stop ends one with or without a space after it.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"\u201c\u2018(¿¡]?[A-Z0-9ÁÉÍÓÚÑÜ])"
    r"|(?<=[.!?\u061f])\s+(?=[\u0620-\u064a])"
    r"|(?<=[\u3002\uff01\uff1f])\s*"
)
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|St|approx|No)\.$", re.IGNORECASE)
WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


@dataclass(frozen=True)
class Piece:
    """One run of text a reader meets: a paragraph, a list item, a table cell, a heading."""

    path: str  # where it is in the spec, as messages name it
    text: str  # plain text: no emphasis markers, no citations
    heading: bool = False


@dataclass(frozen=True)
class Part:
    """The key message, or one section with its heading first."""

    title: str
    pieces: list[Piece]

    def sentences(self) -> list[str]:
        """The sentences of the part's text, headings left out."""
        return [sentence for piece in self.pieces if not piece.heading for sentence in sentences(piece.text)]


def parts(spec: Spec) -> list[Part]:
    found = [Part(KEY_MESSAGE, [Piece("key_message", plain(spec.key_message))])]
    for number, section in enumerate(spec.sections, start=1):
        path = f"sections[{number}]"
        pieces = [Piece(f"{path}.title", plain(section.title), heading=True)]
        for index, block in enumerate(section.blocks, start=1):
            pieces += _block_pieces(block, f"{path}.blocks[{index}]")
        found.append(Part(plain(section.title), pieces))
    return found


def _block_pieces(block: Block, path: str) -> list[Piece]:
    texts: list[tuple[str, str]] = []
    if isinstance(block, Paragraph):
        texts = [(f"{path}.text", block.text)]
    elif isinstance(block, Bullets):
        for number, item in enumerate(block.items, start=1):
            if isinstance(item, str):
                texts.append((f"{path}.items[{number}]", item))
            else:
                texts.append((f"{path}.items[{number}].text", item.text))
                texts += [(f"{path}.items[{number}].items[{n}]", sub) for n, sub in enumerate(item.items, 1)]
    elif isinstance(block, Steps):
        texts = [(f"{path}.items[{number}]", item) for number, item in enumerate(block.items, start=1)]
    elif isinstance(block, Comparison):
        texts = [(f"{path}.columns[{number}]", column) for number, column in enumerate(block.columns, 1)]
        for number, row in enumerate(block.rows, start=1):
            texts.append((f"{path}.rows[{number}].label", row.label))
            texts += [(f"{path}.rows[{number}].cells[{n}]", cell) for n, cell in enumerate(row.cells, 1)]
    elif isinstance(block, Definitions):
        for number, definition in enumerate(block.items, start=1):
            where = f"{path}.items[{number}]"
            texts += [(f"{where}.term", definition.term), (f"{where}.meaning", definition.meaning)]
    elif isinstance(block, Faq):
        for number, question in enumerate(block.items, start=1):
            where = f"{path}.items[{number}]"
            texts += [(f"{where}.question", question.question), (f"{where}.answer", question.answer)]
    elif isinstance(block, Callout):
        if block.title:
            texts.append((f"{path}.title", block.title))
        if block.text:
            texts.append((f"{path}.text", block.text))
        texts += [(f"{path}.items[{number}]", item) for number, item in enumerate(block.items or [], start=1)]
    return [Piece(place, plain(text)) for place, text in texts]


def language_root(tag: str) -> str:
    """ "es" for "es-MX": the formulas and word lists here are per language, not per region."""
    return tag.split("-")[0].lower()


def sentences(text: str) -> list[str]:
    """Split running text into sentences; text without a final full stop is still one sentence."""
    found: list[str] = []
    for chunk in _SENTENCE_END.split(text.strip()):
        if found and _ABBREVIATION.search(found[-1]):
            found[-1] += " " + chunk
        elif chunk.strip():
            found.append(chunk.strip())
    return found


def words(text: str) -> list[str]:
    return WORD.findall(text)
