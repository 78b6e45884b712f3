"""The content spec: what one printable document may contain, as pydantic models.

A spec is one TOML file. Its text fields hold inline markup (see markup.py); everything else about
presentation is decided by the templates. The kinds of value are in fields.py, the blocks of a section
in blocks.py and the references in references.py; cross-field rules (citations, dates, titles) live in
rules.py, so that every problem can be reported at once. Every field has a description and an example,
which the JSON Schema (`handouts schema`) carries to an editor.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from .blocks import (
    BLOCK_KINDS,
    Block,
    Bullets,
    Callout,
    CalloutLevel,
    Comparison,
    Definition,
    Definitions,
    Faq,
    Figure,
    NestedItem,
    Paragraph,
    Question,
    Row,
    Steps,
)
from .fields import (
    CONTROL,
    LANGUAGE_TAG,
    SLUG,
    SLUG_PATTERN,
    Long,
    Model,
    SheetAddress,
    Short,
    StrictDate,
    Text,
    WebAddress,
    about,
)
from .references import Reference

__all__ = [
    "BLOCK_KINDS",
    "CONTROL",
    "LANGUAGE_TAG",
    "SLUG",
    "SLUG_PATTERN",
    "VERSION_PATTERN",
    "WAIVABLE",
    "Audience",
    "Block",
    "Bullets",
    "Callout",
    "CalloutLevel",
    "Comparison",
    "Contact",
    "Definition",
    "Definitions",
    "Faq",
    "Figure",
    "Long",
    "Model",
    "NestedItem",
    "Paragraph",
    "Question",
    "Reference",
    "ReportSettings",
    "Review",
    "Row",
    "Section",
    "Short",
    "Spec",
    "Steps",
    "Text",
    "TranslationOf",
    "Waiver",
    "WebAddress",
    "spec_schema",
]

Audience = Literal["clinician", "patient"]
VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z.\-]*$"


class Section(Model):
    """A heading and what comes under it."""

    title: Short = about("The section's heading.", "What are the signs?")
    blocks: list[Block] = about(
        'What the section holds, in order, 1 to 20: each a table with a kind = "...".',
        [{"kind": "paragraph", "text": "Most people get better with rest."}],
        min_length=1,
        max_length=20,
    )


class Review(Model):
    """Who checked the content, when, and when it is next due."""

    last_reviewed: StrictDate = about(
        "When the content was last reviewed: a TOML date, no quotes.", "2026-11-15"
    )
    next_review: StrictDate = about("When it is next due for review: a TOML date, no quotes.", "2027-11-15")
    reviewed_by: Short = about("Who reviewed it (a person or a group).", "Clinical content review group")
    authors: list[Short] | None = about(
        "Who wrote it, 1 to 12 names.", ["Dr A. Lee"], default=None, min_length=1, max_length=12
    )


class Contact(Model):
    """Who the reader contacts about this document's subject (a clinic profile may add more)."""

    name: Short = about("Who to contact.", "Spine clinic")
    phone: Short | None = about("Their phone number.", "555-0100", default=None)
    hours: Short | None = about("When they answer.", "Monday to Friday, 8 a.m. to 5 p.m.", default=None)
    email: Short | None = about("Their e-mail address.", "spine@example.org", default=None)
    website: Short | None = about("Their web address.", "https://example.org/spine", default=None)
    address: Short | None = about("Where they are.", "12 River Road, Springfield", default=None)


# The quality report's gates a spec may waive, by the key the report gives them: the judgements of its
# words (reading level, plain language, actionability), never print legibility, tags or review dates.
Waivable = Literal[
    "flesch_kincaid_grade",
    "smog_grade",
    "crawford_grade",
    "average_sentence",
    "medical_terms",
    "actions_for_the_reader",
    "get_help_now",
    "contact_details",
]
WAIVABLE: tuple[str, ...] = get_args(Waivable)


class Waiver(Model):
    """A gate of the quality report that does not apply to this document, and why: shown in the report."""

    check: Waivable = about("The gate, by the key the report's JSON gives it.", "get_help_now")
    reason: Short = about(
        "Why it does not apply, in a sentence the report shows.",
        "A medicines schedule: no emergency to describe.",
    )


class ReportSettings(Model):
    """How the quality report judges this document."""

    waive: list[Waiver] = about(
        "Gates that do not apply, each with its reason, 1 to 8.",
        [{"check": "get_help_now", "reason": "A medicines schedule: no emergency to describe."}],
        min_length=1,
        max_length=8,
    )


class TranslationOf(Model):
    """The spec this one translates, as it stood when translated: checked so the two cannot drift."""

    id: Annotated[str, Field(max_length=64, pattern=SLUG_PATTERN)] = about(
        "The source spec's id.", "myelomalacia"
    )
    version: Annotated[str, Field(min_length=1, max_length=20, pattern=VERSION_PATTERN)] = about(
        "The source's version when it was translated, in quotes.", "1.0"
    )
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = about(
        "The source's content hash when it was translated: 64 hex digits, as `handouts report` "
        "gives it for the source.",
        "9f2c" * 16,
    )


class Spec(Model):
    """One printable document: a clinician summary or a patient handout."""

    id: Annotated[str, Field(max_length=64, pattern=SLUG_PATTERN)] = about(
        "A slug: lowercase letters, digits and single hyphens; the PDF's default name.", "knee-pain"
    )
    audience: Audience = about(
        "Who reads it: clinician (a dense summary) or patient (plain language).", "patient"
    )
    title: Short = about("The heading of the page.", "Knee pain")
    subtitle: Short | None = about("A line under the title.", "What it is and what helps", default=None)
    language: Annotated[str, Field(max_length=35, pattern=LANGUAGE_TAG.pattern)] = about(
        "A BCP 47 language tag, stored in the PDF.", "en", default="en"
    )
    version: Annotated[str, Field(min_length=1, max_length=20, pattern=VERSION_PATTERN)] = about(
        "The content's version, in quotes.", "1.0"
    )
    review: Review = about(
        "The review record, printed in the footer.",
        {"last_reviewed": "2026-11-15", "next_review": "2027-11-15", "reviewed_by": "Review group"},
    )
    key_message: Text = about(
        "The bottom line: the first thing a reader sees.", "Most knee pain gets better in weeks."
    )
    sections: list[Section] = about(
        "The sections, in order, 1 to 20.",
        [
            {
                "title": "What helps",
                "blocks": [{"kind": "steps", "items": ["Rest.", "Walk a little each day."]}],
            }
        ],
        min_length=1,
        max_length=20,
    )
    comparison_first: bool = about(
        "Clinician summaries: print the section holding the comparison table first, right after the "
        "bottom line, wherever it stands in the file (otherwise sections print in the file's order).",
        True,
        default=False,
    )
    references: list[Reference] = about(
        "Sources cited as [1], [2]... in the order listed, up to 40.",
        [{"title": "Outcomes of surgery for neck pain", "source": "Spine J", "year": 2019}],
        default_factory=list,
        max_length=40,
    )
    contact: Contact | None = about(
        "Who to contact; without it a patient handout prints lines to write them in.",
        {"name": "Spine clinic", "phone": "555-0100"},
        default=None,
    )
    url: SheetAddress | None = about(
        "The online version: printed as a QR code with the address beside it.",
        "https://example.org/handouts/knee-pain",
        default=None,
    )
    disclaimer: Long | None = about(
        "The spec's disclaimer; without one the clinic profile's is used; with neither, nothing is built.",
        "General information only; it does not replace advice about your own care.",
        default=None,
    )
    report: ReportSettings | None = about(
        "How the quality report judges it: gates waived, each with its reason.",
        {"waive": [{"check": "get_help_now", "reason": "A medicines schedule: no emergency to describe."}]},
        default=None,
    )
    translation_of: TranslationOf | None = about(
        "The spec this one translates (its id, version and content hash when translated): the two are "
        "checked to have the same structure, numbers, citations and address.",
        {"id": "myelomalacia", "version": "1.0", "content_hash": "9f2c" * 16},
        default=None,
    )


def spec_schema() -> dict[str, Any]:
    """The JSON Schema of a spec, for editors' completion and checking: every field with its description
    and an example."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Spec.model_json_schema()}
