"""espeak-ng through libespeak-ng (ctypes), offline: each sentence as SSML with a mark before
every word, so each word's start comes from the engine itself."""
from __future__ import annotations

import _ctypes
import contextlib
import ctypes
import threading
from collections.abc import Iterator, Sequence
from html import escape as html_escape

from ..errors import ReaderError
from ..interrupts import interrupts_after
from ..segment import Span
from .base import Utterance
from .pronounce import spoken_gap


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))
_SYNCHRONOUS, _CHARS_UTF8, _SSML, _POS_CHARACTER = 2, 1, 0x10, 1
_EVENT_END_OF_LIST, _EVENT_MARK = 0, 3
_RATE, _WORDGAP = 1, 7  # espeak_PARAMETER espeakRATE, espeakWORDGAP (units of 10 ms)


def _library_location() -> tuple[str, bytes | None]:
    """The espeakng-loader wheel's library and data; Debian's libespeak-ng as a fallback."""
    try:
        import espeakng_loader
        return espeakng_loader.get_library_path(), espeakng_loader.get_data_path().encode()
    except ImportError:
        try:
            ctypes.CDLL("libespeak-ng.so.1")
        except OSError:
            raise ReaderError("espeak-ng not found: pip install espeakng-loader") from None
        return "libespeak-ng.so.1", None


def _declare(lib: ctypes.CDLL) -> None:
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                 ctypes.c_uint, ctypes.c_uint, ctypes.POINTER(ctypes.c_uint), ctypes.c_void_p]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_Info.argtypes = [ctypes.c_void_p]


def ssml_with_marks(text: str, words: Sequence[Span], spoken: Sequence[str] | None = None, lang: str = "") -> str:
    """The sentence as SSML with <mark name="N"/> right before word N (one MARK event each),
    followed by what to say for it: the word itself, or its spoken form from the lexicon."""

    spoken = spoken or [text[start:end] for start, end in words]
    parts, cursor, previous = ["<speak>"], 0, ""
    for n, ((start, end), say) in enumerate(zip(words, spoken, strict=True)):
        parts += [escape(spoken_gap(text[cursor:start], previous, lang)), f'<mark name="{n}"/>', escape(say)]
        cursor, previous = end, text[start:end]
    parts += [escape(spoken_gap(text[cursor:], previous, lang)), "</speak>"]
    return "".join(parts)


class EspeakEngine:
    """libespeak-ng in synchronous mode; one instance per process (the library is global)."""

    name = "espeak-ng"
    VOICES = {"en": "en", "kk": "kk", "ru": "ru"}
    DEFAULT_RATE = 175                                  # words a minute: espeak-ng's own default
    # Per language, as Whisper base followed the interview best without crawling (measured by
    # benchmarks/espeak_intelligibility.py, 2026-11-30, character error rate at 175 / 150 / 130 words a
    # minute): en 4.6 / 3.8 / 3.6 %, kk 92.9 / 82.4 / 81.7 %, ru 62.6 / 81.5 / 72.1 %. So
    # English and Kazakh are slower; Russian, which slowing made worse, keeps the default.
    RATES = {"en": 150, "kk": 150, "ru": 175}
    # A pause between words, in ms, per language: none. Variants (ru+klatt4…) and word gaps of
    # 10 and 30 ms were heard no better than the defaults, within what a change that should
    # not matter moves the figures (benchmarks/espeak_intelligibility.py, docs/voices.md).
    WORD_GAPS_MS: dict[str, int] = {}
    _lock = threading.Lock()

    def __init__(self) -> None:
        self._path, self._data = _library_location()
        self._chunks: list[bytes] = []
        self._marks: dict[int, int] = {}
        self._callback = _CALLBACK(self._on_audio)  # keep a reference: ctypes must not free it
        with self._fresh_library() as lib:
            self.version = lib.espeak_Info(None).decode()

    @contextlib.contextmanager
    def _fresh_library(self) -> Iterator[ctypes.CDLL]:
        """libespeak-ng loaded and initialised anew, and unloaded after use. The library keeps
        state between utterances in static variables (its pitch-flutter position, the wave's
        phase), so a sentence sounded different depending on what the process had said before:
        builds were not repeatable. Loading it afresh for each sentence costs about a
        millisecond and makes the same sentence give the same samples, whatever came before."""
        lib = ctypes.CDLL(self._path)
        _declare(lib)
        try:
            self.sample_rate = lib.espeak_Initialize(_SYNCHRONOUS, 0, self._data, 0)
            if self.sample_rate <= 0:
                raise ReaderError("espeak-ng failed to initialise: its data folder is missing")
            lib.espeak_SetSynthCallback(self._callback)
            yield lib
        finally:
            lib.espeak_Terminate()
            _ctypes.dlclose(lib._handle)

    def espeak_voice(self, lang: str) -> str:
        """The name espeak-ng knows the language's voice by."""
        try:
            return self.VOICES[lang]
        except KeyError:
            raise ReaderError(f"espeak-ng has no voice for language {lang!r}") from None

    def voice(self, lang: str) -> str:
        """The voice and, where it is not espeak-ng's default, the rate: both are in every audio
        key, so a new rate re-speaks the language."""
        voice, rate = self.espeak_voice(lang), self.RATES.get(lang, self.DEFAULT_RATE)
        gap = self.WORD_GAPS_MS.get(lang, 0)
        return voice + (f", {rate} words a minute" if rate != self.DEFAULT_RATE else "") + (
            f", {gap} ms between words" if gap else "")

    def _on_audio(self, wav, count, events) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        i = 0
        while events[i].type != _EVENT_END_OF_LIST:
            event = events[i]
            if event.type == _EVENT_MARK and event.id.name:
                self._marks[int(event.id.name)] = event.audio_position
            i += 1
        return 0

    def speak(self, text: str, words: Sequence[Span], lang: str,
              spoken: Sequence[str] | None = None) -> Utterance:
        with self._lock, self._fresh_library() as lib:
            self._chunks, self._marks = [], {}
            voice = self.espeak_voice(lang)
            if lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise ReaderError(f"espeak-ng voice {voice!r} is not installed")
            lib.espeak_SetParameter(_RATE, self.RATES.get(lang, self.DEFAULT_RATE), 0)
            if self.WORD_GAPS_MS.get(lang):
                lib.espeak_SetParameter(_WORDGAP, self.WORD_GAPS_MS[lang] // 10, 0)
            data = ssml_with_marks(text, words, spoken, lang).encode("utf-8") + b"\0"
            with interrupts_after():
                status = lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _SSML, None, None)
                lib.espeak_Synchronize()
            pcm = samples(b"".join(self._chunks))
        if status != 0 or not pcm.size:
            raise ReaderError(f"espeak-ng could not say {text[:40]!r} (status {status})")
        to_sample = lambda ms: min(pcm.size, ms * self.sample_rate // 1000)  # noqa: E731
        starts = tuple(to_sample(self._marks[n]) if n in self._marks else None for n in range(len(words)))
        return Utterance(pcm, self.sample_rate, starts)




_instance: EspeakEngine | None = None


def espeak() -> EspeakEngine:
    """The process's espeak-ng engine, created on first use."""
    global _instance
    if _instance is None:
        _instance = EspeakEngine()
    return _instance


def samples(data: bytes):
    """16-bit samples as an array. numpy is imported here, when something is spoken: a build
    with nothing to do asks the engine only its version, and numpy's import takes 50-80 ms."""
    import numpy as np

    return np.frombuffer(data, dtype=np.int16).copy()


def escape(text: str) -> str:
    """Text in SSML: &, < and > escaped (as xml.sax.saxutils does, without importing urllib)."""
    return html_escape(text, quote=False)
