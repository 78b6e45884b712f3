"""A translation's source, found among the specs a command was given (or in the translation's folder),
and the pair checked (parity.py): the outcome goes with the translation's other problems.

Only a translation reads other files: the specs' ids are read (as TOML, not validated) the first time
one is needed, and the source is validated in full before it is compared. A source that cannot be
found, or is invalid, leaves the translation not checked, never passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Literal

from ..errors import Problem, SpecError
from ..files import FileKey, Unreadable, file_key, file_name, read_bounded
from .loading import MAX_SPEC_BYTES, Checked, strictly, validate_file
from .model import Spec
from .parity import Parity, compare
from .toml import parse_toml


class Sources:
    """The spec files a command was given, looked through by id for a translation's source."""

    def __init__(self, paths: Iterable[str | Path]) -> None:
        self.paths = [Path(path) for path in paths]
        self._ids: dict[Path, str | None] = {}  # each file's id as written, read when first needed

    def find(self, spec_id: str, near: Path) -> list[Path]:
        """The files with that id among those given; else in the folder of `near` (not `near` itself)."""
        given = self._with_id(self.paths, spec_id, near)
        if given:
            return given
        try:
            beside = sorted(path for path in near.parent.glob("*.toml") if path.is_file())
        except OSError:
            return []
        return self._with_id(beside, spec_id, near)

    def _with_id(self, paths: list[Path], spec_id: str, near: Path) -> list[Path]:
        found: dict[FileKey, Path] = {}  # one entry per file, however often it was given
        for path in paths:
            key = file_key(path)
            if key != file_key(near) and key not in found and self._id(path) == spec_id:
                found[key] = path
        return list(found.values())

    def _id(self, path: Path) -> str | None:
        if path not in self._ids:
            try:
                spec_id = parse_toml(read_bounded(path, MAX_SPEC_BYTES), file_name(path)).get("id")
            except (Unreadable, SpecError):
                spec_id = None
            self._ids[path] = spec_id if isinstance(spec_id, str) else None
        return self._ids[path]

    def check(self, checked: Checked, path: str | Path, *, strict: bool = False) -> Checked:
        """`checked` (the spec read from `path`) with its parity check added, if it is a translation."""
        spec = checked.spec
        if spec is None or spec.translation_of is None or spec.translation_of.id == spec.id:
            return checked  # not a translation, or one the model or the rules have refused already
        parity = self.parity(spec, checked.file, Path(path))
        found = strictly(parity.problems, strict)
        return replace(
            checked, problems=[*checked.problems, *found], parity=replace(parity, problems=tuple(found))
        )

    def parity(self, spec: Spec, file: str, path: Path) -> Parity:
        """The translation `spec` (read from `path`, named `file`) checked against its source."""
        assert spec.translation_of is not None
        wanted = spec.translation_of.id
        declared = f"{wanted} {spec.translation_of.version}"
        found = self.find(wanted, path)
        if not found:
            reason = (
                f"source not found (no spec with the id {wanted!r} among the specs given or in its folder)"
            )
            return _unchecked(declared, file, reason, "warning")
        if len(found) > 1:
            names = ", ".join(file_name(p) for p in found)
            return _unchecked(
                declared, file, f"{len(found)} specs have the id {wanted!r} ({names}); keep one"
            )
        source = validate_file(found[0])
        if source.spec is None or source.errors:
            reason = f"the source ({source.file}) has errors of its own; fix them first"
            return _unchecked(declared, file, reason, "warning")
        return Parity(declared, source.file, tuple(compare(spec, source.spec, file, source.file)))


def _unchecked(
    declared: str, file: str, reason: str, severity: Literal["error", "warning"] = "error"
) -> Parity:
    problem = Problem(file, "translation_of.id", f"not checked: {reason}", severity)
    return Parity(declared, None, (problem,), reason)
