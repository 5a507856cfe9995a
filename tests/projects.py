"""The project the tests build: the repository's own article, catalogs and static files, copied
into a temporary folder (one shared by the session, or one per test that changes it)."""
from __future__ import annotations

import shutil
from pathlib import Path

from reader.settings import Settings

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "translations", "static")


def copy_project(dest: Path, with_audio_from: Path | None = None) -> Settings:
    for part in PROJECT_PARTS:
        shutil.copytree(REPO / part, dest / part)
    if with_audio_from:
        shutil.copytree(with_audio_from / "audio", dest / "audio")
    return Settings(dest, engine="espeak")
