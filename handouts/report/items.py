"""The items of AHRQ's PEMAT-P (print) and the CDC Clear Communication Index, each judged where a program
can judge it (met or not met, with the evidence) and left to a person where it cannot.

The items are worded in our own short form (the catalogues' `pemat_N` and `cdc_N` report words); the
tools' user guides hold the full text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..spec.markup import plain
from ..spec.model import Bullets, Callout, Comparison, Figure, Spec, Steps
from .phones import without_phones
from .plain_language import KNOWN, MAX_PASSIVE_SHARE, PlainLanguage, is_passive
from .prose import Part, sentences
from .words import Words

Status = Literal["met", "not met", "needs a person", "not applicable"]
STATUSES: tuple[Status, ...] = ("met", "not met", "needs a person", "not applicable")
PEMAT, CDC = "PEMAT-P", "CDC CCI"  # the tools' names, as their authors write them (never translated)
LONG_SECTION = 120  # words: more than this is not a "short section" (PEMAT 8)
SHORT_HEADING = 4  # words in a table heading (PEMAT 19)
_NUMBER = re.compile(r"\d")
_PROBABILITY = re.compile(r"\d\s*(?:%|percent|per\s*cent|in\s+\d+|out\s+of\s+\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    tool: str  # "PEMAT-P" or "CDC CCI"
    number: int
    wording: str  # in the report's language
    status: Status
    evidence: str = ""


class Facts:
    """What the items are judged from, gathered once; the items are said in `words`."""

    def __init__(
        self,
        spec: Spec,
        sections: list[Part],
        actions: list[str],
        wording: PlainLanguage,
        grade_ok: bool | None,
        words: Words,
    ) -> None:
        blocks = [block for section in spec.sections for block in section.blocks]
        self.spec = spec
        self.actions = actions
        self.wording = wording
        self.grade_ok = grade_ok
        self.words = words
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

    def _item(self, tool: str, number: int, status: Status, evidence: str = "") -> Item:
        key = f"{'pemat' if tool == PEMAT else 'cdc'}_{number}"
        return Item(tool, number, self.words(key), status, evidence)

    def _pemat(self, number: int, status: Status, evidence: str = "") -> Item:
        return self._item(PEMAT, number, status, evidence)

    def _cdc(self, number: int, status: Status, evidence: str = "") -> Item:
        return self._item(CDC, number, status, evidence)

    def pemat(self) -> list[Item]:
        said, item = self.words, self._pemat
        person: Status = "needs a person"
        n_a: Status = "not applicable"
        numbers = self._numbers_evidence()
        actions = said.count("count_actions", len(self.actions))
        longest = max(self.section_words, default=0)
        cues = "ev_cues_urgent" if self.has_urgent else "ev_cues"
        return [
            item(1, person, said("ev_purpose")),
            item(2, person),
            self._everyday_language(),
            self._terms_defined(),
            self._active_voice(),
            item(6, person if self.numbers else n_a, numbers),
            item(7, person if self.numbers else "met", numbers),
            item(
                8,
                _met(all(words <= LONG_SECTION for words in self.section_words)),
                said("ev_sections", words=longest, limit=LONG_SECTION),
            ),
            item(9, person, said("ev_headings")),
            item(10, person),
            item(11, "met", said("ev_summary")),
            item(12, "met", said(cues)),
            *self._visual_items(),
            self._tables_item(),
            item(20, _met(bool(self.actions)), actions),
            item(21, _met(bool(self.actions)), said("ev_direct" if self.actions else "ev_no_actions")),
            item(
                22,
                "met" if self.has_steps else person,
                said("ev_steps" if self.has_steps else "ev_no_steps"),
            ),
            item(23, person),
            item(24, person if self.numbers else n_a, numbers),
            item(
                25,
                person if self.tables else n_a,
                said("ev_table" if self.tables else "ev_no_tables_or_charts"),
            ),
            item(26, person, self._figures_evidence(said("judge_show_how"))),
        ]

    def _visual_items(self) -> list[Item]:
        """PEMAT-P 15 to 18, from the spec's figures (a person judges what they show)."""
        said, item = self.words, self._pemat
        if not self.figures:
            n_a: Status = "not applicable"
            none = said("ev_no_visual_aids")
            return [
                item(15, "needs a person", said("ev_no_illustrations")),
                item(16, n_a, none),
                item(17, n_a, none),
                item(18, n_a, none),
            ]
        bare = [figure.image for figure in self.figures if not figure.caption]
        captions = (
            said("ev_no_caption", figures=", ".join(map(repr, bare))) if bare else said("ev_each_caption")
        )
        return [
            item(15, "met", self._figures_evidence("")),
            item(16, "needs a person", self._figures_evidence(said("judge_them"))),
            item(17, _met(not bare), captions),
            item(18, "needs a person", self._figures_evidence(said("judge_them"))),
        ]

    def _figures_evidence(self, judge: str) -> str:
        if not self.figures:
            return self.words("ev_no_illustrations")
        counted = self.words.count("count_figures", len(self.figures))
        return f"{counted}; {judge}" if judge else counted

    def cdc(self) -> list[Item]:
        said, item = self.words, self._cdc
        person: Status = "needs a person"
        n_a: Status = "not applicable"
        key = self.key_sentences
        active = not any(is_passive(sentence) for sentence in [*key, *self.actions])
        numbers = person if self.numbers else n_a
        actions = said.count("count_actions", len(self.actions))
        return [
            item(
                1,
                _met(1 <= len(key) <= 3),
                said("ev_key_message", sentences=said.count("count_sentences", len(key))),
            ),
            item(2, "met", said("ev_printed_first")),
            item(3, "met", said("ev_boxed")),
            item(
                4,
                person if self.figures else "not met",
                self._figures_evidence(said("judge_supports")),
            ),
            item(5, _met(bool(self.actions)), actions),
            item(6, _met(active), said("ev_passive_found") if not active else ""),
            item(7, "not met" if self.wording.unexplained else person, self._terms_evidence()),
            item(8, _met(self.has_lists)),
            item(
                9,
                _met(len(self.spec.sections) >= 2),
                said.count("count_sections", len(self.spec.sections)),
            ),
            item(10, "met", said("ev_key_first")),
            item(11, person),
            item(12, _met(bool(self.actions)), actions),
            item(13, person),
            item(14, "met" if self.has_steps else person, said("ev_steps") if self.has_steps else ""),
            item(15, numbers, self._numbers_evidence()),
            item(16, numbers, self._numbers_evidence()),
            item(17, numbers, self._numbers_evidence()),
            item(18, person),
            item(19, person),
            item(
                20,
                person if self.probabilities else n_a,
                said("ev_probability" if self.probabilities else "ev_no_probabilities"),
            ),
        ]

    def _everyday_language(self) -> Item:
        if self.grade_ok is None:
            return self._pemat(3, "needs a person", self.words("ev_no_formula"))
        ok = self.grade_ok and not self.wording.unexplained
        return self._pemat(3, _met(ok), self.words("ev_everyday_met" if ok else "ev_everyday_not_met"))

    def _terms_defined(self) -> Item:
        """PEMAT 4: met only where a term list for the page's language was checked."""
        unexplained = self.wording.unexplained
        status: Status = "not met" if unexplained else "met" if self.wording.known else "needs a person"
        return self._pemat(4, status, self._terms_evidence())

    def _terms_evidence(self) -> str:
        unexplained = self.wording.unexplained
        if unexplained:
            return self.words("ev_terms_unexplained", terms=self.words.count("count_terms", len(unexplained)))
        if not self.wording.known:
            return self.words("ev_no_term_list", languages=", ".join(KNOWN))
        return self.words("ev_terms_explained")

    def _active_voice(self) -> Item:
        if not self.wording.known:
            return self._pemat(5, "needs a person", self.words("heuristic_for", languages=", ".join(KNOWN)))
        share = self.wording.passive_share
        evidence = self.words("ev_passive_share", share=f"{share:.0%}")
        return self._pemat(5, _met(share <= MAX_PASSIVE_SHARE), evidence)

    def _tables_item(self) -> Item:
        if not self.tables:
            return self._pemat(19, "not applicable", self.words("ev_no_tables"))
        headings = [
            plain(text) for table in self.tables for text in [*table.columns, *(r.label for r in table.rows)]
        ]
        long = [text for text in headings if len(text.split()) > SHORT_HEADING]
        evidence = (
            self.words("ev_long_headings", limit=SHORT_HEADING, headings=", ".join(long))
            if long
            else self.words("ev_short_headings")
        )
        return self._pemat(19, _met(not long), evidence)

    def _numbers_evidence(self) -> str:
        return self.words("ev_numbers" if self.numbers else "ev_no_numbers")


def _met(condition: bool) -> Status:
    return "met" if condition else "not met"
