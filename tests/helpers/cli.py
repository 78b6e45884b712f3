"""Running the command line in a test: what every command's result must look like, and files."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result


def assert_clean(result: Result) -> None:
    """A command ended by itself: no exception escaped it and no traceback was printed."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def refused_in_one_line(result: Result, *, quiet: bool = True) -> str:
    """A command refused its input with exit status 2 and one line on stderr, and (when `quiet`)
    nothing on stdout (warnings, like errors, go to stderr; stdout holds results alone)."""
    assert result.exit_code == 2, result.output
    assert_clean(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    if quiet:
        assert result.stdout == ""
    return lines[0]


def write(path: str | Path, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


MANIFEST = ".handouts-manifest.json"  # what a build into a folder keeps there (see test_incremental)


def files_in(folder: str | Path) -> list[str]:
    """Every file (and link) under `folder`, temporary ones included, as relative paths; not the
    manifest of incremental builds, which its own tests look at."""
    folder = Path(folder)
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink()) and p.name != MANIFEST
    )


def snapshot(path: Path) -> tuple[bytes, int]:
    """A file's bytes and modification time, to show that it was left as it was."""
    return path.read_bytes(), path.stat().st_mtime_ns


def unreviewed(catalogue: str) -> str:
    """The warning that validating or building a page in a language whose catalogue (e.g. "français
    (fr)") is not reviewed gives."""
    return (
        f"the {catalogue} catalogue: warning: has not been reviewed by a fluent speaker: the words handouts "
        "prints itself on these pages (labels, footer, dates) are unchecked translations; have them "
        "reviewed, then set reviewed_by"
    )


# The test fixture patient-full is in Spanish, as is the bundled myelomalacia-es.
UNREVIEWED_ES = unreviewed("español (es)")


def errors_of(result: Result) -> list[str]:
    """stderr's lines but the unreviewed-catalogue warning."""
    return [line for line in result.stderr.splitlines() if line != UNREVIEWED_ES]
