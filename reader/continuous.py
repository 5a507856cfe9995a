"""One continuous audio per language: the passages back to back, a pause between them.

Each passage's PCM is kept losslessly (FLAC, under audio/pcm/, never served), so the
article is encoded to MP3 once from the original samples rather than from decoded MP3s.
Offsets are counted in samples, so a passage starts exactly where the page's clock says.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio import audio_key, encode_mp3
from .files import atomic_write, sha256


@dataclass(frozen=True)
class Piece:
    """A built passage as the article needs it: its key and its length in samples."""

    key: str
    samples: int
    sample_rate: int


@dataclass(frozen=True)
class ArticleAudio:
    name: str                  # audio/<name>, the file the page plays
    offsets_ms: list[int]      # where each passage starts in it
    duration_ms: int
    pause_ms: int
    sha256: str                # of the file, recorded in the timing map to know it whole


def pcm_path(audio_dir: Path, key: str) -> Path:
    return audio_dir / "pcm" / f"{key}.flac"


def save_pcm(audio_dir: Path, key: str, pcm: np.ndarray, rate: int) -> str:
    """Returns the SHA-256 of the file written."""
    import soundfile

    buffer = io.BytesIO()
    soundfile.write(buffer, pcm, rate, format="FLAC")
    return atomic_write(pcm_path(audio_dir, key), buffer.getvalue())


def load_pcm(audio_dir: Path, key: str) -> np.ndarray:
    import soundfile

    pcm, _ = soundfile.read(str(pcm_path(audio_dir, key)), dtype="int16")
    return pcm


def layout(pieces: list[Piece], pause_ms: int) -> tuple[list[int], int]:
    """Start of each passage and the total length, in samples (pause after all but the last)."""
    rate = pieces[0].sample_rate
    pause = pause_ms * rate // 1000
    starts, cursor = [], 0
    for piece in pieces:
        starts.append(cursor)
        cursor += piece.samples + pause
    return starts, cursor - pause


def build_article(audio_dir: Path, pieces: list[Piece], pause_ms: int, known: dict[str, str]) -> ArticleAudio:
    """Encode the article's MP3 unless a file for exactly these passages and pause exists
    and is whole: its SHA-256 is the one `known` (from the timing map) records for it."""
    rate = pieces[0].sample_rate
    starts, total = layout(pieces, pause_ms)
    name = audio_key(article=[p.key for p in pieces], pause_ms=pause_ms) + ".mp3"
    digest = sha256(audio_dir / name)
    if digest is None or digest != known.get(name):
        pcm = np.zeros(total, dtype=np.int16)
        for piece, start in zip(pieces, starts):
            samples = load_pcm(audio_dir, piece.key)
            pcm[start:start + samples.size] = samples
        digest = atomic_write(audio_dir / name, encode_mp3(pcm, rate))
    return ArticleAudio(name, [s * 1000 // rate for s in starts], total * 1000 // rate, pause_ms, digest)
