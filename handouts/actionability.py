"""Actionability: what the reader is told to do, where to get help now, how to reach the clinic, and the
items of AHRQ's PEMAT-P and the CDC Clear Communication Index that a program can judge.

Every item of both tools is listed with its number: those a program can decide are met or not met,
with the evidence; the rest say "needs a person", so that a reviewer finishes the score by hand.
The items are worded here in our own short form; the tools' user guides hold the full text.
"""

from __future__ import annotations

import re
from collections.abc import Sized
from dataclasses import dataclass
from typing import Literal

from .clinic import Profile
from .markup import plain
from .plain_language import MAX_PASSIVE_SHARE, PlainLanguage, is_passive
from .prose import Part, language_root, parts, sentences
from .spec import Bullets, Callout, Comparison, Spec, Steps

Status = Literal["met", "not met", "needs a person", "not applicable"]
LONG_SECTION = 120  # words: more than this is not a "short section" (PEMAT 8)
SHORT_HEADING = 4  # words in a table heading (PEMAT 19)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The verbs a handout tells its reader to act with, as the first word of a sentence, by language.
_ACTION_VERBS = {
    "en": _word_set(
        """apply ask attend avoid be book bring call carry check come contact cut dial do don't drink eat
        exercise follow get give go keep let lie lift limit list look make note phone plan put read
        remember rest return see seek show sit sleep speak start stay stop stretch swim take talk tell
        try use visit wait walk wash watch wear write"""
    ),
    "es": _word_set(
        """acuda beba busque camine coma consulte cuide descanse evite haga hable lave lleve llame
        mantenga marque no pida pregunte tome use vaya vuelva"""
    ),
}
# Words after a sentence's first word that show it is a noun, not an order: "Rest helps",
# "Sleep problems are common", "Use of ice", "No es grave".
_NOT_AN_ORDER = _word_set(
    """is are was were helps help can may might will would should problems of es está son hay puede"""
)
_LEAD_IN = re.compile(
    r"^(?:(?:please|always|never|now|then|also|and|gently|slowly|carefully|just|first|next|finally"
    r"|por\s+favor|siempre|nunca)\s+|¡)+",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"^(?:if|when|while|si|cuando)\b", re.IGNORECASE)
# An emergency number after a word for calling (in English or Spanish): "call 911", "Call 9-1-1",
# "Llame al 112".
_EMERGENCY = re.compile(
    r"\b(?:call|dial|phone|ring|llame|llamar|llama|marque|marcar)\s+(?:al\s+|a\s+|the\s+)?"
    r"\d(?:[-.\s]?\d){1,3}\b",
    re.IGNORECASE,
)
# A phone number: digits with the usual separators, seven digits or more, that is not a date.
_LONG_NUMBER = re.compile(r"(?<![\w.-])\+?\(?\d[\d\s().\u00a0-]{5,}\d(?![\w-])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_DECIMAL = re.compile(r"\d\.\d(?!\d)")
_SHORT_NUMBER = re.compile(r"(?<![\w.,-])\d{2,4}(?![\w.,-]\d)")
_NUMBER = re.compile(r"\d")
_PROBABILITY = re.compile(r"\d\s*(?:%|percent|per\s*cent|in\s+\d+|out\s+of\s+\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    tool: str  # "PEMAT-P" or "CDC CCI"
    number: int
    wording: str
    status: Status
    evidence: str = ""


@dataclass(frozen=True)
class Contact:
    """How the page tells the reader whom to contact: printed details, lines to write them on, or neither."""

    kind: Literal["given", "write-in", "missing"]
    source: str


@dataclass(frozen=True)
class Actionability:
    actions: list[str]  # sentences that tell the reader to do something
    orders_known: bool  # whether the language's words for giving orders are known here (else: steps only)
    help_block: str | None  # the urgent callout that gives a phone number, by its title or first words
    help_from_clinic: bool  # the number in it is the clinic profile's out-of-hours one
    urgent_blocks: int  # urgent callouts in all, with a phone or not
    contact: Contact
    items: list[Item]


def actionability(
    spec: Spec, clinic: Profile | None, wording: PlainLanguage, grade_ok: bool | None
) -> Actionability:
    """`wording` is the plain-language finding; `grade_ok` says whether the reading grade is within the
    limit (None when no formula measured it)."""
    sections = parts(spec)
    verbs = _ACTION_VERBS.get(language_root(spec.language))
    actions = _actions(spec, sections, verbs or frozenset())
    urgent = [
        block
        for section in spec.sections
        for block in section.blocks
        if isinstance(block, Callout) and block.level == "urgent"
    ]
    own = [block for block in urgent if _has_phone(block, known_language=verbs is not None)]
    with_phone = own or (urgent if clinic is not None else [])
    facts = _Facts(spec, sections, actions, wording, grade_ok)
    return Actionability(
        actions=actions,
        orders_known=verbs is not None,
        help_block=_callout_name(with_phone[0]) if with_phone else None,
        help_from_clinic=bool(with_phone) and not own,
        urgent_blocks=len(urgent),
        contact=_contact(spec, clinic),
        items=facts.pemat() + facts.cdc(),
    )


def _has_phone(block: Callout, known_language: bool) -> bool:
    """Whether an urgent box gives a number to call. In a language whose words for calling are not
    known here, any short number counts ("Appelez le 15"), as emergency numbers are short."""
    text = " ".join(plain(part) for part in [block.title or "", block.text or "", *(block.items or [])])
    return has_phone(text) or (not known_language and bool(_SHORT_NUMBER.search(text)))


def has_phone(text: str) -> bool:
    return bool(_EMERGENCY.search(text)) or any(
        _is_phone(match.group()) for match in _LONG_NUMBER.finditer(text)
    )


def _without_phones(text: str) -> str:
    text = _EMERGENCY.sub("", text)
    return _LONG_NUMBER.sub(lambda match: "" if _is_phone(match.group()) else match.group(), text)


def _is_phone(number: str) -> bool:
    """Seven digits or more, and neither a date nor a measurement ("38.0 (100.4 F)")."""
    return (
        sum(char.isdigit() for char in number) >= 7
        and not _DATE.search(number)
        and not _DECIMAL.search(number)
    )


def _callout_name(block: Callout) -> str:
    return plain(block.title or block.text or (block.items or [""])[0])


def _contact(spec: Spec, clinic: Profile | None) -> Contact:
    contact = spec.contact
    if contact and (contact.phone or contact.email or contact.website or contact.address):
        return Contact("given", "the spec's [contact]")
    if clinic is not None:  # its phone number prints under the spec's contact, if there is one
        return Contact("given", f"the clinic profile {clinic.file}")
    if contact:
        return Contact("missing", "the spec's [contact] has a name but no phone, email, website or address")
    return Contact("write-in", "blank lines for the care team's name and phone, to fill in by hand")


def _actions(spec: Spec, sections: list[Part], verbs: frozenset[str]) -> list[str]:
    """Steps, and every sentence that starts with an instruction ("Call...", "If it hurts, stop...")."""
    steps = {
        plain(item)
        for section in spec.sections
        for block in section.blocks
        if isinstance(block, Steps)
        for item in block.items
    }
    found: list[str] = []
    for part in sections:
        for piece in part.pieces:
            if piece.heading:
                continue
            if piece.text in steps:
                found.append(piece.text)
            else:
                found += [sentence for sentence in sentences(piece.text) if _is_instruction(sentence, verbs)]
    return found


def _is_instruction(sentence: str, verbs: frozenset[str]) -> bool:
    """Whether a sentence tells the reader to do something: it starts with an order, perhaps after
    "please" or a condition ("If it hurts, stop")."""
    sentence = sentence.strip()
    if sentence.endswith("?"):
        return False
    clauses = sentence.split(",")
    if _CONDITION.match(sentence):
        return any(_starts_with_order(clause, verbs) for clause in clauses[1:])
    return _starts_with_order(sentence, verbs)


def _starts_with_order(text: str, verbs: frozenset[str]) -> bool:
    found = _LEAD_IN.sub("", text.strip()).replace("\u2019", "'").split()
    if not found or found[0].endswith(":"):  # "Note: ..." is a label
        return False
    first = found[0].lower().strip(",.;!")
    after = found[1].lower().strip(",.;:!") if len(found) > 1 else ""
    return first in verbs and after not in _NOT_AN_ORDER


class _Facts:
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
        text = " ".join(piece.text for part in sections for piece in part.pieces)
        self.numbers = bool(_NUMBER.search(_without_phones(text)))
        self.probabilities = bool(_PROBABILITY.search(text))
        self.section_words = [len(" ".join(part.sentences()).split()) for part in sections[1:]]
        self.key_sentences = sentences(plain(spec.key_message))

    def pemat(self) -> list[Item]:
        terms = self.wording.unexplained
        person: Status = "needs a person"
        n_a: Status = "not applicable"
        return [
            _pemat(1, "Its purpose is evident", person, "the title and key message state it; judge them"),
            _pemat(2, "Nothing distracts from the purpose", person),
            self._everyday_language(),
            _pemat(4, "Medical terms are defined", _met(not terms), _terms_evidence(terms)),
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
            _pemat(15, "Uses visual aids where they would help", person, "the page has no illustrations"),
            _pemat(16, "Visual aids reinforce the content", n_a, "no visual aids"),
            _pemat(17, "Visual aids have clear titles or captions", n_a, "no visual aids"),
            _pemat(18, "Illustrations are clear and uncluttered", n_a, "no visual aids"),
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
            _pemat(26, "Uses visual aids to make actions easier", person, "the page has no illustrations"),
        ]

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
            _cdc(4, "A visual supports the main message", "not met", "the page has no illustrations"),
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
                _terms_evidence(self.wording.unexplained),
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

    def _active_voice(self) -> Item:
        if not self.wording.english:
            return _pemat(5, "Uses the active voice", "needs a person", "the heuristic is for English text")
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


def _terms_evidence(terms: Sized) -> str:
    return f"{_count(terms, 'term')} unexplained" if terms else "every listed term explained at first use"
