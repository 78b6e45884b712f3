"""A quality report for people (text) and for programs (JSON)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, fields
from datetime import date
from typing import Any
from unicodedata import combining, east_asian_width

from ..version import __version__
from .items import STATUSES, Item
from .model import Report
from .readability import SHORT_NAMES
from .words import Words

# Raised whenever a key of the JSON output changes meaning or goes away. 2: a check's outcome may be
# "not checked" (where a 1 said "pass" or "info") or "waived"; checks carry `details` and `waived`.
JSON_SCHEMA_VERSION = 2
# Each outcome's mark in the text report, by its report word (info has none): the outcomes themselves
# (pass, fail...) are what programs read in the JSON, in English.
MARKS: dict[str, str] = {
    "pass": "mark_pass",
    "fail": "mark_fail",
    "warn": "mark_warn",
    "not checked": "mark_not_checked",
    "waived": "mark_waived",
}
MARK_WIDTH = 6  # at least: the English marks fill it


def report_text(report: Report) -> str:
    """The report for people, in its own language (report.words)."""
    words = report.words
    marks = {outcome: words(key) for outcome, key in MARKS.items()}
    kind = words("clinician_document" if report.audience == "clinician" else "patient_document")
    print_kind = f", {words('large_print')}" if report.large_print else ""
    lines = [f"{report.file}: {report.title} ({kind}, {report.language}, {report.page_size}{print_kind})"]
    width = max(shown_width(check.name) for part in report.parts for check in part.checks)
    mark = max(MARK_WIDTH, *map(shown_width, marks.values()))
    for part in report.parts:
        lines.append(f"  {part.title}")
        for check in part.checks:
            outcome = marks.get(check.outcome, "")
            lines.append(f"    {pad(outcome, mark)}  {pad(check.name, width)}  {check.shown}")
            lines += [f"    {'':<{mark}}  {'':<{width}}  {more}" for more in check.details]
        lines += _grade_table(part.grades, words)
        lines += _item_lines(part.items, words)
    lines.append(f"  {report_summary(report)}")
    return "\n".join(lines)


def shown_width(text: str) -> int:
    """How many columns a terminal gives `text`: two for a wide (Chinese, Korean) character, none for
    a combining mark; so that columns in those languages line up as in English."""
    return sum(0 if combining(char) else 2 if east_asian_width(char) in ("W", "F") else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - shown_width(text), 0)


def report_summary(report: Report) -> str:
    """The report's last line: the gates failed, or passed; those waived and not checked; warnings."""
    words = report.words
    failed, waived = report.failed, report.with_outcome("waived")
    unchecked = [check for check in report.with_outcome("not checked") if check.gate]
    gates = report.gates
    if failed:
        named = ", ".join(c.name for c in failed)
        head = words("summary_failed", failed=len(failed), gates=gates, names=named)
    elif waived or unchecked:
        head = words("summary_passed_some", passed=gates - len(waived) - len(unchecked), gates=gates)
    else:
        head = words("summary_passed_all", gates=gates)
    notes = [
        words(key, count=len(found), names=", ".join(c.name for c in found))
        for key, found in (("summary_waived", waived), ("summary_not_checked", unchecked))
        if found
    ]
    warned = len(report.with_outcome("warn"))
    notes += [words("summary_warnings", count=warned)] if warned else []
    return "; ".join([head, *notes])


def _grade_table(grades: list[dict[str, Any]], words: Words) -> list[str]:
    if not grades:
        return []
    names = [key for key in grades[0] if key not in ("section", "sentences", "words", "long_words")]
    width = max(shown_width(row["section"]) for row in grades)
    head = "  ".join(SHORT_NAMES.get(name, name).rjust(8) for name in names)
    sentences, longest_words = words("column_sentences"), words("column_longest_words")
    lines = [f"          {pad(words('by_section'), width)}  {head}  {sentences}  {longest_words}"]
    for row in grades:
        scores = "  ".join(f"{row[name]:8g}" for name in names)
        longest = ", ".join(row["long_words"]) or "-"
        count = f"{row['sentences']:{shown_width(sentences)}d}"
        lines.append(f"          {pad(row['section'], width)}  {scores}  {count}  {longest}")
    return lines


def _item_lines(items: list[Item], words: Words) -> list[str]:
    lines: list[str] = []
    statuses = {status: words("status_" + status.replace(" ", "_")) for status in STATUSES}
    width = max(shown_width(name) for name in statuses.values())
    for tool in dict.fromkeys(item.tool for item in items):
        mine = [item for item in items if item.tool == tool]
        counts = Counter(item.status for item in mine)
        summary = ", ".join(f"{counts[status]} {statuses[status]}" for status in STATUSES)
        lines.append(f"    {tool}: {summary}")
        for item in mine:
            evidence = f" ({item.evidence})" if item.evidence else ""
            status = pad(statuses[item.status], width)
            lines.append(f"      {item.number:>2}  {status}  {item.wording}{evidence}")
    return lines


# A report's own fields, as programs have always read them: its words are the text's, not data.
_FIELDS = [field.name for field in fields(Report) if field.name not in ("parts", "words")]


def report_json(reports: list[Report], errors: list[str] | None = None, today: date | None = None) -> str:
    """The reports for programs: every check with a stable `key`; `errors` are specs that did not build."""
    documents = [
        {
            **{name: getattr(report, name) for name in _FIELDS},
            "parts": [
                {**asdict(part), "checks": [asdict(check) for check in part.checks]} for part in report.parts
            ],
            "passed": report.passed,
            "failed": [check.key for check in report.failed],
        }
        for report in reports
    ]
    errors = errors or []
    summary = {
        "schema": JSON_SCHEMA_VERSION,
        "handouts": __version__,
        "date": (today or date.today()).isoformat(),
        "passed": not errors and all(report.passed for report in reports),
        "errors": errors,
        "documents": documents,
    }
    return json.dumps(summary, indent=2, ensure_ascii=False)
