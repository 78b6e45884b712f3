"""Building: a validated spec to PDF bytes, or a spec file to a PDF file.

The checks a document must pass before it is laid out (`preflight`) are here too, so that `validate`
reports exactly what `build` would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from .document import (
    Document,
    Prepared,
    Printing,
    document_problems,
    document_warnings,
    prepared_problems,
)
from .errors import FitError, GlyphError, Problem, SpecError, setting_problem
from .files import write_atomic
from .layout.fonts import Coverage, coverage_of, glyph_problems, register, script
from .layout.header import fits_the_box
from .layout.page_layout import Layout
from .layout.remembered import Remembered
from .pdf.writing import Metadata, render
from .spec.loading import Checked, load_spec
from .spec.markup import plain
from .spec.model import Spec
from .spec.rules import where
from .spec.walking import SETTINGS, leaves, printed_leaves
from .standards import PageSize

if TYPE_CHECKING:  # a build without a clinic profile does not load the profile's models
    from .clinic.profile import Profile


@dataclass(frozen=True)
class Built:
    """A finished PDF and the document it was made from."""

    pdf: bytes
    document: Document
    body_size: float  # pt, the type size the fitting chose
    passes: int  # layout measurements the fitting needed
    pages: int = 1
    spacing: int = 0  # the spacing level the fitting chose: 0 the template's own, higher tighter
    warnings: tuple[Problem, ...] = ()  # about the spec with this clinic: printed, but worth a look

    @property
    def spec(self) -> Spec:
        return self.document.spec

    @property
    def title(self) -> str:
        """The title as printed, without inline markup: for bookmarks and file listings."""
        return plain(self.spec.title)

    @property
    def page_size(self) -> PageSize:
        return self.document.paper

    @property
    def large_print(self) -> bool:
        return self.document.large_print

    @property
    def remembered(self) -> Remembered:
        """What the fitting chose, for the next build of the same document to check first."""
        return Remembered(self.pages, self.body_size, self.spacing)


@dataclass(frozen=True)
class Options:
    """How a command prints its specs: everything about a build but the spec itself."""

    page_size: PageSize | None = None
    clinic: Profile | None = None
    prepared: Prepared | None = None
    large_print: bool = False
    strict: bool = False  # warnings count as errors
    # Large print for a batch of specs: its patient handouts. A clinician summary, which has no large
    # print, is then passed over rather than failed (named alone, it is refused).
    patients_only: bool = False

    def document(self, spec: Spec) -> Document:
        return Document(spec, self.clinic, self.prepared, self.large_print, self.page_size)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """The files these options read (a clinic's profile, logo and fonts): never an output."""
        return self.clinic.sources if self.clinic else ()

    def for_several(self, several: bool) -> Options:
        """These options for a command given `several` specs (a folder of them, or more than one)."""
        return replace(self, patients_only=True) if self.large_print and several else self


def passed_over(checked: Checked, options: Options) -> str:
    """Why a spec is not built with `options` though nothing need be wrong with it; "" if it is built."""
    if options.patients_only and checked.spec is not None and checked.spec.audience == "clinician":
        return "a clinician summary has no large print"
    return ""


def build_pdf(
    spec: Spec,
    *,
    page_size: PageSize | None = None,
    clinic: Profile | None = None,
    prepared: Prepared | None = None,
    large_print: bool = False,
    file: str = "<spec>",
    remembered: Remembered | None = None,
) -> Built:
    """Lay out a validated spec on its page (two at most in large print).

    The page size defaults to the clinic's, else letter. Raises SpecError, GlyphError or FitError
    when the document cannot be printed as asked. `remembered`: an earlier build's choice
    (`Built.remembered`), checked first; the PDF is the same with it or without.
    """
    document = Document(spec, clinic, prepared, large_print, page_size)
    return build_document(document, file, remembered)


def build_document(document: Document, file: str = "<spec>", remembered: Remembered | None = None) -> Built:
    """build_pdf for a document already put together; `file` names the spec in messages."""
    problems = _settings_problems(document, file)
    glyphs = _glyph_problems(document, file)
    if problems:  # with the characters, if some cannot be drawn either: every problem at once
        raise SpecError(problems + glyphs)
    if glyphs:
        raise GlyphError("\n".join(str(problem) for problem in glyphs))
    layout = Layout(document)
    try:
        fitted = layout.fit(remembered)
    except FitError as error:
        raise FitError(f"{file}: {error}", error.lines) from None
    pdf = render(
        fitted.arrangement,
        layout.paper,
        layout.template.margin,
        metadata(document),
    )
    pages = len(fitted.arrangement.sheets)
    warnings = tuple(document_warnings(document, file))
    return Built(pdf, document, fitted.body_size, fitted.passes, pages, fitted.level, warnings)


def build_checked(checked: Checked, options: Options, remembered: Remembered | None = None) -> Built:
    """A validated spec file on its page(s); SpecError if validation found errors (with whatever else
    would stop the build, so that they all come at once). `remembered`: as for build_pdf."""
    if checked.spec is None or checked.errors:
        raise SpecError(checked.problems + preflight_checked(checked, options))
    document = options.document(checked.spec)
    if options.strict and (refused := doubts(document, checked.file, strict=True)):
        raise SpecError(refused)
    return build_document(document, checked.file, remembered)


def doubts(document: Document, file: str, *, strict: bool) -> list[Problem]:
    """What prints but may be wrong (document_warnings); under --strict, errors of the spec file, so
    that a refused build names the spec it stopped. The one warning about another file is the page
    language's catalogue: refused, it is the spec's `language`, and its message names the catalogue."""
    found = document_warnings(document, file)
    if not strict:
        return found
    return [
        replace(problem, severity="error")
        if problem.file == file
        else Problem(file, "language", f"{problem.file} {problem.message}")
        for problem in found
    ]


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


def preflight(document: Document, file: str) -> list[Problem]:
    """Everything that would stop `document` from being built, short of fitting it on its page."""
    return _settings_problems(document, file) + _glyph_problems(document, file)


def preflight_checked(checked: Checked, options: Options) -> list[Problem]:
    """`preflight` for a spec file however its validation went: all of it for a sound spec; for one with
    errors, what its sound parts show (no disclaimer, a character the fonts cannot draw), so that a
    spec's mistakes come in one list rather than in rounds. With the page's doubts, whenever the
    model took the spec: as build prints them, or refuses them under --strict."""
    doubted: list[Problem] = []
    if checked.spec is not None:
        document = options.document(checked.spec)
        doubted = doubts(document, checked.file, strict=options.strict)
        if not checked.errors:
            return preflight(document, checked.file) + doubted
    draft = checked.draft
    if draft is None:  # not TOML: nothing can be read of it
        return []
    audience = draft.table.get("audience")
    printing = Printing(options.clinic, options.prepared, options.large_print)
    found = printing.problems(
        "disclaimer" in draft.table, audience if isinstance(audience, str) else None, checked.file
    )
    if options.prepared:
        found += _unprintable_names(options.prepared)
    texts = (
        (draft.where(path), value)
        for path, _, value in draft.leaves()
        if isinstance(value, str) and draft.usable(path) and path.split(".")[0] not in SETTINGS
    )
    clinic = options.clinic
    coverage = coverage_of(clinic)  # the clinic's own faces draw what the bundled ones lack
    return (
        found
        + glyph_problems(texts, checked.file, coverage)
        + (unprintable(clinic.clinic, clinic.file, coverage) if clinic else [])
        + doubted
    )


def _settings_problems(document: Document, file: str) -> list[Problem]:
    problems = document_problems(document, file)
    prepared = document.prepared
    if not prepared:
        return problems
    problems += _unprintable_names(prepared)
    if not problems and not fits_the_box(prepared, document.words, document.kind):
        longest = max(prepared.names(), key=lambda pair: len(pair[1]), default=("date", ""))[0]
        message = (
            'is too long, with the other details, for the "Prepared for" lines kept on the page: '
            "shorten a name (initials for a first name, say)"
        )
        problems.append(setting_problem(longest, message))
    return problems


def _glyph_problems(document: Document, file: str) -> list[Problem]:
    coverage = coverage_of(document.clinic)  # the clinic's own faces draw what the bundled ones lack
    problems = unprintable(document.spec, file, coverage)
    words = document.words
    own = "".join([*words.words.values(), *words.months])
    missing = [] if coverage.can_draw_all(own) else [char for char in own if not coverage.can_draw(char)]
    if missing:  # the page's own words, not the spec's: one line for the language
        message = (
            f"the bundled fonts cannot draw {words.name} ({script(missing[0])} script), so a page in "
            f"{document.spec.language!r} cannot be printed yet"
        )
        problems.append(Problem(file, "language", message))
    clinic = document.clinic
    return problems + (unprintable(clinic.clinic, clinic.file, coverage) if clinic else [])


def personal_problems(prepared: Prepared) -> list[Problem]:
    """What is wrong with the details of a "Prepared for" line; messages never quote them."""
    return prepared_problems(prepared) + _unprintable_names(prepared)


def _unprintable_names(prepared: Prepared) -> list[Problem]:
    coverage = register()
    wrong = {problem.setting for problem in prepared_problems(prepared)}
    return [
        setting_problem(setting, "holds a character the bundled fonts cannot draw")
        for setting, value in prepared.names()
        if setting not in wrong and not all(coverage.can_draw(char) for char in value)
    ]


def unprintable(content: BaseModel, file: str = "<spec>", coverage: Coverage | None = None) -> list[Problem]:
    """Every character in a spec (or clinic profile) that the fonts (`coverage`: the bundled ones unless
    given) cannot draw, with where it is."""
    coverage = coverage or register()
    texts = (
        # Naming the field (where) takes a walk through the spec: only for the rare text that needs it.
        (where(content, path) if isinstance(content, Spec) else path, value)
        for path, _, value in (printed_leaves(content) if isinstance(content, Spec) else leaves(content))
        if isinstance(value, str) and not coverage.can_draw_all(value)
    )
    return glyph_problems(texts, file, coverage)


def metadata(document: Document) -> Metadata:
    """The document info: what `check` reads back to know the document (its keywords: id, audience,
    large print when it is, version and content hash; pdf/recorded.py reads them)."""
    spec, large_print = document.spec, document.large_print
    kind = "Clinician summary" if spec.audience == "clinician" else "Patient handout"
    authors = spec.review.authors or [spec.review.reviewed_by]
    audience = f"{spec.audience}, large print" if large_print else spec.audience
    return Metadata(
        title=plain(spec.title),
        author=", ".join(plain(a) for a in authors),
        subject=f"{kind}: {plain(spec.subtitle)}" if spec.subtitle else kind,
        keywords=f"{spec.id}, {audience}, version {spec.version}, content sha256:{document.content_hash}",
        language=spec.language,
    )
