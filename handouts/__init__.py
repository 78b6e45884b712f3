"""handouts: clinical content specs (TOML) in, printable one-page PDFs out (and letters with them).

The public API is what this module exports; the command line is built on it and on nothing else.

The package is a pipeline, each stage importing only earlier ones: `spec` (the content model, its
markup and validation) → `clinic` (a clinic profile) → `document` (what one build prints) → `layout`
(fonts, styles, templates, fitting) → `pdf` (writing, reading back, checking, letters) → `build` →
`report` (the quality report) → `batch` (many specs at once) → `cli`. Under them all: `errors`,
`standards` (the numbers the standards set), `files` (reading and writing safely) and `version`.

The names are imported when first used (PEP 562), not with the package: the command line imports
`handouts` for every command, and a one-file build should not pay for pypdf, the quality report and
the letter tools it never touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from .batch.manifest import Manifest
    from .batch.run import Listener, Tally, default_jobs, run_batch
    from .batch.watch import Rebuilt, Watch, watch
    from .build import (
        Built,
        Options,
        build_checked,
        build_document,
        build_file,
        build_pdf,
        passed_over,
        personal_problems,
        preflight,
        preflight_checked,
    )
    from .clinic import find_profile
    from .clinic.profile import Profile, load_profile
    from .document import Document, Prepared
    from .errors import (
        FitError,
        GlyphError,
        HandoutsError,
        OutputError,
        PdfInputError,
        Problem,
        SpecError,
    )
    from .files import check_output, file_name, write_atomic
    from .layout.page_layout import fit_document, lay_out
    from .pdf.check import CheckReport, check_pdf, check_pdf_bytes
    from .pdf.letters import Attached, Attachment, attach
    from .report.fits import Fit, fit_line, fit_rows, fit_variants
    from .report.make import make_report, report_unfitted
    from .report.model import Report
    from .report.output import report_json, report_summary, report_text
    from .report.words import report_words, unreviewed_report_words
    from .spec.figures import image_files
    from .spec.loading import Checked, find_specs, load_spec, shared_ids, validate_bytes, validate_file
    from .spec.model import Spec, spec_schema
    from .spec.parity import Parity
    from .spec.starter import write_starter
    from .spec.translations import Sources

# Each exported name and the module that defines it; the TYPE_CHECKING imports above say the same to
# type checkers, and tests/test_api.py checks that the two agree.
_MODULES = {
    "Manifest": "batch.manifest",
    "Listener": "batch.run",
    "Tally": "batch.run",
    "default_jobs": "batch.run",
    "run_batch": "batch.run",
    "Rebuilt": "batch.watch",
    "Watch": "batch.watch",
    "watch": "batch.watch",
    "Built": "build",
    "Options": "build",
    "build_checked": "build",
    "build_document": "build",
    "build_file": "build",
    "build_pdf": "build",
    "personal_problems": "build",
    "preflight": "build",
    "passed_over": "build",
    "preflight_checked": "build",
    "Profile": "clinic.profile",
    "find_profile": "clinic",
    "load_profile": "clinic.profile",
    "Document": "document",
    "Prepared": "document",
    "FitError": "errors",
    "GlyphError": "errors",
    "HandoutsError": "errors",
    "OutputError": "errors",
    "PdfInputError": "errors",
    "Problem": "errors",
    "SpecError": "errors",
    "check_output": "files",
    "file_name": "files",
    "image_files": "spec.figures",
    "write_atomic": "files",
    "fit_document": "layout.page_layout",
    "lay_out": "layout.page_layout",
    "CheckReport": "pdf.check",
    "check_pdf": "pdf.check",
    "check_pdf_bytes": "pdf.check",
    "Attached": "pdf.letters",
    "Attachment": "pdf.letters",
    "attach": "pdf.letters",
    "Fit": "report.fits",
    "fit_line": "report.fits",
    "fit_rows": "report.fits",
    "fit_variants": "report.fits",
    "make_report": "report.make",
    "report_words": "report.words",
    "unreviewed_report_words": "report.words",
    "report_unfitted": "report.make",
    "Report": "report.model",
    "report_json": "report.output",
    "report_summary": "report.output",
    "report_text": "report.output",
    "Checked": "spec.loading",
    "find_specs": "spec.loading",
    "load_spec": "spec.loading",
    "shared_ids": "spec.loading",
    "validate_bytes": "spec.loading",
    "validate_file": "spec.loading",
    "Spec": "spec.model",
    "spec_schema": "spec.model",
    "write_starter": "spec.starter",
    "Parity": "spec.parity",
    "Sources": "spec.translations",
}

__all__ = [
    "Attached",
    "Attachment",
    "Built",
    "CheckReport",
    "Checked",
    "Document",
    "Fit",
    "FitError",
    "GlyphError",
    "HandoutsError",
    "Listener",
    "Manifest",
    "Options",
    "OutputError",
    "Parity",
    "PdfInputError",
    "Prepared",
    "Problem",
    "Profile",
    "Rebuilt",
    "Report",
    "Sources",
    "Spec",
    "SpecError",
    "Tally",
    "Watch",
    "__version__",
    "attach",
    "build_checked",
    "build_document",
    "build_file",
    "build_pdf",
    "check_output",
    "check_pdf",
    "check_pdf_bytes",
    "default_jobs",
    "file_name",
    "find_profile",
    "find_specs",
    "fit_document",
    "fit_line",
    "fit_rows",
    "fit_variants",
    "image_files",
    "lay_out",
    "load_profile",
    "load_spec",
    "make_report",
    "passed_over",
    "personal_problems",
    "preflight",
    "preflight_checked",
    "report_json",
    "report_summary",
    "report_text",
    "report_unfitted",
    "report_words",
    "run_batch",
    "shared_ids",
    "spec_schema",
    "unreviewed_report_words",
    "validate_bytes",
    "validate_file",
    "watch",
    "write_atomic",
    "write_starter",
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
