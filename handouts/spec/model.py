"""The content spec: what one printable document may contain, as pydantic models.

A spec is one TOML file. Its text fields hold inline markup (see markup.py); everything else about
presentation is decided by the templates. Cross-field rules (citations, dates, titles) live in rules.py
so that every problem can be reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import unquote

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    model_validator,
)

Audience = Literal["clinician", "patient"]
CalloutLevel = Literal["info", "warning", "urgent"]

# Control characters other than tab and newline have no place in printed text, and some of them
# (NUL, escape) would corrupt the PDF or the terminal that shows an error.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# In pydantic's (Rust) patterns `$` is the very end; in Python's re it also matches before a final
# newline, so SLUG (used with re) ends in \Z instead.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN.removesuffix("$") + r"\Z")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def _printable(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty or only spaces")
    bad = CONTROL.search(text)
    if bad:
        raise ValueError(f"holds the control character U+{ord(bad.group()):04X}; remove it")
    return text


Short = Annotated[str, Field(min_length=1, max_length=160), AfterValidator(_printable)]
Text = Annotated[str, Field(min_length=1, max_length=1500), AfterValidator(_printable)]
Long = Annotated[str, Field(min_length=1, max_length=3000), AfterValidator(_printable)]
StrictDate = Annotated[date, Strict()]
WebAddress = Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")]


class Model(BaseModel):
    """Strict base: unknown keys are errors, nothing is coerced or stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=False)


# --- blocks: the typed bodies of a section --------------------------------------------------------


class Paragraph(Model):
    kind: Literal["paragraph"]
    text: Text


class NestedItem(Model):
    """A bullet with its own sub-bullets (the second and last level)."""

    text: Text
    items: list[Text] = Field(min_length=1, max_length=12)


def _bullet_tag(value: Any) -> str:
    return "plain" if isinstance(value, str) else "nested"


BulletItem = Annotated[
    Annotated[Text, Tag("plain")] | Annotated[NestedItem, Tag("nested")],
    Discriminator(_bullet_tag),
]


class Bullets(Model):
    kind: Literal["bullets"]
    items: list[BulletItem] = Field(min_length=1, max_length=20)


class Steps(Model):
    """Numbered actions for the reader, in order."""

    kind: Literal["steps"]
    items: list[Text] = Field(min_length=1, max_length=12)


class Row(Model):
    label: Short
    cells: list[Text] = Field(min_length=2, max_length=4)


class Comparison(Model):
    """A table: row labels down the side, one column per thing compared."""

    kind: Literal["comparison"]
    columns: list[Short] = Field(min_length=2, max_length=4)
    rows: list[Row] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _cells_match_columns(self) -> Comparison:
        for number, row in enumerate(self.rows, start=1):
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"row {number} ({row.label!r}) has {len(row.cells)} cells "
                    f"but there are {len(self.columns)} columns"
                )
        return self


class Definition(Model):
    term: Short
    meaning: Text


class Definitions(Model):
    """Terms and their meanings; in a patient document, the glossary of words it explains."""

    kind: Literal["definitions"]
    items: list[Definition] = Field(min_length=1, max_length=20)


class Question(Model):
    question: Text
    answer: Text


class Faq(Model):
    kind: Literal["faq"]
    items: list[Question] = Field(min_length=1, max_length=12)


class Callout(Model):
    """A boxed message; level `urgent` is for red flags and "when to get help now"."""

    kind: Literal["callout"]
    level: CalloutLevel
    title: Short | None = None
    text: Text | None = None
    items: list[Text] | None = Field(default=None, min_length=1, max_length=12)

    @model_validator(mode="after")
    def _has_content(self) -> Callout:
        if self.text is None and self.items is None:
            raise ValueError("a callout needs 'text', 'items' or both")
        return self


Block = Annotated[
    Paragraph | Bullets | Steps | Comparison | Definitions | Faq | Callout,
    Field(discriminator="kind"),
]
BLOCK_KINDS = ("paragraph", "bullets", "steps", "comparison", "definitions", "faq", "callout")


class Section(Model):
    title: Short
    blocks: list[Block] = Field(min_length=1, max_length=20)


# --- the document around the sections -------------------------------------------------------------


_DOI_PREFIX = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+\Z")
_PMID = re.compile(
    r"(?:pmid:?\s*)?(?P<id>[0-9]{1,9})\Z"
    r"|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(?P<linked>[0-9]{1,9})/?\Z",
    re.IGNORECASE,
)


def _doi(text: str) -> str:
    """A DOI as its bare name, 10.prefix/suffix: a doi.org address or a "doi:" label is taken off (the
    page prints "doi:" and links to doi.org itself)."""
    bare = _DOI_PREFIX.sub("", text, count=1)
    if bare != text and bare.startswith("10.") and "%" in bare:  # an address may escape the name
        bare = unquote(bare)
    if not _DOI.match(bare):
        raise ValueError(
            "must be a DOI such as '10.1056/NEJMoa2034577' (its https://doi.org/ address will do)"
        )
    return bare


def _pmid(text: str) -> str:
    """A PubMed id as its digits: a "PMID" label or a PubMed address is taken off."""
    found = _PMID.match(text)
    if not found:
        raise ValueError(
            "must be a PubMed id: digits, e.g. '31415926' (a PMCID such as 'PMC1234' is another id)"
        )
    return found["id"] or found["linked"]


# Volume and issue of a journal ("19", "4", "Suppl 2") and its pages ("112-9", "e0123", "S1-S10").
Numbering = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z][0-9A-Za-z .\-\u2013]*$")]


class Reference(Model):
    """A numbered source; the first in the list is [1]."""

    authors: Short | None = None
    title: Text
    source: Short  # journal or publisher
    year: Annotated[int, Field(ge=1800, le=2100)]
    volume: Numbering | None = None
    issue: Numbering | None = None
    pages: Numbering | None = None
    doi: Annotated[str, Field(max_length=300), AfterValidator(_doi)] | None = None
    pmid: Annotated[str, Field(max_length=80), AfterValidator(_pmid)] | None = None
    url: WebAddress | None = None


class Review(Model):
    last_reviewed: StrictDate
    next_review: StrictDate
    reviewed_by: Short
    authors: list[Short] | None = Field(default=None, min_length=1, max_length=12)


class Contact(Model):
    """Who the reader contacts about this document's subject (a clinic profile may add more)."""

    name: Short
    phone: Short | None = None
    hours: Short | None = None
    email: Short | None = None
    website: Short | None = None
    address: Short | None = None


class Spec(Model):
    id: Annotated[str, Field(max_length=64, pattern=SLUG_PATTERN)]
    audience: Audience
    title: Short
    subtitle: Short | None = None
    language: Annotated[str, Field(max_length=35, pattern=LANGUAGE_TAG.pattern)] = "en"
    version: Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")]
    review: Review
    key_message: Text
    sections: list[Section] = Field(min_length=1, max_length=20)
    references: list[Reference] = Field(default_factory=list, max_length=40)
    contact: Contact | None = None
    # The online version, printed as a QR code with the address beside it: short enough to scan and type.
    url: Annotated[str, Field(max_length=120, pattern=r"^https?://\S+$")] | None = None
    disclaimer: Long | None = None  # a clinic profile may supply a default


# --- walking a spec --------------------------------------------------------------------------------

# Fields whose strings are identifiers or addresses, printed (if at all) exactly as written: no
# inline markup, and no citations inside them.
LITERAL_FIELDS = frozenset(
    {
        "id",
        "audience",
        "language",
        "version",
        "kind",
        "level",
        "volume",
        "issue",
        "pages",
        "doi",
        "pmid",
        "url",
        "email",
        "website",
        "phone",
    }
)


def leaves(value: object, path: str = "", field: str = "") -> Iterator[tuple[str, str, object]]:
    """(path, field name, value) for every filled-in leaf; list positions in paths count from 1."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from leaves(getattr(value, name), f"{path}.{name}" if path else name, name)
    elif isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield from leaves(item, f"{path}[{number}]", field)
    elif value is not None:
        yield path, field, value


def texts(spec: Spec) -> Iterator[tuple[str, str]]:
    """(path, text) for every string that may hold inline markup."""
    for path, field, value in leaves(spec):
        if isinstance(value, str) and field not in LITERAL_FIELDS:
            yield path, value


def spec_schema() -> dict[str, Any]:
    """The JSON Schema of a spec, for editors' completion and checking."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Spec.model_json_schema()}
