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
from itertools import pairwise

import numpy as np

from ..errors import ReaderError
from ..segment import Span
from .base import Utterance
from .espeak_ng import espeak

LANGS = ("en", "ru")            # gTTS has no Kazakh voice
RETRY_STATUS = {429, 500, 502, 503, 504}
RATE = 22050                   # resampled to espeak-ng's rate: one article, one rate
# Above this relative path cost (speech/align.py: 0.26-0.38 for the same words in another
# voice, 0.39-0.55 for unrelated speech, measured on espeak-ng voices; real Google audio could
# not be measured offline) the words of a sentence are marked estimated rather than trusted.
MAX_ALIGN_COST = 0.45


def resample(pcm: np.ndarray, rate: int, to: int = RATE) -> np.ndarray:
    if rate == to:
        return pcm
    count = int(round(pcm.size * to / rate))
    return np.interp(np.arange(count) * rate / to, np.arange(pcm.size), pcm).astype(np.int16)


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

    def probe(self) -> str | None:
        """None if Google answers; otherwise why not (one line), without retrying."""
        attempts, self.attempts = self.attempts, 1
        try:
            self.fetch("Hello.", "en")
            return None
        except ReaderError as exc:
            return str(exc)
        finally:
            self.attempts = attempts

    def speak(self, text: str, words: Sequence[Span], lang: str, spoken: Sequence[str] | None = None) -> Utterance:
        from ..mp3 import decode
        from .align import carry_starts
        from .pronounce import spoken_text

        spoken = list(spoken or [text[a:b] for a, b in words])
        parts = [decode(mp3) for mp3 in self.fetch(spoken_text(text, words, spoken, lang), lang)]
        pcm = np.concatenate([resample(p if p.ndim == 1 else p[:, 0], rate) for p, rate in parts])
        reference = espeak().speak(text, words, lang, spoken)
        starts, cost = carry_starts(reference.pcm, reference.word_starts, pcm, RATE)
        known = [s for s in starts if s is not None]
        if cost > MAX_ALIGN_COST or any(b < a for a, b in pairwise(known)):  # ties are shared later
            return Utterance(pcm, RATE, tuple(None for _ in words), estimated=True)
        return Utterance(pcm, RATE, tuple(starts))
