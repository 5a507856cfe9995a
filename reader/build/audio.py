"""Built audio: MP3 encoding and the content hash that names each file.

MP3 from libsndfile (the soundfile wheel) in VBR mode: it writes a Xing/LAME header that
tells decoders the encoder delay, so browsers play sample 0 at time 0 and our timings hold.
(lameenc writes no such header: its files play 1105 samples, 50 ms, late.)
"""
from __future__ import annotations

import hashlib
import io
import json

import numpy as np

# VBR quality 0.98 gives 24-30 kbps per passage for espeak-ng's 22.05 kHz mono speech (target: <= 32).
MP3 = {"format": "MP3", "subtype": "MPEG_LAYER_III", "bitrate_mode": "VARIABLE", "compression_level": 0.98}
KEY_VERSION = 3  # bump when the way audio or timings are made changes (3: espeak-ng state reset per sentence)


def audio_key(**inputs) -> str:
    """A stable hash of everything the audio depends on: text, language, engine, voice,
    settings, segmentation. Same inputs, same name: a rebuild skips it."""
    blob = json.dumps({"v": KEY_VERSION, "mp3": MP3, **inputs}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def encode_mp3(pcm: np.ndarray, sample_rate: int) -> bytes:
    import soundfile

    buffer = io.BytesIO()
    soundfile.write(buffer, pcm, sample_rate, **MP3)
    return buffer.getvalue()


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """Decode an MP3 (or any libsndfile format) as a decoder honouring the LAME tag does."""
    import soundfile

    pcm, rate = soundfile.read(io.BytesIO(data), dtype="int16")
    return pcm, rate


def misplacement(decoded: np.ndarray, pcm: np.ndarray, expected: int, search: int) -> int:
    """How many samples from `expected` the start of `pcm` really lies in `decoded` (found by
    cross-correlation within ±`search`): the timing error a listener would meet there."""
    low = max(expected - search, 0)
    window = decoded[low: expected + search + pcm.size].astype(float)
    return low + int(np.argmax(np.correlate(window, pcm.astype(float), "valid"))) - expected
