"""A spec as written: the TOML table before (or without) the model's validation, read for what the
cross-field rules need, each part only where it is usable.

The rules (rules.py) run on this rather than on a validated Spec, so that they run alongside the
model's own errors and a spec's mistakes come in one list: a citation to a missing reference is
reported beside a misspelt key, and review dates in the wrong order beside a wrong block kind.
Nothing here judges a value's type beyond what a rule needs: the model says what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import shown
from .walking import LITERAL_FIELDS, SETTINGS
from .wording import key_shown


@dataclass(frozen=True)
class Draft:
    """The table a spec file holds; every reader returns None (or nothing) for a part it cannot use.

    `broken` holds the places where the model found a mistake (as dotted paths): a part with one in it,
    or around it, is left to the model's message, so a list of a thousand sections is one problem.
    """

    table: Mapping[str, Any]
    broken: frozenset[str] = frozenset()

    def usable(self, path: str) -> bool:
        """Whether the model found nothing wrong at `path` or in any part that holds it."""
        return not any(path == place or path.startswith((f"{place}.", f"{place}[")) for place in self.broken)

    def leaves(self) -> Iterator[tuple[str, str, Any]]:
        """(path, key, value) for every value that is not a table or a list, in the file's order; list
        positions in paths count from 1, as in every message."""
        pending: list[tuple[str, str, Any]] = [("", "", self.table)]
        while pending:  # without recursion: a hostile file may nest deeply
            path, key, value = pending.pop()
            if isinstance(value, Mapping):
                inner = [
                    (f"{path}.{key_shown(str(name))}" if path else key_shown(str(name)), str(name), item)
                    for name, item in value.items()
                ]
                pending.extend(reversed(inner))
            elif isinstance(value, list):
                pending.extend(reversed([(f"{path}[{n}]", key, item) for n, item in enumerate(value, 1)]))
            else:
                yield path, key, value

    def texts(self) -> Iterator[tuple[str, str]]:
        """(path, text) for every string that may hold inline markup (citations above all)."""
        for path, key, value in self.leaves():
            if (
                isinstance(value, str)
                and key not in LITERAL_FIELDS
                and path.split(".")[0].split("[")[0] not in SETTINGS
                and self.usable(path)
            ):
                yield path, value

    def references(self) -> list[Any] | None:
        """The references as listed (numbered by position, whatever is wrong inside them); None when
        `references` is not a list at all."""
        found = self.table.get("references", [])
        return found if isinstance(found, list) and self.usable("references") else None

    def titles(self) -> list[tuple[int, str]]:
        """(section number, title) for each section whose title is text."""
        if not self.usable("sections"):
            return []
        return [
            (number, section["title"])
            for number, section in enumerate(self.sections(), start=1)
            if isinstance(section, Mapping)
            and isinstance(section.get("title"), str)
            and self.usable(f"sections[{number}].title")
        ]

    def sections(self) -> list[Any]:
        found = self.table.get("sections")
        return found if isinstance(found, list) else []

    def review_dates(self) -> tuple[date, date] | None:
        """(last_reviewed, next_review) when both are dates (a date and time is not one)."""
        review = self.table.get("review")
        if not isinstance(review, Mapping):
            return None
        last, next_ = review.get("last_reviewed"), review.get("next_review")
        sound = self.usable("review.last_reviewed") and self.usable("review.next_review")
        if type(last) is date and type(next_) is date and sound:
            return last, next_
        return None

    def waivers(self) -> list[tuple[int, str]]:
        """(number, check) for each waiver of a report gate whose check is one the model knows."""
        report = self.table.get("report")
        waive = report.get("waive") if isinstance(report, Mapping) else None
        if not isinstance(waive, list) or not self.usable("report.waive"):
            return []
        return [
            (number, waiver["check"])
            for number, waiver in enumerate(waive, start=1)
            if isinstance(waiver, Mapping)
            and self.usable(f"report.waive[{number}].check")
            and "check" in waiver
        ]

    def where(self, path: str) -> str:
        """A path with the title of the section it lies in, as the model's errors are worded."""
        if not path.startswith("sections["):
            return path
        number = path[len("sections[") : path.index("]")]
        sections = self.sections()
        section = sections[int(number) - 1] if number.isdecimal() and int(number) <= len(sections) else None
        title = section.get("title") if isinstance(section, Mapping) else None
        if not isinstance(title, str) or not title.strip() or "." not in path:
            return path
        return f"{path} (section {shown(title)})"
