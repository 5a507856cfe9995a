"""Piper's published voices, by name: the catalogue (voices.json) of Piper's voice repository,
or of any mirror or offline copy laid out the same way (READER_VOICE_MIRROR, which may be a
file:// folder). The catalogue gives each file's path, size and MD5; a download is checked
against both before the voice is installed as `reader voices install PATH` installs it. This
is the one place the reader downloads, and only when the operator asks."""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReaderError
from ..settings import LANGUAGES
from .voices import Voice, install, read_voice

CATALOGUE = "voices.json"
# The voice the build suggests where espeak-ng speaks a language, as listeners follow it poorly
# (a recogniser misheard 9.8 % of espeak-ng's English characters, 75 % of its Russian, 90 % of
# its Kazakh). Each is its language's highest-quality voice in Piper's catalogue; `reader
# voices install` prints the licence its model card gives, which decides where it may be heard.
RECOMMENDED = {"en": "en_US-libritts-high", "kk": "kk_KZ-issai-high", "ru": "ru_RU-irina-medium"}
MAX_CATALOGUE_BYTES = 32 * 1024 * 1024     # Piper's is about 1 MB
TIMEOUT_S = 30
CHUNK = 1 << 16
KINDS = (".onnx", ".onnx.json", "MODEL_CARD")   # what a voice is made of, as `install PATH` takes it


@dataclass(frozen=True)
class Listed:
    """A voice as the catalogue lists it."""

    name: str
    lang: str                            # the language family: kk
    locale: str                          # kk_KZ
    quality: str
    files: dict[str, tuple[int, str]]    # path in the repository → (size in bytes, MD5)

    @property
    def size(self) -> int:
        return sum(size for size, _ in self.files.values())

    def file(self, kind: str) -> str | None:
        return next((path for path in self.files if path.endswith(kind)), None)


def unreachable(url: str, exc: Exception) -> ReaderError:
    """One line for a download that failed, with what to do about it."""
    if isinstance(exc, urllib.error.HTTPError):
        if exc.code == 407:
            return ReaderError(f"{url}: the proxy asks for credentials (HTTP 407); give them in HTTPS_PROXY "
                               "(https://user:password@proxy:port)")
        return ReaderError(f"{url}: the server answered HTTP {exc.code}; check READER_VOICE_MIRROR")
    reason = getattr(exc, "reason", exc)
    return ReaderError(f"{url}: cannot be reached ({reason}); check the connection or the proxy (HTTPS_PROXY), "
                       "or set READER_VOICE_MIRROR to a mirror or an offline copy of the voice repository")


def fetch(url: str, limit: int) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            data = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise unreachable(url, exc) from None
    if len(data) > limit:
        raise ReaderError(f"{url}: more than {limit:,} bytes; not a voice catalogue")
    return data


def safe_path(path: object) -> bool:
    """A path inside the repository: a tampered catalogue cannot send a download elsewhere."""
    return (isinstance(path, str) and bool(path) and not path.startswith("/") and "\\" not in path
            and ".." not in path.split("/") and "//" not in path and "?" not in path and "#" not in path)


MAX_VOICE_FILE_BYTES = 2 * 1024**3              # Piper's largest model is about 120 MB
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,99}")   # names, languages, qualities as printed
MD5 = re.compile(r"[0-9a-f]{32}")


def word(value: object, what: str) -> str:
    """A catalogue's word, as the terminal will show it: letters, digits and _.+- only (a
    hostile mirror's escape sequences could rewrite what the terminal shows)."""
    if not isinstance(value, str) or not WORD.fullmatch(value):
        raise ValueError(f"a {what} that is not a plain name")
    return value


def file_entry(path: object, info: dict) -> tuple[str, tuple[int, str]]:
    size, md5 = info["size_bytes"], info["md5_digest"]
    if not safe_path(path):
        raise ValueError("a file outside the repository")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_VOICE_FILE_BYTES:
        raise ValueError(f"a file size that is not 0 to {MAX_VOICE_FILE_BYTES:,} bytes")
    if not isinstance(md5, str) or not MD5.fullmatch(md5):
        raise ValueError("an MD5 that is not 32 hexadecimal digits")
    return str(path), (size, md5)


def parse_catalogue(data: bytes, url: str) -> dict[str, Listed]:
    try:
        raw = json.loads(data)
        voices = {}
        for name, entry in raw.items():
            files = dict(file_entry(path, info) for path, info in entry["files"].items())
            voices[word(name, "voice name")] = Listed(
                name, word(entry["language"]["family"], "language"), word(entry["language"]["code"], "locale"),
                word(entry["quality"], "quality"), files)
        return voices
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise ReaderError(f"{url}: not a Piper voice catalogue ({reason})") from None


def catalogue(base: str) -> dict[str, Listed]:
    url = f"{base}/{CATALOGUE}"
    return parse_catalogue(fetch(url, MAX_CATALOGUE_BYTES), url)


def available(base: str, lang: str | None = None) -> list[Listed]:
    """The catalogue's voices for the reader's languages (or one of them), by name."""
    wanted = [lang] if lang else list(LANGUAGES)
    return sorted((v for v in catalogue(base).values() if v.lang in wanted), key=lambda v: v.name)


def download(url: str, target: Path, size: int, md5: str, on_bytes: Callable[[int], None]) -> None:
    """The file, checked against the catalogue's size and MD5 (a truncated or altered file is
    one line, and is not kept)."""
    digest, got = hashlib.md5(usedforsecurity=False), 0
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response, target.open("wb") as out:
            while chunk := response.read(min(CHUNK, size + 1 - got)):
                got += len(chunk)
                if got > size:
                    break
                digest.update(chunk)
                out.write(chunk)
                on_bytes(len(chunk))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, urllib.error.URLError) and got:
            raise ReaderError(f"{url}: the download stopped after {got:,} of {size:,} bytes ({exc}); "
                              "run the command again") from None
        raise unreachable(url, exc) from None
    if got != size:
        raise ReaderError(f"{url}: {got:,} bytes arrived where the catalogue says {size:,}: the download was "
                          "cut short or the file is not the catalogue's; run the command again")
    if digest.hexdigest() != md5:
        raise ReaderError(f"{url}: its MD5 is not the catalogue's; the file was altered on the way or on the "
                          "mirror, so it is not installed")


def already_installed(folder: Path, name: str, md5: str) -> Voice | None:
    """The voice, if this very model is installed; one line, before any download, if another
    model is installed under its name (it is never replaced)."""
    model = folder / f"{name}.onnx"
    if not model.is_file():
        return None
    with model.open("rb") as handle:
        if hashlib.file_digest(handle, "md5").hexdigest() == md5:
            return read_voice(model, remember=True)
    raise ReaderError(f"{model}: a different voice file of that name is installed; remove it first if you mean "
                      "to replace it (reader voices remove)")


def install_by_name(name: str, base: str, folder: Path,
                    on_start: Callable[[int], None] = lambda total: None,
                    on_bytes: Callable[[int], None] = lambda n: None) -> tuple[Voice, bool]:
    """Download the named voice into a temporary folder (never into voices/), check every file,
    then install it with the same checks as a voice given by path."""
    voices = catalogue(base)
    listed = voices.get(name)
    if listed is None:
        raise ReaderError(f"{name!r}: no such voice in the catalogue at {base}/{CATALOGUE}; "
                          "`reader voices available` lists the voices for this reader's languages")
    if listed.lang not in LANGUAGES:
        raise ReaderError(f"{name}: speaks {listed.locale}, not one of this reader's languages "
                          f"({', '.join(LANGUAGES)})")
    paths = {kind: listed.file(kind) for kind in KINDS}
    if not paths[".onnx"] or not paths[".onnx.json"]:
        raise ReaderError(f"{name}: the catalogue lists no .onnx and .onnx.json for it")
    present = already_installed(folder, name, listed.files[paths[".onnx"]][1])
    if present:
        return present, False
    wanted = [path for path in paths.values() if path]
    on_start(sum(listed.files[path][0] for path in wanted))
    with tempfile.TemporaryDirectory(prefix="reader-voice-") as work:
        model = Path(work) / f"{name}.onnx"
        local = {".onnx": model, ".onnx.json": Path(work) / f"{name}.onnx.json",
                 "MODEL_CARD": Path(work) / "MODEL_CARD"}
        for kind, path in paths.items():
            if path:
                size, md5 = listed.files[path]
                download(f"{base}/{path}", local[kind], size, md5, on_bytes)
        return install(model, folder)
