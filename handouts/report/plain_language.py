"""Plain language: sentence length, passive voice, long lists, capitals, and medical terms left unexplained.

These are heuristics, as every such check is: they find what a person should look at, and the report
says which of them gate a page. A medical term counts as explained at its first use when it is
followed (within two words) by a bracketed explanation, is itself the bracketed name of something
just described in plain words, is followed by "means", "is a", "which is" and the like, comes after
"called" or "known as", or is a term the spec's own glossary defines. A heading is judged by the
text under it: a question that asks what the term is ("What is carpal tunnel syndrome?", "What does
myelopathy mean?") is answered there, and a term in any other heading is judged by its first use in
the text below.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..spec.markup import plain
from ..spec.model import Bullets, Callout, Definitions, NestedItem, Spec, Steps
from .prose import Part, Piece, language_root, parts, words

MAX_AVERAGE_SENTENCE = 20  # words: the gate
LONG_SENTENCE = 25  # words: a sentence worth a second look
MAX_PASSIVE_SHARE = 0.2  # PEMAT item 5 is met when at least 80% of the text is active
MAX_LIST_ITEMS = 7  # readers hold about seven things at once

_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten)"
_IRREGULAR = (
    "born|broken|brought|built|bought|caught|chosen|done|drawn|driven|eaten|fallen|felt|found|given|"
    "gone|grown|held|hidden|hit|hurt|kept|known|laid|led|left|lost|made|meant|met|paid|put|read|run|"
    "said|seen|sent|set|shown|shut|sold|spent|split|spread|taken|taught|told|thought|torn|understood|"
    "woken|won|worn|written"
)
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:(?:not|also|often|usually|always|never|sometimes|rarely|only|then|being)\s+)*"
    rf"(?:[a-z]+ed|{_IRREGULAR})\b",
    re.IGNORECASE,
)
# Adjectives that look like participles: "is tired" or "are interested" is how people talk.
_NOT_PASSIVE = {"tired", "interested", "worried", "scared", "married", "used", "supposed", "needed", "red"}
# Spanish: "ser" and a participle ("fue operado", "son tratadas"); "estar" and a participle is a state.
_PASIVA = re.compile(
    r"\b(?:es|son|fue|fueron|era|eran|será|serán|sea|sean|sido|ser)\s+"
    r"(?:(?:muy|también|casi|siempre|nunca|luego)\s+)*[a-záéíóúñ]+(?:ad|id)(?:o|a|os|as)\b",
    re.IGNORECASE,
)
_NO_PASIVA = {"cansado", "preocupado", "casado", "ocupado", "parecido", "conocido", "aburrido", "querido"}
KNOWN = ("en", "es")  # the languages with a term list and a passive-voice heuristic
UNSPACED = ("zh", "ja")  # written without spaces between words: words cannot be counted by them
_CAPITALS = re.compile(r"\b[A-Z]{2,}(?:['\u2019][A-Z]+)?\b")
_EXPLAINED_AFTER = re.compile(
    r"^(?:\s+(?!(?:or|and)\b)[^\W\d_][\w'\u2019-]*){0,2}\s*\("  # MRI scan (pictures made with magnets)
    r"|^\s*(?:,|:|\u2014|\u2013)?\s*(?:which|that)\s+(?:is|are|means|mean)\b"  # stenosis, which means
    r"|^\s*(?:means|mean|is\s+(?:a|an|the|when|where|how)|are\s+(?:a|an|the|when|where))\b"
    r"|^\s*(?:\u2014|\u2013|:)\s*\w",  # myelopathy: a problem with
    re.IGNORECASE,
)
_EXPLAINED_BEFORE = re.compile(
    r"(?:\(\s*|\b(?:called|known\s+as|named)\s+(?:an?\s+|the\s+)?"
    r"|\b(?:llamad[oa]s?|conocid[oa]s?\s+como)\s+(?:una?\s+|el\s+|la\s+|los\s+|las\s+)?)$",
    re.IGNORECASE,
)
# The same in Spanish: "estenosis, que es", "significa", "es decir", "es cuando".
_EXPLICADO_DESPUES = re.compile(
    r"^\s*(?:,|:|\u2014|\u2013)?\s*(?:que|lo\s+que)\s+(?:es|son|significa|significan|quiere\s+decir)\b"
    r"|^\s*(?:,\s*)?(?:es\s+decir|significa|es\s+(?:una?|el|la|cuando|donde))\b",
    re.IGNORECASE,
)
# "What is carpal tunnel syndrome?", "What does myelopathy mean?": the text under the question answers it.
_DEFINING_QUESTION = re.compile(
    r"\s*what\s+(?:is|are)\s+(?P<subject>.+?)\s*\?\s*\Z|\s*what\s+(?:does|do)\s+(?P<meant>.+?)\s+mean\s*\?\s*\Z",
    re.IGNORECASE,
)
_PREGUNTA = re.compile(  # "¿Qué es la mielomalacia?", "¿Qué significa mielopatía?"
    r"\s*¿?\s*qu[eé]\s+(?:es|son)\s+(?P<subject>.+?)\s*\?\s*\Z"
    r"|\s*¿?\s*qu[eé]\s+significan?\s+(?P<meant>.+?)\s*\?\s*\Z",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unexplained:
    term: str  # as written at its first use
    path: str
    hint: str  # plain words from the shipped list, or "" for a glossary term


@dataclass(frozen=True)
class PlainLanguage:
    known: bool  # the page's language has a shipped term list and a passive-voice heuristic (KNOWN)
    counted: bool  # its words can be counted (not UNSPACED)
    sentences: int
    average_sentence: float  # words
    longest_sentence: str
    longest_words: int
    passive: list[str]  # the sentences read as passive
    long_lists: list[tuple[str, int]]  # (path, items)
    capitals: list[str]  # all-capital words that are not abbreviations, in order, each once
    terms: list[str]  # the listed medical terms the text uses, as first written
    unexplained: list[Unexplained]

    @property
    def passive_share(self) -> float:
        return len(self.passive) / self.sentences if self.sentences else 0.0


def plain_language(spec: Spec) -> PlainLanguage:
    sections = parts(spec)
    all_sentences = [sentence for part in sections for sentence in part.sentences()]
    lengths = [len(words(sentence)) for sentence in all_sentences]
    longest = max(range(len(lengths)), key=lengths.__getitem__) if lengths else None
    language = language_root(spec.language)
    known = language in KNOWN
    terms = medical_terms(language) if known else {}
    used, unexplained = term_uses(sections, {**terms, **glossary(spec)})
    return PlainLanguage(
        known=known,
        counted=language not in UNSPACED,
        sentences=len(all_sentences),
        average_sentence=round(sum(lengths) / len(lengths), 1) if lengths else 0.0,
        longest_sentence=all_sentences[longest] if longest is not None else "",
        longest_words=lengths[longest] if longest is not None else 0,
        passive=[sentence for sentence in all_sentences if known and is_passive(sentence, language)],
        long_lists=list(_long_lists(spec)),
        capitals=_capitals(sections, terms),
        terms=used,
        unexplained=unexplained,
    )


def is_passive(sentence: str, language: str = "en") -> bool:
    pattern, adjectives = (_PASIVA, _NO_PASIVA) if language == "es" else (_PASSIVE, _NOT_PASSIVE)
    return any(match.group().split()[-1].lower() not in adjectives for match in pattern.finditer(sentence))


def _long_lists(spec: Spec) -> Iterable[tuple[str, int]]:
    for number, section in enumerate(spec.sections, start=1):
        for index, block in enumerate(section.blocks, start=1):
            items = block.items if isinstance(block, Bullets | Steps | Callout) else None
            path = f"sections[{number}].blocks[{index}]"
            if items and len(items) > MAX_LIST_ITEMS:
                yield path, len(items)
            for position, item in enumerate(items or [], start=1):
                if isinstance(item, NestedItem) and len(item.items) > MAX_LIST_ITEMS:
                    yield f"{path}.items[{position}]", len(item.items)


def _capitals(sections: list[Part], terms: dict[str, str]) -> list[str]:
    """Words in capitals that read as shouting: not an abbreviation the term list knows, not a short one
    on its own ("MRI", "CT"), but anything of four letters or more, or two capital words in a row."""
    found: list[str] = []
    for piece in (piece for part in sections for piece in part.pieces):
        matches = list(_CAPITALS.finditer(piece.text))
        for index, match in enumerate(matches):
            word = match.group()
            neighbours = [m for m in matches[max(index - 1, 0) : index + 2] if m is not match]
            in_a_row = any(
                abs(m.start() - match.end()) <= 1 or abs(match.start() - m.end()) <= 1 for m in neighbours
            )
            known = word.lower() in terms
            if (in_a_row or (len(word) >= 4 and not known)) and word not in found:
                found.append(word)
    return found


@cache
def medical_terms(language: str = "en") -> dict[str, str]:
    """The shipped list of a language (KNOWN): term (lower case) to plain words a handout might use."""
    name = "medical_terms.toml" if language == "en" else f"medical_terms_{language}.toml"
    data = (files("handouts.report") / "data" / name).read_bytes()
    terms: dict[str, str] = tomllib.loads(data.decode("utf-8"))["terms"]
    return terms


def glossary(spec: Spec) -> dict[str, str]:
    """Terms the spec itself defines (its definitions blocks): these must be explained at first use too."""
    terms = (
        " ".join(plain(item.term).lower().split())
        for section in spec.sections
        for block in section.blocks
        if isinstance(block, Definitions)
        for item in block.items
    )
    return {term: "" for term in terms if term}  # a term of only a citation is empty once plain


def term_uses(sections: list[Part], terms: dict[str, str]) -> tuple[list[str], list[Unexplained]]:
    """The listed terms the text uses (as first written), and those whose first use, in reading order,
    comes without an explanation."""
    if not terms:
        return [], []
    pattern = _term_pattern(tuple(sorted(terms, key=len, reverse=True)))
    seen: dict[str, str] = {}
    unexplained: list[Unexplained] = []
    in_headings: dict[
        str, Unexplained
    ] = {}  # terms so far only in plain headings, which the text may explain
    for piece in (piece for part in sections for piece in part.pieces):
        for match in pattern.finditer(piece.text):
            term = " ".join(match.group("term").lower().split())
            explained = _explained(piece, match.start(), match.end())
            if term in seen:
                continue
            if piece.heading and not explained:  # "Living with myelopathy", then the text explains it
                in_headings.setdefault(term, Unexplained(match.group(), piece.path, terms.get(term, "")))
                continue
            seen[term] = match.group()
            in_headings.pop(term, None)
            if not explained:
                unexplained.append(Unexplained(match.group(), piece.path, terms.get(term, "")))
    unexplained += in_headings.values()
    return [*seen.values(), *(use.term for use in in_headings.values())], unexplained


@cache
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in term.split()) for term in terms)
    return re.compile(rf"(?<![\w-])(?P<term>{alternatives})(?:e?s)?(?![\w-])", re.IGNORECASE)


def _explained(piece: Piece, start: int, end: int) -> bool:
    if piece.path.endswith(".term"):
        return True
    if piece.heading or piece.path.endswith(".question"):
        # A heading is judged by the text under it: a question that asks what the term is (anywhere in
        # its subject) is answered there; any other heading leaves the term to its first use below.
        asked = _DEFINING_QUESTION.match(piece.text) or _PREGUNTA.match(piece.text)
        group = "subject" if asked and asked["subject"] else "meant"
        if asked and asked.start(group) <= start and end <= asked.end(group):
            return True
    after, before = piece.text[end:], piece.text[:start]
    return bool(
        _EXPLAINED_AFTER.match(after) or _EXPLICADO_DESPUES.match(after) or _EXPLAINED_BEFORE.search(before)
    )
