"""The blocks of a section: each a typed body (`kind = "..."`) with its own keys, described for the JSON
Schema. How each prints is the templates' business (layout/)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Discriminator, Field, PrivateAttr, Tag, model_validator

from .fields import Cell, Model, Short, Text, about

if TYPE_CHECKING:  # Pillow is imported only for a spec that has a figure
    from ..images import Picture

CalloutLevel = Literal["info", "warning", "urgent"]


class Paragraph(Model):
    """Running text."""

    kind: Literal["paragraph"] = about("A paragraph of running text.", "paragraph")
    text: Text = about(
        "The paragraph; **bold**, *italic* and citations such as [1] allowed.", "Rest helps [1]."
    )


class NestedItem(Model):
    """A bullet with its own sub-bullets (the second and last level)."""

    text: Text = about("The bullet itself.", "Signs in the hands")
    items: list[Text] = about(
        "Its sub-bullets, 1 to 12.", ["Numbness", "Clumsiness"], min_length=1, max_length=12
    )


def _bullet_tag(value: Any) -> str:
    return "plain" if isinstance(value, str) else "nested"


BulletItem = Annotated[
    Annotated[Text, Tag("plain")] | Annotated[NestedItem, Tag("nested")],
    Discriminator(_bullet_tag),
]


class Bullets(Model):
    """A list of points, in no particular order."""

    kind: Literal["bullets"] = about("A bulleted list.", "bullets")
    items: list[BulletItem] = about(
        'The points, 1 to 20: text, or { text = "...", items = [...] } for one level of sub-bullets.',
        ["Neck pain", {"text": "Signs in the hands", "items": ["Numbness"]}],
        min_length=1,
        max_length=20,
    )


class Steps(Model):
    """Numbered actions for the reader, in order."""

    kind: Literal["steps"] = about("Numbered steps for the reader to follow.", "steps")
    items: list[Text] = about(
        "The steps in order, 1 to 12, each an action.",
        ["Rest for a day.", "Walk a little more each day."],
        min_length=1,
        max_length=12,
    )


class Row(Model):
    """One row of a comparison: its label, then one cell per column."""

    label: Short = about("The row's label, down the left side.", "Onset")
    cells: list[Cell] = about(
        'One cell per column, in the columns\' order; an empty cell ("") prints a dash read as "blank".',
        ["Weeks to months", "Years"],
        min_length=2,
        max_length=4,
    )


class Comparison(Model):
    """A table: row labels down the side, one column per thing compared."""

    kind: Literal["comparison"] = about("A table comparing 2 to 4 things, row by row.", "comparison")
    columns: list[Short] = about(
        "The things compared, 2 to 4 (the column headings).",
        ["Myelopathy", "Myelomalacia"],
        min_length=2,
        max_length=4,
    )
    rows: list[Row] = about(
        "The rows, 1 to 12.",
        [{"label": "Onset", "cells": ["Weeks to months", "Years"]}],
        min_length=1,
        max_length=12,
    )

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
    """A term and what it means."""

    term: Short = about("The word explained.", "MRI scan")
    meaning: Text = about(
        "What it means, in plain words.", "Pictures of the inside of the body made with magnets."
    )


class Definitions(Model):
    """Terms and their meanings; in a patient document, the glossary of words it explains."""

    kind: Literal["definitions"] = about("Terms and their meanings.", "definitions")
    items: list[Definition] = about(
        "The terms, 1 to 20.",
        [{"term": "MRI scan", "meaning": "Pictures made with magnets."}],
        min_length=1,
        max_length=20,
    )


class Question(Model):
    """A question a reader asks, and its answer."""

    question: Text = about("The question, as a reader would ask it.", "Will it get worse?")
    answer: Text = about("A short, direct answer.", "Not if the cause is treated early.")


class Faq(Model):
    """Questions and answers."""

    kind: Literal["faq"] = about("Questions people ask, with their answers.", "faq")
    items: list[Question] = about(
        "The questions, 1 to 12.",
        [{"question": "Will it get worse?", "answer": "Not if treated early."}],
        min_length=1,
        max_length=12,
    )


class Callout(Model):
    """A boxed message; level `urgent` is for red flags and "when to get help now"."""

    kind: Literal["callout"] = about("A boxed message.", "callout")
    level: CalloutLevel = about(
        "info (a note), warning (take care) or urgent (get help now: red flags, with a number to call).",
        "urgent",
    )
    title: Short | None = about("The box's heading.", "Call 911 if you have", default=None)
    text: Text | None = about(
        "The box's text; a callout needs text, items or both.", "Sudden weakness in both legs.", default=None
    )
    items: list[Text] | None = about(
        "A list inside the box, 1 to 12 items.",
        ["Sudden weakness", "Loss of bladder control"],
        default=None,
        min_length=1,
        max_length=12,
    )

    @model_validator(mode="after")
    def _has_content(self) -> Callout:
        if self.text is None and self.items is None:
            raise ValueError("a callout needs 'text', 'items' or both")
        return self


class Figure(Model):
    """A picture from the spec's own folder, described for readers who cannot see it.

    Its image is read and checked when the spec is loaded from its file (spec/figures.py), and the bytes
    checked are the bytes printed.
    """

    kind: Literal["figure"] = about("A picture: a PNG or JPEG in the spec's folder.", "figure")
    image: Short = about(
        "The image file, relative to the spec's folder (no '..', no link leading out): a PNG or JPEG, "
        "32 to 4000 pixels a side, at most 4 MiB.",
        "images/spine.png",
    )
    alt: Short = about(
        "What the picture shows, in words, for readers who cannot see it (stored in the PDF; not printed).",
        "The spine from the side, with the spinal cord running down its middle.",
    )
    caption: Text | None = about(
        "A caption printed under the picture.", "The spinal cord runs inside the spine.", default=None
    )
    width: Annotated[float, Field(gt=0.2, le=1.0, allow_inf_nan=False)] | None = about(
        "Its width as a share of the column's, above 0.2 and up to 1 (the whole column, the default).",
        0.6,
        default=None,
    )
    _picture: Picture | None = PrivateAttr(default=None)  # set by spec/figures.py, which reads it

    @property
    def picture(self) -> Picture | None:
        """The checked image, once the spec has been loaded from its file; None before."""
        return self._picture

    def keep_picture(self, picture: Picture) -> None:
        """Keep the checked image read for this figure (its fields, the spec's content, stay as they are)."""
        self._picture = picture


Block = Annotated[
    Paragraph | Bullets | Steps | Comparison | Definitions | Faq | Callout | Figure,
    Field(discriminator="kind"),
]
BLOCK_KINDS = ("paragraph", "bullets", "steps", "comparison", "definitions", "faq", "callout", "figure")
