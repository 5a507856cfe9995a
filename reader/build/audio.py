"""The audio key: a hash of everything a passage's audio depends on, which names its files."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..mp3 import MP3

KEY_VERSION = 3  # bump when the way audio or timings are made changes (3: espeak-ng state reset per sentence)


def audio_key(**inputs) -> str:
    """A stable hash of everything the audio depends on: text, language, engine, voice,
    settings, segmentation. Same inputs, same name: a rebuild skips it."""
    blob = json.dumps({"v": KEY_VERSION, "mp3": MP3, **inputs}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def pcm_path(audio_dir: Path, key: str) -> Path:
    """Where a passage's lossless audio lies: audio/pcm/<key>.flac."""
    return audio_dir / "pcm" / f"{key}.flac"
