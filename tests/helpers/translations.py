"""A small source spec and a French translation of it, written for the parity tests: the same sections,
blocks, numbers and citations in other words (a decimal comma, a date in the French order)."""

from __future__ import annotations

from pathlib import Path

from handouts.spec.governance import content_hash

from .cli import write
from .specs import current, spec_text, valid_spec

SOURCE_SECTIONS = """
[[sections]]
title = "What helps"

[[sections.blocks]]
kind = "steps"
items = ["Take 2.5 mg twice a day, from March 3, 2027.", "Walk for 10 minutes each day [1]."]

[[sections.blocks]]
kind = "bullets"
items = ["Keep moving.", { text = "Signs to watch", items = ["Numbness", "Weakness"] }]

[[sections]]
title = "When to call"

[[sections.blocks]]
kind = "callout"
level = "urgent"
title = "Call 911 now if"
items = ["You cannot walk.", "You lose control of your bladder."]

[[sections.blocks]]
kind = "paragraph"
text = "Questions? Call the clinic on 555-0100."

[[references]]
title = "Outcomes of neck pain"
source = "Spine J"
year = 2019
"""

FRENCH_SECTIONS = """
[[sections]]
title = "Ce qui aide"

[[sections.blocks]]
kind = "steps"
items = ["Prenez 2,5 mg deux fois par jour, à partir du 3 mars 2027.", "Marchez 10 minutes par jour [1]."]

[[sections.blocks]]
kind = "bullets"
items = ["Restez actif.", { text = "Signes à surveiller", items = ["Engourdissement", "Faiblesse"] }]

[[sections]]
title = "Quand appeler"

[[sections.blocks]]
kind = "callout"
level = "urgent"
title = "Appelez le 911 tout de suite si"
items = ["Vous ne pouvez pas marcher.", "Vous ne contrôlez plus votre vessie."]

[[sections.blocks]]
kind = "paragraph"
text = "Des questions ? Appelez la clinique au 555-0100."

[[references]]
title = "Outcomes of neck pain"
source = "Spine J"
year = 2019
"""


def source_text() -> str:
    return spec_text(SOURCE_SECTIONS, spec_id="neck", title="Neck pain")


def source_hash(text: str | None = None) -> str:
    """The content hash of the source (as written by source_text, unless `text` is given)."""
    return content_hash(valid_spec(text or source_text()))


def french_text(
    sections: str = FRENCH_SECTIONS, *, declared: str | None = None, spec_id: str = "neck-fr"
) -> str:
    """The translation, declaring the source's current hash unless `declared` is given."""
    digest = declared or source_hash()
    extra = f'language = "fr"\ntranslation_of = {{ id = "neck", version = "1.0", content_hash = "{digest}" }}'
    return spec_text(sections, spec_id=spec_id, title="Douleur au cou", extra=extra)


def write_pair(folder: str | Path, sections: str = FRENCH_SECTIONS, *, declared: str | None = None) -> Path:
    """The source and the translation (of `sections`) as FOLDER/neck.toml and FOLDER/neck-fr.toml,
    current on the real today (for the command line), the translation declaring the source's hash as
    written unless `declared` is given; returns the folder."""
    source = current(source_text())
    write(Path(folder) / "neck.toml", source)
    french = french_text(sections, declared=declared or source_hash(source))
    write(Path(folder) / "neck-fr.toml", current(french))
    return Path(folder)
