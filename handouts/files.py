"""Reading and writing files safely: one bounded reader for every input, one atomic writer and one
check for every output.

Inputs are read as if hostile: a regular file only (a pipe or device could block or never end), never
more than a stated size. Outputs are written to a temporary file beside the target and renamed, so a
failure leaves the target as it was, and are never one of the command's own inputs.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path, PureWindowsPath

from .errors import OutputError

# A clinic's files that may sit among its specs: the profile as the README names it, and the folder of
# its own catalogues beside it (clinic/catalogues.py reads it).
PROFILE_NAME = "clinic.toml"
CATALOGUES = "catalogues"


class Unreadable(Exception):
    """Why a file cannot be read; the message follows the file's name."""


class TooLarge(Unreadable):
    """A file over the size limit it was read with."""


def file_name(path: str | Path) -> str:
    """A path as messages show it: as it is, unless it holds a line break or other control character."""
    name = str(path)
    return name if name.isprintable() else name.encode("unicode_escape", "backslashreplace").decode("ascii")


def read_bounded(
    path: Path, limit: int, *, follow_links: bool = True, too_large: str = "is it the right file?"
) -> bytes:
    """A regular file's bytes, at most `limit` of them; Unreadable for folders, devices, pipes, files
    that cannot be opened and files over the limit (`too_large` ends that message)."""
    # O_NONBLOCK: opening a pipe must not wait for a writer; fstat then says what was opened, so the
    # file read is the file checked. O_NOFOLLOW when a resolved path must not be swapped for a link.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except IsADirectoryError:
        raise Unreadable("is a folder, not a file") from None
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise Unreadable(_cannot_read(error)) from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise Unreadable("is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise Unreadable("is not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(handle, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise Unreadable(_cannot_read(error)) from None
    finally:
        os.close(handle)
    if size > limit:
        raise TooLarge(f"is larger than {_size(limit)}; {too_large}")
    return b"".join(chunks)


def _cannot_read(error: Exception) -> str:
    # strerror alone: the whole error repeats the path, which may be long or hold anything at all. A
    # ValueError (a NUL byte in the path) has no strerror, and its text names no path.
    reason = getattr(error, "strerror", None) or (str(error) if isinstance(error, ValueError) else "")
    return f"cannot be read: {reason or 'the system refused'}"


def _size(limit: int) -> str:
    mib = 1024 * 1024
    return f"{limit // mib} MiB" if limit >= mib else f"{limit // 1024} KiB"


FileKey = tuple[int, int] | Path


def file_key(path: Path) -> FileKey:
    """What tells one file from another however it is named (a symbolic or hard link, another case on
    a file system that ignores it): its device and inode where it can be asked, else its full path."""
    try:
        found = path.stat()
        return (found.st_dev, found.st_ino)
    except (OSError, ValueError):
        pass
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path


def same_file(a: Path, b: Path) -> bool:
    return file_key(a) == file_key(b)


def check_output(target: Path, inputs: Iterable[Path]) -> None:
    """An output must be a PDF, and never one of the inputs (also through a link)."""
    if target.suffix.lower() != ".pdf":
        raise OutputError(f"{file_name(target)}: the output file name must end in .pdf")
    for source in inputs:
        if same_file(target, source):
            raise OutputError(f"{file_name(target)}: is {file_name(source)} itself; choose another output")


def _file_mode(target: Path) -> int:
    """The mode the file being replaced had, else what the user's umask gives a new file.

    A temporary file is private (0600); renamed as it is, a shared output would become unreadable
    to the team, and widening it past the umask would expose a personalised copy.
    """
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(data: bytes, target: Path) -> None:
    """Write to a temporary file beside the target, then rename: a failure leaves the target as it was."""
    try:
        if target.is_dir():
            raise OutputError(f"{file_name(target)}: is a folder, not a file")
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{file_name(target)}: cannot be written: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{file_name(target)}: cannot be written: {error.strerror or error}") from None
        raise


def read_inside(name: str, folder: Path, *, where: str, noun: str, max_bytes: int) -> bytes:
    """The bytes of the file `name` inside `folder` (a clinic's logo or font, a spec's figure), never
    outside it, through '..' or a link; Unreadable, its message naming `where` ("the profile's folder")
    and the file's use (`noun`: "a logo"), if it cannot be read."""
    # Both separators count, so a file means the same on every system.
    pure = PureWindowsPath(name)
    if pure.is_absolute() or pure.drive or pure.root:
        raise Unreadable(f"must be a path relative to {where}, not an absolute path")
    if ".." in pure.parts:
        raise Unreadable(f"leads outside {where} ('..' is not allowed)")
    try:
        root = folder.resolve()
        target = (root / name).resolve()
    except RuntimeError:  # a symlink loop, before Python 3.13
        raise Unreadable("cannot be read: Too many levels of symbolic links") from None
    except OSError as error:
        raise Unreadable(f"cannot be read: {error.strerror or 'the system refused'}") from None
    except ValueError:  # a NUL character in the name
        raise Unreadable("cannot be read: the name holds a character no file name can") from None
    if not target.is_relative_to(root):  # a symlink, in the name or the folder, pointing away
        raise Unreadable(f"leads outside {where}")
    return read_bounded(target, max_bytes, follow_links=False, too_large=f"{noun} needs far less")
