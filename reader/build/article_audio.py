"""One continuous audio per language: the passages back to back, a pause between them.

Each passage's PCM is kept losslessly (FLAC, under audio/pcm/, never served), so the
article is encoded to MP3 once from the original samples rather than from decoded MP3s.
Offsets are counted in samples, so a passage starts exactly where the page's clock says. The
whole article is brought to the spoken-word loudness norm with one gain (loudness.py).
"""
from __future__ import annotations

import hashlib
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ReaderError
from ..files import atomic_write, sha256
from ..interrupts import interrupts_after
from ..mp3 import encode_mp3_file
from ..speech.align import resample
from ..timing_map import TimingMap
from . import loudness
from .audio import audio_key, pcm_path
from .loudness import CEILING_DBFS, TARGET_LUFS, normalised
from .tags import ArticleTags, Chapter, write_tags


@dataclass(frozen=True)
class Piece:
    """A built passage as the article needs it: its key and its length in samples."""

    key: str
    samples: int
    sample_rate: int


@dataclass(frozen=True)
class ArticleAudio:
    name: str                  # audio/<name>, the file the page plays: named by its bytes' SHA-256
    key: str                   # what it was made from (passages, pause): a rebuild reuses it if unchanged
    offsets_ms: list[int]      # where each passage starts in it
    duration_ms: int
    pause_ms: int
    sha256: str                # of the file, recorded in the timing map to know it whole


def save_pcm(audio_dir: Path, key: str, pcm: np.ndarray, rate: int) -> str:
    """Returns the SHA-256 of the file written."""
    import soundfile

    buffer = io.BytesIO()
    with interrupts_after():   # libsndfile calls back into Python to write the buffer
        soundfile.write(buffer, pcm, rate, format="FLAC")
    return atomic_write(pcm_path(audio_dir, key), buffer.getvalue())


def load_pcm(audio_dir: Path, key: str) -> np.ndarray:
    import soundfile

    pcm, _ = soundfile.read(str(pcm_path(audio_dir, key)), dtype="int16")
    return pcm


def without_offset(samples: np.ndarray) -> np.ndarray:
    """The passage without its DC offset. An offset is silent, but it counts in the peaks the
    limiter holds down while the loudness meter ignores it, so a voice with one would come
    out quiet; the MP3 encoder drops it anyway."""
    offset = int(round(float(samples.mean()))) if samples.size else 0
    return samples if offset == 0 else np.clip(samples.astype(np.int32) - offset, -32768, 32767).astype(np.int16)


def samples_at(piece: Piece, rate: int) -> int:
    """The piece's length once at the article's rate (a passage spoken by another engine, such
    as an untranslated English one in a Kazakh article, may come at another rate)."""
    return piece.samples if piece.sample_rate == rate else round(piece.samples * rate / piece.sample_rate)


def layout(pieces: list[Piece], pause_ms: int) -> tuple[list[int], int]:
    """Start of each passage and the total length, in samples of the first piece's rate
    (pause after all but the last)."""
    rate = pieces[0].sample_rate
    pause = pause_ms * rate // 1000
    starts, cursor = [], 0
    for piece in pieces:
        starts.append(cursor)
        cursor += samples_at(piece, rate) + pause
    return starts, cursor - pause


def chapters(tags: ArticleTags, pieces: list[Piece], starts: list[int], rate: int) -> list[Chapter]:
    """A chapter per passage, from its first sample to its last (the pause after it is not its)."""
    return [Chapter(pid, title, start * 1000 // rate, (start + samples_at(piece, rate)) * 1000 // rate)
            for (pid, title), piece, start in zip(tags.passages, pieces, starts, strict=True)]


def build_article(audio_dir: Path, pieces: list[Piece], pause_ms: int, current: TimingMap | None,
                  tags: ArticleTags) -> ArticleAudio:
    """Encode the article's MP3 unless the one the current map plays was made from exactly
    these passages, pause and tags, and is whole (in this process: what a build does per
    article, split in two where the encoding runs on a worker)."""
    mix = ArticleMix.of(FolderPcm(audio_dir), pieces, pause_ms, tags)
    return reused(audio_dir, mix, current) or saved(audio_dir, mix, encode_article(mix))


@dataclass(frozen=True)
class FolderPcm:
    """Passages' samples read from audio/pcm/, where the build that runs the job keeps them."""

    audio_dir: Path

    def load(self, key: str) -> np.ndarray:
        return load_pcm(self.audio_dir, key)


@dataclass(frozen=True)
class ShippedPcm:
    """Passages' samples carried with the job, as their FLAC files' bytes: a worker elsewhere
    has no audio/ folder."""

    flac: dict[str, bytes]

    @classmethod
    def read(cls, audio_dir: Path, keys: list[str]) -> ShippedPcm:
        return cls({key: pcm_path(audio_dir, key).read_bytes() for key in dict.fromkeys(keys)})

    def load(self, key: str) -> np.ndarray:
        import soundfile

        pcm, _ = soundfile.read(io.BytesIO(self.flac[key]), dtype="int16")
        return pcm


@dataclass(frozen=True)
class ArticleMix:
    """One article's audio to encode: everything the encoding needs, and no path of the project."""

    pcm: FolderPcm | ShippedPcm
    pieces: tuple[Piece, ...]
    pause_ms: int
    starts: tuple[int, ...]
    total: int
    key: str                   # what it is made from (passages, pause, loudness, tags)
    tags: ArticleTags

    @classmethod
    def of(cls, pcm: FolderPcm | ShippedPcm, pieces: list[Piece], pause_ms: int, tags: ArticleTags) -> ArticleMix:
        starts, total = layout(pieces, pause_ms)
        key = audio_key(article=[p.key for p in pieces], pause_ms=pause_ms,
                        loudness=[TARGET_LUFS, CEILING_DBFS, "no offset"], tags=tags.fingerprint())
        return cls(pcm, tuple(pieces), pause_ms, tuple(starts), total, key, tags)

    @property
    def rate(self) -> int:
        return self.pieces[0].sample_rate

    def audio(self, name: str, digest: str) -> ArticleAudio:
        return ArticleAudio(name, self.key, [s * 1000 // self.rate for s in self.starts],
                            self.total * 1000 // self.rate, self.pause_ms, digest)


def reused(audio_dir: Path, mix: ArticleMix, current: TimingMap | None) -> ArticleAudio | None:
    """The MP3 the current map plays, if it was made from exactly this mix and is whole."""
    if current and current.audio_key == mix.key and sha256(audio_dir / current.audio) == current.audio_sha256:
        return mix.audio(current.audio, current.audio_sha256)
    return None


def encode_article(mix: ArticleMix) -> bytes:
    """The article's MP3, loudness set and tagged: the job a build worker runs per article."""
    signal = ArticleSignal(mix.pcm, mix.pieces, mix.starts, mix.total, mix.rate)
    with tempfile.TemporaryDirectory(prefix="reader-mix-") as work:
        mp3 = Path(work) / "article.mp3"
        encode_mp3_file(mp3, normalised(signal, mix.rate, Path(work)), mix.rate)
        write_tags(mp3, mix.tags, chapters(mix.tags, list(mix.pieces), list(mix.starts), mix.rate))
        return mp3.read_bytes()


MAX_MP3_BYTES_A_SECOND = 16_000   # VBR speech is 3-4 KB a second; 128 kbps would be 16 KB
MAX_TAG_BYTES = 4 * 1024 * 1024    # title, chapters, the cover at 600 pixels


def checked_mp3(mix: ArticleMix, mp3: object) -> bytes:
    """What a worker sent back for an article: an MP3 (with the ID3 tag the build writes) no
    larger than its length allows; anything else is one line, and nothing is written."""
    seconds = mix.total / mix.rate
    if not isinstance(mp3, bytes) or not mp3.startswith(b"ID3") or len(mp3) < 1024:
        raise ReaderError(f"a worker sent back no MP3 for “{mix.tags.title}” ({mix.tags.lang}); nothing of it was "
                          "written")
    if len(mp3) > MAX_TAG_BYTES + seconds * MAX_MP3_BYTES_A_SECOND:
        raise ReaderError(f"a worker sent back {len(mp3):,} bytes for {seconds:.0f} s of “{mix.tags.title}” "
                          f"({mix.tags.lang}); nothing of it was written")
    return mp3


def saved(audio_dir: Path, mix: ArticleMix, mp3: bytes) -> ArticleAudio:
    """The MP3 written under its own SHA-256 (its tags included), so a name never stands for
    two contents: it is served as immutable, and a browser, a CDN or another replica can
    never pair cached audio with other timings."""
    name = content_name(hashlib.sha256(mp3).hexdigest())
    return mix.audio(name, atomic_write(audio_dir / name, mp3))


@dataclass(frozen=True)
class ArticleSignal:
    """The article's samples, passage after passage with the pauses between, read from the
    passages' files chunk by chunk for each pass: mixing holds a chunk and one passage, never
    the article, whatever its length (docs/figures.md has what mixing holds)."""

    pcm: FolderPcm | ShippedPcm
    pieces: tuple[Piece, ...]
    starts: tuple[int, ...]
    total: int
    rate: int

    def parts(self) -> Iterator[np.ndarray]:
        cursor = 0
        for piece, start in zip(self.pieces, self.starts, strict=True):
            if start > cursor:
                yield np.zeros(start - cursor, dtype=np.int16)
            samples = resample(self.pcm.load(piece.key), piece.sample_rate, self.rate)
            samples = without_offset(samples[: samples_at(piece, self.rate)])
            yield samples
            cursor = start + samples.size
        if self.total > cursor:
            yield np.zeros(self.total - cursor, dtype=np.int16)

    def chunks(self) -> Iterator[np.ndarray]:
        return rechunk(self.parts(), loudness.CHUNK)


def rechunk(parts: Iterator[np.ndarray], size: int) -> Iterator[np.ndarray]:
    """The parts' samples in chunks of `size` (the last shorter)."""
    pending: list[np.ndarray] = []
    held = 0
    for part in parts:
        while part.size:
            take = part[: size - held]
            pending.append(take)
            held += take.size
            part = part[take.size:]
            if held == size:
                yield np.concatenate(pending)
                pending, held = [], 0
    if held:
        yield np.concatenate(pending)


def content_name(sha256_hex: str) -> str:
    """An article MP3's file name: the start of its SHA-256."""
    return f"{sha256_hex[:20]}.mp3"
