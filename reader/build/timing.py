"""Sentence utterances → one passage's PCM and the times of its sentences and words, in the
timing map's types (reader/timing_map.py)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..segment import Sentence, Span
from ..speech.base import Utterance
from ..timing_map import PassageTiming, SentenceTiming, WordTiming

SILENCE = 300          # |sample| below this (about -40 dBFS) counts as silence
PAUSE_MIN_MS = 120     # a gap this long after a word is a pause, not part of the word


def ms(samples: int, rate: int) -> int:
    return samples * 1000 // rate


def sound_end(pcm: np.ndarray, start: int, end: int) -> int:
    """One past the last non-silent sample in pcm[start:end] (start if all silent)."""
    loud = np.flatnonzero(np.abs(pcm[start:end].astype(np.int32)) > SILENCE)
    return start + int(loud[-1]) + 1 if loud.size else start


def fill_missing_starts(starts: Sequence[int | None], spans: Sequence[Span], end: int) -> list[int]:
    """An engine may drop a word's mark (espeak-ng does after "Ms."): place that word
    between its known neighbours in proportion to character offsets."""
    known = [(spans[i][0], s) for i, s in enumerate(starts) if s is not None]
    if not known or known[0][0] != spans[0][0]:
        known.insert(0, (spans[0][0], 0))
    known.append((spans[-1][1], end))
    chars, samples = zip(*known, strict=True)
    filled = np.interp([span[0] for span in spans], chars, samples)
    result = [s if s is not None else int(f) for s, f in zip(starts, filled, strict=True)]
    monotonic = [int(s) for s in np.maximum.accumulate(result)]  # never before the previous word
    return spread_ties(monotonic, spans, end)


def spread_ties(starts: list[int], spans: Sequence[Span], end: int) -> list[int]:
    """espeak-ng gives an unstressed word and the next one the same position ("the words"):
    share their stretch of audio in proportion to their lengths in characters."""
    result = list(starts)
    i = 0
    while i < len(starts):
        j = i
        while j + 1 < len(starts) and starts[j + 1] == starts[i]:
            j += 1
        if j > i:
            stop = starts[j + 1] if j + 1 < len(starts) else end
            lengths = [spans[k][1] - spans[k][0] for k in range(i, j + 1)]
            total, before = sum(lengths), 0
            for k, length in zip(range(i, j + 1), lengths, strict=True):
                result[k] = starts[i] + (stop - starts[i]) * before // total
                before += length
        i = j + 1
    return result


def time_sentence(sentence: Sentence, utt: Utterance, offset: int) -> SentenceTiming:
    """Word n runs from its start to the next word's start, cut back at a pause; the last
    word ends where the sentence's sound ends."""
    pcm, rate = utt.pcm, utt.sample_rate
    spoken_end = max(sound_end(pcm, 0, pcm.size), 1)
    starts = fill_missing_starts(utt.word_starts, [w.span for w in sentence.words], spoken_end)
    words = []
    for n, word in enumerate(sentence.words):
        start = min(starts[n], spoken_end - 1)
        nxt = starts[n + 1] if n + 1 < len(starts) else spoken_end
        end = max(min(nxt, spoken_end), start + 1)
        quiet_from = sound_end(pcm, start, end)
        if ms(end - quiet_from, rate) >= PAUSE_MIN_MS and quiet_from > start:
            end = quiet_from
        unsure = utt.unsure_words and utt.word_starts[n] is None
        words.append(WordTiming(word.id, word.span, ms(offset + start, rate), ms(offset + end, rate), unsure))
    return SentenceTiming(sentence.id, sentence.span, ms(offset, rate),
                          ms(offset + spoken_end, rate), tuple(words), utt.estimated)


def join_passage(sentences: Sequence[Sentence],
                 utterances: Sequence[Utterance]) -> tuple[np.ndarray, tuple[SentenceTiming, ...]]:
    """The passage's PCM (sentences back to back, each with its engine's trailing pause)."""
    offset, timed = 0, []
    for sentence, utt in zip(sentences, utterances, strict=True):
        timed.append(time_sentence(sentence, utt, offset))
        offset += utt.pcm.size
    pcm = np.concatenate([u.pcm for u in utterances]) if utterances else np.zeros(0, np.int16)
    return pcm, tuple(timed)


def shift(p: PassageTiming, by_ms: int) -> PassageTiming:
    """The passage placed `by_ms` into a longer audio file."""
    sentences = tuple(replace(s, start_ms=s.start_ms + by_ms, end_ms=s.end_ms + by_ms,
                              words=tuple(replace(w, start_ms=w.start_ms + by_ms, end_ms=w.end_ms + by_ms)
                                          for w in s.words))
                      for s in p.sentences)
    return replace(p, offset_ms=p.offset_ms + by_ms, sentences=sentences)
