"""A narrator's recording of a whole article in one language, aligned word by word.

The way aeneas aligns, made to survive a real recording and an hour of it. Each sentence is
rendered by espeak-ng, whose word starts are known; the sentence is then looked for in the
recording, in order, inside a window that starts where the previous sentence ended: a DTW
over MFCC frames with a free start and end in the window (subsequence DTW), so a breath, a
cough, a false start, a sentence read twice or a phrase not in the text before it is passed
over. Memory and time grow with the length of a sentence and its window, never with the
recording's. Within the sentence found, each word's start is carried along the path; a word
whose frames match poorly, or that the path passed over (skipped), is marked unsure (None)
rather than guessed, and a sentence not found at all is missing.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ReaderError
from .align import HOP_S, cepstra_of, mel_power, resample
from .base import AlignedSentence

RATE = 16_000                     # both recordings are compared at this rate
HOP = int(RATE * HOP_S)           # samples a frame (10 ms)
CHUNK_FRAMES = 6_000              # a long recording's features are computed a minute at a time
NOISE_PERCENTILE = 10             # a band's steady noise: its level in the quietest tenth of frames
FLOOR_DB = 30.0                   # quieter than this below the loud frames counts as silence
SLACK_S = 12.0                    # room after the expected end: pauses, a cough, a restart, a repeat
BACK_S = 0.3                      # room before it: the previous sentence may have ended early
DELTA_WEIGHT = 0.5                # deltas at full weight let room noise move a Russian word 250 ms
MAX_STRETCH = 2.5                 # a narrator at most this much slower than espeak-ng
SKIP_PENALTY = 0.5                # per reference frame the path passes over without listening
# A sentence is found when its path costs at most this much of what any frame pair costs on
# average in its window (0.2-0.4 for the same words in another voice, 0.55-0.7 through a phone
# or for other words); a word is trusted when its own frames cost little more than the
# sentence's (a real voice's sentences cost more than espeak-ng's, and its words with them).
MAX_SENTENCE_COST = 0.75
MAX_REVERSED_RATIO = 0.9          # and costs clearly less than the sentence played backwards would
MAX_WORD_RATIO = 1.6              # a word costing over 1.6 times its sentence's mean is unsure
MIN_SURE_WORDS = 0.5              # and when at least half its words are, each where it should be
MIN_WORD_SHARE = 0.4              # a word heard in under 40 % of its share of the sentence was skipped


@dataclass(frozen=True)
class Reference:
    """One sentence as espeak-ng says it: its samples and the sample each word starts at."""

    pcm: np.ndarray
    sample_rate: int
    word_starts: tuple[int | None, ...]


def features(pcm: np.ndarray, rate: int) -> np.ndarray:
    """MFCC frames of a recording of any length, computed a minute at a time, after the
    recording's steady noise is taken out of each band (a room's hum, a phone's hiss) and
    everything more than FLOOR_DB below its loud frames is made equally quiet, as it is in the
    reference: silence then compares with silence, whatever the room. Each coefficient with how
    it moves (its deltas) beside it. Not yet mean-normalised."""
    per_chunk = CHUNK_FRAMES * HOP_S               # seconds of frames a chunk gives
    window = int(rate * 0.025)
    count = 1 + max(0, (pcm.size - window) // int(rate * HOP_S)) if pcm.size else 0
    parts = []
    for first in range(0, count, CHUNK_FRAMES):
        begin = int(round(first * HOP_S * rate))
        piece = pcm[begin: begin + int(round(per_chunk * rate)) + window]
        frames = min(CHUNK_FRAMES, count - first)
        parts.append(mel_power(resample(piece, rate, RATE), RATE)[:frames])
    if not parts:
        return np.zeros((0, 26))
    mel = np.concatenate(parts)
    noise = np.percentile(mel, NOISE_PERCENTILE, axis=0)
    clean = np.maximum(mel - noise, mel * 0.01)
    floor = np.percentile(clean.sum(axis=1), 95) * 10 ** (-FLOOR_DB / 10) / clean.shape[1]
    cepstra = cepstra_of(clean + max(floor, 1e-10))
    return np.hstack([cepstra, DELTA_WEIGHT * deltas(cepstra)])


def deltas(cepstra: np.ndarray) -> np.ndarray:
    """How each coefficient moves over ±2 frames: where a sound changes is what a word start is,
    and it differs less between voices than the spectrum itself (at half weight, a real voice's
    words were placed with p95 109 ms instead of 118 ms, espeak-ng's unchanged;
    benchmarks/narration.py)."""
    padded = np.pad(cepstra, ((2, 2), (0, 0)), mode="edge")
    return (padded[3:-1] - padded[1:-3] + 2 * (padded[4:] - padded[:-4])) / 10


def subsequence(ref: np.ndarray, rec: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """The cheapest monotonic path taking every frame of `ref` to a stretch of `rec` (free
    start and end in it): per ref frame the first rec frame it reaches and that pair's cost,
    and the path's mean cost; costs are relative to the mean cost of any frame pair.
    Moves: both advance; the recording advances (a pause, a slower narrator); the reference
    advances alone (a faster narrator, a skipped word), at a penalty."""
    squared = (ref ** 2).sum(1)[:, None] + (rec ** 2).sum(1)[None, :] - 2 * ref @ rec.T   # no m × n × 26 array
    cost = np.sqrt(np.maximum(squared, 0))
    scale = max(float(cost.mean()), 1e-9)
    cost = cost / scale
    m, n = cost.shape
    total = np.empty((m, n))
    total[0] = cost[0]
    for i in range(1, m):
        came = np.minimum(np.concatenate(([np.inf], total[i - 1][:-1])), total[i - 1] + SKIP_PENALTY)
        run = np.cumsum(cost[i])
        total[i] = run + np.minimum.accumulate(came - np.concatenate(([0.0], run[:-1])))
    j = int(np.argmin(total[-1]))
    first = np.zeros(m, dtype=int)
    i = m - 1
    first[i] = j
    while i > 0:
        options = [(total[i - 1, j] + SKIP_PENALTY, i - 1, j)]
        if j > 0:
            options += [(total[i, j - 1], i, j - 1), (total[i - 1, j - 1], i - 1, j - 1)]
        _, i, j = min(options)
        first[i] = j                                # the last visit of a row is its first frame
    along = cost[np.arange(m), first]
    return first, along, float(along.mean())


def align_sentence(reference: Reference, ref: np.ndarray, rec: np.ndarray, offset: int,
                   rate: int) -> AlignedSentence:
    """One sentence looked for in `rec` (frames from `offset` on)."""
    first, along, mean_cost = subsequence(ref, rec)
    missing = AlignedSentence(None, None, tuple(None for _ in reference.word_starts), mean_cost)
    if mean_cost > MAX_SENTENCE_COST or mean_cost > MAX_REVERSED_RATIO * subsequence(ref[::-1], rec)[2]:
        return missing
    to_samples = lambda frame: (offset + int(frame)) * HOP * rate // RATE  # noqa: E731
    bounds = [None if s is None else min(s * RATE // reference.sample_rate // HOP, len(ref) - 1)
              for s in reference.word_starts]
    edges = np.append(first, first[-1] + 1)         # where each ref frame's stretch begins, and the end
    tempo = (edges[-1] - edges[0]) / len(ref)       # recording frames a reference frame, on the whole
    starts: list[int | None] = []
    for k, begin in enumerate(bounds):
        end = next((b for b in bounds[k + 1:] if b is not None), len(ref))
        if begin is None or end <= begin:
            starts.append(None)
            continue
        heard = edges[end] - edges[begin]
        sure = along[begin:end].mean() <= MAX_WORD_RATIO * mean_cost and heard >= MIN_WORD_SHARE * tempo * (end - begin)
        starts.append(to_samples(first[begin]) if sure else None)
    if sum(start is not None for start in starts) < MIN_SURE_WORDS * len(starts):
        return missing                              # matched here and there: not this sentence
    return AlignedSentence(to_samples(first[0]), to_samples(first[-1] + 1), tuple(starts), mean_cost)


def align(references: Sequence[Reference], recording: np.ndarray, rate: int,
          on_sentence=lambda: None) -> list[AlignedSentence]:
    """Every sentence of a language, in order, found in the recording (at `rate`)."""
    rec = features(recording, rate)
    refs = [features(r.pcm, r.sample_rate) for r in references]
    mean = rec.mean(axis=0) if len(rec) else 0
    ref_mean = np.concatenate(refs).mean(axis=0) if refs else 0
    rec = rec - mean
    found: list[AlignedSentence] = []
    at = 0                                                  # where the next sentence may start
    for reference, ref in zip(references, refs, strict=True):
        ref = ref - ref_mean
        begin = max(0, at - int(BACK_S / HOP_S))
        end = min(len(rec), at + int(MAX_STRETCH * len(ref) + SLACK_S / HOP_S))
        if end - begin < len(ref) // 3:
            found.append(AlignedSentence(None, None, tuple(None for _ in reference.word_starts), float("inf")))
            on_sentence()
            continue
        sentence = align_sentence(reference, ref, rec[begin:end], begin, rate)
        if sentence.end is not None:
            at = sentence.end * RATE // rate // HOP
        found.append(sentence)
        on_sentence()
    return found


ALIGNER_VERSION = "2"             # in every narrated passage's audio key: a new aligner re-cuts
LEAD_S = 0.12                     # a sentence's audio starts this long before its first word
TAIL_S = 0.3                      # and a passage's last sentence ends this long after it


class NarrationEngine:
    """The engine table's entry for a narration: the build cuts a narration's passages from
    its alignment (build/narrate.py), so nothing asks this engine to speak."""

    name = "narration"
    version = ALIGNER_VERSION

    def voice(self, lang: str) -> str:
        return "a narrator's recording"

    def speak(self, text, words, lang, spoken=None):
        raise ReaderError("a narration is cut from its recording by the build, not spoken")


def cut_sentences(recording: np.ndarray, rate: int, sentences: Sequence[AlignedSentence],
                  next_start: int | None) -> list[tuple[np.ndarray, tuple[int | None, ...]]]:
    """One passage's sentences (all found) cut from the recording, back to back: each from just
    before its first word to just before the next one's, the last to a little after its end
    (never into the next passage); its word starts relative to its own cut."""
    lead, tail = int(LEAD_S * rate), int(TAIL_S * rate)
    starts = [max(0, (s.start or 0) - lead) for s in sentences]
    last = (sentences[-1].end or recording.size) + tail
    ends = [*starts[1:], min(last, next_start - lead if next_start is not None else last, recording.size)]
    pieces = []
    for sentence, begin, end in zip(sentences, starts, ends, strict=True):
        begin = min(begin, end - 1)
        relative = tuple(None if w is None else min(max(w - begin, 0), end - begin - 1) for w in sentence.word_starts)
        pieces.append((recording[begin:end], relative))
    return pieces
