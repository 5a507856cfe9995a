"""Whether an article needs planning at all. Planning reads the source and catalogs with
Babel, segments every passage and hashes it: a few tens of milliseconds an article, seconds
for a library. So each built article keeps a stamp, audio/<slug>/inputs.json: per language,
a digest of everything its build read (the product's code, the source, the catalog, the
lexicons, the engines and voices chosen, the pause) and the size and time of every file its
pages need and its SHA-256. Where both still hold, the build skips the article. A file changed
since (even one byte, even with its time put back) or gone makes the article planned again,
and the plan checks every passage's SHA-256 as before; `reader status` always checks them all.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import ReaderError
from ..files import atomic_write
from ..library import LIBRARY_COVER, ArticleRef, Layout, slug_of
from ..publish.artwork import MAX_COVER_BYTES, used_covers
from ..settings import SOURCE_LANG, Settings
from ..speech.engines import FALLBACK
from ..speech.voices import Voice
from ..text_files import read_bounded
from ..timing_map import Engine

MAX_STAMP_BYTES = 4 * 1024 * 1024


@functools.cache
def product_digest() -> str:
    """The reader's own code: a new version (or an edited checkout) plans everything again."""
    package = Path(__file__).parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def folder_digest(folder: Path, pattern: str = "*.toml", limit: int = 1024 * 1024) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob(pattern)) if folder.is_dir() else []:
        digest.update(path.name.encode() + b"\0" + read_bounded(path, limit))
    return digest.hexdigest()


def file_or_nothing(path: Path) -> bytes:
    try:
        return read_bounded(path, 1024 * 1024)
    except FileNotFoundError:
        return b"(none)"


def covers_digest(layout: Layout) -> str:
    """The operator's covers the library uses, by name and content; nothing else in the folder."""
    digest = hashlib.sha256()
    names = [slug_of(path) for path in layout.sources()] + [LIBRARY_COVER]
    for path in used_covers(layout.covers, names):
        digest.update(path.name.encode() + b"\0" + read_bounded(path, MAX_COVER_BYTES))
    return digest.hexdigest()


def shared_inputs(settings: Settings, engines: dict[str, Engine], voices: dict[str, Voice]) -> dict[str, str]:
    """Per page language, what every article's build of it reads alike: code, lexicons, its
    engine, the voices, espeak-ng (which speaks what no voice can), the pause; and what its
    MP3's tags read: the interface's name of the publication, the operator's covers. Per
    language, so that building one language after all of them finds the others as they were."""
    common = {"product": product_digest(), "lexicons": folder_digest(settings.pronunciation),
              "covers": covers_digest(settings.layout), "fallback": FALLBACK.versions(),
              "voices": {lang: v.sha256 for lang, v in sorted(voices.items())}, "pause_ms": settings.passage_pause_ms}
    return {lang: json.dumps({**common, "engine": asdict(engine),
                              "publication": hashlib.sha256(file_or_nothing(settings.ui_catalog(lang))).hexdigest()},
                             sort_keys=True)
            for lang, engine in engines.items()}


def inputs_digest(article: ArticleRef, lang: str, shared: dict[str, str]) -> str:
    """What one language of one article is built from, as one digest."""
    digest = hashlib.sha256(shared[lang].encode())
    digest.update(article.slug.encode() + b"\0" + lang.encode() + b"\0")
    digest.update(hashlib.sha256(file_or_nothing(article.source)).digest())
    if lang != SOURCE_LANG:
        digest.update(hashlib.sha256(file_or_nothing(article.catalog(lang))).digest())
    recording = article.narration(lang)    # by size and time: hashing an hour's FLAC takes a second
    if recording is not None:
        state = recording.stat()
        digest.update(f"narration {recording.name} {state.st_size} {state.st_mtime_ns}".encode())
    return digest.hexdigest()


def file_state(path: Path) -> list | None:
    """A built file as its build left it: its size and SHA-256. Not its time: a file damaged in
    place with its time put back must not pass for whole (it was served under its immutable
    name), and a file only touched is still whole."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return [len(data), hashlib.sha256(data).hexdigest()]


@dataclass(frozen=True)
class Stamp:
    """Per language: {"inputs": digest, "files": {path under audio/: [size, sha256]}}."""

    languages: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, article: ArticleRef) -> Stamp:
        """The article's stamp; an unreadable one is no stamp (the article is planned)."""
        try:
            data = json.loads(read_bounded(article.stamp, MAX_STAMP_BYTES))
        except (OSError, ValueError, ReaderError):
            return cls()
        return cls(data) if isinstance(data, dict) else cls()

    def holds(self, lang: str, inputs: str, audio: Path) -> bool:
        """Built from these inputs, and every file it needs as it was then."""
        entry = self.languages.get(lang)
        if not isinstance(entry, dict) or entry.get("inputs") != inputs or not isinstance(entry.get("files"), dict):
            return False
        return all(file_state(audio / name) == state for name, state in entry["files"].items())

    def with_language(self, lang: str, inputs: str, audio: Path, files: list[Path]) -> Stamp:
        states = {path.relative_to(audio).as_posix(): file_state(path) for path in files}
        return Stamp({**self.languages, lang: {"inputs": inputs, "files": states}})

    def write(self, article: ArticleRef) -> None:
        """Written only if it changed: a no-op build rewrites nothing."""
        path = article.stamp
        data = json.dumps(self.languages, sort_keys=True).encode()
        if not path.exists() or path.read_bytes() != data:
            atomic_write(path, data)
