"""Peak memory of mixing one article (loudness, limiter, MP3) against its length: the passages
are synthetic speech-like sound (noise bursts shaped like syllables), stored as the build
stores them, then one fresh process mixes them and reports its own peak RSS.
tests/test_loudness.py asserts on it; benchmarks/build.py prints its figures.

    python tests/mix_harness.py [MINUTES ...]     (default: 10 60)
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RATE = 22050
PASSAGE_S = 30


def passages(folder: Path, minutes: int) -> list[tuple[str, int]]:
    from reader.build.article_audio import save_pcm

    rng = np.random.default_rng(minutes)
    made = []
    for n in range(minutes * 60 // PASSAGE_S):
        syllables = rng.uniform(0.1, 0.3, PASSAGE_S * 5)
        parts = [np.sin(np.linspace(0, np.pi, int(s * RATE))) * rng.standard_normal(int(s * RATE)) * 6000
                 for s in syllables]
        pcm = np.concatenate(parts)[: PASSAGE_S * RATE].astype(np.int16)
        key = f"bench{n:05d}"
        save_pcm(folder, key, pcm, RATE)
        made.append((key, pcm.size))
    return made


def plain_tags(passages: int):
    """Tags as a build gives them, for an article of `passages` generated passages."""
    from reader.build.tags import ArticleTags, CoverArt

    return ArticleTags("Generated", "Reader", "Reader", "en", "", "", "espeak-ng", CoverArt("Generated", "Reader"),
                       tuple((f"p{n}", f"Passage {n}") for n in range(1, passages + 1)))


def mix(folder: str, pieces: str) -> None:
    """In a fresh process: mix, then print seconds and peak RSS (MiB)."""
    from reader.build.article_audio import Piece, build_article

    listed = [Piece(key, int(size), RATE) for key, size in (p.split(":") for p in pieces.split(","))]
    started = time.perf_counter()
    build_article(Path(folder), listed, 700, None, plain_tags(len(listed)))
    print(f"{time.perf_counter() - started:.1f} {peak_mib()}")


def peak_mib() -> int:
    """This process's peak resident memory. Not ru_maxrss: Linux carries it over from the
    parent through fork and exec, so a child of a large process would report the parent's."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) // 1024


def measure(minutes: int) -> tuple[float, int, int]:
    """(seconds, peak MiB of the mixing process, passages) for an article of `minutes`."""
    with tempfile.TemporaryDirectory(prefix="reader-mix-bench-") as folder:
        made = passages(Path(folder), minutes)
        listed = ",".join(f"{key}:{size}" for key, size in made)
        out = subprocess.run([sys.executable, __file__, "--mix", folder, listed], capture_output=True,
                             text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), len(made)


def figures(minutes_list: list[int]) -> list[tuple[str, str, str]]:
    rows = []
    for minutes in minutes_list:
        seconds, peak, count = measure(minutes)
        rows.append((f"mixing an article of {minutes} min ({count} passages): time, peak memory",
                     f"{seconds:.1f} s, {peak} MiB (the whole process)", "flat with length"))
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--mix"]:
        mix(sys.argv[2], sys.argv[3])
    else:
        for name, value, target in figures([int(m) for m in sys.argv[1:]] or [10, 60]):
            print(f"{name}: {value}  (target: {target})")
