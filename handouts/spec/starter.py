"""The starter specs that `handouts new` writes, one per audience: valid as they stand, each passing its
quality report, every block kind but a figure shown once (a figure needs an image file beside the spec,
so the starters show it in a comment)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import OutputError, Problem, SpecError
from ..files import file_name
from .model import SLUG, Audience

_HEAD = """\
#:schema ./spec.schema.json
# A handouts content spec. Every text may use **bold**, *italic* and citations such as [1];
# every other character prints exactly as written. `handouts validate` checks this file,
# `handouts build` turns it into a one-page PDF, `handouts watch` rebuilds it on every save.
# Replace the example text below with your own. (The first line points an editor at the schema:
# write it beside this file with `handouts schema > spec.schema.json`.)

id = "{id}"
audience = "{audience}"
title = "{title}"
subtitle = "Replace this subtitle, or delete the line"
language = "en"
version = "0.1"
"""

_REVIEW = """
[review]
last_reviewed = {today}
next_review = {next_review}
reviewed_by = "Name of the reviewing clinician"
authors = ["Name of an author"]
"""

_FIGURE = """
# A picture: a PNG or JPEG in this spec's folder, described for readers who cannot see it.
# [[sections.blocks]]
# kind = "figure"
# image = "diagram.png"
# alt = "What the picture shows, in a sentence."
# caption = "A caption printed under it (optional)."
# width = 0.6   # of the column's width (optional)
"""

_REFERENCE = """
[[references]]
authors = "Author A, Author B"
title = "Title of the source"
source = "Journal or publisher"
year = {year}
volume = "12"
issue = "3"
pages = "45-52"
doi = "10.1000/xyz123"
pmid = "12345678"
"""

_PATIENT = '''\
key_message = "The one thing a reader should remember, in a sentence or two."
disclaimer = """This sheet is general information. It does not replace advice from your own \\
doctor or nurse about your own care."""
{review}
[contact]
name = "Clinic name"
phone = "555-0100"
hours = "Monday to Friday, 8 a.m. to 5 p.m."

[[sections]]
title = "{first_heading}"

[[sections.blocks]]
kind = "paragraph"
text = "A short paragraph in plain words. Cite a source like this [1]."
{figure}
[[sections.blocks]]
kind = "bullets"
items = [
  "A point on its own",
  {{ text = "A point with details", items = ["A detail"] }},
]

[[sections]]
title = "Compared side by side"

[[sections.blocks]]
kind = "comparison"
columns = ["First thing", "Second thing"]
rows = [
  {{ label = "What it is", cells = ["What the first is", "What the second is"] }},
]

[[sections]]
title = "Words to know"

[[sections.blocks]]
kind = "definitions"
items = [{{ term = "A term", meaning = "What the term means, in plain words." }}]

[[sections]]
title = "What you can do"

[[sections.blocks]]
kind = "steps"
items = ["Do this first.", "Then do this."]

[[sections]]
title = "When to get help now"

[[sections.blocks]]
kind = "callout"
level = "urgent"
title = "Call 911 or go to the emergency department if you have"
items = ["A warning sign", "Another warning sign"]

[[sections]]
title = "Questions people ask"

[[sections.blocks]]
kind = "faq"
items = [{{ question = "A question people ask?", answer = "A short, direct answer." }}]
{reference}'''

_CLINICIAN = '''\
key_message = """The bottom line for a clinician: what to recognise, what to do and how soon, \\
in a sentence or two [1]."""
disclaimer = """For healthcare professionals. This summary supports clinical judgment and does not \\
replace it. Check it against the primary literature and current guidelines before applying it to \\
patient care; decisions about an individual patient remain with the treating clinician."""
# Sections print in this file's order; true prints the section with the comparison table first.
comparison_first = false
{review}
[[sections]]
title = "Overview"

[[sections.blocks]]
kind = "paragraph"
text = "What the condition is, who it affects and why it matters, with its source [1]."
{figure}
[[sections]]
title = "Key differences"

[[sections.blocks]]
kind = "comparison"
columns = ["First condition", "Second condition"]
rows = [
  {{ label = "Definition", cells = ["What the first is", "What the second is"] }},
  {{ label = "Course", cells = ["How the first runs", "How the second runs"] }},
  {{ label = "Prognosis", cells = ["What to expect of the first", "What to expect of the second"] }},
]

[[sections]]
title = "Terms"

[[sections.blocks]]
kind = "definitions"
items = [{{ term = "A term", meaning = "Its definition, as the literature uses it [1]." }}]

[[sections]]
title = "Assessment"

[[sections.blocks]]
kind = "bullets"
items = [
  "A finding to look for",
  {{ text = "An investigation", items = ["What it shows"] }},
]

[[sections.blocks]]
kind = "steps"
items = ["The first step of management.", "The next step, and when to take it."]

[[sections.blocks]]
kind = "callout"
level = "warning"
title = "Pitfall"
text = "A finding that is easy to miss, and what it means."

[[sections]]
title = "Questions colleagues ask"

[[sections.blocks]]
kind = "faq"
items = [{{ question = "A question colleagues ask?", answer = "A short answer, with its source [1]." }}]
{reference}'''


def starter_spec(spec_id: str, audience: Audience, today: date) -> str:
    """The starter spec for `audience`, reviewed `today` and due for review a year later."""
    title = spec_id.replace("-", " ").capitalize()
    body = _PATIENT if audience == "patient" else _CLINICIAN
    review = _REVIEW.format(
        today=today.isoformat(),
        next_review=today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat(),
    )
    return _HEAD.format(id=spec_id, audience=audience, title=title) + body.format(
        review=review,
        figure=_FIGURE,
        reference=_REFERENCE.format(year=today.year),
        first_heading=f"What is {title.lower()}?",
    )


def write_starter(spec_id: str, audience: Audience, folder: str | Path, today: date) -> Path:
    """Write the starter spec to FOLDER/ID.toml, never over an existing file; return its path."""
    if not SLUG.match(spec_id) or len(spec_id) > 64:
        problem = "an id is a slug: lowercase letters, digits and single hyphens"
        raise SpecError([Problem(repr(spec_id), "", problem)])
    folder = Path(folder)
    target = folder / f"{spec_id}.toml"
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{file_name(folder)}: is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(starter_spec(spec_id, audience, today))
    except FileExistsError:
        message = "already exists; choose another id or remove the file first"
        raise OutputError(f"{file_name(target)}: {message}") from None
    except OSError as error:
        raise OutputError(f"{file_name(target)}: cannot be written: {error.strerror or error}") from None
    return target
