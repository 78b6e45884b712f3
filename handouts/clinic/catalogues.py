"""A clinic's own words for the tool's labels: `catalogues/LANG.toml` beside its profile, laid over the
bundled catalogue of that language (or a whole catalogue for a language the tool does not ship).

The files are read like the logo: only from the profile's own folder, never through a link, each
bounded in size; their words are printed as text, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import Problem, SpecError
from ..files import CATALOGUES, Unreadable, file_name, read_bounded
from ..language.catalogue import LANGUAGES, problems, texts
from ..spec.fields import unprintable
from ..spec.toml import parse_toml

MAX_FILES = 40
MAX_BYTES = 64 * 1024
_TAG = re.compile(r"[a-z]{2,3}\Z")  # a file per language: its primary subtag


def read_catalogues(folder: Path) -> tuple[dict[str, Mapping[str, object]], list[Problem]]:
    """The catalogues in `folder`/catalogues, by language, and every problem found in them."""
    place = folder / CATALOGUES
    if place.is_symlink() or not place.is_dir():
        return {}, []
    found: dict[str, Mapping[str, object]] = {}
    trouble: list[Problem] = []
    paths = sorted(place.glob("*.toml"))
    if len(paths) > MAX_FILES:
        return {}, [Problem(file_name(place), "", f"holds {len(paths)} catalogues; at most {MAX_FILES}")]
    for path in paths:
        table, wrong = _read(path)
        trouble += wrong
        if table is not None and not wrong:
            found[path.stem] = table
    return found, trouble


def _read(path: Path) -> tuple[Mapping[str, object] | None, list[Problem]]:
    file = file_name(path)
    if not _TAG.match(path.stem):
        return None, [Problem(file, "", "must be named after a language: es.toml, fr.toml, ...")]
    if path.is_symlink():  # a link could lead anywhere: the words must be the clinic's own file
        return None, [Problem(file, "", "is a link; put the catalogue itself in the catalogues folder")]
    try:
        data = read_bounded(path, MAX_BYTES, follow_links=False)
        table = parse_toml(data, file, "a catalogue")
    except Unreadable as error:
        return None, [Problem(file, "", str(error))]
    except SpecError as error:
        return None, list(error.problems)
    complete = path.stem not in LANGUAGES  # a new language needs every word; a bundled one, a few
    found = [Problem(file, key, message) for key, message in problems(table, complete)]
    found += [Problem(file, key, wrong) for key, text in texts(table) if (wrong := unprintable(text))]
    return table, found
