"""Reading spec files: bytes to TOML to a validated Spec, every mistake turned into a Problem."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem, SpecError
from ..files import CATALOGUES, PROFILE_NAME, FileKey, Unreadable, file_key, file_name, read_bounded
from . import rules
from .draft import Draft
from .figures import read_figures
from .model import SLUG, Spec
from .parity import Parity
from .toml import parse_toml
from .wording import describe_validation, error_paths

MAX_SPEC_BYTES = 256 * 1024  # a one-page document is a few kilobytes; this stops runaway files


@dataclass(frozen=True)
class Checked:
    """The outcome of validating one file: the spec if it is usable, and everything found.

    `draft` is the file's table as written (when it was TOML at all), for the checks that later
    stages make of whatever parts of an unusable spec are sound (a missing disclaimer, say).
    """

    file: str
    spec: Spec | None
    problems: list[Problem] = field(default_factory=list)
    draft: Draft | None = None
    parity: Parity | None = None  # a translation checked against its source (translations.py)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def find_specs(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, and the .toml files inside the folders named (in a stable order); a file named
    twice (a folder and a file in it, overlapping patterns) once, where it first comes."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if not _is_dir(path):
            found.append(path)
            continue
        try:
            inside = sorted(p for p in path.rglob("*.toml") if p.is_file() and not _beside_specs(p, path))
        except OSError as error:
            reason = f"cannot be read: {error.strerror or 'the system refused'}"
            raise SpecError([Problem(file_name(path), "", reason)]) from None
        if not inside:
            raise SpecError([Problem(file_name(path), "", "no .toml spec files in this folder")])
        found += inside
    once: dict[FileKey, Path] = {}
    for path in found:
        once.setdefault(file_key(path), path)
    return list(once.values())


def _beside_specs(file: Path, folder: Path) -> bool:
    """A clinic's files that may sit in a folder of specs: its profile, named clinic.toml as the
    README's is, and the catalogues folder beside it. Named alone, either is read as a spec."""
    parts = file.relative_to(folder).parts
    return file.name == PROFILE_NAME or CATALOGUES in parts[:-1]


def shared_ids(paths: Iterable[Path], *, patients_only: bool = False) -> dict[Path, Problem]:
    """The files among `paths` whose id another of them has too, each with the error that says so.

    One id is one output file: whichever were built first, the other would replace it or be refused,
    so that a stale draft could be published in place of the spec meant. Neither is built; both are
    named. A file that cannot be read, or has no usable id, clashes with nothing (validating it says why);
    with `patients_only` (large print for several specs), neither does a clinician summary, which is
    not built.
    """
    by_id: dict[str, list[Path]] = {}
    seen: set[FileKey] = set()
    for path in paths:
        key = file_key(path)
        if key in seen:  # one file named twice is one spec
            continue
        seen.add(key)
        spec_id = _top_id(path) or _id_of(path)
        if spec_id is not None:
            by_id.setdefault(spec_id, []).append(path)
    # _top_id may name an id for a file that is not TOML further down, which has no id: read whole the
    # few files that share one (a batch parses every spec again anyway, in the workers).
    confirmed: dict[str, list[Path]] = {}
    for files in by_id.values():
        for path in files if len(files) > 1 else []:
            table = _table_of(path)
            spec_id = _usable_id(table)
            if spec_id is not None and not (patients_only and table.get("audience") == "clinician"):
                confirmed.setdefault(spec_id, []).append(path)
    by_id = confirmed
    clashes: dict[Path, Problem] = {}
    for spec_id, files in by_id.items():
        for path in files if len(files) > 1 else []:
            others = " and ".join(file_name(other) for other in files if other is not path)
            message = f"{spec_id!r} is also the id of {others}; give each spec its own id (neither is built)"
            clashes[path] = Problem(file_name(path), "id", message)
    return clashes


def _top_id(path: Path) -> str | None:
    """The id of a spec file read from its lines before the first table, if those are TOML: a tenth of
    the parsing. A table ends the root table, so these lines hold every top-level key; when the
    file is TOML as a whole, this is the id _id_of reads. None when they are not TOML (a date to
    repair, a multi-line string cut at a line that starts with "["): then ask _id_of."""
    try:
        text = read_bounded(path, MAX_SPEC_BYTES).decode("utf-8")
    except (Unreadable, UnicodeDecodeError):
        return None
    header = _TABLE.search(text)
    try:
        return _usable_id(tomllib.loads(text[: header.start()] if header else text))
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None


_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)  # a line that opens a table or an array of tables


def _id_of(path: Path) -> str | None:
    return _usable_id(_table_of(path))


def _usable_id(table: dict[str, Any]) -> str | None:
    spec_id = table.get("id")
    return spec_id if isinstance(spec_id, str) and SLUG.match(spec_id) else None


def _table_of(path: Path) -> dict[str, Any]:
    """The spec file as TOML; empty if it cannot be read as such."""
    try:
        return parse_toml(read_bounded(path, MAX_SPEC_BYTES), file_name(path))
    except (Unreadable, SpecError):
        return {}


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, a NUL byte: reading it will say what is wrong
        return False


def load_spec(path: str | Path, *, today: date | None = None, strict: bool = False) -> Spec:
    """Read and validate one spec file; raise SpecError listing every problem if it is not usable."""
    checked = validate_file(path, today=today, strict=strict)
    if checked.errors or checked.spec is None:
        raise SpecError(checked.problems)
    return checked.spec


def validate_file(path: str | Path, *, today: date | None = None, strict: bool = False) -> Checked:
    file = file_name(path)
    try:
        data = read_bounded(Path(path), MAX_SPEC_BYTES)
    except Unreadable as error:
        return Checked(file, None, [Problem(file, "", str(error))])
    checked = validate_bytes(data, file, today=today, strict=strict, folder=Path(path).parent)
    stem = Path(path).stem
    spec_id = checked.draft.table.get("id") if checked.draft else None
    if isinstance(spec_id, str) and SLUG.match(spec_id) and spec_id != stem:
        note = Problem(file, "id", f"{spec_id!r} differs from the file name {stem!r}", "warning")
        checked = Checked(file, checked.spec, [*checked.problems, *strictly([note], strict)], checked.draft)
    return checked


def validate_bytes(
    data: bytes,
    file: str = "<spec>",
    *,
    today: date | None = None,
    strict: bool = False,
    folder: str | Path | None = None,
) -> Checked:
    """Validate spec source given as bytes; `file` names it in messages, and a figure's image is read
    from `folder` (the spec's folder; without it, a spec with a figure is refused).

    The model's errors and the cross-field rules come in one list: each rule runs wherever the part
    of the spec it needs is sound, whatever is wrong elsewhere.
    """
    try:
        table = parse_toml(data, file)
    except SpecError as error:
        return Checked(file, None, error.problems)
    if not table:  # every field would be missing: one line says it better
        return Checked(file, None, [Problem(file, "", _EMPTY)])
    spec: Spec | None = None
    problems: list[Problem] = []
    broken: frozenset[str] = frozenset()
    try:
        spec = Spec.model_validate(table)
    except ValidationError as error:
        problems = describe_validation(error, table, file)
        broken = error_paths(error)
    except RecursionError:
        return Checked(file, None, [Problem(file, "", "is nested too deeply to be a spec")])
    draft = Draft(table, broken)
    found = rules.check(draft, file, today or date.today())
    pictures = read_figures(draft, spec, Path(folder) if folder is not None else None, file)
    return Checked(file, spec, problems + pictures + strictly(found, strict), draft)


_EMPTY = (
    "is empty (nothing but blank lines and comments); "
    "`handouts new ID --audience patient` writes one to start from"
)


def strictly(problems: Iterable[Problem], strict: bool) -> list[Problem]:
    if not strict:
        return list(problems)
    return [Problem(p.file, p.where, p.message, "error") for p in problems]
