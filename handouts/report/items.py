"""The items of AHRQ's PEMAT-P (print) and the CDC Clear Communication Index, each judged where a program
can judge it (met or not met, with the evidence) and left to a person where it cannot.

The items are worded here in our own short form; the tools' user guides hold the full text.
"""

from __future__ import annotations

import re
from collections.abc import Sized
from dataclasses import dataclass
from typing import Literal

from ..spec.markup import plain
from ..spec.model import Bullets, Callout, Comparison, Figure, Spec, Steps
from .phones import without_phones
from .plain_language import KNOWN, MAX_PASSIVE_SHARE, PlainLanguage, is_passive
from .prose import Part, sentences

Status = Literal["met", "not met", "needs a person", "not applicable"]
LONG_SECTION = 120  # words: more than this is not a "short section" (PEMAT 8)
SHORT_HEADING = 4  # words in a table heading (PEMAT 19)
NO_FIGURES = "the page has no illustrations"
_NUMBER = re.compile(r"\d")
_PROBABILITY = re.compile(r"\d\s*(?:%|percent|per\s*cent|in\s+\d+|out\s+of\s+\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    tool: str  # "PEMAT-P" or "CDC CCI"
    number: int
    wording: str
    status: Status
    evidence: str = ""


class Facts:
    """What the items are judged from, gathered once."""

    def __init__(
        self,
        spec: Spec,
        sections: list[Part],
        actions: list[str],
        wording: PlainLanguage,
        grade_ok: bool | None,
    ) -> None:
        blocks = [block for section in spec.sections for block in section.blocks]
        self.spec = spec
        self.actions = actions
        self.wording = wording
        self.grade_ok = grade_ok
        self.has_steps = any(isinstance(block, Steps) for block in blocks)
        self.has_urgent = any(isinstance(block, Callout) and block.level == "urgent" for block in blocks)
        self.has_lists = any(isinstance(block, Bullets | Steps) for block in blocks)
        self.tables = [block for block in blocks if isinstance(block, Comparison)]
        self.figures = [block for block in blocks if isinstance(block, Figure)]
        text = " ".join(piece.text for part in sections for piece in part.pieces)
        self.numbers = bool(_NUMBER.search(without_phones(text)))
        self.probabilities = bool(_PROBABILITY.search(text))
        self.section_words = [len(" ".join(part.sentences()).split()) for part in sections[1:]]
        self.key_sentences = sentences(plain(spec.key_message))

    def pemat(self) -> list[Item]:
        person: Status = "needs a person"
        n_a: Status = "not applicable"
        return [
            _pemat(1, "Its purpose is evident", person, "the title and key message state it; judge them"),
            _pemat(2, "Nothing distracts from the purpose", person),
            self._everyday_language(),
            self._terms_defined(),
            self._active_voice(),
            _pemat(6, "Numbers are clear", person if self.numbers else n_a, self._numbers_evidence()),
            _pemat(
                7,
                "Expects no calculations",
                person if self.numbers else "met",
                self._numbers_evidence(),
            ),
            _pemat(
                8,
                "Information is in short sections",
                _met(all(words <= LONG_SECTION for words in self.section_words)),
                f"longest section {max(self.section_words, default=0)} words, at most {LONG_SECTION}",
            ),
            _pemat(9, "Section headings are informative", person, "every section has a heading; judge them"),
            _pemat(10, "Information is in a logical order", person),
            _pemat(11, "Gives a summary", "met", "the key message opens the page in a box"),
            _pemat(
                12,
                "Visual cues draw attention to key points",
                "met",
                "boxed key message" + (" and red flags" if self.has_urgent else "") + ", bold headings",
            ),
            *self._visual_items(),
            self._tables_item(),
            _pemat(20, "Names at least one action", _met(bool(self.actions)), _count(self.actions, "action")),
            _pemat(
                21,
                "Addresses the reader directly about actions",
                _met(bool(self.actions)),
                "actions are written as instructions to the reader" if self.actions else "no actions",
            ),
            _pemat(
                22,
                "Breaks actions into explicit steps",
                "met" if self.has_steps else person,
                "numbered steps" if self.has_steps else "no numbered steps; judge whether they are needed",
            ),
            _pemat(23, "Gives a tangible tool where it would help", person),
            _pemat(24, "Explains any calculation", person if self.numbers else n_a, self._numbers_evidence()),
            _pemat(
                25,
                "Explains how to use tables or charts to act",
                person if self.tables else n_a,
                "has a table" if self.tables else "no tables or charts",
            ),
            _pemat(
                26,
                "Uses visual aids to make actions easier",
                person,
                self._figures_evidence("judge whether they show how to act"),
            ),
        ]

    def _visual_items(self) -> list[Item]:
        """PEMAT-P 15 to 18, from the spec's figures (a person judges what they show)."""
        if not self.figures:
            n_a: Status = "not applicable"
            return [
                _pemat(15, "Uses visual aids where they would help", "needs a person", NO_FIGURES),
                _pemat(16, "Visual aids reinforce the content", n_a, "no visual aids"),
                _pemat(17, "Visual aids have clear titles or captions", n_a, "no visual aids"),
                _pemat(18, "Illustrations are clear and uncluttered", n_a, "no visual aids"),
            ]
        bare = [figure.image for figure in self.figures if not figure.caption]
        captions = f"no caption: {', '.join(map(repr, bare))}" if bare else "each has a caption"
        return [
            _pemat(15, "Uses visual aids where they would help", "met", self._figures_evidence("")),
            _pemat(
                16,
                "Visual aids reinforce the content",
                "needs a person",
                self._figures_evidence("judge them"),
            ),
            _pemat(17, "Visual aids have clear titles or captions", _met(not bare), captions),
            _pemat(
                18,
                "Illustrations are clear and uncluttered",
                "needs a person",
                self._figures_evidence("judge them"),
            ),
        ]

    def _figures_evidence(self, judge: str) -> str:
        if not self.figures:
            return NO_FIGURES
        counted = _count(self.figures, "figure")
        return f"{counted}; {judge}" if judge else counted

    def cdc(self) -> list[Item]:
        person: Status = "needs a person"
        n_a: Status = "not applicable"
        key = self.key_sentences
        active = not any(is_passive(sentence) for sentence in [*key, *self.actions])
        numbers = person if self.numbers else n_a
        return [
            _cdc(
                1, "One main message", _met(1 <= len(key) <= 3), f"key message of {_count(key, 'sentence')}"
            ),
            _cdc(2, "Main message at the top", "met", "printed first, under the title"),
            _cdc(3, "Main message stands out", "met", "printed in a box, in bold"),
            _cdc(
                4,
                "A visual supports the main message",
                person if self.figures else "not met",
                self._figures_evidence("judge whether one supports the main message"),
            ),
            _cdc(5, "Has a call to action", _met(bool(self.actions)), _count(self.actions, "action")),
            _cdc(
                6,
                "Main message and call to action are active",
                _met(active),
                "passive voice found" if not active else "",
            ),
            _cdc(
                7,
                "Uses the words the audience uses",
                "not met" if self.wording.unexplained else person,
                self._terms_evidence(),
            ),
            _cdc(8, "Uses bulleted or numbered lists", _met(self.has_lists)),
            _cdc(
                9,
                "Organised in chunks with headings",
                _met(len(self.spec.sections) >= 2),
                _count(self.spec.sections, "section"),
            ),
            _cdc(10, "Most important information comes first", "met", "the key message opens the page"),
            _cdc(11, "Says what is known and not known", person),
            _cdc(12, "Recommends a behaviour", _met(bool(self.actions)), _count(self.actions, "action")),
            _cdc(13, "Explains why the behaviour matters", person),
            _cdc(
                14,
                "Says how to do it",
                "met" if self.has_steps else person,
                "numbered steps" if self.has_steps else "",
            ),
            _cdc(15, "Uses numbers the audience uses", numbers, self._numbers_evidence()),
            _cdc(16, "Explains what numbers mean", numbers, self._numbers_evidence()),
            _cdc(17, "Needs no calculation", numbers, self._numbers_evidence()),
            _cdc(18, "Explains the nature of the risk", person),
            _cdc(19, "Gives both risks and benefits", person),
            _cdc(
                20,
                "Explains probabilities in words or pictures",
                person if self.probabilities else n_a,
                "gives a probability" if self.probabilities else "no probabilities",
            ),
        ]

    def _everyday_language(self) -> Item:
        wording = "Uses common, everyday language"
        if self.grade_ok is None:
            return _pemat(3, wording, "needs a person", "no reading formula for this language")
        ok = self.grade_ok and not self.wording.unexplained
        evidence = (
            "reading grade within the limit and every listed term explained"
            if ok
            else "reading grade over the limit or terms unexplained (see above)"
        )
        return _pemat(3, wording, _met(ok), evidence)

    def _terms_defined(self) -> Item:
        """PEMAT 4: met only where a term list for the page's language was checked."""
        unexplained = self.wording.unexplained
        status: Status = "not met" if unexplained else "met" if self.wording.known else "needs a person"
        return _pemat(4, "Medical terms are defined", status, self._terms_evidence())

    def _terms_evidence(self) -> str:
        unexplained = self.wording.unexplained
        if unexplained:
            return f"{_count(unexplained, 'term')} unexplained"
        if not self.wording.known:
            return f"no term list for this language (there are for {', '.join(KNOWN)})"
        return "every listed term explained at first use"

    def _active_voice(self) -> Item:
        if not self.wording.known:
            why = f"the heuristic is for {', '.join(KNOWN)} text"
            return _pemat(5, "Uses the active voice", "needs a person", why)
        share = self.wording.passive_share
        evidence = f"{share:.0%} of sentences read as passive"
        return _pemat(5, "Uses the active voice", _met(share <= MAX_PASSIVE_SHARE), evidence)

    def _tables_item(self) -> Item:
        if not self.tables:
            return _pemat(19, "Tables are simple, with short headings", "not applicable", "no tables")
        headings = [
            plain(text) for table in self.tables for text in [*table.columns, *(r.label for r in table.rows)]
        ]
        long = [text for text in headings if len(text.split()) > SHORT_HEADING]
        evidence = f"headings over {SHORT_HEADING} words: {', '.join(long)}" if long else "headings are short"
        return _pemat(19, "Tables are simple, with short headings", _met(not long), evidence)

    def _numbers_evidence(self) -> str:
        return (
            "has numbers other than phone numbers" if self.numbers else "no numbers other than phone numbers"
        )


def _pemat(number: int, wording: str, status: Status, evidence: str = "") -> Item:
    return Item("PEMAT-P", number, wording, status, evidence)


def _cdc(number: int, wording: str, status: Status, evidence: str = "") -> Item:
    return Item("CDC CCI", number, wording, status, evidence)


def _met(condition: bool) -> Status:
    return "met" if condition else "not met"


def _count(things: Sized, noun: str) -> str:
    return f"{len(things)} {noun}{'' if len(things) == 1 else 's'}"
