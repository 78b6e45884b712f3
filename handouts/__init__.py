"""handouts: clinical content specs (TOML) in, printable one-page PDFs out (and letters with them).

The public API is what this module exports; the command line is built on it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import Built, build_file, build_pdf
from .checking import CheckReport, check_pdf, check_pdf_bytes
from .clinic import Profile, find_profile, load_profile
from .document import Prepared
from .errors import (
    FitError,
    GlyphError,
    HandoutsError,
    OutputError,
    PdfInputError,
    Problem,
    SpecError,
)
from .letters import Attachment, attach
from .loading import Checked, load_spec, validate_bytes, validate_file
from .report import Report, make_report
from .spec import Spec

__all__ = [
    "Attachment",
    "Built",
    "CheckReport",
    "Checked",
    "FitError",
    "GlyphError",
    "HandoutsError",
    "OutputError",
    "PdfInputError",
    "Prepared",
    "Problem",
    "Profile",
    "Report",
    "Spec",
    "SpecError",
    "__version__",
    "attach",
    "build_file",
    "build_pdf",
    "check_pdf",
    "check_pdf_bytes",
    "find_profile",
    "load_profile",
    "load_spec",
    "make_report",
    "validate_bytes",
    "validate_file",
]
