"""Walking a spec: every filled-in value with its path, and which of them are printed text.

The checks that must see every string a spec prints (markup, citations, glyphs, what a PDF must
hold) walk it here, so that a field added to the models is walked without being listed anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from .model import Spec

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
        "image",
        "alt",
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
# Parts of a spec that say how it is judged (its report, the source it translates), not what is printed.
SETTINGS = ("report", "translation_of")


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


def printed_leaves(spec: Spec) -> Iterator[tuple[str, str, object]]:
    """leaves() of what the spec prints, without its settings (`[report]`, `translation_of`)."""
    return (leaf for leaf in leaves(spec) if leaf[0].split(".")[0] not in SETTINGS)


def texts(spec: Spec) -> Iterator[tuple[str, str]]:
    """(path, text) for every string that may hold inline markup."""
    for path, field, value in printed_leaves(spec):
        if isinstance(value, str) and field not in LITERAL_FIELDS:
            yield path, value
