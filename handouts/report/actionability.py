"""Actionability: what the reader is told to do, where to get help now and how to reach the clinic; and,
from these, the PEMAT-P and CDC Clear Communication Index items (items.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..clinic.profile import Profile
from ..spec.markup import plain
from ..spec.model import Callout, Spec, Steps
from .items import Facts, Item
from .phones import SHORT_NUMBER, has_phone
from .plain_language import PlainLanguage
from .prose import Part, language_root, parts, sentences
from .words import Words


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


@dataclass(frozen=True)
class Contact:
    """How the page tells the reader whom to contact: printed details, lines to write them on, or neither."""

    kind: Literal["given", "write-in", "missing"]
    clinic_file: str | None = None  # given by the clinic profile of this file, not the spec


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
    spec: Spec, clinic: Profile | None, wording: PlainLanguage, grade_ok: bool | None, words: Words
) -> Actionability:
    """`wording` is the plain-language finding; `grade_ok` says whether the reading grade is within the
    limit (None when no formula measured it); the items are said in `words`."""
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
    facts = Facts(spec, sections, actions, wording, grade_ok, words)
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
    return has_phone(text) or (not known_language and bool(SHORT_NUMBER.search(text)))


def _callout_name(block: Callout) -> str:
    return plain(block.title or block.text or (block.items or [""])[0])


def _contact(spec: Spec, clinic: Profile | None) -> Contact:
    contact = spec.contact
    if contact and (contact.phone or contact.email or contact.website or contact.address):
        return Contact("given")
    if clinic is not None:  # its phone number prints under the spec's contact, if there is one
        return Contact("given", clinic.file)
    if contact:  # a name, but no phone, email, website or address
        return Contact("missing")
    return Contact("write-in")  # blank lines for the care team's name and phone, to fill in by hand


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
