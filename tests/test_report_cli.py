"""`handouts report` and `handouts build --report` end to end: what is printed, the exit status, and
which PDFs are written (never one whose report fails, and never over a good file already there).

Specs are written into the runner's empty folder with review dates current today, as the command line
checks them against the clock; the bundled specs are given by absolute path.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from build_helpers import assert_clean, current, spec_text
from click.testing import CliRunner, Result
from spec_helpers import dumps

from handouts.cli import cli

REPO = Path(__file__).resolve().parents[1]
SPECS = REPO / "specs"
EXAMPLE_CLINIC = REPO / "examples" / "clinic" / "clinic.toml"
TITLES = ("Myelomalacia", "Myelopathy vs. myelomalacia")


@pytest.fixture(autouse=True)
def no_clinic_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUTS_CLINIC", raising=False)


def section(title: str, text: str) -> str:
    return (
        "\n[[sections]]\n"
        + dumps({"title": title})
        + '\n[[sections.blocks]]\nkind = "paragraph"\n'
        + dumps({"text": text})
    )


DOING = """
[[sections]]
title = "What you can do"

[[sections.blocks]]
kind = "steps"
items = ["Keep moving a little each day.", "Use a warm pack when it hurts.", "Take short walks."]

[[sections.blocks]]
kind = "callout"
level = "urgent"
title = "Call 911 right away if you have"
items = ["Weak legs", "Loss of bladder control"]
"""
EASY = "Back pain is very common. It often gets better on its own in a few weeks."
HARD = (
    "Substantial individual variability characterizes recuperation. Personalized consideration "
    "necessitates comprehensive evaluation. Unexpected deterioration occasionally accompanies activity. "
    "Appropriate medication administration facilitates comfortable mobility."
)
SEVENTH_GRADE = (  # SMOG about 7: within the default grade 8, over a clinic's grade 6
    "Back pain is very common, and most people who get it feel better within a few weeks. "
    "Gentle movement usually helps more than resting in bed for several days. "
    "Your body needs activity to recover properly and regain its normal strength."
)


def handout(spec_id: str, text: str) -> str:
    return current(spec_text(section("What is back pain?", text) + DOING, spec_id=spec_id))


def write(name: str, text: str) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(cli, list(args))
    assert_clean(result)
    assert "Traceback" not in result.stderr
    return result


def grade_six_clinic(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(EXAMPLE_CLINIC.parent / "logo.png", folder / "logo.png")
    text = EXAMPLE_CLINIC.read_text(encoding="utf-8")
    assert "[out_of_hours]" in text
    profile = folder / "clinic.toml"
    profile.write_text(
        text.replace("[out_of_hours]", "reading_grade = 6\n\n[out_of_hours]"), encoding="utf-8"
    )
    return profile


# --- handouts report ----------------------------------------------------------------------------------


def test_report_on_the_bundled_specs_passes(runner: CliRunner) -> None:
    result = run(runner, "report", str(SPECS))
    assert result.exit_code == 0, result.output
    for title in TITLES:
        assert f": {title} (" in result.stdout
    assert "patient handout" in result.stdout and "clinician summary" in result.stdout
    assert "PASS" in result.stdout
    assert result.stdout.count("Passed all") == 2
    assert "FAIL" not in result.stdout
    assert result.stderr == ""


def test_report_json_on_the_bundled_specs(runner: CliRunner) -> None:
    result = run(runner, "report", "--json", "--clinic", str(EXAMPLE_CLINIC), str(SPECS))
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["passed"] is True
    documents = found["documents"]
    assert sorted(document["title"] for document in documents) == sorted(TITLES)
    for document in documents:
        assert document["passed"] is True
        assert document["failed"] == []
        assert document["parts"]
        for part in document["parts"]:
            assert part["title"] and part["checks"]
            for check in part["checks"]:
                assert check["outcome"] in ("pass", "fail", "warn", "info")
                assert check["name"] and isinstance(check["shown"], str)
    (patient,) = [d for d in documents if d["audience"] == "patient"]
    contact = [c for part in patient["parts"] for c in part["checks"] if c["name"] == "Contact details"]
    assert [c["outcome"] for c in contact] == ["pass"]  # the clinic profile gives the phone
    items = [i for part in patient["parts"] for i in part["items"]]
    assert len(items) == 24 + 20


def test_report_large_print_on_a4(runner: CliRunner) -> None:
    result = run(runner, "report", "--large-print", "--page-size", "a4", str(SPECS / "myelomalacia.toml"))
    assert result.exit_code == 0, result.output
    assert "(patient handout, en, a4, large print)" in result.stdout
    assert "Passed all" in result.stdout


def test_a_failing_gate_exits_1_and_is_named(runner: CliRunner) -> None:
    write("hard.toml", handout("hard", HARD))
    result = run(runner, "report", "hard.toml")
    assert result.exit_code == 1, result.output
    fails = [line.split()[1:3] for line in result.stdout.splitlines() if line.strip().startswith("FAIL ")]
    assert ["Flesch-Kincaid", "grade"] in fails and ["SMOG", "grade"] in fails
    assert "FAILED 2 of" in result.stdout
    assert "Flesch-Kincaid grade, SMOG grade" in result.stdout

    as_json = run(runner, "report", "--json", "hard.toml")
    assert as_json.exit_code == 1
    (document,) = json.loads(as_json.stdout)["documents"]
    assert document["failed"] == ["flesch_kincaid_grade", "smog_grade"]
    assert document["passed"] is False


def test_the_same_spec_written_plainly_passes(runner: CliRunner) -> None:
    write("easy.toml", handout("easy", EASY))
    result = run(runner, "report", "easy.toml")
    assert result.exit_code == 0, result.output
    assert "Passed all 14 gates" in result.stdout


def test_a_broken_spec_exits_2_and_the_good_report_is_still_printed(runner: CliRunner) -> None:
    write("specs/broken.toml", 'id = "broken\naudience = \n')
    write("specs/easy.toml", handout("easy", EASY))
    result = run(runner, "report", "specs/broken.toml", "specs/easy.toml")
    assert result.exit_code == 2, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1, errors
    assert errors[0].startswith("specs/broken.toml: line 1")
    assert "TOML syntax error" in errors[0]
    assert "specs/easy.toml: Easy (patient handout" in result.stdout
    assert "Passed all" in result.stdout


def test_a_broken_spec_outranks_a_failing_gate(runner: CliRunner) -> None:
    write("broken.toml", "not toml at all [")
    write("hard.toml", handout("hard", HARD))
    result = run(runner, "report", "--json", "hard.toml", "broken.toml")
    assert result.exit_code == 2
    (document,) = json.loads(result.stdout)["documents"]  # stdout is JSON alone; the error is on stderr
    assert document["id"] == "hard" and document["passed"] is False
    assert "broken.toml" in result.stderr


def test_a_clinic_reading_grade_of_6_fails_a_grade_7_spec(runner: CliRunner, tmp_path: Path) -> None:
    write("seventh.toml", handout("seventh", SEVENTH_GRADE))
    assert run(runner, "report", "seventh.toml").exit_code == 0
    assert run(runner, "report", "--clinic", str(EXAMPLE_CLINIC), "seventh.toml").exit_code == 0

    profile = grade_six_clinic(tmp_path / "strict-clinic")
    result = run(runner, "report", "--clinic", str(profile), "seventh.toml")
    assert result.exit_code == 1, result.output
    assert "(at most 6)" in result.stdout
    assert "FAILED 1 of" in result.stdout and ": SMOG grade" in result.stdout

    held = run(runner, "build", "--report", "--clinic", str(profile), "seventh.toml", "-o", "out/")
    assert held.exit_code == 1
    assert not Path("out/seventh.pdf").exists()


# --- handouts build --report ----------------------------------------------------------------------------


def test_build_report_writes_only_the_passing_pdfs(runner: CliRunner) -> None:
    write("specs/easy.toml", handout("easy", EASY))
    write("specs/hard.toml", handout("hard", HARD))
    result = run(runner, "build", "--report", "specs/", "-o", "out/")
    assert result.exit_code == 1, result.output
    assert sorted(os.listdir("out")) == ["easy.pdf"]
    assert Path("out/easy.pdf").read_bytes().startswith(b"%PDF-")
    assert "not written: out/hard.pdf" in result.stdout
    assert "wrote out/easy.pdf" in result.stdout
    assert "Passed all" in result.stdout and "FAILED 2 of" in result.stdout
    assert "1 built, 0 failed, 1 held back by their report" in result.stdout


def test_build_report_leaves_an_existing_good_file_untouched(runner: CliRunner) -> None:
    write("easy.toml", handout("easy", EASY))
    write("hard.toml", handout("hard", HARD))
    # The same id, built earlier without a report: the file a failing report must not replace.
    assert run(runner, "build", "hard.toml", "-o", "out/").exit_code == 0
    target = Path("out/hard.pdf")
    os.utime(target, (1_000_000_000, 1_000_000_000))
    before, mtime = target.read_bytes(), target.stat().st_mtime_ns

    result = run(runner, "build", "--report", "easy.toml", "hard.toml", "-o", "out/")
    assert result.exit_code == 1, result.output
    assert target.read_bytes() == before
    assert target.stat().st_mtime_ns == mtime
    assert sorted(os.listdir("out")) == ["easy.pdf", "hard.pdf"]  # and no temporary file left behind


def test_build_report_with_every_gate_passing_exits_0(runner: CliRunner) -> None:
    result = run(runner, "build", "--report", str(SPECS), "-o", "out/")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir("out")) == ["myelomalacia.pdf", "myelopathy-vs-myelomalacia.pdf"]
    assert result.stdout.count("Passed all") == 2


def test_build_report_with_a_broken_spec_exits_2(runner: CliRunner) -> None:
    write("easy.toml", handout("easy", EASY))
    write("broken.toml", "[[[")
    result = run(runner, "build", "--report", "easy.toml", "broken.toml", "-o", "out/")
    assert result.exit_code == 2, result.output
    assert os.listdir("out") == ["easy.pdf"]
    assert "broken.toml" in result.stderr


def test_report_json_stays_json_when_a_spec_has_warnings(runner: CliRunner) -> None:
    overdue = spec_text(section("What is back pain?", EASY) + DOING, spec_id="other-name")
    overdue = overdue.replace("next_review = 2027-01-01", "next_review = 2026-06-01")
    write("overdue.toml", overdue)
    result = run(runner, "report", "--json", "overdue.toml")
    document = json.loads(result.stdout)  # the warnings went to stderr
    assert "differs from the file name" in result.stderr
    assert result.exit_code == 1
    assert document["documents"][0]["failed"] == ["next_review"]


def test_report_json_lists_specs_that_did_not_build(runner: CliRunner) -> None:
    write("good.toml", handout("good", EASY))
    write("broken.toml", "id = [")
    result = run(runner, "report", "--json", "good.toml", "broken.toml")
    document = json.loads(result.stdout)
    assert result.exit_code == 2
    assert document["passed"] is False
    assert [error.split(":")[0] for error in document["errors"]] == ["broken.toml"]
    assert document["documents"][0]["passed"] is True


def test_check_says_a_page_was_built_from_another_version(runner: CliRunner) -> None:
    write("good.toml", handout("good", EASY))
    assert run(runner, "build", "good.toml", "-o", "good.pdf").exit_code == 0
    write("good.toml", handout("good", EASY.replace("very common", "common")))
    result = run(runner, "check", "good.pdf", "good.toml")
    assert result.exit_code == 1
    assert "built from another version of good.toml" in result.stdout
