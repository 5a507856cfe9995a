"""Reading the text files a person edits (the article, catalogs, glossary, lexicons): UTF-8,
no control characters, a sane size, and a mistake named by file and line."""
from __future__ import annotations

import re
import stat
from pathlib import Path

from .errors import ReaderError

# An article or catalog is tens of kilobytes and a passage a paragraph. Past these a file is
# not text we wrote, and reading it whole could take gigabytes of memory.
MAX_FILE_BYTES = 1024 * 1024
MAX_PASSAGE_CHARS = 20_000
# Characters no text of ours contains and XML (EPUB) forbids, plus DEL and the C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def line_of(text: str, index: int) -> int:
    """1-based line number of text[index]; only \\n ends a line (U+2028 does not here)."""
    return text.count("\n", 0, index) + 1


def read_text(path: Path) -> str:
    """The file's text without a UTF-8 byte order mark. FileNotFoundError is left to the
    caller (a missing catalog is a new one); anything else wrong is one ReaderError line."""
    data = read_bounded(path, MAX_FILE_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReaderError(f"{path}:{line}: not UTF-8 text "
                          f"(byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None
    text = text.removeprefix("\ufeff")
    check_characters(text, str(path))
    return text


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file, whatever its size claims: a device such as
    /dev/zero says 0 bytes and never ends, and a FIFO blocks its reader until written."""
    if path.is_dir():
        raise ReaderError(f"{path}: is a folder, not a file")
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise ReaderError(f"{path}: not a regular file (a device, pipe or socket); give the file itself")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ReaderError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise ReaderError(f"{path}: more than {limit:,} bytes; a file of the reader holds at most {limit:,}")
    return data


def check_characters(text: str, origin: str) -> None:
    bad = CONTROL.search(text)
    if bad:
        raise ReaderError(f"{origin}:{line_of(text, bad.start())}: control character U+{ord(bad.group()):04X} "
                          "in the text; remove it")


def check_length(text: str, origin: str, what: str) -> None:
    if len(text) > MAX_PASSAGE_CHARS:
        raise ReaderError(f"{origin}: {what} is {len(text):,} characters; at most {MAX_PASSAGE_CHARS:,} "
                          "(split it into paragraphs)")
