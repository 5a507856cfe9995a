"""Is what is built whole? Every built file's SHA-256 is recorded when it is written: a
passage's PCM in its timings file, the article MP3 in the language's timing map.
A file that no longer matches is built again; `problems` lists them for `reader status`."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReaderError
from ..files import sha256
from ..library import ArticleRef
from ..settings import PAGE_LANGUAGES
from ..timing_map import TimingMap, read_map
from .audio import pcm_path
from .passage_audio import PassageAudio


def is_built(audio_dir: Path, key: str) -> bool:
    """A passage is built when its record reads whole and its PCM is the file it was when
    written: a truncated or corrupted file is built again."""
    record = PassageAudio.read(audio_dir, key)
    return record is not None and record.flac_sha256 == sha256(pcm_path(audio_dir, key))


def current_map(article: ArticleRef, lang: str) -> TimingMap | None:
    """The language's map as built, or None when there is none or it is damaged: a build
    then writes it anew, and `problems` reports the damage."""
    try:
        return read_map(article.timing_map(lang))
    except (FileNotFoundError, ReaderError):
        return None


def problems(article: ArticleRef) -> list[str]:
    """One line per page of the article whose timing map or article audio is not whole."""
    found = []
    for lang in PAGE_LANGUAGES:
        path = article.timing_map(lang)
        if not path.exists():
            continue
        try:
            timing = read_map(path)
        except ReaderError as exc:
            found.append(str(exc))
            continue
        if sha256(article.layout.audio / timing.audio) != timing.audio_sha256:
            found.append(f"{article.layout.audio / timing.audio}: missing or changed since it was built (SHA-256)")
    return found
