"""The starter spec that `handouts new` writes: valid as it stands, every block kind shown once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import OutputError, Problem, SpecError
from ..files import file_name
from .model import SLUG, Audience

_STARTER = '''\
# A handouts content spec. Every text may use **bold**, *italic* and citations such as [1];
# every other character prints exactly as written. `handouts validate` checks this file,
# `handouts build` turns it into a one-page PDF. Replace the example text below with your own.

id = "{id}"
audience = "{audience}"
title = "{title}"
subtitle = "Replace this subtitle, or delete the line"
language = "en"
version = "0.1"
key_message = "The one thing a reader should remember, in a sentence or two."
disclaimer = """This sheet is general information. It does not replace advice from your own \
doctor or nurse about your own care."""

[review]
last_reviewed = {today}
next_review = {next_review}
reviewed_by = "Name of the reviewing clinician"
authors = ["Name of an author"]

[contact]
name = "Clinic name"
phone = "555-0100"
hours = "Monday to Friday, 8 a.m. to 5 p.m."

[[sections]]
title = "{first_heading}"

[[sections.blocks]]
kind = "paragraph"
text = "A short paragraph in plain words. Cite a source like this [1]."

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

[[references]]
authors = "Author A, Author B"
title = "Title of the source"
source = "Journal or publisher"
year = {year}
'''


def starter_spec(spec_id: str, audience: Audience, today: date) -> str:
    title = spec_id.replace("-", " ").capitalize()
    first_heading = f"What is {title.lower()}?" if audience == "patient" else "Overview"
    return _STARTER.format(
        id=spec_id,
        audience=audience,
        title=title,
        first_heading=first_heading,
        today=today.isoformat(),
        next_review=today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat(),
        year=today.year,
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
        raise OutputError(f"{target}: already exists; choose another id or remove the file first") from None
    except OSError as error:
        raise OutputError(f"{target}: cannot be written: {error.strerror or error}") from None
    return target
