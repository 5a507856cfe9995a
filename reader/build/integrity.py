"""Is what is built whole? Every built file's SHA-256 is recorded when it is written: a
passage's MP3 and PCM in its timings file, the article MP3 in the language's timing map.
A file that no longer matches is built again; `problems` lists them for `reader status`."""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import ReaderError
from ..files import sha256
from ..settings import PAGE_LANGUAGES, Settings
from .article_audio import pcm_path
from .timing import read_map


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


RECORDED = ("audio", "audio_sha256", "audio_key")


def recorded_article(settings: Settings, lang: str) -> dict[str, str]:
    """The article file the current map plays, the SHA-256 it had when built and what it was
    made from (empty if the map does not say)."""
    data = read_json(settings.timing_map(lang)) or {}
    found = {name: data[name] for name in RECORDED if isinstance(data.get(name), str)}
    return found if len(found) == len(RECORDED) else {}


def problems(settings: Settings) -> list[str]:
    """One line per page whose timing map or article audio is not whole."""
    found = []
    for lang in PAGE_LANGUAGES:
        path = settings.timing_map(lang)
        if not path.exists():
            continue
        try:
            data = read_map(path)
        except ReaderError as exc:
            found.append(str(exc))
            continue
        if sha256(settings.audio / data["audio"]) != data["audio_sha256"]:
            found.append(f"{settings.audio / data['audio']}: missing or changed since it was built (SHA-256)")
    return found
