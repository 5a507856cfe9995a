"""MP3 in and out, through libsndfile (the soundfile wheel).

Encoding is VBR: libsndfile writes a Xing/LAME header that tells decoders the encoder delay,
so browsers play sample 0 at time 0 and our timings hold. (lameenc writes no such header: its
files play 1105 samples, 50 ms, late.) Decoding honours that header too: the build encodes the
article, the gTTS engine decodes what Google sends.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .interrupts import interrupts_after

if TYPE_CHECKING:           # numpy's import (50 ms) is not needed by the audio key, which reads MP3
    import numpy as np

# VBR quality 0.98 gives 24-30 kbps for espeak-ng's 22.05 kHz mono speech (target: <= 32).
MP3 = {"format": "MP3", "subtype": "MPEG_LAYER_III", "bitrate_mode": "VARIABLE", "compression_level": 0.98}


def encode_mp3_file(path: Path, chunks: Iterable[np.ndarray], sample_rate: int) -> None:
    """Encode int16 chunks into an MP3 file as they come: the whole article is never in memory.
    (A file, not a buffer: libsndfile writes it itself, with no call back into Python.)"""
    import soundfile

    with soundfile.SoundFile(str(path), "w", sample_rate, 1, **MP3) as out:
        for chunk in chunks:
            out.write(chunk)


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """Decode an MP3 (or any libsndfile format) as a decoder honouring the LAME tag does."""
    import soundfile

    with interrupts_after():
        pcm, rate = soundfile.read(io.BytesIO(data), dtype="int16")
    return pcm, rate


def untagged(data: bytes) -> bytes:
    """The MP3 without its ID3v2 tags (title, chapters, cover): the same audio, which says
    nothing of what it is. For a download in discreet mode."""
    while len(data) >= 10 and data[:3] == b"ID3":
        size = (data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | data[9] & 0x7F
        data = data[10 + size + (10 if data[5] & 0x10 else 0):]
    return data
