"""A Spanish page is read with Spanish data: its own medical-term list (with plain hints), explanations
in Spanish ("que es", "llamado", a parenthesis, a question heading), and a passive-voice heuristic."""

from __future__ import annotations

import pytest

from handouts import build_pdf, load_profile, make_report
from handouts.report.plain_language import is_passive
from handouts.spec.translations import Sources
from tests.helpers.paths import EXAMPLE_CLINIC, SPECS
from tests.helpers.reports import STEPS, URGENT, check, paragraph, patient, report_of, section
from tests.helpers.specs import load


def spanish(*sections: str) -> str:
    return patient(
        *sections,
        section("Ayuda", URGENT),
        key_message="Casi siempre mejora. Llame si empeora.",
        extra='language = "es"',
    )


@pytest.mark.parametrize(
    "text",
    [
        "Tiene estenosis (un canal más estrecho) en el cuello.",
        "Tiene estenosis, que es un canal más estrecho, en el cuello.",
        "El canal del cuello se estrecha: es un problema llamado estenosis.",
    ],
)
def test_a_spanish_term_explained_in_spanish_passes(text: str) -> None:
    report = report_of(spanish(section("Qué pasa", paragraph(text), STEPS)))
    assert check(report, "Medical terms").outcome == "pass", check(report, "Medical terms")


def test_a_spanish_term_left_unexplained_fails_with_a_spanish_hint() -> None:
    report = report_of(spanish(section("Qué pasa", paragraph("Tiene estenosis en el cuello."), STEPS)))
    found = check(report, "Medical terms")
    assert found.outcome == "fail"
    assert "'estenosis'" in found.shown and "un espacio o conducto del cuerpo se estrecha" in found.shown


def test_a_question_heading_explains_the_term_by_the_text_under_it() -> None:
    under = section("¿Qué es la estenosis?", paragraph("Un canal del cuello se hace más estrecho."), STEPS)
    assert check(report_of(spanish(under)), "Medical terms").outcome == "pass"


@pytest.mark.parametrize(
    ("sentence", "passive"),
    [
        ("La cirugía fue realizada por un especialista.", True),
        ("Los nervios son comprimidos por el disco.", True),
        ("La clínica está cerrada los domingos.", False),  # estar: a state
        ("Camine un poco cada día.", False),
        ("Es conocido en su barrio.", False),  # a participle used as an adjective
    ],
)
def test_the_spanish_passive_heuristic(sentence: str, passive: bool) -> None:
    assert is_passive(sentence, "es") is passive


def test_the_bundled_spanish_handout_passes_every_gate_with_the_example_clinic() -> None:
    source = SPECS / "myelomalacia-es.toml"
    built = build_pdf(load(source), clinic=load_profile(EXAMPLE_CLINIC))
    parity = Sources([]).parity(built.spec, str(source), source)  # its source found beside it
    report = make_report(built, file=str(source), parity=parity)
    assert report.passed, [c for part in report.parts for c in part.checks if c.outcome == "fail"]
    for name in ("Medical terms", "Passive voice"):
        assert check(report, name).outcome != "not checked"
    translation = check(report, "Translation")  # of the English handout beside it, and in step with it
    assert translation.outcome == "pass" and "of myelomalacia 1.0: in step" in translation.shown
