"""The benchmark's library: specs made from the bundled ones in a temporary folder.

Each gets its own id and subtitle, drops some sections and list items, and sometimes gains a sentence,
so that the library spans the type-size range. A variant is kept only if it is valid, has no warnings
and fits its page, so a batch builds every one of them. The generator is seeded: every run builds the
same library.
"""

from __future__ import annotations

import copy
import json
import random
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from handouts import HandoutsError, build_pdf, validate_bytes

REPO = Path(__file__).resolve().parent.parent
SPECS = sorted((REPO / "specs").glob("*.toml"))

EXTRA_SENTENCES = {
    "patient": [
        "Ask your care team if anything here is not clear.",
        "Bring this sheet to your next visit.",
        "Write down your questions before you go.",
        "A family member can help you remember what was said.",
    ],
    "clinician": [
        "Local protocols may differ; follow them where they apply.",
        "Document the baseline examination for later comparison.",
        "Reassess at each visit and record any change.",
        "Discuss uncertain cases with a specialist early.",
    ],
}


def variant(source: dict[str, Any], number: int, rng: random.Random) -> dict[str, Any]:
    """A different spec from the same content: its own id, some sections and items left out."""
    data: dict[str, Any] = copy.deepcopy(source)
    data["id"] = f"{source['id']}-{number:04d}"
    # A variant of a translation is no translation of anything in the library: declared as one, every
    # batch would warn that its source is missing, look for it and build it again (translations are
    # never skipped), which is not what the library measures.
    data.pop("translation_of", None)
    data["subtitle"] = f"{source.get('subtitle', source['title'])} (sheet {number})"
    sections = data["sections"]
    keep = sorted(rng.sample(range(len(sections)), rng.randint(max(1, len(sections) - 3), len(sections))))
    data["sections"] = [sections[index] for index in keep]
    for section in data["sections"]:
        for block in section["blocks"]:
            _vary_block(block, data["audience"], rng)
    return data


def _vary_block(block: dict[str, Any], audience: str, rng: random.Random) -> None:
    items = block.get("items")
    if isinstance(items, list) and len(items) > 2 and block["kind"] != "comparison":
        drop = rng.randint(0, min(2, len(items) - 2))
        for index in sorted(rng.sample(range(len(items)), drop), reverse=True):
            del items[index]
    if block["kind"] == "paragraph" and rng.random() < 0.5:
        block["text"] = f"{block['text']} {rng.choice(EXTRA_SENTENCES[audience])}"


def to_toml(data: dict[str, Any]) -> str:
    """TOML for a spec's shape: scalars, [review], arrays of tables for sections, blocks, references."""
    lines: list[str] = []
    _table(data, "", lines)
    return "\n".join(lines) + "\n"


TABLE_ARRAYS = {"sections", "sections.blocks", "references"}


def _table(table: dict[str, Any], path: str, lines: list[str]) -> None:
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        full = f"{path}.{key}" if path else key
        if isinstance(value, dict) or full in TABLE_ARRAYS:
            nested.append((full, value))
        else:
            lines.append(f"{key} = {_inline(value)}")
    for full, value in nested:
        if isinstance(value, dict):
            lines.append(f"\n[{full}]")
            _table(value, full, lines)
            continue
        for item in value:
            lines.append(f"\n[[{full}]]")
            _table(item, full, lines)


def _inline(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_inline(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"no TOML for {value!r}")


def make_library(folder: Path, count: int, seed: int = 20261121) -> list[Path]:
    """`count` specs made from the bundled ones, each valid, without warnings, and fitting its page."""
    sources = [tomllib.loads(path.read_text(encoding="utf-8")) for path in SPECS]
    rng = random.Random(seed)
    paths: list[Path] = []
    number = 0
    while len(paths) < count:
        number += 1
        data = variant(sources[number % len(sources)], number, rng)
        text = to_toml(data)
        checked = validate_bytes(text.encode("utf-8"), data["id"])
        if checked.spec is None or checked.problems:
            continue  # e.g. a reference no longer cited: a warning the batch would print
        try:
            build_pdf(checked.spec)
        except HandoutsError:
            continue
        path = folder / f"{data['id']}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
