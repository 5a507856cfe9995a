"""Forced alignment: where are the words in speech whose word times we do not know?

The method aeneas uses. Render the same sentence with espeak-ng, whose word times are known
(its marks). Compare the two recordings frame by frame as MFCCs. Find the cheapest monotonic
path between them (DTW), and carry each known word start along the path. numpy only; the DTW
row recurrence is vectorised with a running minimum, so a sentence takes milliseconds.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np

from .base import Utterance
from .espeak_ng import espeak

# Above this relative path cost (0.26-0.38 for the same words in another voice, 0.39-0.55 for
# unrelated speech, measured on espeak-ng voices; real Google or Piper audio could not be
# measured offline) the words of a sentence are marked estimated rather than trusted.
MAX_ALIGN_COST = 0.45
HOP_S, WINDOW_S, N_MELS, N_CEPS, NFFT = 0.010, 0.025, 26, 13, 512


@lru_cache(maxsize=4)
def mel_filters(rate: int) -> np.ndarray:
    to_mel = lambda f: 2595 * np.log10(1 + f / 700)  # noqa: E731
    to_hz = lambda m: 700 * (10 ** (m / 2595) - 1)  # noqa: E731
    bins = np.floor((NFFT + 1) * to_hz(np.linspace(0, to_mel(rate / 2), N_MELS + 2)) / rate).astype(int)
    filters = np.zeros((N_MELS, NFFT // 2 + 1))
    for m in range(1, N_MELS + 1):
        low, centre, high = bins[m - 1], bins[m], bins[m + 1]
        filters[m - 1, low:centre] = (np.arange(low, centre) - low) / max(centre - low, 1)
        filters[m - 1, centre:high] = (high - np.arange(centre, high)) / max(high - centre, 1)
    return filters


def mfcc(pcm: np.ndarray, rate: int) -> np.ndarray:
    """13 cepstral coefficients per 10 ms frame, mean-normalised (so loudness does not count)."""
    ceps = cepstra(pcm, rate)
    return ceps - ceps.mean(axis=0)


def cepstra(pcm: np.ndarray, rate: int) -> np.ndarray:
    """13 cepstral coefficients per 10 ms frame, as they are."""
    return cepstra_of(mel_power(pcm, rate) + 1e-10)


def mel_power(pcm: np.ndarray, rate: int) -> np.ndarray:
    """Per 10 ms frame, the power in each of the 26 mel bands."""
    x = pcm.astype(np.float64) / 32768
    x = np.append(x[:1], x[1:] - 0.97 * x[:-1])
    window, hop = int(rate * WINDOW_S), int(rate * HOP_S)
    count = 1 + max(0, (x.size - window) // hop)
    x = np.pad(x, (0, max(0, window + hop * (count - 1) - x.size)))
    frames = x[np.arange(window)[None, :] + hop * np.arange(count)[:, None]] * np.hamming(window)
    return (np.abs(np.fft.rfft(frames, NFFT)) ** 2 / NFFT) @ mel_filters(rate).T


def cepstra_of(mel: np.ndarray) -> np.ndarray:
    """Mel band powers → 13 cepstral coefficients (a DCT of their logarithms)."""
    k = np.arange(N_MELS)
    dct = np.cos(np.pi / N_MELS * (k[None, :] + 0.5) * np.arange(N_CEPS)[:, None])
    return np.log(mel) @ dct.T


def dtw(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    """For each frame of `a`, the first frame of `b` the cheapest path reaches; and how alike
    the recordings are along it: the path's mean cost per step over the mean cost of any frame
    pair. Measured on espeak-ng renderings through MP3: 0.26-0.38 for the same words in another
    voice variant, 0.39-0.55 for unrelated speech."""
    cost = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))
    n, m = cost.shape
    total = np.empty((n, m))
    total[0] = np.cumsum(cost[0])
    for i in range(1, n):
        came = np.minimum(total[i - 1], np.concatenate(([np.inf], total[i - 1][:-1])))
        run = np.cumsum(cost[i])
        total[i] = run + np.minimum.accumulate(came - np.concatenate(([0.0], run[:-1])))
    i, j, steps, first = n - 1, m - 1, 1, np.zeros(n, dtype=int)
    first[i] = j
    while i > 0 or j > 0:
        options = []
        if i > 0 and j > 0:
            options.append((total[i - 1, j - 1], i - 1, j - 1))
        if i > 0:
            options.append((total[i - 1, j], i - 1, j))
        if j > 0:
            options.append((total[i, j - 1], i, j - 1))
        _, i, j = min(options)
        first[i] = j
        steps += 1
    return first, float(total[-1, -1] / steps / max(cost.mean(), 1e-9))


def carry_starts(reference: np.ndarray, reference_starts: Sequence[int | None], target: np.ndarray,
                 rate: int) -> tuple[list[int | None], float]:
    """Word starts (in samples) of `target`, from those known in `reference`, both at `rate`."""
    a, b = mfcc(reference, rate), mfcc(target, rate)
    first, mean_cost = dtw(a, b)
    hop = int(rate * HOP_S)
    starts = [None if s is None else int(first[min(s // hop, first.size - 1)]) * hop for s in reference_starts]
    return starts, mean_cost


def resample(pcm: np.ndarray, rate: int, to: int) -> np.ndarray:
    if rate == to:
        return pcm
    count = int(round(pcm.size * to / rate))
    return np.interp(np.arange(count) * rate / to, np.arange(pcm.size), pcm).astype(np.int16)


def words_by_alignment(text: str, words: Sequence, lang: str, spoken: Sequence[str], pcm: np.ndarray,
                       rate: int):
    """An Utterance of `pcm` (speech from an engine that gives no word times) with each word's
    start carried over from espeak-ng's rendering of the same words; where the alignment is
    doubtful, the sentence is marked estimated and the page highlights it whole."""

    reference = espeak().speak(text, words, lang, spoken)
    at_reference_rate = resample(pcm, rate, reference.sample_rate)
    starts, cost = carry_starts(reference.pcm, reference.word_starts, at_reference_rate, reference.sample_rate)
    known = [s for s in starts if s is not None]
    if cost > MAX_ALIGN_COST or any(b < a for a, b in pairwise(known)):  # ties are shared later
        return Utterance(pcm, rate, tuple(None for _ in words), estimated=True)
    scaled = tuple(None if s is None else min(pcm.size, s * rate // reference.sample_rate) for s in starts)
    return Utterance(pcm, rate, scaled)
