"""Is what is built whole? Every built file's SHA-256 is recorded when it is written: a
passage's PCM in its timings file, the article MP3 in the language's timing map.
A file that no longer matches is built again; `problems` lists them for `reader status`."""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import ReaderError
from ..files import sha256
from ..settings import PAGE_LANGUAGES, Settings
from ..timing_map import TimingMap, read_map
from .audio import pcm_path


def read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_built(audio_dir: Path, key: str) -> bool:
    """A passage is built when its timings read and its PCM is the file it was when
    written: a truncated or corrupted file is built again."""
    digests = (read_json(audio_dir / f"{key}.json") or {}).get("sha256")
    if not isinstance(digests, dict):
        return False
    return digests.get("flac") == sha256(pcm_path(audio_dir, key))


def current_map(settings: Settings, lang: str) -> TimingMap | None:
    """The language's map as built, or None when there is none or it is damaged: a build
    then writes it anew, and `problems` reports the damage."""
    try:
        return read_map(settings.timing_map(lang))
    except (FileNotFoundError, ReaderError):
        return None


def problems(settings: Settings) -> list[str]:
    """One line per page of the article whose timing map or article audio is not whole."""
    found = []
    for lang in PAGE_LANGUAGES:
        path = settings.timing_map(lang)
        if not path.exists():
            continue
        try:
            timing = read_map(path)
        except ReaderError as exc:
            found.append(str(exc))
            continue
        if sha256(settings.audio / timing.audio) != timing.audio_sha256:
            found.append(f"{settings.audio / timing.audio}: missing or changed since it was built (SHA-256)")
    return found
