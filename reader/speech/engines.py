"""The engines by name, one instance each per process (libespeak-ng is one global state per
process). gTTS is imported only when asked for."""
from __future__ import annotations

from ..errors import ReaderError
from .base import SpeechEngine
from .espeak_ng import espeak

_engines: dict[str, SpeechEngine] = {}


def get_engine(name: str = "espeak-ng") -> SpeechEngine:
    """The process's engine of that name, created on first use."""
    if name == "espeak-ng":
        return espeak()
    if name == "gtts":
        if name not in _engines:
            from .google import GoogleEngine
            _engines[name] = GoogleEngine()
        return _engines[name]
    raise ReaderError(f"unknown speech engine {name!r}; known: espeak-ng, gtts")
