"""Reading and writing files safely (files.py): one bounded reader for every input, one atomic writer
and one check for every output."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from handouts import OutputError, check_output, file_name, write_atomic
from handouts.files import Unreadable, read_bounded

# --- writing -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_a_rebuilt_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")
    target.chmod(mode)
    write_atomic(b"%PDF-new", target)
    assert stat.S_IMODE(target.stat().st_mode) == mode and target.read_bytes() == b"%PDF-new"


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_atomic(b"%PDF-new", tmp_path / "private.pdf")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "private.pdf").stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_target_and_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(OutputError, match=r"is a folder, not a file"):
        write_atomic(b"%PDF-new", tmp_path / "folder.pdf")
    (tmp_path / "file").write_text("a file, not a folder\n")
    with pytest.raises(OutputError, match="cannot be written: "):
        write_atomic(b"%PDF-new", tmp_path / "file" / "handout.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder.pdf"]


# --- outputs are PDFs, never an input ---------------------------------------------------------------


def test_an_output_must_end_in_pdf(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"handout\.txt: the output file name must end in \.pdf"):
        check_output(tmp_path / "handout.txt", [])
    check_output(tmp_path / "HANDOUT.PDF", [])


def test_an_output_may_not_be_an_input_by_any_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = Path("specs/a.pdf")  # a spec that happens to be named .pdf
    source.parent.mkdir()
    source.write_text("id = 'a'\n")
    os.link(source, "hard.pdf")
    os.symlink(source.resolve(), "soft.pdf")
    for output in ("specs/a.pdf", "./specs/a.pdf", str(source.resolve()), "hard.pdf", "soft.pdf"):
        with pytest.raises(OutputError) as caught:
            check_output(Path(output), [Path("letter.pdf"), source])
        assert str(caught.value) == f"{file_name(Path(output))}: is {source} itself; choose another output"
    check_output(Path("other.pdf"), [source])


def test_a_name_is_shown_on_one_line() -> None:
    assert file_name("plain name.pdf") == "plain name.pdf"
    assert file_name("line\nbreak.pdf") == "line\\nbreak.pdf"
    assert file_name("nul\x00.pdf") == "nul\\x00.pdf"


# --- reading -----------------------------------------------------------------------------------------


def test_the_bounded_reader_says_why_a_file_cannot_be_read(tmp_path: Path) -> None:
    def why(path: Path, limit: int = 1024) -> str:
        with pytest.raises(Unreadable) as caught:
            read_bounded(path, limit)
        return str(caught.value)

    (tmp_path / "big.toml").write_bytes(b"#" * 2049)
    assert why(tmp_path) == "is a folder, not a file"
    assert why(tmp_path / "missing") == "cannot be read: No such file or directory"
    assert why(tmp_path / "nul\x00") == "cannot be read: embedded null byte"
    assert why(tmp_path / "big.toml", 2048) == "is larger than 2 KiB; is it the right file?"
    assert read_bounded(tmp_path / "big.toml", 2049) == b"#" * 2049
    if Path("/dev/null").exists():
        assert why(Path("/dev/null")) == "is not a regular file"
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        assert why(tmp_path / "pipe") == "is not a regular file"  # without waiting for a writer
    os.symlink(tmp_path / "big.toml", tmp_path / "link.toml")
    assert read_bounded(tmp_path / "link.toml", 4096) == b"#" * 2049
    assert why(tmp_path / "link.toml") == "is larger than 1 KiB; is it the right file?"
    with pytest.raises(Unreadable, match="cannot be read: "):
        read_bounded(tmp_path / "link.toml", 4096, follow_links=False)
