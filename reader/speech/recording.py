"""A narrator's recording read into what the build mixes: 16-bit mono at 22 050 Hz (what
espeak-ng speaks at, so narrated and spoken passages mix alike), read a block at a time so
that an hour's FLAC never sits in memory as floats. What libsndfile reads: WAV, FLAC, Ogg
(Vorbis, Opus), MP3, AIFF. Not M4A/AAC, which a phone often records: one line says how to
convert it."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ReaderError
from ..library import NARRATION_SUFFIXES

RATE = 22_050
MAX_BYTES = 2 * 1024 ** 3          # 2 GiB: a 3-hour WAV at 48 kHz stereo is 2.1 GB
MAX_SECONDS = 3 * 3600
MIN_SECONDS = 1.0
BLOCK_S = 30
TAPS = 64                          # the anti-aliasing filter's length, for rates above 22 050


def convert_hint(path: Path) -> str:
    return (f"convert it to FLAC first: ffmpeg -i '{path.name}' '{path.stem}.flac'"
            if path.suffix.lower() not in NARRATION_SUFFIXES else "is it an audio file?")


def lowpass(rate: int) -> np.ndarray | None:
    """A windowed-sinc filter passing what 22 050 Hz can hold (none needed at or below it)."""
    if rate <= RATE:
        return None
    cutoff = 0.45 * RATE / rate
    n = np.arange(TAPS) - (TAPS - 1) / 2
    taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(TAPS)
    return (taps / taps.sum()).astype(np.float32)


def read_recording(path: Path) -> np.ndarray:
    """The recording as 16-bit mono at RATE; one line naming the file if it is not one."""
    import soundfile as sf

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReaderError(f"{path}: {size / 1024 ** 3:.1f} GB; a narration is at most 2 GB (3 hours)")
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else convert_hint(path)
        raise ReaderError(f"{path}: not a recording the reader can read ({reason})") from None
    if info.frames < MIN_SECONDS * info.samplerate:
        raise ReaderError(f"{path}: {info.frames / max(info.samplerate, 1):.1f} s long; is it the whole article?")
    if info.frames > MAX_SECONDS * info.samplerate:
        raise ReaderError(f"{path}: {info.frames / info.samplerate / 3600:.1f} hours; a narration is at most 3 hours")
    return resampled_blocks(path, info.samplerate)


def resampled_blocks(path: Path, rate: int) -> np.ndarray:
    import soundfile as sf

    taps, parts, history = lowpass(rate), [], np.zeros(0, dtype=np.float32)
    consumed = produced = 0                      # input samples read; output samples made
    try:
        for block in sf.blocks(str(path), blocksize=rate * BLOCK_S, dtype="float32", always_2d=True):
            mono = block.mean(axis=1)
            if taps is not None:                  # filtered with the block before's tail
                joined = np.concatenate([history, mono])
                filtered = np.convolve(joined, taps, mode="full")[history.size: history.size + mono.size]
                history = joined[-(TAPS - 1):]
            else:
                filtered = mono
            end = (consumed + mono.size) * RATE // rate
            wanted = np.arange(produced, end) * rate / RATE - consumed
            parts.append(np.interp(wanted, np.arange(mono.size), filtered))
            consumed += mono.size
            produced = end
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise ReaderError(f"{path}: could not be read to its end ({exc})") from None
    pcm = np.concatenate(parts) if parts else np.zeros(0)
    shift = (TAPS - 1) // 2 * RATE // rate if taps is not None else 0    # the filter's delay
    pcm = np.concatenate([pcm[shift:], np.zeros(shift)])
    return np.clip(pcm * 32768, -32768, 32767).astype(np.int16)
