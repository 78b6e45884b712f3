"""Reading a tagged PDF's catalog back (handouts.pdf.tagged): what the flags say, not that they are there."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject

from handouts.pdf.tagged import read_tagged


@pytest.mark.parametrize("value", [True, False])
def test_marked_and_display_doc_title_are_read_as_they_say(value: bool) -> None:
    """pypdf's BooleanObject is truthy even when it holds false: a /Marked false is not a tagged PDF."""
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    flag = BooleanObject(value)
    writer.root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): flag})
    writer.root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): flag}
    )
    output = io.BytesIO()
    writer.write(output)
    tagged = read_tagged(output.getvalue())
    assert tagged.marked is value
    assert tagged.shows_title is value
