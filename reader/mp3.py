"""MP3 in and out, through libsndfile (the soundfile wheel).

Encoding is VBR: libsndfile writes a Xing/LAME header that tells decoders the encoder delay,
so browsers play sample 0 at time 0 and our timings hold. (lameenc writes no such header: its
files play 1105 samples, 50 ms, late.) Decoding honours that header too: the build encodes the
article, the gTTS engine decodes what Google sends.
"""
from __future__ import annotations

import io

import numpy as np

from .interrupts import interrupts_after

# VBR quality 0.98 gives 24-30 kbps for espeak-ng's 22.05 kHz mono speech (target: <= 32).
MP3 = {"format": "MP3", "subtype": "MPEG_LAYER_III", "bitrate_mode": "VARIABLE", "compression_level": 0.98}


def encode_mp3(pcm: np.ndarray, sample_rate: int) -> bytes:
    import soundfile

    buffer = io.BytesIO()
    with interrupts_after():   # libsndfile calls back into Python to write the buffer
        soundfile.write(buffer, pcm, sample_rate, **MP3)
    return buffer.getvalue()


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """Decode an MP3 (or any libsndfile format) as a decoder honouring the LAME tag does."""
    import soundfile

    with interrupts_after():
        pcm, rate = soundfile.read(io.BytesIO(data), dtype="int16")
    return pcm, rate
