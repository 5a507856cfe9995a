"""Writing files so that a reader never sees a half-written one, with the permissions a user
expects (the umask for a new file, an existing file's own mode kept); knowing a built file
is whole (its SHA-256 was recorded when it was written); and one build at a time."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import ReaderError

TEMP_SUFFIX = ".tmp"
TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")   # mkstemp's: .<name>.<8 random characters>.tmp


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """What open() would give a new file: 0666 less the umask (mkstemp's 0600 would leave
    built audio unreadable to a web server running as another user)."""
    return 0o666 & ~umask()


def cannot_write(path: Path, exc: OSError) -> ReaderError:
    return ReaderError(f"{path}: cannot write here ({exc.strerror or exc})")


def atomic_write(path: Path, data: bytes) -> str:
    """Write to a temporary file in the same folder, then rename over `path` (atomic on
    POSIX). An existing file keeps its mode. Returns the SHA-256 of what was written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = new_file_mode()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise cannot_write(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def temporary_file(path: Path) -> Iterator[Path]:
    """A new empty file beside `path`, named as atomic_write names its temporary files (so a
    killed build's is removed by the next), with the mode a new file gets; removed on leaving
    unless it was moved away."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        os.fchmod(fd, new_file_mode())
        os.close(fd)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        yield Path(name)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    finally:
        Path(name).unlink(missing_ok=True)


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def write_user_file(path: Path, data: bytes) -> None:
    """Write a file at a path the user gave (an export). A folder is refused; a symbolic link
    is written through (its target replaced, the link kept); a device or pipe (/dev/stdout) is
    written to as it is; a regular file is replaced whole, never left half-written."""
    if path.is_dir():
        raise ReaderError(f"{path}: is a folder; give the name of a file to write")
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        try:
            with open(target, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return
    atomic_write(target, data)


def make_folder_like_mkdir(folder: Path) -> None:
    """mkdtemp makes a private (0700) folder: give it the mode mkdir would have."""
    os.chmod(folder, 0o777 & ~umask())


@contextlib.contextmanager
def shared(folder: Path, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the build lock of `folder` shared, for a reader of what is built (an export): no
    build runs meanwhile, so what it reads is one build's. Nothing built yet: nothing to hold."""
    try:
        lock = open(folder / ".build.lock")
    except FileNotFoundError:
        yield
        return
    except OSError as exc:
        raise ReaderError(f"{folder / '.build.lock'}: cannot read it ({exc.strerror or exc})") from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(lock, fcntl.LOCK_SH)
        yield


def sha256(path: Path) -> str | None:
    """The file's SHA-256, or None if it is not there."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def exclusive(folder: Path, on_wait: Callable[[int], None] = lambda pid: None) -> Iterator[None]:
    """Hold the build lock of `folder` (flock, released by the kernel even after kill -9).
    A second build waits for the first, then finds its work done. Temporary files left by
    a killed build are removed once the lock is held."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / ".build.lock", "a+")
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            on_wait(int(lock.read().strip() or 0))
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        for stale in folder.rglob(f".*{TEMP_SUFFIX}"):
            if TEMP_NAME.fullmatch(stale.name):   # only what atomic_write names so, never the user's
                stale.unlink(missing_ok=True)
        yield
