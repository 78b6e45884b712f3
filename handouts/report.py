"""The quality report: for one built document, the evidence that it meets the standards a clinic is held to.

Five parts: reading level, plain language, actionability (patient documents only), print legibility
(read back from the built PDF, never from the spec) and governance. Each check passes, fails, warns
or informs; a failing gate fails the report, and the CLI turns that into exit status 1. Clinician
documents are measured for reading level but not held to a grade.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from . import __version__, legibility
from .actionability import Actionability, Contact, Item, actionability
from .build import Built
from .checking import squeeze
from .clinic import Profile
from .governance import content_hash, review_status, short_hash
from .legibility import PrintedPage, TextRun
from .markup import plain
from .plain_language import (
    LONG_SENTENCE,
    MAX_AVERAGE_SENTENCE,
    MAX_LIST_ITEMS,
    MAX_PASSIVE_SHARE,
    PlainLanguage,
    Unexplained,
    plain_language,
)
from .prose import parts
from .readability import CRAWFORD, FK, HUERTA, SMOG, SMOG_SAMPLE, Readability, readability
from .spec import Spec

Outcome = Literal["pass", "fail", "warn", "info"]
JSON_SCHEMA_VERSION = 1  # raised whenever a key of the JSON output changes meaning or goes away
DEFAULT_GRADE = 8  # the usual ceiling for patient material; a clinic profile may lower it
MIN_CONTRAST, AIM_CONTRAST = 4.5, 7.0  # WCAG 2 AA and AAA for body text
MIN_MARGIN = 36.0  # pt: half an inch, inside what office printers cannot reach
MARGIN_TOLERANCE = 0.5  # pt: glyph outlines are estimated from the font size
# Type sizes (pt): body text, and the smallest text anywhere (footers, superscripts).
MIN_SIZES = {"patient": (12.0, 9.0), "large print": (18.0, 12.0), "clinician": (7.5, 6.0)}
MIN_MATCH = 6  # characters a run needs before its text can identify it as body text
ASCENT, DESCENT = 0.75, 0.25  # of the font size: how far ink rises above and falls below a baseline


@dataclass(frozen=True)
class Check:
    name: str
    outcome: Outcome
    shown: str  # the finding, in words
    value: float | int | str | None = None  # the finding as a number (or text) for programs
    gate: bool = False  # a gate can fail the report; the other checks inform or warn

    @property
    def key(self) -> str:
        """A stable name for programs: "smog_grade", "text_contrast"."""
        return re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")


@dataclass(frozen=True)
class Part:
    title: str
    checks: list[Check]
    items: list[Item] = field(default_factory=list)  # PEMAT-P and CDC CCI, in the actionability part
    grades: list[dict[str, Any]] = field(default_factory=list)  # per-section grades, in reading level


@dataclass(frozen=True)
class Report:
    file: str
    id: str
    title: str
    audience: str
    language: str
    page_size: str
    large_print: bool
    parts: list[Part]

    @property
    def failed(self) -> list[Check]:
        return [check for part in self.parts for check in part.checks if check.outcome == "fail"]

    @property
    def gates(self) -> int:
        return sum(1 for part in self.parts for check in part.checks if check.gate)

    @property
    def passed(self) -> bool:
        return not self.failed


def make_report(
    built: Built, *, file: str, clinic: Profile | None = None, today: date | None = None
) -> Report:
    spec = built.spec
    patient = spec.audience == "patient"
    limit = (clinic.clinic.reading_grade if clinic else None) or DEFAULT_GRADE
    grades = readability(spec)
    found = [_reading_part(grades, limit if patient else None)]
    if patient:
        language = plain_language(spec)
        actions = actionability(spec, clinic, language, grades.grade <= limit if grades else None)
        found += [_plain_language_part(language), _actionability_part(actions)]
    pages = legibility.read_pages(built.pdf)
    kind = "large print" if built.large_print else spec.audience
    found += [_legibility_part(spec, built.pdf, pages, kind), _governance_part(built, today or date.today())]
    return Report(
        file,
        spec.id,
        plain(spec.title),
        spec.audience,
        spec.language,
        built.page_size,
        built.large_print,
        found,
    )


# --- reading level -----------------------------------------------------------------------------------


def _reading_part(grades: Readability | None, limit: int | None) -> Part:
    title = "Reading level"
    if grades is None:
        return Part(title, [Check("Grade", "info", "no reading formula for this language: a person judges")])
    checks = []
    for name in grades.gated:
        score = grades.overall.scores[name]
        if limit is None:
            checks.append(
                Check(name, "info", f"{score:g} (clinician documents are not held to a grade)", score)
            )
        else:
            outcome: Outcome = "pass" if score <= limit else "fail"
            checks.append(_gate(name, outcome, f"{score:g} (at most {limit})", score))
    for name, score in grades.overall.scores.items():
        if name not in grades.gated:
            checks.append(Check(name, "info", f"{score:g} (an ease score: higher is easier)", score))
    if grades.small_sample:
        sentences = grades.overall.sentences
        checks.append(
            Check(
                "Sample size",
                "warn",
                f"{sentences} sentences; SMOG needs {SMOG_SAMPLE} to be reliable, so read it as an estimate",
                sentences,
            )
        )
    by_section = [
        {"section": g.title, "sentences": g.sentences, "words": g.words, **g.scores} for g in grades.parts
    ]
    return Part(title, checks, grades=by_section)


# --- plain language ------------------------------------------------------------------------------------


def _plain_language_part(language: PlainLanguage) -> Part:
    average = language.average_sentence
    checks = [
        _gate(
            "Average sentence",
            "pass" if average <= MAX_AVERAGE_SENTENCE else "fail",
            f"{average:g} words (at most {MAX_AVERAGE_SENTENCE}; list items count as sentences)",
            average,
        ),
        Check(
            "Longest sentence",
            "warn" if language.longest_words > LONG_SENTENCE else "info",
            f"{language.longest_words} words: {_quote(language.longest_sentence)}",
            language.longest_words,
        ),
        _passive_check(language),
        Check(
            f"Lists over {MAX_LIST_ITEMS} items",
            "warn" if language.long_lists else "info",
            "; ".join(f"{path} has {items}" for path, items in language.long_lists) or "none",
            len(language.long_lists),
        ),
        Check(
            "All-capital words",
            "warn" if language.capitals else "info",
            ", ".join(language.capitals) or "none",
            len(language.capitals),
        ),
        _gate(
            "Medical terms",
            "fail" if language.unexplained else "pass",
            "; ".join(_unexplained(term) for term in language.unexplained)
            or (
                f"each explained where it first appears: {', '.join(language.terms)}"
                if language.terms
                else "none used"
                if language.english
                else "none of the spec's own definitions used (the shipped term list is English)"
            ),
            len(language.unexplained),
        ),
    ]
    return Part("Plain language", checks)


def _passive_check(language: PlainLanguage) -> Check:
    if not language.english:
        return Check("Passive voice", "info", "not measured: the heuristic is for English text")
    return Check(
        "Passive voice",
        "warn" if language.passive_share > MAX_PASSIVE_SHARE else "info",
        f"{language.passive_share:.0%} of sentences"
        + (f", e.g. {_quote(language.passive[0])}" if language.passive else ""),
        round(language.passive_share, 3),
    )


def _unexplained(term: Unexplained) -> str:
    hint = f' (e.g. "{term.hint}")' if term.hint else ""
    return f"{term.term!r} at {term.path} is not explained at first use{hint}"


# --- actionability -------------------------------------------------------------------------------------


def _actionability_part(found: Actionability) -> Part:
    checks = [_actions_check(found), _help_check(found), _contact_check(found.contact)]
    return Part("Actionability", checks, items=found.items)


def _actions_check(found: Actionability) -> Check:
    name = "Actions for the reader"
    if found.actions:
        return _gate(
            name, "pass", f"{len(found.actions)}, e.g. {_quote(found.actions[0])}", len(found.actions)
        )
    if not found.orders_known:  # only numbered steps were recognised: a person reads the rest
        advice = "no numbered steps; instructions are recognised in English and Spanish only: a person checks"
        return _gate(name, "warn", advice, 0)
    return _gate(
        name, "fail", "none: tell the reader what to do (numbered steps, or sentences like 'Call us if')", 0
    )


def _help_check(found: Actionability) -> Check:
    name = "Get help now"
    if found.help_block and found.help_from_clinic:
        shown = f"{_quote(found.help_block)} carries the clinic's out-of-hours number"
        return _gate(name, "pass", shown, found.help_block)
    if found.help_block:
        return _gate(name, "pass", f"{_quote(found.help_block)} gives a phone number", found.help_block)
    if found.urgent_blocks:
        return _gate(name, "fail", "no urgent callout gives a phone number", None)
    return _gate(name, "fail", 'none: add a callout with level = "urgent" saying when and whom to call', None)


def _contact_check(contact: Contact) -> Check:
    if contact.kind == "given":
        return _gate("Contact details", "pass", f"from {contact.source}", contact.kind)
    if contact.kind == "write-in":
        advice = "write the clinic's phone on each copy, or build with a clinic profile (--clinic)"
        return _gate("Contact details", "warn", f"{contact.source}: {advice}", contact.kind)
    return _gate("Contact details", "fail", f"{contact.source}: add a phone number", contact.kind)


# --- print legibility ----------------------------------------------------------------------------------


def _legibility_part(spec: Spec, pdf: bytes, pages: list[PrintedPage], kind: str) -> Part:
    runs = [run for page in pages for run in page.runs]
    min_body, min_any = MIN_SIZES[kind]
    body = _body_size(spec, runs)
    smallest = min(runs, key=lambda run: run.size)
    fonts = legibility.fonts_used(pdf)
    missing = [font.name for font in fonts if not font.embedded]
    lowest = min(runs, key=_contrast)
    ratio = round(_contrast(lowest), 2)
    contrast: Outcome = "fail" if ratio < MIN_CONTRAST else "warn" if ratio < AIM_CONTRAST else "pass"
    margins = _margins(pages)
    narrowest = min(margins.values())
    most = 2 if kind == "large print" else 1
    checks = [
        _gate(
            "Body text",
            _outcome(body >= min_body),
            f"{body:g} pt, the size the running text is set in (at least {min_body:g})",
            body,
        ),
        _gate(
            "Smallest text",
            _outcome(smallest.size >= min_any - 0.01),
            f"{smallest.size:.2f} pt, {_quote(smallest.text)} (at least {min_any:g})",
            round(smallest.size, 2),
        ),
        _gate(
            "Fonts embedded",
            _outcome(not missing),
            f"all {len(fonts)}" if not missing else f"not embedded: {', '.join(missing)}",
            len(fonts) - len(missing),
        ),
        _gate(
            "Text contrast",
            contrast,
            f"lowest {ratio:g}:1, {_quote(lowest.text)} "
            f"(at least {MIN_CONTRAST:g}:1, aiming for {AIM_CONTRAST:g}:1)",
            ratio,
        ),
        _gate(
            "Margins",
            _outcome(narrowest >= MIN_MARGIN - MARGIN_TOLERANCE),
            ", ".join(f"{side} {value:.0f}" for side, value in margins.items())
            + f" pt (at least {MIN_MARGIN:g})",
            round(narrowest, 1),
        ),
        _gate("Pages", _outcome(1 <= len(pages) <= most), f"{len(pages)} (at most {most})", len(pages)),
    ]
    return Part("Print legibility (read from the PDF)", checks)


def _body_size(spec: Spec, runs: list[TextRun]) -> float:
    """The size the spec's running text (paragraphs, list items, answers, callouts) is printed in.

    The PDF says how big each run of text is; the spec only says which runs are body text, by their
    words. Headings, tables and the page's furniture (header, contact lines, footer) are not body
    text; a label that happens to repeat a few of the body's words is outweighed by the body itself.
    """
    body = "\x00".join(
        squeeze(piece.text)
        for part in parts(spec)
        for piece in part.pieces
        if not piece.heading and not any(mark in piece.path for mark in (".columns[", ".rows[", ".term"))
    )
    matched = [run for run in runs if len(squeeze(run.text)) >= MIN_MATCH and squeeze(run.text) in body]
    counts: Counter[float] = Counter()
    for run in matched or runs:  # nothing matched (text drawn oddly): the size most text is in
        counts[round(run.size, 2)] += len(run.text)
    return counts.most_common(1)[0][0]


def _contrast(run: TextRun) -> float:
    return legibility.contrast_ratio(run.colour, run.background)


def _margins(pages: list[PrintedPage]) -> dict[str, float]:
    """The narrowest space between the paper's edges and any ink, over all pages."""
    found = {"left": float("inf"), "right": float("inf"), "top": float("inf"), "bottom": float("inf")}
    for page in pages:
        boxes = [(r.x0, r.y - DESCENT * r.size, r.x1, r.y + ASCENT * r.size) for r in page.runs]
        boxes += [(m.x0, m.y0, m.x1, m.y1) for m in page.marks]
        for x0, y0, x1, y1 in boxes:
            found["left"] = min(found["left"], x0)
            found["right"] = min(found["right"], page.width - x1)
            found["top"] = min(found["top"], page.height - y1)
            found["bottom"] = min(found["bottom"], y0)
    return found


# --- governance ------------------------------------------------------------------------------------------


def _governance_part(built: Built, today: date) -> Part:
    review = built.spec.review
    status = review_status(built.spec, today)
    due: Outcome = "fail" if status.overdue else "warn" if status.due_soon else "pass"
    digest = content_hash(built.spec)
    checks = [
        Check("Version", "info", built.spec.version, built.spec.version),
        Check("Reviewed by", "info", plain(review.reviewed_by), plain(review.reviewed_by)),
        Check("Last reviewed", "info", review.last_reviewed.isoformat(), review.last_reviewed.isoformat()),
        _gate("Next review", due, f"{review.next_review.isoformat()}, {status.describe()}", status.days_left),
        Check(
            "Content hash",
            "info",
            f"sha256 {digest} (the footer prints {short_hash(built.spec)}; the PDF keywords hold it all)",
            digest,
        ),
    ]
    return Part("Governance", checks)


# --- shared ---------------------------------------------------------------------------------------------


def _outcome(condition: bool) -> Outcome:
    return "pass" if condition else "fail"


def _gate(name: str, outcome: Outcome, shown: str, value: float | int | str | None = None) -> Check:
    return Check(name, outcome, shown, value, gate=True)


def _quote(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


# --- output -----------------------------------------------------------------------------------------------

SHORT_NAMES = {FK: "FK", SMOG: "SMOG", CRAWFORD: "Crawford", HUERTA: "Huerta"}
MARKS: dict[str, str] = {"pass": "PASS", "fail": "FAIL", "warn": "WARN", "info": "    "}


def as_text(report: Report) -> str:
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


def as_json(reports: list[Report], errors: list[str] | None = None, today: date | None = None) -> str:
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
