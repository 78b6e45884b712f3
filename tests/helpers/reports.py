"""Patient handouts written for the quality-report tests, and reading a report's findings.

A handout that passes every gate (GOOD) is made of pieces (EASY, STEPS, URGENT, DOING); each failing
fixture changes one of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from handouts import Profile, Report, build_pdf, make_report
from handouts.report.items import Item
from handouts.report.model import Check
from handouts.standards import PageSize

from .specs import TODAY, current, spec_text, valid_spec
from .toml import dumps

STATUSES = {"met", "not met", "needs a person", "not applicable"}


# --- writing specs -------------------------------------------------------------------------------------


def section(title: str, *blocks: str) -> str:
    return "\n[[sections]]\n" + dumps({"title": title}) + "".join(blocks)


def block(kind: str, **fields: Any) -> str:
    return "\n[[sections.blocks]]\n" + dumps({"kind": kind, **fields})


def paragraph(text: str) -> str:
    return block("paragraph", text=text)


def steps(*items: str) -> str:
    return block("steps", items=list(items))


def definitions(*pairs: tuple[str, str]) -> str:
    return block("definitions", items=[{"term": term, "meaning": meaning} for term, meaning in pairs])


def patient(*sections: str, key_message: str = "", extra: str = "", spec_id: str = "fixture") -> str:
    text = spec_text("".join(sections), spec_id=spec_id, extra=extra)
    if key_message:
        text = text.replace('key_message = "The key message."', dumps({"key_message": key_message}))
    return text


def report_of(
    text: str,
    *,
    clinic: Profile | None = None,
    today: date = TODAY,
    large_print: bool = False,
    page_size: PageSize | None = None,
) -> Report:
    built = build_pdf(valid_spec(text), clinic=clinic, large_print=large_print, page_size=page_size)
    return make_report(built, file="fixture.toml", today=today)


def failed(report: Report) -> list[str]:
    return [check.name for check in report.failed]


def check(report: Report, name: str) -> Check:
    found = [c for part in report.parts for c in part.checks if c.name == name]
    assert len(found) == 1, f"{name!r} appears {len(found)} times in {[p.title for p in report.parts]}"
    return found[0]


def value(report: Report, name: str) -> float:
    """A check's finding as a number."""
    found = check(report, name).value
    assert isinstance(found, int | float), found
    return float(found)


def names(report: Report) -> set[str]:
    return {c.name for part in report.parts for c in part.checks}


def items(report: Report, tool: str) -> list[Item]:
    return [item for part in report.parts for item in part.items if item.tool == tool]


def item(report: Report, tool: str, number: int) -> Item:
    (found,) = [i for i in items(report, tool) if i.number == number]
    return found


# The pieces of a patient handout that passes every gate; each failing fixture changes one of them.
EASY_TEXT = "Back pain is very common. It often gets better on its own in a few weeks."
EASY = paragraph(EASY_TEXT)
STEPS = steps("Keep moving a little each day.", "Use a warm pack when it hurts.", "Take short walks.")
URGENT = block(
    "callout",
    level="urgent",
    title="Call 911 right away if you have",
    items=["Weak legs", "Loss of bladder control"],
)
DOING = section("What you can do", STEPS, URGENT)
GOOD = patient(section("What is back pain?", EASY), DOING)

# Long words in sentences of ordinary length: over grade 8 by both formulas, nothing else wrong.
HARD = (
    "Substantial individual variability characterizes recuperation. Personalized consideration "
    "necessitates comprehensive evaluation. Unexpected deterioration occasionally accompanies activity. "
    "Appropriate medication administration facilitates comfortable mobility."
)

# About grade 7: passes the default grade 8, fails a clinic's grade 6.
SEVENTH_GRADE = (
    "Back pain is very common, and most people who get it feel better within a few weeks. "
    "Gentle movement usually helps more than resting in bed for several days. "
    "Your body needs activity to recover properly and regain its normal strength."
)


# The same over 34 sentences with DOING: enough for SMOG (which needs 30) to gate beside Flesch-Kincaid.
SEVENTH_GRADE_AT_LENGTH = " ".join([SEVENTH_GRADE] * 3 + ["Walk a bit each day."] * 18)


def handout(spec_id: str, text: str) -> str:
    """A patient handout of one paragraph and DOING, current on the real today (for the command line)."""
    return current(patient(section("What is back pain?", paragraph(text)), DOING, spec_id=spec_id))


def failed_in(report: Report, part: str) -> list[str]:
    """The names of the failed gates of the report's part whose title starts with `part`."""
    return [
        check.name
        for found in report.parts
        if found.title.startswith(part)
        for check in found.checks
        if check.outcome == "fail"
    ]
