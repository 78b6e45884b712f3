"""A quality report for people (text) and for programs (JSON)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from datetime import date
from typing import Any

from ..version import __version__
from .items import Item
from .model import Report
from .readability import SHORT_NAMES

# Raised whenever a key of the JSON output changes meaning or goes away. 2: a check's outcome may be
# "not checked" (where a 1 said "pass" or "info") or "waived"; checks carry `details` and `waived`.
JSON_SCHEMA_VERSION = 2
MARKS: dict[str, str] = {
    "pass": "PASS",
    "fail": "FAIL",
    "warn": "WARN",
    "info": "",
    "not checked": "N/C",
    "waived": "WAIVED",
}


def report_text(report: Report) -> str:
    kind = "clinician summary" if report.audience == "clinician" else "patient handout"
    print_kind = ", large print" if report.large_print else ""
    lines = [f"{report.file}: {report.title} ({kind}, {report.language}, {report.page_size}{print_kind})"]
    width = max(len(check.name) for part in report.parts for check in part.checks)
    for part in report.parts:
        lines.append(f"  {part.title}")
        for check in part.checks:
            lines.append(f"    {MARKS[check.outcome]:<6}  {check.name.ljust(width)}  {check.shown}")
            lines += [f"    {'':<6}  {'':<{width}}  {more}" for more in check.details]
        lines += _grade_table(part.grades)
        lines += _item_lines(part.items)
    lines.append(f"  {report_summary(report)}")
    return "\n".join(lines)


def report_summary(report: Report) -> str:
    """The report's last line: the gates failed, or passed; those waived and not checked; warnings."""
    failed, waived = report.failed, report.with_outcome("waived")
    unchecked = [check for check in report.with_outcome("not checked") if check.gate]
    if failed:
        head = f"FAILED {len(failed)} of {report.gates} gates: {', '.join(c.name for c in failed)}"
    elif waived or unchecked:
        passed = report.gates - len(waived) - len(unchecked)
        head = f"Passed {passed} of {report.gates} gates"
    else:
        head = f"Passed all {report.gates} gates"
    notes = [
        f"{len(found)} {what} ({', '.join(c.name for c in found)})"
        for what, found in (("waived", waived), ("not checked", unchecked))
        if found
    ]
    warned = len(report.with_outcome("warn"))
    notes += [f"{warned} warning(s)"] if warned else []
    return "; ".join([head, *notes])


def _grade_table(grades: list[dict[str, Any]]) -> list[str]:
    if not grades:
        return []
    names = [key for key in grades[0] if key not in ("section", "sentences", "words", "long_words")]
    width = max(len(row["section"]) for row in grades)
    head = "  ".join(SHORT_NAMES.get(name, name).rjust(8) for name in names)
    lines = [f"          {'By section'.ljust(width)}  {head}  sentences  longest words"]
    for row in grades:
        scores = "  ".join(f"{row[name]:8g}" for name in names)
        longest = ", ".join(row["long_words"]) or "-"
        lines.append(f"          {row['section'].ljust(width)}  {scores}  {row['sentences']:9d}  {longest}")
    return lines


def _item_lines(items: list[Item]) -> list[str]:
    lines: list[str] = []
    for tool in dict.fromkeys(item.tool for item in items):
        mine = [item for item in items if item.tool == tool]
        counts = Counter(item.status for item in mine)
        summary = ", ".join(
            f"{counts[s]} {s}" for s in ("met", "not met", "needs a person", "not applicable")
        )
        lines.append(f"    {tool}: {summary}")
        for item in mine:
            evidence = f" ({item.evidence})" if item.evidence else ""
            lines.append(f"      {item.number:>2}  {item.status:<14}  {item.wording}{evidence}")
    return lines


def report_json(reports: list[Report], errors: list[str] | None = None, today: date | None = None) -> str:
    """The reports for programs: every check with a stable `key`; `errors` are specs that did not build."""
    documents = [
        {
            **asdict(report),
            "parts": [
                {**asdict(part), "checks": [{"key": check.key, **asdict(check)} for check in part.checks]}
                for part in report.parts
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
