"""gTTS (Google Translate's voice) as a speech engine: online only, English and Russian.

Google's voice sounds more natural than espeak-ng but reports no word times. Each sentence is
fetched as MP3 and decoded; its words are found by forced alignment against an espeak-ng
rendering of the same sentence (speech/align.py). Where the alignment is doubtful, the
sentence's word times are marked estimated and the page highlights the sentence whole, rather
than show wrong words. Offline, gTTS fails at once: the build probes it once and falls back
to espeak-ng, saying so in one line.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ..errors import ReaderError
from ..mp3 import decode
from ..segment import Span
from .base import Utterance
from .pronounce import spoken_text

LANGS = ("en", "ru")            # gTTS has no Kazakh voice
RETRY_STATUS = {429, 500, 502, 503, 504}
RATE = 22050                   # resampled to espeak-ng's rate: one article, one rate


PROBE_TEXT = {"en": "Hello.", "ru": "Привет."}


class GoogleEngine:
    name = "gtts"

    def __init__(self, attempts: int = 4, sleep: Callable[[float], None] = time.sleep) -> None:
        import gtts

        self.version = gtts.__version__
        self.attempts, self.sleep = attempts, sleep

    def voice(self, lang: str) -> str:
        if lang not in LANGS:
            raise ReaderError(f"gTTS has no voice for language {lang!r}")
        return lang

    def fetch(self, text: str, lang: str) -> list[bytes]:
        """The MP3s of `text` (gTTS asks for at most 100 characters at a time: one file per
        part), retrying with backoff when Google answers 429 or 5xx."""
        from gtts import gTTS, gTTSError

        for attempt in range(self.attempts):
            try:
                return list(gTTS(text, lang=self.voice(lang)).stream())
            except gTTSError as exc:
                status = getattr(getattr(exc, "rsp", None), "status_code", None)
                if status in RETRY_STATUS and attempt + 1 < self.attempts:
                    self.sleep(0.5 * 2 ** attempt)
                    continue
                if getattr(exc, "rsp", None) is None:  # gTTS's own words here are "Probable cause: Unknown"
                    raise ReaderError(f"gTTS ({lang}): no answer from Google's speech service "
                                      "(offline, or blocked by a firewall or proxy)") from None
                raise ReaderError(f"gTTS ({lang}): {exc}") from None
        raise AssertionError("unreachable")

    def probe(self, lang: str = "en") -> str | None:
        """None if Google answers in `lang` (one the build wants it for); otherwise why not (one
        line), without retrying."""
        attempts, self.attempts = self.attempts, 1
        try:
            self.fetch(PROBE_TEXT.get(lang, "Hello."), lang)
            return None
        except ReaderError as exc:
            return str(exc)
        finally:
            self.attempts = attempts

    def speak(self, text: str, words: Sequence[Span], lang: str, spoken: Sequence[str] | None = None) -> Utterance:
        # numpy here, when it speaks: the engine table reads gTTS's languages without it
        import numpy as np

        from .align import resample, words_by_alignment  # with numpy

        spoken = list(spoken or [text[a:b] for a, b in words])
        parts = [decode(mp3) for mp3 in self.fetch(spoken_text(text, words, spoken, lang), lang)]
        pcm = np.concatenate([resample(p if p.ndim == 1 else p[:, 0], rate, RATE) for p, rate in parts])
        return words_by_alignment(text, words, lang, spoken, pcm, RATE)
