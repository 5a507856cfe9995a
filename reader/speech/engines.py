"""The speech engines, one entry each in the order `auto` prefers them, with all the reader needs
to know of one: its name (what READER_ENGINE and --engine choose, and what audio keys and
timing maps record), which languages it speaks, how it is made, what the page credits, and
the libraries whose versions make its bytes (a cluster's workers must have the same). A new
engine is a module with its SpeechEngine and an entry in ENGINES.

One instance of each per process (libespeak-ng is one global state per process; a Piper
voice's model is loaded once). gTTS and Piper are imported only when asked for.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..errors import ReaderError
from .base import SpeechEngine
from .espeak_ng import EspeakEngine, espeak
from .google import LANGS as GOOGLE_LANGS
from .voices import Voice


@dataclass(frozen=True)
class EngineKind:
    name: str
    label: str                                            # how a line of the build names it: gTTS
    summary: str                                          # for --help and the docs
    speaks: Callable[[str, Mapping[str, Voice]], bool]    # a language, given the installed voices
    make: Callable[[Path | None, int], SpeechEngine]      # (its voice file, if it takes one; threads)
    credit: Callable[[str, str, str, str], str]           # (version, voice, dataset, licence) → the page's credit
    libraries: tuple[str, ...] = ()                       # packages whose versions make its bytes
    cannot: str = ""           # chosen by name for languages it cannot speak: {langs} is filled in
    online: bool = False       # probed once before a build chooses it (probe: "" or why not)
    voiced: bool = False       # speaks a language only with an installed voice file
    by_name: bool = True       # READER_ENGINE and --engine may choose it

    def probe(self, lang: str) -> str:
        """For an online engine: "" if it answers for `lang`, else why not, in one line."""
        if not self.online:
            return ""
        return get_engine(self.name).probe(lang)  # type: ignore[attr-defined]

    def versions(self) -> tuple[tuple[str, str], ...]:
        """Its libraries' versions ("none" where one is not installed)."""
        return tuple((name, installed_version(name)) for name in self.libraries)


def installed_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


def make_piper(model: Path | None, threads: int) -> SpeechEngine:
    if model is None:
        raise ReaderError("the Piper engine needs a voice: reader voices install PATH.onnx")
    from .piper_tts import PiperEngine  # numpy, and onnxruntime when it first speaks

    return PiperEngine(model, threads)


def make_gtts(model: Path | None, threads: int) -> SpeechEngine:
    from .google import GoogleEngine  # numpy, and gTTS with requests

    return GoogleEngine()


def make_narration(model: Path | None, threads: int) -> SpeechEngine:
    from .narration import NarrationEngine  # numpy

    return NarrationEngine()


NARRATION = "narration"


ENGINES: dict[str, EngineKind] = {kind.name: kind for kind in (
    # A narrator's recording outranks every voice, but an article's own: the build finds it in
    # content/narration/ (build/narrate.py) and cuts its passages; no setting chooses it.
    EngineKind(NARRATION, "a narrator", "a narrator's recording of the article (reader narration add)",
               lambda lang, voices: False, make_narration,
               lambda version, voice, dataset, licence: f"read by {voice}" if voice else "a narrator's recording",
               ("soundfile", "numpy"),
               by_name=False),
    EngineKind("piper", "Piper", "an installed Piper voice (reader voices install)",
               lambda lang, voices: lang in voices, make_piper,
               lambda version, voice, dataset, licence: f"Piper voice {voice} ({dataset}, licence {licence})",
               ("piper-tts", "onnxruntime"),
               cannot="no Piper voice installed for {langs}: espeak-ng speaks it (reader voices install PATH.onnx)",
               voiced=True),
    EngineKind("gtts", "gTTS", "Google Translate's voice, for en and ru when Google answers",
               lambda lang, voices: lang in GOOGLE_LANGS, make_gtts,
               lambda version, voice, dataset, licence: "Google Translate's voice (gTTS)",
               ("gtts",), cannot="gTTS has no voice for {langs}: espeak-ng speaks it", online=True),
    EngineKind("espeak-ng", "espeak-ng", "espeak-ng, offline, every language",
               lambda lang, voices: lang in EspeakEngine.VOICES, lambda model, threads: espeak(),
               lambda version, voice, dataset, licence: f"espeak-ng {version}", ("espeakng-loader",)),
)}
FALLBACK = ENGINES["espeak-ng"]          # speaks every language, offline: where no other can
ALIASES = {"espeak": "espeak-ng"}         # READER_ENGINE=espeak, as the reader first named it
MODES = ("auto", *(name for name, kind in ENGINES.items() if kind.by_name), *ALIASES)  # READER_ENGINE, --engine


def engine_named(mode: str) -> EngineKind | None:
    """The engine a READER_ENGINE / --engine value chooses; None for auto."""
    kind = ENGINES.get(ALIASES.get(mode, mode))
    if mode != "auto" and (kind is None or not kind.by_name):
        raise ReaderError(f"READER_ENGINE={mode!r}: no such engine; choose one of: {', '.join(MODES)}")
    return None if mode == "auto" else kind


_engines: dict[tuple[str, Path | None], SpeechEngine] = {}


def get_engine(name: str = FALLBACK.name, model: Path | None = None, threads: int = 0) -> SpeechEngine:
    """The process's engine of that name (for a voiced one, of that voice file), made on first use."""
    if name not in ENGINES:
        raise ReaderError(f"unknown speech engine {name!r}; known: {', '.join(ENGINES)}")
    if (name, model) not in _engines:
        _engines[name, model] = ENGINES[name].make(model, threads)
    return _engines[name, model]
