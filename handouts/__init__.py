"""handouts: clinical content specs (TOML) in, printable one-page PDFs out (and letters with them).

The public API is what this module exports; the command line is built on it.

The names are imported when first used (PEP 562), not with the package: the command line imports
`handouts` for every command, and a one-file build should not pay for pypdf, the quality report and
the letter tools it never touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
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

# Each exported name and the module that defines it; the TYPE_CHECKING imports above say the same to
# type checkers, and tests/test_batch.py checks that the two agree.
_MODULES = {
    "Built": "build",
    "build_file": "build",
    "build_pdf": "build",
    "CheckReport": "checking",
    "check_pdf": "checking",
    "check_pdf_bytes": "checking",
    "Profile": "clinic",
    "find_profile": "clinic",
    "load_profile": "clinic",
    "Prepared": "document",
    "FitError": "errors",
    "GlyphError": "errors",
    "HandoutsError": "errors",
    "OutputError": "errors",
    "PdfInputError": "errors",
    "Problem": "errors",
    "SpecError": "errors",
    "Attachment": "letters",
    "attach": "letters",
    "Checked": "loading",
    "load_spec": "loading",
    "validate_bytes": "loading",
    "validate_file": "loading",
    "Report": "report",
    "make_report": "report",
    "Spec": "spec",
}

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


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
