"""Building: a validated spec to PDF bytes, or a spec file to a PDF file. The API the CLI uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pydantic import BaseModel
from reportlab.lib.pagesizes import A4, letter

from . import clinician, patient
from .blocks import Page, Template
from .document import Document, Prepared, document_problems
from .errors import FitError, GlyphError, Problem, SpecError
from .fitting import fit
from .fonts import glyph_problems, register
from .governance import content_hash
from .loading import load_spec
from .markup import plain
from .pdf import Metadata, render, write_atomic
from .rules import where
from .spec import Spec, leaves
from .styles import DEFAULT_ACCENT, TextMemory, make_styles

if TYPE_CHECKING:  # a build without a clinic profile does not load the profile's models
    from .clinic import PageSize, Profile

PAGE_SIZES: dict[str, tuple[float, float]] = {"letter": letter, "a4": A4}
TEMPLATES: dict[str, Template] = {"clinician": clinician.TEMPLATE, "patient": patient.TEMPLATE}


@dataclass(frozen=True)
class Built:
    """A finished PDF and how it was made."""

    pdf: bytes
    spec: Spec
    page_size: PageSize
    body_size: float  # pt, the type size the fitting chose
    passes: int  # layout measurements the fitting needed
    pages: int = 1
    large_print: bool = False


def build_pdf(
    spec: Spec,
    *,
    page_size: PageSize | None = None,
    clinic: Profile | None = None,
    prepared: Prepared | None = None,
    large_print: bool = False,
    file: str = "<spec>",
) -> Built:
    """Lay out a validated spec on its page (two at most in large print).

    The page size defaults to the clinic's, else letter. Raises SpecError, GlyphError or FitError
    when the document cannot be printed as asked.
    """
    document = Document(spec, clinic, prepared, large_print)
    problems = document_problems(document, file)
    if problems:
        raise SpecError(problems)
    problems = unprintable(spec, file) + (unprintable(clinic.clinic, clinic.file) if clinic else [])
    if problems:
        raise GlyphError("\n".join(str(problem) for problem in problems))
    size = cast("PageSize", (page_size or (clinic.clinic.page_size if clinic else "letter")).lower())
    if size not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    template = patient.LARGE_PRINT if large_print else TEMPLATES[spec.audience]
    accent = clinic.accent if clinic else DEFAULT_ACCENT
    width, height = PAGE_SIZES[size]
    frame_width, frame_height = width - 2 * template.margin, height - 2 * template.margin
    sheets = "two" if large_print else "one"

    memory = TextMemory()  # what each size works out tells the next, within this build only

    def compose(body: float) -> Page:
        styles = make_styles(body, template.typography, accent, memory)
        return template.compose(document, styles, frame_width)

    try:
        fitted = fit(
            compose,
            template.preferred,
            template.minimum,
            frame_width,
            frame_height,
            f"{sheets} {size} page{'s' if large_print else ''}",
        )
    except FitError as error:
        raise FitError(f"{file}: {error}") from None
    pdf = render(fitted.arrangement, (width, height), template.margin, metadata(spec))
    return Built(
        pdf, spec, size, fitted.body_size, fitted.passes, len(fitted.arrangement.sheets), large_print
    )


def unprintable(content: BaseModel, file: str = "<spec>") -> list[Problem]:
    """Every character in a spec (or clinic profile) that the bundled fonts cannot draw, with where it is."""
    coverage = register()
    texts = (
        # Naming the field (where) takes a walk through the spec: only for the rare text that needs it.
        (where(content, path) if isinstance(content, Spec) else path, value)
        for path, _, value in leaves(content)
        if isinstance(value, str) and not coverage.can_draw_all(value)
    )
    return glyph_problems(texts, file)


def build_file(
    source: str | Path,
    output: str | Path,
    *,
    page_size: PageSize | None = None,
    clinic: Profile | None = None,
    prepared: Prepared | None = None,
    large_print: bool = False,
    strict: bool = False,
    today: date | None = None,
) -> Built:
    """Validate a spec file and write its PDF to `output` atomically (nothing is left on failure)."""
    spec = load_spec(source, today=today, strict=strict)
    built = build_pdf(
        spec,
        page_size=page_size,
        clinic=clinic,
        prepared=prepared,
        large_print=large_print,
        file=str(source),
    )
    write_atomic(built.pdf, Path(output))
    return built


def metadata(spec: Spec) -> Metadata:
    kind = "Clinician summary" if spec.audience == "clinician" else "Patient handout"
    authors = spec.review.authors or [spec.review.reviewed_by]
    return Metadata(
        title=plain(spec.title),
        author=", ".join(plain(a) for a in authors),
        subject=f"{kind}: {plain(spec.subtitle)}" if spec.subtitle else kind,
        keywords=f"{spec.id}, {spec.audience}, version {spec.version}, content sha256:{content_hash(spec)}",
        language=spec.language,
    )
