"""A Spanish page is read with Spanish data: its own medical-term list (with plain hints), explanations
in Spanish ("que es", "llamado", a parenthesis, a question heading), and a passive-voice heuristic."""

from __future__ import annotations

import pytest
from textstat.textstat import textstatistics

from handouts import build_pdf, load_profile, make_report
from handouts.report.model import Check, Report
from handouts.report.plain_language import is_passive
from handouts.report.readability import HUERTA, INFLESZ, band
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


def _ease(report: Report) -> dict[str, Check]:
    return {name: check(report, name) for name in (HUERTA, INFLESZ)}


def test_spanish_ease_scores_are_textstats_own_on_their_published_bands() -> None:
    """Over a section of plain sentences, Fernández Huerta (words per sentence, as corrected) and
    Szigriszt-Pazos agree with textstat's own functions; each score is named by its own band."""
    text = "Camine un poco cada día. Descanse si le duele la espalda mucho. Llame a la clínica si empeora."
    report = report_of(spanish(section("Qué hacer", paragraph(text))))
    (reading,) = [part for part in report.parts if part.title == "Reading level"]
    (row,) = [row for row in reading.grades if row["section"] == "Qué hacer"]
    meter = textstatistics()
    meter.set_lang("es")
    assert row[HUERTA] == pytest.approx(meter.fernandez_huerta(text), abs=0.1)
    assert row[INFLESZ] == pytest.approx(meter.szigriszt_pazos(text), abs=0.1)
    for name, found in _ease(report).items():
        assert isinstance(found.value, float)
        assert found.shown.startswith(f"{found.value:g}, {band(name, found.value)} ("), found


@pytest.mark.parametrize(
    ("name", "score", "named"),
    [
        (INFLESZ, 39.9, "very difficult"),
        (INFLESZ, 40, "fairly difficult"),
        (INFLESZ, 55, "normal"),
        (INFLESZ, 80, "very easy"),
        (HUERTA, 59.9, "fairly difficult"),
        (HUERTA, 60, "normal"),
        (HUERTA, 95, "very easy"),
        (HUERTA, -3, "very difficult"),
    ],
)
def test_the_bands(name: str, score: float, named: str) -> None:
    assert band(name, score) == named


def test_a_patient_page_under_inflesz_normal_is_warned_but_not_failed() -> None:
    hard = " ".join(
        [
            "La mielomalacia representa una degeneración progresiva e irreversible del parénquima medular, "
            "consecutiva habitualmente a isquemia, traumatismo o compresión mantenida.",
            "Su evolución depende fundamentalmente de la etiología subyacente y de la precocidad terapéutica "
            "administrada por especialistas neurológicos experimentados.",
            "La rehabilitación multidisciplinaria individualizada proporciona oportunidades funcionales "
            "considerablemente superiores a la inmovilización prolongada.",
        ]
    )
    report = report_of(spanish(section("Qué pasa", paragraph(hard))))
    found = _ease(report)[INFLESZ]
    assert isinstance(found.value, float) and found.value < 55
    assert found.outcome == "warn" and "under 55" in found.shown, found
    assert found.gate is False
