"""Measuring what a listener would meet: where a passage really lies in decoded audio, and how
loud the audio is (ITU-R BS.1770-4 integrated loudness and true peak, numpy only: the
K-weighting filters are applied in the frequency domain). Shared by the tests and the
benchmark (benchmarks/build.py imports it from here)."""
from __future__ import annotations

import numpy as np

from reader.speech.espeak_ng import EspeakEngine


def misplacement(decoded: np.ndarray, pcm: np.ndarray, expected: int, search: int) -> int:
    """How many samples from `expected` the start of `pcm` really lies in `decoded` (found by
    cross-correlation within ±`search`): the timing error a listener would meet there."""
    low = max(expected - search, 0)
    window = decoded[low: expected + search + pcm.size].astype(float)
    return low + int(np.argmax(np.correlate(window, pcm.astype(float), "valid"))) - expected


def biquads(rate: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """BS.1770's two K-weighting stages (a high shelf, then a high pass) for any sample rate,
    by Brecht De Man's derivation, which gives the standard's 48 kHz coefficients exactly."""
    k = np.tan(np.pi * 1681.974450955533 / rate)
    q, vh = 0.7071752369554196, 10 ** (3.999843853973347 / 20)
    vb = vh ** 0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = (np.array([vh + vb * k / q + k * k, 2 * (k * k - vh), vh - vb * k / q + k * k]) / a0,
             np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]))
    k, q = np.tan(np.pi * 38.13547087602444 / rate), 0.5003270373238773
    a0 = 1 + k / q + k * k
    highpass = (np.array([1.0, -2.0, 1.0]), np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]))
    return [shelf, highpass]


def k_weighted(samples: np.ndarray, rate: int) -> np.ndarray:
    """The signal through both stages: their response applied to its spectrum, with a second of
    silence after it so the filters' tails do not wrap around."""
    n = samples.size + rate
    size = 1 << (n - 1).bit_length()
    z = np.exp(-1j * np.pi * np.arange(size // 2 + 1) / (size // 2))   # e^{-jw} on the rfft grid
    response = np.ones_like(z)
    for b, a in biquads(rate):
        response *= (b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z)
    return np.fft.irfft(np.fft.rfft(samples, size) * response, size)[: samples.size]


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """LUFS of float samples in [-1, 1] (mono), gated as BS.1770-4 says."""
    weighted = k_weighted(samples, rate)
    block, step = int(0.4 * rate), int(0.1 * rate)
    if weighted.size < block:
        return -70.0
    energy = np.concatenate(([0.0], np.cumsum(weighted * weighted)))
    starts = np.arange(0, weighted.size - block + 1, step)
    z = (energy[starts + block] - energy[starts]) / block
    loud = z[-0.691 + 10 * np.log10(np.maximum(z, 1e-20)) > -70]
    if not loud.size:
        return -70.0
    relative = -0.691 + 10 * np.log10(loud.mean()) - 10
    gated = loud[-0.691 + 10 * np.log10(loud) > relative]
    return float(-0.691 + 10 * np.log10(gated.mean()))


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

    def __init__(self, rate: int = EspeakEngine.rate, variant: str = "") -> None:
        super().__init__()
        self.rate, self.variant = rate, variant

    def voice(self, lang: str) -> str:
        return super().voice(lang) + (f"+{self.variant}" if self.variant else "")
