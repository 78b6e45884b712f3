"""The JSON Schema of a spec (`handouts schema`), as an editor with a TOML language server uses it: every
field described with an example, and the bundled specs, the fixtures and the starters valid under it
(checked with the jsonschema library, as TOML reads: dates as YYYY-MM-DD strings)."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from handouts import spec_schema
from handouts.spec.starter import starter_spec
from tests.helpers.paths import BUILD_FIXTURES, BUNDLED, SPECS, VALID

SCHEMA = spec_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
SPEC_FILES = [*BUNDLED, *sorted(VALID.glob("*.toml")), *sorted(BUILD_FIXTURES.glob("*.toml"))]


def as_json(value: Any) -> Any:
    """A TOML table as a language server hands it to a JSON Schema validator: dates become text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def problems(table: dict[str, Any]) -> list[str]:
    return sorted(error.message for error in VALIDATOR.iter_errors(as_json(table)))


def test_the_schema_is_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def fields(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(model.field, its schema) for every field of the spec and of every model inside it."""
    models = [("Spec", schema), *schema["$defs"].items()]
    return [(f"{name}.{key}", field) for name, model in models for key, field in model["properties"].items()]


def test_every_field_has_a_description_and_an_example_that_fits_it() -> None:
    found = fields(SCHEMA)
    assert len(found) > 50
    for name, field in found:
        assert field.get("description"), name
        (example,) = field["examples"]
        # Each example is valid for its own field: an editor may offer it as it is.
        assert not list(Draft202012Validator({"$defs": SCHEMA["$defs"], **field}).iter_errors(example)), name


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_bundled_specs_and_fixtures_are_valid_under_the_schema(path: Path) -> None:
    assert problems(tomllib.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_the_starters_are_valid_under_the_schema(audience: Any) -> None:
    assert problems(tomllib.loads(starter_spec("knee-pain", audience, date(2026, 11, 15)))) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.update(titel="x"), "Additional properties are not allowed ('titel' was unexpected)"),
        (lambda t: t.update(audience="Patient"), "'Patient' is not one of ['clinician', 'patient']"),
        (lambda t: t["review"].update(next_review="30/11/2026"), "'30/11/2026' is not a 'date'"),
        (lambda t: t["sections"][0]["blocks"][0].update(kind="bulets"), "'bulets'"),
    ],
)
def test_the_schema_refuses_what_validate_refuses(change: Any, message: str) -> None:
    table = tomllib.loads((VALID / "minimal-patient.toml").read_text(encoding="utf-8"))
    change(table)
    found = problems(table)
    assert found and any(message in line for line in found), found


def test_the_schema_beside_the_bundled_specs_is_what_handouts_schema_prints() -> None:
    """specs/spec.schema.json, which the bundled specs name in their `#:schema` line, is kept current."""
    shipped = (SPECS / "spec.schema.json").read_text(encoding="utf-8")
    assert shipped == json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"
    for path in BUNDLED:
        assert path.read_text(encoding="utf-8").startswith("#:schema ./spec.schema.json\n"), path
