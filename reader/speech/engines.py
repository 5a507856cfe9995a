"""The engines by name, one instance each per process (libespeak-ng is one global state per
process; a Piper voice's model is loaded once). gTTS and Piper are imported only when asked for."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReaderError
from .base import SpeechEngine
from .espeak_ng import espeak

_engines: dict[tuple[str, Path | None], SpeechEngine] = {}
KNOWN = ("espeak-ng", "gtts", "piper")


def get_engine(name: str = "espeak-ng", model: Path | None = None, threads: int = 0) -> SpeechEngine:
    """The process's engine of that name (for Piper, of that voice file), created on first use."""
    if name == "espeak-ng":
        return espeak()
    if name not in KNOWN:
        raise ReaderError(f"unknown speech engine {name!r}; known: {', '.join(KNOWN)}")
    if (name, model) not in _engines:
        if name == "gtts":
            from .google import GoogleEngine
            _engines[name, model] = GoogleEngine()
        else:
            if model is None:
                raise ReaderError("the Piper engine needs a voice: reader voices install PATH.onnx")
            from .piper_tts import PiperEngine
            _engines[name, model] = PiperEngine(model, threads)
    return _engines[name, model]
