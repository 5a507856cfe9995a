"""Measuring what a listener would meet: where a passage really lies in decoded audio, and how
loud the audio is (the product's own BS.1770-4 meter, reader/build/loudness.py, and the true
peak). Shared by the tests and the benchmark (benchmarks/build.py imports it from here)."""
from __future__ import annotations

import numpy as np

from reader.build.loudness import GROUP, LOOKAHEAD_S, RELEASE_S, biquads, integrated_loudness, k_weighted, sliding_min  # noqa: F401 (the product's meter)
from reader.speech.espeak_ng import EspeakEngine


def misplacement(decoded: np.ndarray, pcm: np.ndarray, expected: int, search: int) -> int:
    """How many samples from `expected` the start of `pcm` really lies in `decoded` (found by
    cross-correlation within ±`search`): the timing error a listener would meet there."""
    low = max(expected - search, 0)
    window = decoded[low: expected + search + pcm.size].astype(float)
    return low + int(np.argmax(np.correlate(window, pcm.astype(float), "valid"))) - expected


def true_peak_dbtp(samples: np.ndarray, factor: int = 4) -> float:
    """The largest magnitude the signal reaches once reconstructed at `factor` times its rate
    (the inter-sample peaks a DAC produces), in dB of full scale. Padded to a power of two:
    numpy's FFT is slow on lengths with large prime factors."""
    size = 1 << (samples.size - 1).bit_length()
    up = np.fft.irfft(np.fft.rfft(samples, size), size * factor) * factor
    return float(20 * np.log10(max(np.abs(up).max(), 1e-10)))


class Rendering(EspeakEngine):
    """espeak-ng at another speaking rate or voice variant ("f3"): another rendering of the same
    text whose word starts are known, on which the forced aligner's accuracy is measured."""

    def __init__(self, rate: int = EspeakEngine.DEFAULT_RATE, variant: str = "") -> None:
        super().__init__()
        self.RATES = dict.fromkeys(self.VOICES, rate)
        self.variant = variant

    def espeak_voice(self, lang: str) -> str:
        return super().espeak_voice(lang) + (f"+{self.variant}" if self.variant else "")


def limiter_whole(peaks: np.ndarray, rate: int, ceiling: float) -> np.ndarray:
    """The limiter over the whole signal at once, as the product computed it before mixing
    streamed: the reference that reader.build.loudness.limiter_span is checked against."""
    ahead = max(1, int(LOOKAHEAD_S * rate) // GROUP)
    release = max(1, int(RELEASE_S * rate) // GROUP)
    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    held = sliding_min(np.concatenate((np.ones(release), need)), release + ahead)[: peaks.size]
    total = np.concatenate(([0.0], np.cumsum(np.concatenate((np.ones(ahead), held)))))
    return np.minimum((total[ahead + 1: ahead + 1 + peaks.size] - total[1: 1 + peaks.size]) / ahead, need)
