"""Settings declared once, with their help text; the CLI and the web app both read them from here."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SOURCE_LANG = "en"
LANGUAGES = ("en", "kk", "ru")
SOURCE_NAME = "aiman-umarova-interview"
# Pages in another script of a built language: same audio, text transliterated (reader/script.py).
SCRIPT_VARIANTS = {"kk-Latn": "kk"}
PAGE_LANGUAGES = ("en", "kk", "kk-Latn", "ru")
# Speech engine: auto = gTTS where it has a voice and answers, espeak-ng otherwise.
ENGINE_MODES = ("auto", "gtts", "espeak")
ENGINE_MODE = os.environ.get("READER_ENGINE", "auto")
# Silence between passages in the continuous article audio (part of its content hash).
PASSAGE_PAUSE_MS = int(os.environ.get("READER_PASSAGE_PAUSE_MS", "700"))
# Languages whose catalogs must be complete and reviewed: `reader status --check` fails otherwise.
PUBLISHED = ("kk", "ru")

HELP = {
    "root": "Project folder holding content/, translations/ and audio/ (env READER_ROOT; default: current folder).",
    "lang": "Language to build: one of " + ", ".join(LANGUAGES) + "; repeat for several (default: all).",
    "host": "Address to serve on (default 127.0.0.1: only this machine).",
    "port": "Port to serve on.",
    "json": "Print the status as JSON, for scripts.",
    "engine": "Speech engine: auto (gTTS for en and ru when Google answers, else espeak-ng), gtts or espeak "
              "(env READER_ENGINE; default auto).",
    "check": "Exit 1 if a published language (" + ", ".join(PUBLISHED) + ") has a missing, machine-only "
             "or stale translation, or one that misses a glossary term.",
}


@dataclass(frozen=True)
class Settings:
    """Where each stage reads and writes; nothing else is shared between stages."""

    root: Path

    @property
    def source(self) -> Path:
        return self.root / "content" / f"{SOURCE_NAME}.txt"

    @property
    def translations(self) -> Path:
        return self.root / "translations"

    def catalog(self, lang: str) -> Path:
        return self.translations / f"{lang}.po"

    @property
    def pronunciation(self) -> Path:
        return self.translations / "pronunciation"

    @property
    def glossary(self) -> Path:
        return self.translations / "glossary.toml"

    def ui_catalog(self, lang: str) -> Path:
        return self.translations / "ui" / f"{lang}.po"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def audio(self) -> Path:
        return self.root / "audio"

    def timing_map(self, lang: str) -> Path:
        return self.audio / f"{lang}.json"

    @classmethod
    def from_env(cls, root: str | os.PathLike | None = None) -> "Settings":
        return cls(Path(root or os.environ.get("READER_ROOT") or ".").resolve())
