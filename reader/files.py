"""Writing built files so that a reader never sees a half-written one, knowing a built file
is whole (its SHA-256 was recorded when it was written), and one build at a time."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

TEMP_SUFFIX = ".tmp"


def atomic_write(path: Path, data: bytes) -> str:
    """Write to a temporary file in the same folder, then rename over `path` (atomic on
    POSIX). Returns the SHA-256 of what was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


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
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".build.lock", "a+") as lock:
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
            stale.unlink(missing_ok=True)
        yield
