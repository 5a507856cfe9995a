"""Every article at the spoken-word norm: -16 LUFS integrated (ITU-R BS.1770-4, the measure
EBU R128 and podcast platforms use), peaks below -1 dBTP once decoded from MP3.

One gain for the whole article, so passages keep their loudness relative to each other and a
listener never reaches for the volume between them; then a look-ahead peak limiter, since
speech at -16 LUFS peaks above full scale. The ceiling is set under -1 dBFS because MP3
encoding at 24-30 kbps overshoots by 1.5-2.5 dB (measured in the benchmark on the decoded
files). numpy only: the K-weighting is applied in the frequency domain.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

TARGET_LUFS = -16.0
CEILING_DBFS = -3.0     # sample peak after limiting; decoded from MP3, the true peak lands under -1 dBTP
LOOKAHEAD_S = 0.005     # the limiter's gain reaches its floor this long before a peak…
RELEASE_S = 0.010       # …and holds it this long after
GROUP = 8               # samples the limiter treats as one (0.36 ms at 22.05 kHz): 8 times less work
CORRECTIONS = 8         # at most, to find the gain that reaches the target after limiting
CHUNK = GROUP * 65_536  # samples a pass holds at once (24 s at 22.05 kHz), whatever the article's length


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


def fft_size(n: int) -> int:
    """The smallest length >= n with no prime factor above 5: pocketfft is fast on those, and
    they waste less than the next power of two (up to 2x the work)."""
    best = 1 << (n - 1).bit_length()
    fives = 1
    while fives < best:
        threes = fives
        while threes < best:
            size = threes
            while size < n:
                size *= 2
            best = min(best, size)
            threes *= 3
        fives *= 5
    return best


def impulse_response(rate: int) -> np.ndarray:
    """One second of both stages' response to an impulse (their tails have died out long
    before: the high pass, the slower, falls below 1e-12 within a tenth of a second)."""
    signal = np.zeros(rate)
    signal[0] = 1.0
    for b, a in biquads(rate):
        out = np.zeros(rate)
        x1 = x2 = y1 = y2 = 0.0
        for n, x0 in enumerate(signal.tolist()):
            y0 = b[0] * x0 + b[1] * x1 + b[2] * x2 - a[1] * y1 - a[2] * y2
            out[n], x2, x1, y2, y1 = y0, x1, x0, y1, y0
        signal = out
    return signal


@lru_cache(maxsize=4)
def k_response(size: int, rate: int) -> np.ndarray:
    """Both stages' frequency response on the rfft grid of `size` points: the transform of
    their impulse response, three times quicker than evaluating the filters' polynomials."""
    return np.fft.rfft(impulse_response(rate).astype(np.float32), size)


def k_weighted(samples: np.ndarray, rate: int) -> np.ndarray:
    """The signal through both stages: their response applied to its spectrum (in single
    precision, ample for a level), with a second of silence after it so the filters' tails do
    not wrap around."""
    size = fft_size(samples.size + rate)
    spectrum = np.fft.rfft(samples.astype(np.float32), size)
    return np.fft.irfft(spectrum * k_response(size, rate), size)[: samples.size].astype(np.float64)


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """LUFS of float samples in [-1, 1] (mono), gated as BS.1770-4 says."""
    weighted = k_weighted(samples, rate)
    return gated_loudness(weighted * weighted, int(0.4 * rate), int(0.1 * rate))


def gated_loudness(power: np.ndarray, block: int, step: int) -> float:
    """BS.1770-4's gating of a K-weighted signal's power (per sample, or per group of samples
    with `block` and `step` counted in groups): 400 ms blocks every 100 ms, absolute gate at
    -70 LUFS, relative gate 10 LU under the mean of those."""
    if power.size < block:
        return -70.0
    energy = np.concatenate(([0.0], np.cumsum(power)))
    starts = np.arange(0, power.size - block + 1, step)
    return gate((energy[starts + block] - energy[starts]) / block)


def gate(z: np.ndarray) -> float:
    """BS.1770-4's gating of the blocks' mean powers `z`."""
    loud = z[-0.691 + 10 * np.log10(np.maximum(z, 1e-20)) > -70]
    if not loud.size:
        return -70.0
    relative = -0.691 + 10 * np.log10(loud.mean()) - 10
    gated = loud[-0.691 + 10 * np.log10(loud) > relative]
    return float(-0.691 + 10 * np.log10(gated.mean()))


def sliding_min(values: np.ndarray, width: int) -> np.ndarray:
    """out[i] = min(values[i : i + width]), in linear time (van Herk / Gil-Werman: prefix and
    suffix minima within blocks of `width`)."""
    n = values.size
    blocks = -(-(n + width) // width)
    padded = np.full(blocks * width, np.inf)
    padded[:n] = values
    grid = padded.reshape(blocks, width)
    prefix = np.minimum.accumulate(grid, axis=1).reshape(-1)
    suffix = np.minimum.accumulate(grid[:, ::-1], axis=1)[:, ::-1].reshape(-1)
    return np.minimum(suffix[:n], prefix[width - 1: width - 1 + n])


def in_groups(x: np.ndarray) -> np.ndarray:
    """x cut into rows of GROUP samples (the last padded with zeros)."""
    rows = -(-x.size // GROUP)
    padded = np.zeros(rows * GROUP)
    padded[: x.size] = x
    return padded.reshape(rows, GROUP)


class Signal(Protocol):
    """An article's samples, given again for each pass: int16 chunks of CHUNK samples (the last
    may be shorter), so that no pass holds more than a chunk, whatever the article's length."""

    @property
    def total(self) -> int: ...

    def chunks(self) -> Iterator[np.ndarray]: ...


@dataclass(frozen=True)
class InMemory:
    """A signal already in memory (tests, short texts)."""

    pcm: np.ndarray

    @property
    def total(self) -> int:
        return self.pcm.size

    def chunks(self) -> Iterator[np.ndarray]:
        for start in range(0, self.pcm.size, CHUNK):
            yield self.pcm[start:start + CHUNK]


def k_weighted_chunks(signal: Signal, rate: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Each chunk as float samples, and through both K-weighting stages: the filters' response
    applied by overlap-add, each chunk's tail (a second) carried into the next, so the result is
    the whole signal's filtered as one."""
    tail = np.zeros(rate - 1)
    for chunk in signal.chunks():
        x = chunk.astype(np.float32) / np.float32(32768)
        size = fft_size(x.size + rate - 1)
        y = np.fft.irfft(np.fft.rfft(x, size) * k_response(size, rate), size)[: x.size + rate - 1]
        y[: rate - 1] += tail
        tail = y[x.size:].copy()
        yield x, y[: x.size]


@dataclass(frozen=True)
class GroupFile:
    """Per-group values kept in a file and read back a slice at a time: neither held nor mapped
    (mapped pages count as the process's memory), so the gain search's memory stays flat."""

    path: Path
    dtype: type
    size: int

    def __getitem__(self, span: slice) -> np.ndarray:
        start, stop, _ = span.indices(self.size)
        item = np.dtype(self.dtype).itemsize
        return np.fromfile(self.path, dtype=self.dtype, count=max(0, stop - start), offset=start * item)


def group_features(signal: Signal, rate: int, folder: Path) -> tuple[GroupFile, GroupFile]:
    """Per group of GROUP samples, the K-weighted power and the peak, written to files in
    `folder`: all the gain search reads."""
    groups = -(-signal.total // GROUP)
    power, peaks = GroupFile(folder / "power", np.float64, groups), GroupFile(folder / "peaks", np.float32, groups)
    with power.path.open("wb") as power_out, peaks.path.open("wb") as peaks_out:
        for x, weighted in k_weighted_chunks(signal, rate):
            (in_groups(weighted) ** 2).sum(axis=1).astype(np.float64).tofile(power_out)
            np.abs(in_groups(x)).max(axis=1).astype(np.float32).tofile(peaks_out)
    return power, peaks


def block_loudness(parts: Iterable[np.ndarray], count: int, block: int, step: int) -> float:
    """gated_loudness of `count` per-group powers given part by part: only the running sums
    at the blocks' edges are kept."""
    if count < block:
        return -70.0
    starts = np.arange(0, count - block + 1, step)
    edges = np.concatenate((starts, starts + block))
    order = np.argsort(edges, kind="stable")
    wanted, sums = edges[order], np.empty(edges.size)
    running, at, done = 0.0, 0, 0
    for part in parts:
        prefix = running + np.concatenate(([0.0], np.cumsum(part)))
        upto = int(np.searchsorted(wanted, at + part.size, side="right"))
        sums[order[done:upto]] = prefix[wanted[done:upto] - at]
        done, running, at = upto, float(prefix[-1]), at + part.size
    return gate((sums[starts.size:] - sums[: starts.size]) / block)


def limiter_span(peaks: np.ndarray | GroupFile, a: int, b: int, rate: int, ceiling: float, gain: float) -> np.ndarray:
    """Per group in [a, b) (`peaks`: each group's largest magnitude, before `gain`), the gain that
    keeps it under `ceiling`: what each group needs, held over the release before and the
    look-ahead after it, then averaged over the look-ahead, which stays at or under what each
    peak needs. Computed from the groups around [a, b) only (a group's gain depends on the
    look-ahead and release on either side of it, and no further), so the article is never
    held whole; tests/measure.py keeps the whole-signal form it is checked against."""
    ahead = max(1, int(LOOKAHEAD_S * rate) // GROUP)
    release = max(1, int(RELEASE_S * rate) // GROUP)
    lo, hi = max(0, a - ahead + 1 - release), min(peaks.size, b + ahead - 1)
    need = np.minimum(1.0, ceiling / np.maximum(peaks[lo:hi].astype(np.float64) * gain, 1e-12))
    first_held = max(0, a - ahead + 1)            # held values are needed from here to b
    width, count = release + ahead, b - first_held
    window = np.concatenate((np.full(lo - (first_held - release), np.inf), need))
    window = np.concatenate((window, np.full(max(0, count - 1 + width - window.size), np.inf)))
    held = sliding_min(window, width)[:count]
    before_start = np.ones(first_held - (a - ahead + 1))    # as if full gain before the article
    total = np.concatenate(([0.0], np.cumsum(np.concatenate((before_start, held)))))
    return np.minimum((total[ahead: ahead + b - a] - total[: b - a]) / ahead, need[a - lo: b - lo])


def envelopes(peaks: np.ndarray | GroupFile, rate: int, ceiling: float, gain: float) -> Iterator[np.ndarray]:
    """The gain of every group, chunk by chunk (CHUNK samples' worth each)."""
    span = CHUNK // GROUP
    for a in range(0, peaks.size, span):
        yield gain * limiter_span(peaks, a, min(peaks.size, a + span), rate, ceiling, gain)


def normalised(signal: Signal, rate: int, folder: Path, target: float = TARGET_LUFS,
               ceiling_db: float = CEILING_DBFS) -> Iterator[np.ndarray]:
    """The signal's int16 chunks at `target` LUFS with sample peaks under the ceiling, holding
    one chunk at a time. Limiting lowers the loudness, so the gain is searched for, on groups of
    GROUP samples (their K-weighted power, their peak; files in `folder`), within which the
    limiter's gain is constant."""
    power, peaks = group_features(signal, rate, folder)
    span = CHUNK // GROUP
    block, step = round(0.4 * rate / GROUP), round(0.1 * rate / GROUP)
    per_sample = 10 * np.log10(1 / GROUP)
    measured = block_loudness((power[a:a + span] for a in range(0, power.size, span)),
                              power.size, block, step) + per_sample
    if measured <= -70:
        yield from signal.chunks()      # silence: nothing to normalise
        return
    ceiling = 10 ** (ceiling_db / 20)

    def loudness_at(gain_db: float) -> float:
        gain = 10 ** (gain_db / 20)
        parts = (power[a:a + span] * envelope ** 2
                 for a, envelope in zip(range(0, power.size, span), envelopes(peaks, rate, ceiling, gain),
                                        strict=True))
        return block_loudness(parts, power.size, block, step) + per_sample

    # The loudness rises smoothly and ever slower with the gain (the limiter takes more): the
    # secant method reaches the target within 0.05 LU in three or four steps.
    before, after = target - measured, target - measured + 1.0
    at_before, at_after = loudness_at(before), loudness_at(after)
    for _ in range(CORRECTIONS):
        if abs(at_after - target) < 0.05 or at_after == at_before:
            break
        before, after = after, after + (target - at_after) * (after - before) / (at_after - at_before)
        at_before, at_after = at_after, loudness_at(after)
    for chunk, envelope in zip(signal.chunks(), envelopes(peaks, rate, ceiling, 10 ** (after / 20)), strict=True):
        x = chunk.astype(np.float32) / np.float32(32768)
        limited = x * np.repeat((envelope * 32768).astype(np.float32), GROUP)[: x.size]
        yield np.clip(np.rint(limited), -32768, 32767).astype(np.int16)


def normalise(pcm: np.ndarray, rate: int, target: float = TARGET_LUFS, ceiling_db: float = CEILING_DBFS) -> np.ndarray:
    """int16 speech in memory at `target` LUFS (see normalised)."""
    if not pcm.size:
        return pcm
    with tempfile.TemporaryDirectory(prefix="reader-loudness-") as folder:
        return np.concatenate(list(normalised(InMemory(pcm), rate, Path(folder), target, ceiling_db)))
