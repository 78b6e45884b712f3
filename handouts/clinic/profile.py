"""The clinic profile: who prints the handouts, how to reach them, and the colour and logo they use.

One TOML file per clinic, read and checked like a spec (same limits, same messages, every problem at
once). Its text is content, never inline markup, and the templates print it exactly as written. The
logo is checked with Pillow before ReportLab ever sees it, and the bytes that were checked are the
bytes that are drawn: nothing reads the file a second time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, ValidationError
from reportlab.lib.colors import Color, HexColor

from ..errors import Problem, SpecError, shown
from ..files import Unreadable, file_name, read_bounded
from ..language.catalogue import primary
from ..spec.fields import EMAIL, LANGUAGE_TAG, Long, Model, Short, Text
from ..spec.toml import parse_toml
from ..spec.wording import describe_validation
from ..standards import MIN_CONTRAST, RGB, PageSize, PrintVariant, contrast_ratio
from .catalogues import read_catalogues
from .fonts import MAX_FONTS, ClinicFont, read_font
from .fonts import Refused as FontRefused
from .logo import Logo, Refused, read_logo

MAX_PROFILE_BYTES = 64 * 1024  # a profile is a few hundred bytes
MAX_PHONE = 40


# --- the model --------------------------------------------------------------------------------------


def _phone(text: str) -> str:
    if len(text) > MAX_PHONE:
        raise ValueError(f"is too long for a phone number: {len(text)} characters, at most {MAX_PHONE}")
    if not any(char.isdecimal() for char in text):
        raise ValueError("must be a phone number, with at least one digit")
    return text


_WEBSITE = re.compile(r"https?://\S+\Z")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\Z")


def _email(text: str) -> str:
    if not EMAIL.match(text):
        raise ValueError("must be an email address such as clinic@example.org, without spaces")
    return text


def _website(text: str) -> str:
    if not _WEBSITE.match(text):
        raise ValueError("must be a web address starting with https:// (or http://), without spaces")
    return text


def _accent(text: str) -> str:
    if not _HEX.match(text):
        raise ValueError(f"must be a colour written #RRGGBB, such as '#1f3a5f' (got {shown(text)})")
    ratio = contrast_ratio(hex_rgb(text), (1.0, 1.0, 1.0))
    if ratio < MIN_CONTRAST:
        raise ValueError(
            f"{text!r} has a contrast of {_ratio(ratio)} against white; "
            f"text needs {_ratio(MIN_CONTRAST)} or better (try a darker shade)"
        )
    return text


# Printed literally, like a spec's contact details: no markup, no citations.
Phone = Annotated[Short, AfterValidator(_phone)]
Email = Annotated[Short, AfterValidator(_email)]
Website = Annotated[Short, AfterValidator(_website)]
Accent = Annotated[str, AfterValidator(_accent)]


class OutOfHours(Model):
    """What a patient does when the clinic is closed: printed in the urgent "Get help now" callout."""

    # Validators are made when the first profile is read, not on import: most builds have no profile.
    model_config = ConfigDict(defer_build=True)

    phone: Phone
    advice: Text | None = None


class ClinicTexts(Model):
    """A clinic's own words in one more language: the texts that are not names or numbers."""

    model_config = ConfigDict(defer_build=True)

    department: Short | None = None
    hours: Short | None = None
    disclaimer: Long | None = None
    out_of_hours_advice: Text | None = None


LanguageTag = Annotated[str, Field(max_length=35, pattern=LANGUAGE_TAG.pattern)]
TRANSLATED = ("department", "hours", "disclaimer", "out_of_hours_advice")  # the fields ClinicTexts holds


class Clinic(Model):
    model_config = ConfigDict(defer_build=True)

    name: Short
    department: Short | None = None
    address: Short | None = None
    phone: Phone  # the "call us" number
    hours: Short | None = None
    email: Email | None = None
    website: Website | None = None
    logo: Short | None = None  # PNG or JPEG, relative to the profile's folder
    logo_alt: Short | None = None  # what the logo shows, for readers who cannot see it; default the name
    # TrueType files in the profile's folder, for characters the bundled faces lack (fonts.py).
    fonts: Annotated[list[Short], Field(max_length=4)] | None = None
    accent: Accent | None = None  # the house colour when not given
    page_size: PageSize | None = None  # letter when not given
    # The ways the clinic prints its documents, for `handouts fit` and `build --strict` to check.
    variants: Annotated[list[PrintVariant], Field(min_length=1, max_length=4)] | None = None
    disclaimer: Long | None = None  # for specs that have none of their own
    # A stricter reading grade for the quality report's patient gate than the usual 8 (6 is common).
    reading_grade: Annotated[int, Field(ge=3, le=8)] | None = None
    out_of_hours: OutOfHours
    language: LanguageTag = "en"  # the language the texts above are written in
    # The same texts in other languages, by language tag ("es"): a page in one of them prints them.
    languages: dict[LanguageTag, ClinicTexts] | None = None
    # Where a page's language has no text of the clinic's: print this language's, marked as such for
    # screen readers. Without it, a missing text stops the build.
    fallback_language: LanguageTag | None = None

    def text(self, name: str, language: str | None) -> str | None:
        """One of the TRANSLATED texts in a language (None: the profile's own); None if it has none."""
        if language is None:
            return self.out_of_hours.advice if name == "out_of_hours_advice" else getattr(self, name)
        texts = {primary(tag): value for tag, value in (self.languages or {}).items()}.get(primary(language))
        return getattr(texts, name) if texts else None


# --- what a loaded profile holds --------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    file: str  # the profile file as messages name it
    clinic: Clinic
    logo: Logo | None
    fonts: tuple[ClinicFont, ...] = ()  # checked, in the order the profile names them
    # Words laid over the bundled catalogues, by language: the profile folder's catalogues/LANG.toml.
    catalogues: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    sources: tuple[Path, ...] = ()  # the files it was read from: the profile, its logo and fonts

    @property
    def accent(self) -> Color | None:
        return HexColor(self.clinic.accent) if self.clinic.accent else None


def hex_rgb(text: str) -> RGB:
    """A colour written #RRGGBB as red, green and blue from 0 to 1."""
    red, green, blue = (int(text[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue


def _ratio(ratio: float) -> str:
    # Rounded down, so a refused colour never shows as the 4.5:1 it falls short of.
    return f"{math.floor(ratio * 10) / 10:.1f}:1"


# --- finding and loading ------------------------------------------------------------------------------


def load_profile(path: str | Path) -> Profile:
    """Read and check a clinic profile and its logo; raise SpecError listing every problem."""
    file = file_name(path)
    try:
        data = read_bounded(Path(path), MAX_PROFILE_BYTES)
    except Unreadable as error:
        raise SpecError([Problem(file, "", str(error))]) from None
    profile = profile_from_bytes(data, file, Path(path).parent)
    named = [profile.clinic.logo] if profile.clinic.logo else []
    named += profile.clinic.fonts or []
    return replace(profile, sources=(Path(path), *(Path(path).parent / name for name in named)))


def profile_from_bytes(data: bytes, file: str, folder: Path) -> Profile:
    """A profile from its TOML source; `file` names it in messages, the logo is looked for in `folder`."""
    table = parse_toml(data, file, "a clinic profile")
    clinic: Clinic | None = None
    problems: list[Problem] = []
    logo_refused = False
    try:
        clinic = Clinic.model_validate(table)
    except ValidationError as error:
        problems = describe_validation(error, table, file, Clinic)
        logo_refused = any(detail["loc"][:1] == ("logo",) for detail in error.errors())
    except RecursionError:
        raise SpecError([Problem(file, "", "is nested too deeply to be a clinic profile")]) from None
    logo: Logo | None = None
    name = table.get("logo")
    if isinstance(name, str) and not logo_refused:  # checked even when other keys are wrong
        try:
            logo = read_logo(name, folder)
        except Refused as error:
            problems.append(Problem(file, "logo", f"{shown(name)} {error}"))
    fonts, refused = _fonts(table.get("fonts"), folder, file)
    said = {problem.where for problem in problems}  # a name the field checks refused: said once
    problems += [problem for problem in refused if problem.where not in said]
    catalogues, wrong = read_catalogues(folder)
    problems += wrong
    if problems or clinic is None:
        raise SpecError(problems)
    return Profile(file, clinic, logo, fonts, catalogues)


def _fonts(names: object, folder: Path, file: str) -> tuple[tuple[ClinicFont, ...], list[Problem]]:
    """The profile's fonts, each checked (when the list itself is sound), and what is wrong with them."""
    if not isinstance(names, list) or len(names) > MAX_FONTS:
        return (), []
    fonts: list[ClinicFont] = []
    problems: list[Problem] = []
    for index, name in enumerate(names, start=1):
        if not isinstance(name, str):
            continue
        try:
            fonts.append(read_font(name, folder))
        except FontRefused as error:
            problems.append(Problem(file, f"fonts[{index}]", f"{shown(name)} {error}"))
    return tuple(fonts), problems
