"""Every word the tool prints itself, in the page's language: one catalogue per language, a data file in
the package (`catalogues/LANG.toml`), with the wording of a region where it differs (`[regions.GB]`).

Its `[report]` table holds the quality report's own words (report/words.py says which language a
report is in): the English catalogue's table is their contract, each key with the fields its text
uses, and a key another catalogue lacks is printed in English rather than not at all.

A catalogue records who reviewed it as a fluent speaker (`reviewed_by`); an empty one has not been,
and a build says so. A clinic may add a language or change a word from its profile's folder: those
words are laid over the bundled catalogue (see clinic/profile.py).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from html import escape as html_escape
from importlib.resources import files
from string import Formatter

# Every key a catalogue holds, with the fields its text must use: the contract between the layout and
# the catalogues, checked for each bundled catalogue in the tests and for each clinic's at load.
KEYS: Mapping[str, frozenset[str]] = {
    key: frozenset(fields.split())
    for key, fields in {
        "patient_information": "",
        "clinician_summary": "",
        "main_thing": "",
        "bottom_line": "",
        "questions": "",
        "contact": "",
        "call_us": "",
        "call_care_team": "",
        "phone": "",
        "clinic_closed": "",
        "call": "",
        "page_note": "page pages",
        "running_head": "title page pages",
        "continued": "title",
        "version": "version",
        "reviewed": "date name",
        "next_review": "date",
        "document": "id",
        "content": "hash",
        "authors": "names",
        "references": "",
        "read_online": "",
        "qr_alt": "url",
        "prepared": "",
        "prepared_for": "name",
        "prepared_on": "date",
        "prepared_by": "name",
        "write_in_for": "",
        "write_in_on": "",
        "write_in_by": "",
        "urgent": "",
        "warning": "",
        "note": "",
        "urgent_title": "",
        "warning_title": "",
        "note_title": "",
        "blank": "",
        "date": "day month year",
    }.items()
}
TOP_KEYS = frozenset({"language", "name", "reviewed_by", "direction", "months", "words", "regions", "report"})
LANGUAGES = ("en", "es", "zh", "vi", "tl", "ar", "fr", "ko", "ru", "pt", "ht")


@dataclass(frozen=True)
class Catalogue:
    """The words of one language (and region), ready to print."""

    language: str  # the primary subtag: "es"
    name: str  # the language's own name for itself
    words: Mapping[str, str]
    months: tuple[str, ...]
    reviewed_by: str = ""  # empty: no fluent speaker has reviewed it yet
    direction: str = "ltr"  # "rtl" for Arabic: for the right-to-left layout still to come
    report: Mapping[str, str] = field(default_factory=dict)  # the quality report's words, every key

    def said(self, key: str, **values: str | int) -> str:
        """The report's text for `key`, its fields filled in."""
        return self.report[key].format(**values)

    def __call__(self, key: str, **values: str | int) -> str:
        """The text for `key`, its fields filled in (plain text, not markup)."""
        return self.words[key].format(**values)

    def markup(self, key: str, **values: str | int) -> str:
        """The text for `key` as paragraph markup: its own words escaped, its fields (markup already,
        such as a bold name) put in as they are."""
        return "".join(
            html_escape(literal, quote=False) + (str(values[name]) if name is not None else "")
            for literal, name, _, _ in Formatter().parse(self.words[key])
        )

    def date(self, day: date) -> str:
        """A date in words, as this language writes it: never a date to decode."""
        return self("date", day=day.day, month=self.months[day.month - 1], year=day.year)


def primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def region(tag: str) -> str:
    """The region subtag ("GB" of "en-GB"), "" if none."""
    for part in tag.replace("_", "-").split("-")[1:]:
        if len(part) == 2 and part.isalpha():
            return part.upper()
    return ""


def catalogue(tag: str, overlay: Mapping[str, Mapping[str, object]] | None = None) -> Catalogue | None:
    """The catalogue for a BCP 47 tag, with a clinic's words laid over it; None if there is none."""
    own = (overlay or {}).get(primary(tag))
    return _bundled_only(tag) if own is None else _merged(tag, own)


@lru_cache(maxsize=64)
def _bundled_only(tag: str) -> Catalogue | None:
    """Without a clinic's words, every build in a language asks for the same catalogue: made once."""
    return _merged(tag, None)


def _merged(tag: str, own: Mapping[str, object] | None) -> Catalogue | None:
    table = _bundled(primary(tag))
    if table is None and own is None:
        return None
    merged: dict[str, object] = {**(table or {})}
    if own:
        merged = {**merged, **own, "words": {**_words(merged), **_words(own)}}
    words = {**_words(merged), **_words(_regions(merged).get(region(tag), {}))}
    # The report's words: English for any key the language lacks, then the language's, then the clinic's.
    report = {**_report(_bundled("en") or {}), **_report(table or {}), **_report(own or {})}
    months = merged.get("months")
    return Catalogue(
        primary(tag),
        str(merged.get("name", primary(tag))),
        words,
        tuple(str(month) for month in months) if isinstance(months, list) else (),
        str(merged.get("reviewed_by", "")),
        str(merged.get("direction", "ltr")),
        report,
    )


def problems(table: Mapping[str, object], complete: bool) -> list[tuple[str, str]]:
    """(key, message) for what is wrong in a catalogue's table: unknown keys, fields a text may not use
    or lacks, months that are not twelve; with `complete`, missing keys too."""
    found = [(key, "is not a key of a catalogue") for key in table if key not in TOP_KEYS]
    words = table.get("words", {})
    if not isinstance(words, Mapping):
        return [*found, ("words", "must be a table of key = text")]
    found += _word_problems("words", words, KEYS)
    report = table.get("report", {})
    if isinstance(report, Mapping):
        found += _word_problems("report", report, report_keys())
    else:
        found.append(("report", "must be a table of key = text"))
    regions = table.get("regions", {})
    if not isinstance(regions, Mapping) or not all(isinstance(value, Mapping) for value in regions.values()):
        found.append(("regions", "must hold a table of key = text for each region: [regions.GB]"))
    else:
        for name, region_words in regions.items():
            found += _word_problems(f"regions.{name}", region_words, KEYS)
    missing = [key for key in KEYS if key not in words]
    if complete and missing:  # a new language: every key, listed in one line
        found.append(("words", f"lacks {len(missing)} of the {len(KEYS)} keys: {', '.join(missing)}"))
    months = table.get("months")
    twelve = isinstance(months, list) and len(months) == 12 and all(_is_text(month) for month in months)
    if (complete or months is not None) and not twelve:
        found.append(("months", "must list the twelve months, each as text"))
    for key in ("language", "name"):
        if key in table and not _is_text(table[key]):
            found.append((key, "must be text"))
    if "reviewed_by" in table and not isinstance(table["reviewed_by"], str):
        found.append(("reviewed_by", 'must be text: the reviewer\'s name, or "" while not yet reviewed'))
    if table.get("direction", "ltr") not in ("ltr", "rtl"):
        found.append(("direction", 'must be "ltr" or "rtl"'))
    return found


def texts(table: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    """(key, text) for every text a catalogue's table holds that a page may print."""
    for key in ("name", "reviewed_by"):
        if isinstance(table.get(key), str):
            yield key, str(table[key])
    months = table.get("months")
    for number, month in enumerate(months if isinstance(months, list) else [], start=1):
        if isinstance(month, str):
            yield f"months[{number}]", month
    for place in ("words", "report"):
        words = table.get(place)
        for key, text in words.items() if isinstance(words, Mapping) else ():
            if isinstance(text, str):
                yield f"{place}.{key}", text
    regions = table.get("regions")
    for name, region_words in regions.items() if isinstance(regions, Mapping) else ():
        for key, text in region_words.items() if isinstance(region_words, Mapping) else ():
            if isinstance(text, str):
                yield f"regions.{name}.{key}", text


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _word_problems(
    where: str, words: Mapping[str, object], keys: Mapping[str, frozenset[str]]
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, text in words.items():
        if key not in keys:
            found.append((f"{where}.{key}", "is not a key of a catalogue"))
        elif not isinstance(text, str) or not text.strip():
            found.append((f"{where}.{key}", "must be text"))
        elif (used := _fields(text)) != keys[key]:
            wanted, uses = (", ".join(f"{{{name}}}" for name in sorted(names)) for names in (keys[key], used))
            found.append((f"{where}.{key}", f"must use {wanted or 'no {fields}'} (it uses {uses or 'none'})"))
    return found


def _fields(text: str) -> set[str]:
    """The fields a text fills in: plain names only, so that no text can format a value otherwise
    ("{url:>99999999}" would make a string of that size) or reach into it ("{url.__class__}")."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError:  # an unpaired brace
        return {"an unpaired brace"}
    return {
        name if not spec and conversion is None else f"{name}{'!' + conversion if conversion else ''}:{spec}"
        for _, name, spec, conversion in parsed
        if name is not None
    }


@cache
def _bundled(language: str) -> dict[str, object] | None:
    if language not in LANGUAGES:
        return None
    data = (files("handouts.language") / "catalogues" / f"{language}.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@cache
def report_keys() -> Mapping[str, frozenset[str]]:
    """Every key of a `[report]` table, with the fields its text must use: those of the English text,
    which the report's code fills in (tests check that it reproduces the report's English)."""
    source = _report(_bundled("en") or {})
    return {key: frozenset(_fields(text)) for key, text in source.items()}


def _report(table: Mapping[str, object]) -> dict[str, str]:
    report = table.get("report", {})
    return {str(key): str(text) for key, text in report.items()} if isinstance(report, Mapping) else {}


def _words(table: Mapping[str, object]) -> dict[str, str]:
    words = table.get("words", {})
    return {str(key): str(text) for key, text in words.items()} if isinstance(words, Mapping) else {}


def _regions(table: Mapping[str, object]) -> dict[str, Mapping[str, object]]:
    regions = table.get("regions", {})
    return (
        {str(key): {"words": value} for key, value in regions.items()} if isinstance(regions, Mapping) else {}
    )


def english() -> Catalogue:
    """The source catalogue, which every build has."""
    found = catalogue("en")
    assert found is not None  # it ships in the package
    return found
