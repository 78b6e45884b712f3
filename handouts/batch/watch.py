"""Watching a spec: rebuild its PDF whenever the spec, the clinic profile (and its logo), a figure's
image or a translation's source changes, so that a viewer that reloads the file shows the page as it
is being written.

Changes are found by polling: every `interval` seconds, each watched file's modification time, size
and inode are compared with what they were. Polling needs no dependency and works where change
notification does not (network drives, some containers and editors that replace a file by renaming);
a handful of files read once every half second costs nothing. The PDF is written atomically (a
temporary file renamed into place), so a viewer never reloads half a file, and a spec with a mistake
leaves the last good PDF where it was. Nothing here prints: each round is handed to `listener`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..build import Built, Options, build_checked
from ..clinic import ENVIRONMENT, find_profile
from ..errors import FitError, HandoutsError, Problem
from ..files import check_output, write_atomic
from ..layout.remembered import Remembered
from ..report.make import make_report, report_unfitted
from ..report.output import report_summary
from ..spec.figures import image_files
from ..spec.loading import Checked, validate_file
from ..spec.translations import Sources
from .result import describe
from .stops import stop_signals

if TYPE_CHECKING:
    from ..clinic.profile import Profile

INTERVAL = 0.5  # seconds between looks at the files: a saved change shows within a second

Stamp = tuple[int, int, int] | None  # (modification time in ns, size, inode); None for a missing file


@dataclass(frozen=True)
class Rebuilt:
    """One rebuild: what was written (or the error that stopped it), the report's closing line, the
    spec's warnings, and the files it read, which are watched for the next."""

    watched: tuple[Path, ...]
    written: Path | None = None  # the PDF written, when it was
    built: Built | None = None
    description: str = ""
    summary: str | None = None  # the quality report's closing line
    error: HandoutsError | None = None
    warnings: tuple[Problem, ...] = field(default=())


@dataclass(frozen=True)
class Watch:
    """What to watch and how to build it: a spec, its output, and the options of `build`."""

    spec: Path
    output: Path
    clinic: str | None = None  # the profile's path; None: HANDOUTS_CLINIC, if set
    options: Options = field(default_factory=Options)  # clinic: ignored, read from `clinic` each round
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    today: date | None = None

    @property
    def clinic_path(self) -> Path | None:
        name = self.clinic if self.clinic is not None else self.environ.get(ENVIRONMENT, "")
        return Path(name) if name else None


def watch(
    settings: Watch,
    listener: Callable[[Rebuilt], None],
    *,
    interval: float = INTERVAL,
    stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Build now, then again whenever a file the build read changes, until `stop()` is true; return how
    many builds were made. Ctrl-C or SIGTERM raise KeyboardInterrupt once the round under way is done
    (its PDF written whole). OutputError at once for an output that is no PDF, or is the spec or the
    profile itself (or, in a round, any other file it read)."""
    profile = [settings.clinic_path] if settings.clinic_path else []
    check_output(settings.output, [settings.spec, *profile])  # the rest it reads: at each round
    builds = 0
    watched: tuple[Path, ...] = (settings.spec,)
    seen: dict[Path, Stamp] | None = None
    remembered: Remembered | None = None  # what the last fitting chose: an edit seldom moves it far
    with stop_signals() as stops:  # Ctrl-C and SIGTERM: KeyboardInterrupt, never in a half-done round
        while not stop():
            now = stamps(watched)
            if now != seen:
                # Stamped before the build: a change saved while it runs is found on the next look.
                with stops.held():
                    outcome = rebuild(settings, remembered)
                    remembered = outcome.built.remembered if outcome.built else remembered
                    builds += 1
                    # Files first found by this build (the profile, figures, a translation's source)
                    # are stamped as it ends, before anyone hears of it; the others keep their stamps
                    # from before it.
                    seen = {
                        **stamps(outcome.watched),
                        **{path: now[path] for path in now if path in outcome.watched},
                    }
                    watched = outcome.watched
                    listener(outcome)
            sleep(interval)
    return builds


def stamps(paths: tuple[Path, ...]) -> dict[Path, Stamp]:
    """Each file's modification time, size and inode (a file replaced by renaming has a new inode)."""
    found: dict[Path, Stamp] = {}
    for path in paths:
        try:
            status = path.stat()
        except (OSError, ValueError):
            found[path] = None
        else:
            found[path] = (status.st_mtime_ns, status.st_size, status.st_ino)
    return found


def rebuild(settings: Watch, remembered: Remembered | None = None) -> Rebuilt:
    """Validate and build the spec once, write its PDF, and judge it; every user error is the round's.
    `remembered`: what the fitting chose the round before, checked first (layout/remembered.py)."""
    watched = [settings.spec]
    checked: Checked | None = None
    try:
        options = replace(settings.options, clinic=_profile(settings.clinic_path, watched))
        checked = validate_file(settings.spec, today=settings.today, strict=options.strict)
        watched += image_files(checked.draft, settings.spec)
        checked = _translation_checked(checked, settings.spec, options.strict, watched)
        try:
            built = build_checked(checked, options, remembered)
        except FitError as error:
            summary = _unfitted(checked, options, error)
            return Rebuilt(tuple(watched), error=error, summary=summary, warnings=_warnings(checked))
        check_output(settings.output, watched)  # nothing it read: a figure, a logo, the profile
        write_atomic(built.pdf, settings.output)
        summary = report_summary(
            make_report(built, file=checked.file, today=settings.today, parity=checked.parity)
        )
    except HandoutsError as error:
        return Rebuilt(tuple(watched), error=error, warnings=_warnings(checked))
    found = _warnings(checked) + built.warnings
    return Rebuilt(tuple(watched), settings.output, built, describe(built), summary, warnings=found)


def _translation_checked(checked: Checked, spec: Path, strict: bool, watched: list[Path]) -> Checked:
    """A translation checked against its source (found as `build` finds it), which is then watched too:
    a change to the source can make the translation out of date."""
    if checked.spec is None or checked.spec.translation_of is None:
        return checked
    among = Sources([spec])
    watched += among.find(checked.spec.translation_of.id, spec)
    return among.check(checked, spec, strict=strict)


def _profile(path: Path | None, watched: list[Path]) -> Profile | None:
    """The clinic profile at `path` (None for none), its file, logo and fonts added to `watched`."""
    if path is None:
        return None
    watched.append(path)
    profile = find_profile(str(path))
    if profile is not None:  # its logo and fonts too
        watched += profile.sources[1:]
    return profile


def _unfitted(checked: Checked, options: Options, error: FitError) -> str | None:
    """The closing line of the report on a spec too long for its page: its words are still judged."""
    if checked.spec is None:
        return None
    reason = str(error).removeprefix(f"{checked.file}: ")
    report = report_unfitted(options.document(checked.spec), file=checked.file, reason=reason)
    return report_summary(report)


def _warnings(checked: Checked | None) -> tuple[Problem, ...]:
    return tuple(checked.warnings) if checked is not None else ()
