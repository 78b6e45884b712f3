"""Rules that span fields of a valid spec: citations, titles, references listed twice, review dates.

Each rule returns problems rather than raising, so a person sees every one of them in one run.
"""

from __future__ import annotations

import re
from datetime import date

from ..errors import Problem, shorten
from .markup import citations, fold, plain
from .model import Spec, texts

REVIEW_CYCLE_YEARS = 3


def check(spec: Spec, file: str, today: date) -> list[Problem]:
    return [
        *_citations(spec, file),
        *_unique_titles(spec, file),
        *_unique_references(spec, file),
        *_review_dates(spec, file, today),
    ]


def _citations(spec: Spec, file: str) -> list[Problem]:
    problems: list[Problem] = []
    count = len(spec.references)
    cited: set[int] = set()
    for path, text in texts(spec):
        place = where(spec, path)
        for cite in citations(text):
            if path.startswith("references["):
                problems.append(Problem(file, place, f"[{cite.label}]: a reference cannot cite; remove it"))
                continue
            if not cite.numbers:
                problems.append(Problem(file, place, f"citation [{cite.label}] runs backwards"))
            cited.update(n for n in cite.numbers if 1 <= n <= count)
            missing = [n for n in cite.numbers if not 1 <= n <= count]
            if not missing:
                continue
            # One line per citation, however wide its range: [1-999] is one mistake, not 999.
            shown = f"[{', '.join(map(str, missing))}]" if len(missing) <= 3 else f"[{cite.label}]"
            if 0 in missing:
                reason = "references are numbered from 1"
            elif count:
                reason = f"references has {count}"
            else:
                reason = "the spec has no references"
            problems.append(Problem(file, place, f"cites {shown} but {reason}"))
    for number, reference in enumerate(spec.references, start=1):
        if number not in cited:
            problems.append(
                Problem(
                    file,
                    f"references[{number}]",
                    f"is never cited ({shorten(reference.title, 50)}); cite it as [{number}] or remove it",
                    "warning",
                )
            )
    return problems


def _unique_titles(spec: Spec, file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, section in enumerate(spec.sections, start=1):
        key = fold(section.title).casefold()
        if key in seen:
            problems.append(
                Problem(
                    file,
                    f"sections[{number}].title",
                    f"repeats the title of sections[{seen[key]}] ({section.title!r})",
                )
            )
        seen.setdefault(key, number)
    return problems


def _unique_references(spec: Spec, file: str) -> list[Problem]:
    """A reference listed twice (the same title, source and year, or the same DOI or PMID) is a
    warning: the reader is sent to two numbers for one source."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}  # (kind, value) -> the first reference that has it
    for number, reference in enumerate(spec.references, start=1):
        keys = [
            ("listing", _same(reference.title, reference.source, str(reference.year))),
            ("DOI", reference.doi.strip().casefold() if reference.doi else ""),  # DOIs ignore case
            ("PMID", reference.pmid.lstrip("0") if reference.pmid else ""),
        ]
        repeated = [(kind, seen[(kind, value)]) for kind, value in keys if value and (kind, value) in seen]
        for kind, value in keys:
            if value:
                seen.setdefault((kind, value), number)
        if not repeated:
            continue
        kind, first = repeated[0]
        reason = {
            "listing": "the same title, source and year",
            "DOI": f"the same DOI, {reference.doi}",
            "PMID": f"the same PMID, {reference.pmid}",
        }[kind]
        message = f"repeats references[{first}] ({reason}); cite [{first}] instead and remove it"
        problems.append(Problem(file, f"references[{number}]", message, "warning"))
    return problems


def _same(*parts: str) -> str:
    """Text as two listings of one source would agree on it: markup, case and spacing aside."""
    return "\n".join(" ".join(plain(part).casefold().split()) for part in parts)


def _review_dates(spec: Spec, file: str, today: date) -> list[Problem]:
    review = spec.review
    problems: list[Problem] = []
    if review.next_review <= review.last_reviewed:
        problems.append(
            Problem(
                file,
                "review.next_review",
                f"{review.next_review} must come after last_reviewed ({review.last_reviewed})",
            )
        )
    elif review.next_review > _years_after(review.last_reviewed, REVIEW_CYCLE_YEARS):
        problems.append(
            Problem(
                file,
                "review.next_review",
                "is more than three years after last_reviewed; clinical content is "
                "usually reviewed at least every three years",
                "warning",
            )
        )
    if review.last_reviewed > today:
        problems.append(
            Problem(file, "review.last_reviewed", f"{review.last_reviewed} is in the future", "warning")
        )
    if review.next_review < today:
        problems.append(
            Problem(
                file,
                "review.next_review",
                f"review overdue since {review.next_review}; review the content and update the dates",
                "warning",
            )
        )
    return problems


_IN_SECTION = re.compile(r"sections\[(\d+)\]\.")


def where(spec: Spec, path: str) -> str:
    """A path, with the title of the section it lies in (as loading.py words pydantic's errors)."""
    match = _IN_SECTION.match(path)
    return f"{path} (section {spec.sections[int(match[1]) - 1].title!r})" if match else path


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
