"""Where things are: the bundled specs and examples, and the test fixtures."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO / "specs"
BUNDLED = sorted(SPECS.glob("*.toml"))  # whatever specs/ holds
PATIENT_SPEC = SPECS / "myelomalacia.toml"
CLINICIAN_SPEC = SPECS / "myelopathy-vs-myelomalacia.toml"
EXAMPLE_CLINIC = REPO / "examples" / "clinic" / "clinic.toml"
EXAMPLE_LOGO = REPO / "examples" / "clinic" / "logo.png"
EXAMPLE_LETTER = REPO / "examples" / "letter" / "letter.pdf"
EXAMPLE_FIGURE_SPEC = REPO / "examples" / "figure" / "carpal-tunnel.toml"  # a figure of our own drawing

FIXTURES = REPO / "tests" / "fixtures"
BUILD_FIXTURES = FIXTURES / "build"  # two specs that use every block kind, one per audience
VALID = FIXTURES / "spec" / "valid"
PROBLEMS = FIXTURES / "spec" / "problems"  # one kind of mistake each, with `# expect:` lines
REFERENCE = REPO / "tests" / "reference"  # reference PDFs (see tests/build/test_reference_pdfs.py)
