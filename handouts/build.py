"""Building: a validated spec to PDF bytes, or a spec file to a PDF file. The API the CLI uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4, letter

from . import clinician, patient
from .blocks import Template
from .errors import FitError, GlyphError, Problem
from .fitting import fit
from .fonts import glyph_problems
from .loading import load_spec
from .markup import plain
from .pdf import Metadata, render, write_atomic
from .rules import where
from .spec import Spec, leaves
from .styles import make_styles

PageSize = Literal["letter", "a4"]
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


def build_pdf(spec: Spec, *, page_size: PageSize = "letter", file: str = "<spec>") -> Built:
    """Lay out a validated spec on one page; raise FitError or GlyphError if it cannot be printed."""
    problems = unprintable(spec, file)
    if problems:
        raise GlyphError("\n".join(str(problem) for problem in problems))
    template = TEMPLATES[spec.audience]
    width, height = PAGE_SIZES[page_size]
    frame_width, frame_height = width - 2 * template.margin, height - 2 * template.margin
    try:
        fitted = fit(
            lambda size: template.compose(spec, make_styles(size, template.typography), frame_width),
            template.preferred,
            template.minimum,
            frame_width,
            frame_height,
            f"one {page_size} page",
        )
    except FitError as error:
        raise FitError(f"{file}: {error}") from None
    pdf = render(fitted.arrangement, (width, height), template.margin, metadata(spec))
    return Built(pdf, spec, page_size, fitted.body_size, fitted.passes)


def unprintable(spec: Spec, file: str = "<spec>") -> list[Problem]:
    """Every character in the spec that the bundled fonts cannot draw, with where it is."""
    texts = ((where(spec, path), value) for path, _, value in leaves(spec) if isinstance(value, str))
    return glyph_problems(texts, file)


def build_file(
    source: str | Path,
    output: str | Path,
    *,
    page_size: PageSize = "letter",
    strict: bool = False,
    today: date | None = None,
) -> Built:
    """Validate a spec file and write its PDF to `output` atomically (nothing is left on failure)."""
    spec = load_spec(source, today=today, strict=strict)
    built = build_pdf(spec, page_size=page_size, file=str(source))
    write_atomic(built.pdf, Path(output))
    return built


def metadata(spec: Spec) -> Metadata:
    kind = "Clinician summary" if spec.audience == "clinician" else "Patient handout"
    authors = spec.review.authors or [spec.review.reviewed_by]
    return Metadata(
        title=plain(spec.title),
        author=", ".join(plain(a) for a in authors),
        subject=f"{kind}: {plain(spec.subtitle)}" if spec.subtitle else kind,
        keywords=f"{spec.id}, {spec.audience}, version {spec.version}",
        language=spec.language,
    )
