"""handouts: clinical content specs (TOML) in, printable one-page PDFs out.

The public API is what this module exports; the command line is built on it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import Built, build_file, build_pdf
from .checking import CheckReport, check_pdf, check_pdf_bytes
from .errors import (
    FitError,
    GlyphError,
    HandoutsError,
    OutputError,
    PdfInputError,
    Problem,
    SpecError,
)
from .loading import Checked, load_spec, validate_bytes, validate_file
from .spec import Spec

__all__ = [
    "Built",
    "CheckReport",
    "Checked",
    "FitError",
    "GlyphError",
    "HandoutsError",
    "OutputError",
    "PdfInputError",
    "Problem",
    "Spec",
    "SpecError",
    "__version__",
    "build_file",
    "build_pdf",
    "check_pdf",
    "check_pdf_bytes",
    "load_spec",
    "validate_bytes",
    "validate_file",
]
