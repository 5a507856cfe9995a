"""One passage spoken: the job a build worker runs (in a local process or on a cluster's
worker), and the check of what a worker sends back before the build writes any of it."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..errors import ReaderError
from ..segment import Sentence
from ..speech.engines import get_engine
from ..timing_map import SentenceTiming
from .plan import Job
from .timing import join_passage


@dataclass(frozen=True)
class Spoken:
    """One passage spoken: what a worker returns, for the build to write."""

    key: str
    pcm: np.ndarray            # int16
    sample_rate: int
    sentences: tuple[SentenceTiming, ...]


def speak(job: Job, threads: int = 0) -> Spoken:
    """Speak one passage, sentence by sentence: the job a build worker runs. It reads and
    writes nothing of the project. `threads`: a neural voice's share of the cores."""
    engine = get_engine(job.engine, job.voice_model, threads)
    text, lang = job.translation.text, job.translation.lang
    try:
        utterances = [engine.speak(text[s.span[0]:s.span[1]], relative_word_spans(s), lang, spoken)
                      for s, spoken in zip(job.sentences, job.spoken, strict=True)]
    except ReaderError as exc:
        raise ReaderError(f"passage {job.translation.passage_id} ({lang}): {exc}") from None
    pcm, timed = join_passage(job.sentences, utterances)
    return Spoken(job.key, pcm, utterances[0].sample_rate, tuple(timed))


SAMPLE_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000)
MAX_SECONDS_A_CHARACTER = 1.0     # espeak-ng at its slowest says about 12 characters a second


def checked_spoken(job: Job, spoken: object) -> Spoken:
    """What a worker sent back for `job`, checked before anything is written: a Spoken of
    16-bit mono samples of a plausible length, one timing per sentence of the job, its times
    inside the audio; kept under the key the build planned, never one the worker names (a
    hostile worker once wrote outside the project so)."""
    def refuse(why: str) -> ReaderError:
        return ReaderError(f"passage {job.translation.passage_id} ({job.translation.lang}): a worker sent back "
                           f"{why}; nothing of it was written")

    if not isinstance(spoken, Spoken):
        raise refuse(f"a {type(spoken).__name__}, not spoken audio")
    pcm, rate = spoken.pcm, spoken.sample_rate
    if not isinstance(pcm, np.ndarray) or pcm.dtype != np.int16 or pcm.ndim != 1:
        raise refuse("samples that are not 16-bit mono")
    if not isinstance(rate, int) or isinstance(rate, bool) or rate not in SAMPLE_RATES:
        raise refuse(f"a sample rate of {rate!r}")
    longest = rate * (10 + MAX_SECONDS_A_CHARACTER * len(job.translation.text))
    if pcm.size > longest:
        raise refuse(f"{pcm.size / rate:.0f} s of audio for {len(job.translation.text)} characters")
    duration_ms = pcm.size * 1000 // rate
    timings = spoken.sentences
    if (not isinstance(timings, tuple) or len(timings) != len(job.sentences)
            or not all(isinstance(t, SentenceTiming) for t in timings)):
        raise refuse("timings that are not one per sentence of the passage")
    if not all(0 <= t.start_ms <= t.end_ms <= duration_ms for t in timings):
        raise refuse("sentence times outside its audio")
    return replace(spoken, key=job.key)


def relative_word_spans(s: Sentence) -> list[tuple[int, int]]:
    return [(w.span[0] - s.span[0], w.span[1] - s.span[0]) for w in s.words]
