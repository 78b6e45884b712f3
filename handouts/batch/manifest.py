"""Incremental builds: a small manifest in the output folder says which PDF each spec last became.

A spec is skipped when what its PDF depends on is unchanged (`fingerprint`: the spec file's bytes,
its figures' images, a translation's source, the clinic profile with its logo, fonts and catalogues,
the options, the bundled fonts, the tool's source, data and version, ReportLab's version and
SOURCE_DATE_EPOCH), its PDF on disk is still the one written (its SHA-256),
and today is a day on which it was built clean: on or after the day it was built, not past its next
review (when validation would warn). A skipped spec's warnings (an unreviewed catalogue, say) are
recorded with it and told again.
The manifest is read with suspicion: anything in it that is not as written here
is ignored, and that spec is built again; it is replaced atomically after each batch.

Each entry also keeps what the fitting chose (pages, body size, spacing level): a spec built again
after an edit, or with --force, has its fitting check that choice first (layout/remembered.py),
which makes the same PDF in two to four measurements instead of four to eight.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

from ..build import Options
from ..files import write_atomic
from ..layout.remembered import Remembered
from ..version import __version__

MANIFEST = ".handouts-manifest.json"
LARGE_PRINT = " (large print)"  # after a spec file's path: its large-print PDF's entry
FORMAT = 2
MAX_BYTES = 64 * 1024 * 1024  # a library of 100,000 specs needs about 30 MB
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_FIELDS = ("fingerprint", "id", "sha256", "built", "until")
Warning = tuple[str, str, str]  # (file, where, message) of a warning the build gave


@cache
def _tool_digest() -> str:
    """The package's own source and fonts, the version, and ReportLab's: what every PDF depends on."""
    import reportlab

    digest = hashlib.sha256(f"handouts {__version__}; reportlab {reportlab.Version}".encode())
    package = Path(__file__).resolve().parent.parent
    # The source and its data: the catalogues' words, the report's term lists.
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for font in sorted(files("handouts.font_files").iterdir(), key=lambda entry: entry.name):
        if font.name.endswith(".ttf"):
            digest.update(font.name.encode() + b"\0" + font.read_bytes())
    return digest.hexdigest()


def options_digest(options: Options) -> str:
    """Everything about a build but the spec: the tool, the options, the clinic profile and its logo."""
    clinic = options.clinic
    prepared = options.prepared
    described = {
        "tool": _tool_digest(),
        "page_size": options.page_size,
        "large_print": options.large_print,
        "strict": options.strict,
        "prepared": [prepared.patient, str(prepared.on), prepared.clinician] if prepared else None,
        "clinic": clinic.clinic.model_dump_json() if clinic else None,
        "logo": hashlib.sha256(clinic.logo.data).hexdigest() if clinic and clinic.logo else None,
        "fonts": [hashlib.sha256(font.data).hexdigest() for font in clinic.fonts] if clinic else [],
        "catalogues": _page_words(clinic.catalogues) if clinic else {},
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode()).hexdigest()


def _page_words(catalogues: Mapping[str, Mapping[str, object]]) -> dict[str, dict[str, object]]:
    """A clinic's catalogues without their `[report]` words: those print in reports only, and a build
    with a report is never skipped."""
    return {
        language: {k: v for k, v in table.items() if k != "report"} for language, table in catalogues.items()
    }


def fingerprint(spec_bytes: bytes, options: str, read_too: Sequence[str] = ()) -> str:
    """What a spec's PDF depends on: the spec, everything else about the build (`options`), and the
    digests of the other files its build reads (`read_too`: its figures' images, a translation's
    source)."""
    return hashlib.sha256("\0".join([options, *read_too]).encode() + b"\0" + spec_bytes).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class Manifest:
    """What the output folder holds: for each spec file (by its resolved path), the PDF it last became."""

    folder: Path
    entries: dict[str, dict[str, object]] = field(default_factory=dict)
    # What the fitting chose for each spec file last time, whether or not its entry is still up to date.
    fits: dict[str, Remembered] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The folder's manifest; an empty one if it is missing, unreadable, damaged or not ours."""
        manifest = cls(folder)
        try:
            path = manifest.path
            if not path.is_file() or path.stat().st_size > MAX_BYTES:
                return manifest
            data = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return manifest
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return manifest
        entries = data.get("entries")
        if isinstance(entries, dict):
            manifest.entries = {key: value for key, value in entries.items() if _sound(key, value)}
        manifest.fits = {key: fit for key, value in manifest.entries.items() if (fit := _fit(value))}
        return manifest

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST

    def forgotten(self) -> Manifest:
        """The same folder with no PDF taken as up to date (--force), but what the fittings chose kept."""
        return Manifest(self.folder, fits=dict(self.fits))

    def write(self) -> None:
        """Replace the manifest atomically; nothing is written where no PDF could be (no folder)."""
        if not self.folder.is_dir():
            return
        kept = {
            source: entry
            for source, entry in self.entries.items()
            if Path(source.removesuffix(LARGE_PRINT)).exists()  # not a spec file deleted since
        }
        data = {"format": FORMAT, "entries": dict(sorted(kept.items()))}
        write_atomic(json.dumps(data, indent=0).encode(), self.path)

    def up_to_date(
        self, source: str, fingerprint: str, target: Callable[[str], Path], today: date
    ) -> tuple[str, list[Warning]] | None:
        """The spec id and the warnings its build gave, if `source` was last built into target(its id)
        from the same fingerprint, and the file there is still the one written; None if it must be built."""
        entry = self.entries.get(source)
        if entry is None or entry["fingerprint"] != fingerprint:
            return None
        if not str(entry["built"]) <= today.isoformat() <= str(entry["until"]):
            return None
        spec_id = str(entry["id"])
        if file_digest(target(spec_id)) != entry["sha256"]:
            return None
        warnings = entry["warnings"]
        assert isinstance(warnings, list)  # _sound
        return spec_id, [(file, where, message) for file, where, message in warnings]

    def record(
        self,
        source: str,
        fingerprint: str,
        spec_id: str,
        pdf: bytes,
        until: date,
        warnings: list[Warning],
        fitted: Remembered | None = None,
    ) -> None:
        entry: dict[str, object] = {
            "fingerprint": fingerprint,
            "id": spec_id,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "built": date.today().isoformat(),
            "until": until.isoformat(),
            "warnings": [list(warning) for warning in warnings],
        }
        if fitted is not None:
            entry["fit"] = [fitted.pages, fitted.size, fitted.level]
            self.fits[source] = fitted
        self.entries[source] = entry

    def forget(self, source: str) -> None:
        self.entries.pop(source, None)


def _sound(key: object, value: object) -> bool:
    if not isinstance(key, str) or not isinstance(value, dict):
        return False
    if set(value) - {"fit"} != {*_FIELDS, "warnings"} or ("fit" in value and _fit(value) is None):
        return False
    if not all(isinstance(value[name], str) for name in _FIELDS):
        return False
    warnings = value["warnings"]
    if not isinstance(warnings, list) or not all(
        isinstance(warning, list) and len(warning) == 3 and all(isinstance(part, str) for part in warning)
        for warning in warnings
    ):
        return False
    dated = all(_is_date(value[name]) for name in ("built", "until"))
    digests = all(_DIGEST.fullmatch(value[name]) for name in ("fingerprint", "sha256"))
    return dated and digests and _ID.fullmatch(value["id"]) is not None


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _fit(entry: dict[str, object]) -> Remembered | None:
    """The fitting's choice an entry keeps, if it keeps a well-formed one: [pages, size, level]."""
    fit = entry.get("fit")
    if not isinstance(fit, list) or len(fit) != 3:
        return None
    pages, size, level = fit
    counts = all(type(number) is int and 0 <= number < 100 for number in (pages, level))
    if not counts or type(size) not in (int, float) or not 0 < size < 100:
        return None
    return Remembered(pages, float(size), level)
