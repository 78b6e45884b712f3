"""Rules that span fields of a spec: citations, titles, references listed twice, review dates.

Each rule reads the spec as written (draft.py), wherever the part it needs is usable, and returns
problems rather than raising: they run alongside the model's own errors, so a person sees every
mistake of a spec in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from pydantic import ValidationError

from ..errors import Problem, shorten, shown
from .draft import Draft
from .markup import citations, fold, plain
from .model import Reference, Spec

REVIEW_CYCLE_YEARS = 3


def check(draft: Draft, file: str, today: date) -> list[Problem]:
    return [
        *_citations(draft, file),
        *_unique_titles(draft, file),
        *_unique_references(draft, file),
        *_review_dates(draft, file, today),
        *_one_waiver_each(draft, file),
        *_comparison_first(draft, file),
        *_not_its_own_source(draft, file),
    ]


def _citations(draft: Draft, file: str) -> list[Problem]:
    references = draft.references()
    if references is None:  # not a list: the model says so, and nothing can be counted
        return []
    problems: list[Problem] = []
    count = len(references)
    cited: set[int] = set()
    for path, text in draft.texts():
        place = draft.where(path)
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
            listed = f"[{', '.join(map(str, missing))}]" if len(missing) <= 3 else f"[{cite.label}]"
            if 0 in missing:
                reason = "references are numbered from 1"
            elif count:
                reason = f"references has {count}"
            else:
                reason = "the spec has no references"
            problems.append(Problem(file, place, f"cites {listed} but {reason}"))
    for number, reference in enumerate(references, start=1):
        if number not in cited:
            title = reference.get("title") if isinstance(reference, dict) else None
            sound = isinstance(title, str) and draft.usable(f"references[{number}].title")
            named = (
                f" ({shorten(title, 50) if title.isprintable() else shown(title, 50)})"
                if sound and title
                else ""
            )
            problems.append(
                Problem(
                    file,
                    f"references[{number}]",
                    f"is never cited{named}; cite it as [{number}] or remove it",
                    "warning",
                )
            )
    return problems


def _unique_titles(draft: Draft, file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, title in draft.titles():
        key = fold(title).casefold()
        if not key:  # an empty title is the model's to report
            continue
        if key in seen:
            problems.append(
                Problem(
                    file,
                    f"sections[{number}].title",
                    f"repeats the title of sections[{seen[key]}] ({title!r})",
                )
            )
        seen.setdefault(key, number)
    return problems


def _unique_references(draft: Draft, file: str) -> list[Problem]:
    """A reference listed twice (the same title, source and year, or the same DOI or PMID) is a
    warning: the reader is sent to two numbers for one source."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}  # (kind, value) -> the first reference that has it
    for number, reference in _sound_references(draft):
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


def _sound_references(draft: Draft) -> Iterator[tuple[int, Reference]]:
    """(number, reference) for each reference the model finds nothing wrong in, its DOI and PMID in
    their one form."""
    for number, listed in enumerate(draft.references() or [], start=1):
        if draft.usable(f"references[{number}]"):
            try:
                yield number, Reference.model_validate(listed)
            except ValidationError:
                continue


def _same(*parts: str) -> str:
    """Text as two listings of one source would agree on it: markup, case and spacing aside."""
    return "\n".join(" ".join(plain(part).casefold().split()) for part in parts)


def _review_dates(draft: Draft, file: str, today: date) -> list[Problem]:
    dates = draft.review_dates()
    if dates is None:
        return []
    last_reviewed, next_review = dates
    problems: list[Problem] = []
    if next_review <= last_reviewed:
        problems.append(
            Problem(
                file,
                "review.next_review",
                f"{next_review} must come after last_reviewed ({last_reviewed})",
            )
        )
    elif next_review > _years_after(last_reviewed, REVIEW_CYCLE_YEARS):
        problems.append(
            Problem(
                file,
                "review.next_review",
                "is more than three years after last_reviewed; clinical content is "
                "usually reviewed at least every three years",
                "warning",
            )
        )
    if last_reviewed > today:
        problems.append(Problem(file, "review.last_reviewed", f"{last_reviewed} is in the future", "warning"))
    if next_review < today:
        problems.append(
            Problem(
                file,
                "review.next_review",
                f"review overdue since {next_review}; review the content and update the dates",
                "warning",
            )
        )
    return problems


def _one_waiver_each(draft: Draft, file: str) -> list[Problem]:
    """A gate is waived once, for one reason."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, check in draft.waivers():
        if check in seen:
            problems.append(
                Problem(
                    file,
                    f"report.waive[{number}].check",
                    f"waives {check!r} again (see waive[{seen[check]}])",
                )
            )
        seen.setdefault(check, number)
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


def _comparison_first(draft: Draft, file: str) -> list[Problem]:
    """`comparison_first` moves a table to the top of a clinician summary: it must have one to move."""
    if draft.table.get("comparison_first") is not True:
        return []
    if draft.table.get("audience") == "patient":
        reason = "is for clinician summaries; a patient handout prints its sections in the file's order"
        return [Problem(file, "comparison_first", reason)]
    tables = [
        block
        for section in draft.sections()
        if isinstance(section, dict) and isinstance(section.get("blocks"), list)
        for block in section["blocks"]
        if isinstance(block, dict) and block.get("kind") == "comparison"
    ]
    if tables or not draft.usable("sections"):
        return []
    return [Problem(file, "comparison_first", "is true but no section holds a comparison table")]


def _not_its_own_source(draft: Draft, file: str) -> list[Problem]:
    """A translation names another spec: with its own id it would also take its source's output file."""
    source = draft.table.get("translation_of")
    named = source.get("id") if isinstance(source, dict) else None
    if not isinstance(named, str) or named != draft.table.get("id") or not draft.usable("translation_of.id"):
        return []
    reason = (
        "is this spec's own id; a translation names its source and has an id of its own (e.g. 'knee-pain-es')"
    )
    return [Problem(file, "translation_of.id", reason)]
