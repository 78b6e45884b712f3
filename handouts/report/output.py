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
from .readability import CRAWFORD, FK, HUERTA, SMOG

JSON_SCHEMA_VERSION = 1  # raised whenever a key of the JSON output changes meaning or goes away
SHORT_NAMES = {FK: "FK", SMOG: "SMOG", CRAWFORD: "Crawford", HUERTA: "Huerta"}
MARKS: dict[str, str] = {"pass": "PASS", "fail": "FAIL", "warn": "WARN", "info": "    "}


def report_text(report: Report) -> str:
    kind = "clinician summary" if report.audience == "clinician" else "patient handout"
    print_kind = ", large print" if report.large_print else ""
    lines = [f"{report.file}: {report.title} ({kind}, {report.language}, {report.page_size}{print_kind})"]
    width = max(len(check.name) for part in report.parts for check in part.checks)
    for part in report.parts:
        lines.append(f"  {part.title}")
        lines += [f"    {MARKS[c.outcome]}  {c.name.ljust(width)}  {c.shown}" for c in part.checks]
        lines += _grade_table(part.grades)
        lines += _item_lines(part.items)
    failed = report.failed
    if failed:
        lines.append(f"  FAILED {len(failed)} of {report.gates} gates: {', '.join(c.name for c in failed)}")
    else:
        warned = sum(1 for part in report.parts for check in part.checks if check.outcome == "warn")
        lines.append(f"  Passed all {report.gates} gates" + (f"; {warned} warning(s)" if warned else ""))
    return "\n".join(lines)


def _grade_table(grades: list[dict[str, Any]]) -> list[str]:
    if not grades:
        return []
    names = [key for key in grades[0] if key not in ("section", "sentences", "words")]
    width = max(len(row["section"]) for row in grades)
    head = "  ".join(SHORT_NAMES.get(name, name).rjust(8) for name in names)
    lines = [f"          {'By section'.ljust(width)}  {head}  sentences"]
    for row in grades:
        scores = "  ".join(f"{row[name]:8g}" for name in names)
        lines.append(f"          {row['section'].ljust(width)}  {scores}  {row['sentences']:9d}")
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
