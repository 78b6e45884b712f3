"""What makes the report one an author can trust (issue 15): it says what raises a grade, gates SMOG
only where it is reliable (test_make.py), lets a spec waive a gate with a reason that shows, reports on
a spec that does not fit, and says "not checked" where it has no data, never PASS."""

from __future__ import annotations

import json

from handouts import FitError, build_pdf, make_report, report_json, report_unfitted
from handouts.document import Document
from handouts.report.output import report_summary, report_text
from tests.helpers.reports import (
    DOING,
    EASY,
    STEPS,
    URGENT,
    block,
    check,
    failed,
    paragraph,
    patient,
    report_of,
    section,
    steps,
)
from tests.helpers.specs import TODAY, over_long, valid_spec

MEDICINES = "A medicines schedule: no emergency to describe."


# --- what raises the grade ---------------------------------------------------------------------------


def test_the_sentences_and_words_that_raise_the_grade_most_are_named() -> None:
    long = "Physiotherapy rehabilitation accelerates functional independence considerably."
    text = patient(
        section("What is back pain?", paragraph(f"Back pain is common. It gets better. {long}")),
        section("Moving", paragraph("Walk a bit. Sit less. Rest when it hurts. Stretch a little.")),
        DOING,
    )
    report = report_of(text)
    hardest = check(report, "Hardest sentences")
    assert hardest.shown.startswith(f'FK +{hardest.value:g}: "Physiotherapy rehabilitation accelerates')
    assert isinstance(hardest.value, float) and hardest.value > 1
    words = check(report, "Longest words").shown
    assert words.startswith("rehabilitation (6 syllables), ") and "physiotherapy (" in words.lower()
    (reading,) = [part for part in report.parts if part.title == "Reading level"]
    rows = {row["section"]: row["long_words"] for row in reading.grades}
    assert rows["Moving"] == []  # graded by short words only
    assert rows["What is back pain?"][0] == "rehabilitation"
    lines = report_text(report).splitlines()
    assert any(line.split()[:3] == ["What", "is", "back"] and "rehabilitation" in line for line in lines)
    document = json.loads(report_json([report], today=TODAY))["documents"][0]
    (shown,) = [c for part in document["parts"] for c in part["checks"] if c["key"] == "hardest_sentences"]
    assert shown["shown"] == hardest.shown and shown["details"] == list(hardest.details)


# --- waivers ---------------------------------------------------------------------------------------------


def waive(*checks: tuple[str, str]) -> str:
    lines = ",\n".join(f'  {{ check = "{name}", reason = "{reason}" }}' for name, reason in checks)
    return f"[report]\nwaive = [\n{lines}\n]\n"


SCHEDULE = section("Your medicines", STEPS)  # no urgent callout: "Get help now" fails without a waiver


def test_a_waived_gate_shows_its_finding_and_reason_and_does_not_fail() -> None:
    assert failed(report_of(patient(section("What is back pain?", EASY), SCHEDULE))) == ["Get help now"]
    text = patient(section("What is back pain?", EASY), SCHEDULE, extra=waive(("get_help_now", MEDICINES)))
    report = report_of(text)
    help_now = check(report, "Get help now")
    assert (help_now.outcome, help_now.waived, help_now.gate) == ("waived", MEDICINES, True)
    assert help_now.shown.startswith("none: add a callout") and help_now.shown.endswith(
        f"; waived: {MEDICINES}"
    )
    assert report.passed
    assert report_summary(report).startswith(
        f"Passed {report.gates - 1} of {report.gates} gates; 1 waived (Get help now)"
    )
    assert any(
        line.split()[:4] == ["WAIVED", "Get", "help", "now"] for line in report_text(report).splitlines()
    )
    document = json.loads(report_json([report], today=TODAY))["documents"][0]
    (found,) = [c for part in document["parts"] for c in part["checks"] if c["key"] == "get_help_now"]
    assert (found["outcome"], found["waived"]) == ("waived", MEDICINES)
    assert document["passed"] is True


def test_a_waiver_of_a_gate_that_passes_or_is_not_there_is_a_warning() -> None:
    text = patient(
        section("What is back pain?", EASY),
        DOING,
        extra=waive(("get_help_now", MEDICINES), ("crawford_grade", "Not Spanish.")),
    )
    report = report_of(text)
    help_now = check(report, "Get help now")
    assert help_now.outcome == "warn" and help_now.shown.endswith("but it passes: remove the waiver")
    idle = check(report, "crawford_grade")
    assert (idle.outcome, idle.gate) == ("warn", False)
    assert idle.shown == "waived (Not Spanish.), but this document has no such gate: remove it"
    assert report.passed and report.parts[-1].title == "Waivers"


def test_a_waiver_never_touches_print_legibility_or_review() -> None:
    """Only the gates on the words may be waived; the model refuses the others (test_rules.py), so a
    page that is too small or overdue fails whatever the spec says."""
    text = patient(section("What is back pain?", EASY), DOING, extra=waive(("get_help_now", MEDICINES)))
    report = report_of(text, today=TODAY.replace(year=TODAY.year + 2))
    assert failed(report) == ["Next review"]


# --- a spec that does not fit ------------------------------------------------------------------------


def test_a_spec_that_does_not_fit_is_reported_on_its_words_with_the_fit_failed() -> None:
    spec = valid_spec(over_long())
    try:
        build_pdf(spec)
    except FitError as error:
        reason = str(error)
    report = report_unfitted(Document(spec), file="too-long.toml", reason=reason, today=TODAY)
    fit = check(report, "Fits the page")
    assert (fit.outcome, fit.shown) == ("fail", reason)
    assert "Fits the page" in failed(report) and "Average sentence" in failed(report)
    assert check(report, "Legibility").outcome == "not checked"
    assert check(report, "Next review").outcome == "pass"
    assert [part.title for part in report.parts][:3] == ["Reading level", "Plain language", "Actionability"]


def test_a_fitted_page_passes_the_fit_gate_with_its_size() -> None:
    report = report_of(patient(section("What is back pain?", EASY), DOING))
    fit = check(report, "Fits the page")
    assert (fit.outcome, fit.value) == ("pass", 1)
    assert fit.shown.startswith("1 page, body type ") and fit.shown.endswith(" pt")


# --- no data for the language: not checked, never PASS ----------------------------------------------------


def test_checks_without_data_for_the_language_say_not_checked() -> None:
    french = section(
        "Que faire",
        steps("Marchez un peu chaque jour.", "Reposez-vous si besoin."),
        block("callout", level="urgent", title="Appelez le 15 si vous avez", items=["Des jambes faibles"]),
    )
    report = report_of(patient(french, key_message="Cela passe souvent.", extra='language = "fr"'))
    for name in ("Grade", "Medical terms", "Passive voice"):
        found = check(report, name)
        assert found.outcome == "not checked" and found.shown.startswith("not checked: "), found
    assert report.passed
    summary = report_summary(report)
    assert summary.startswith(
        f"Passed {report.gates - 2} of {report.gates} gates; 2 not checked (Grade, Medical terms)"
    )
    marks = [line.split()[0] for line in report_text(report).splitlines() if "not checked:" in line]
    assert marks == ["N/C", "N/C", "N/C"]
    document = json.loads(report_json([report], today=TODAY))
    assert document["schema"] == 2
    outcomes = {c["key"]: c["outcome"] for part in document["documents"][0]["parts"] for c in part["checks"]}
    assert outcomes["medical_terms"] == "not checked"


def test_a_spanish_glossary_term_left_unexplained_still_fails() -> None:
    """The spec's own definitions are data in any language: they are judged, and fail."""
    words = block("definitions", items=[{"term": "Esguince", "meaning": "Una lesión de un ligamento."}])
    text = patient(
        section("Después", paragraph("Un esguince tarda semanas en curar."), STEPS),
        section("Palabras", words),
        section("Ayuda", URGENT),
        key_message="Casi siempre mejora. Llame si empeora.",
        extra='language = "es"',
    )
    assert check(report_of(text), "Medical terms").outcome == "fail"


def test_make_report_and_report_unfitted_agree_on_the_words() -> None:
    spec = valid_spec(patient(section("What is back pain?", EASY), DOING))
    built = make_report(build_pdf(spec), file="x.toml", today=TODAY)
    unfitted = report_unfitted(Document(spec), file="x.toml", reason="(pretend)", today=TODAY)
    assert built.parts[:3] == unfitted.parts[:3]
