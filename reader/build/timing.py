"""Sentence utterances → one passage's PCM and the times of its sentences and words.

The timing map is the one intermediate format the pages and exports read:
hierarchical ids (p3.s2.w5), character spans of the displayed text, integer milliseconds.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..errors import ReaderError
from ..segment import Sentence, Span
from ..speech.base import Utterance

FORMAT = "reader-timings/2"
SILENCE = 300          # |sample| below this (about -40 dBFS) counts as silence
PAUSE_MIN_MS = 120     # a gap this long after a word is a pause, not part of the word


@dataclass(frozen=True)
class WordTiming:
    id: str
    span: Span
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class SentenceTiming:
    id: str
    span: Span
    start_ms: int
    end_ms: int
    words: tuple[WordTiming, ...]
    estimated: bool = False   # word times spread by characters: the page highlights the sentence


@dataclass(frozen=True)
class PassageTiming:
    """A passage as the reader shows and plays it: its text and language, where it starts in
    the article's audio (offset_ms), its own audio file, and its sentences' times."""

    id: str
    kind: str
    lang: str
    status: str
    text: str
    engine: str
    audio: str
    offset_ms: int
    duration_ms: int
    sentences: tuple[SentenceTiming, ...]


def ms(samples: int, rate: int) -> int:
    return samples * 1000 // rate


def sound_end(pcm: np.ndarray, start: int, end: int) -> int:
    """One past the last non-silent sample in pcm[start:end] (start if all silent)."""
    loud = np.flatnonzero(np.abs(pcm[start:end].astype(np.int32)) > SILENCE)
    return start + int(loud[-1]) + 1 if loud.size else start


def fill_missing_starts(starts: Sequence[int | None], spans: Sequence[Span], end: int) -> list[int]:
    """An engine may drop a word's mark (espeak-ng does after "Ms."): place that word
    between its known neighbours in proportion to character offsets."""
    known = [(spans[i][0], s) for i, s in enumerate(starts) if s is not None]
    if not known or known[0][0] != spans[0][0]:
        known.insert(0, (spans[0][0], 0))
    known.append((spans[-1][1], end))
    chars, samples = zip(*known, strict=True)
    filled = np.interp([span[0] for span in spans], chars, samples)
    result = [s if s is not None else int(f) for s, f in zip(starts, filled, strict=True)]
    monotonic = [int(s) for s in np.maximum.accumulate(result)]  # never before the previous word
    return spread_ties(monotonic, spans, end)


def spread_ties(starts: list[int], spans: Sequence[Span], end: int) -> list[int]:
    """espeak-ng gives an unstressed word and the next one the same position ("the words"):
    share their stretch of audio in proportion to their lengths in characters."""
    result = list(starts)
    i = 0
    while i < len(starts):
        j = i
        while j + 1 < len(starts) and starts[j + 1] == starts[i]:
            j += 1
        if j > i:
            stop = starts[j + 1] if j + 1 < len(starts) else end
            lengths = [spans[k][1] - spans[k][0] for k in range(i, j + 1)]
            total, before = sum(lengths), 0
            for k, length in zip(range(i, j + 1), lengths, strict=True):
                result[k] = starts[i] + (stop - starts[i]) * before // total
                before += length
        i = j + 1
    return result


def time_sentence(sentence: Sentence, utt: Utterance, offset: int) -> SentenceTiming:
    """Word n runs from its start to the next word's start, cut back at a pause; the last
    word ends where the sentence's sound ends."""
    pcm, rate = utt.pcm, utt.sample_rate
    spoken_end = max(sound_end(pcm, 0, pcm.size), 1)
    starts = fill_missing_starts(utt.word_starts, [w.span for w in sentence.words], spoken_end)
    words = []
    for n, word in enumerate(sentence.words):
        start = min(starts[n], spoken_end - 1)
        nxt = starts[n + 1] if n + 1 < len(starts) else spoken_end
        end = max(min(nxt, spoken_end), start + 1)
        quiet_from = sound_end(pcm, start, end)
        if ms(end - quiet_from, rate) >= PAUSE_MIN_MS and quiet_from > start:
            end = quiet_from
        words.append(WordTiming(word.id, word.span, ms(offset + start, rate), ms(offset + end, rate)))
    return SentenceTiming(sentence.id, sentence.span, ms(offset, rate),
                          ms(offset + spoken_end, rate), tuple(words), utt.estimated)


def join_passage(sentences: Sequence[Sentence],
                 utterances: Sequence[Utterance]) -> tuple[np.ndarray, tuple[SentenceTiming, ...]]:
    """The passage's PCM (sentences back to back, each with its engine's trailing pause)."""
    offset, timed = 0, []
    for sentence, utt in zip(sentences, utterances, strict=True):
        timed.append(time_sentence(sentence, utt, offset))
        offset += utt.pcm.size
    pcm = np.concatenate([u.pcm for u in utterances]) if utterances else np.zeros(0, np.int16)
    return pcm, tuple(timed)


# --- JSON -------------------------------------------------------------------------

def passage_to_json(p: PassageTiming) -> dict:
    data = asdict(p)
    for s in data["sentences"]:
        s["span"] = list(s["span"])
        for w in s["words"]:
            w["span"] = list(w["span"])
    return data


def passage_from_json(data: dict) -> PassageTiming:
    sentences = tuple(
        SentenceTiming(s["id"], tuple(s["span"]), s["start_ms"], s["end_ms"],
                       tuple(WordTiming(w["id"], tuple(w["span"]), w["start_ms"], w["end_ms"])
                             for w in s["words"]), s.get("estimated", False))
        for s in data["sentences"])
    return PassageTiming(data["id"], data["kind"], data["lang"], data["status"], data["text"],
                         data["engine"], data["audio"], data["offset_ms"], data["duration_ms"], sentences)


def shift(p: PassageTiming, by_ms: int) -> PassageTiming:
    """The passage placed `by_ms` into a longer audio file."""
    from dataclasses import replace
    sentences = tuple(replace(s, start_ms=s.start_ms + by_ms, end_ms=s.end_ms + by_ms,
                              words=tuple(replace(w, start_ms=w.start_ms + by_ms, end_ms=w.end_ms + by_ms)
                                          for w in s.words))
                      for s in p.sentences)
    return replace(p, offset_ms=p.offset_ms + by_ms, sentences=sentences)


def timing_map_json(lang: str, engine: dict, article, passages: Sequence[PassageTiming], slug: str = "article",
                    notes: dict | None = None) -> dict:
    """The map the page plays from: times are in the article's continuous audio file. `notes`
    are the article's unspoken texts (content note, credits) in this language."""
    return {"format": FORMAT, "lang": lang, "slug": slug, "notes": notes or {},
            "engine": engine, "audio": article.name, "audio_key": article.key,
            "audio_sha256": article.sha256, "duration_ms": article.duration_ms, "pause_ms": article.pause_ms,
            "passages": [passage_to_json(p) for p in passages]}


def passages_from_map(data: dict) -> tuple[PassageTiming, ...]:
    return tuple(passage_from_json(p) for p in data["passages"])


# --- loading, with every promise the map makes checked ------------------------------

def read_map(path: Path) -> dict:
    """A timing map as written by a build, checked (FileNotFoundError if there is none). A map
    that is not whole is one ReaderError line: served, it would break every page that reads it."""
    try:
        data = json.loads(path.read_bytes())
        check_map(data)
    except FileNotFoundError:
        raise
    except KeyError as exc:
        raise ReaderError(f"{path}: damaged timing map (no {exc})") from None
    except (OSError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ReaderError(f"{path}: damaged timing map ({exc})") from None
    return data


def check_map(data) -> None:
    """Raises ValueError, TypeError or KeyError where the map breaks a promise: its fields'
    types; each word inside its sentence, in order; every time inside the article audio."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} map")
    for key, kind in (("lang", str), ("audio", str), ("audio_sha256", str), ("duration_ms", int),
                      ("passages", list), ("notes", dict)):
        if not isinstance(data[key], kind):
            raise TypeError(f"{key!r} is not {kind.__name__}")
    passages = passages_from_map(data)
    if not passages:
        raise ValueError("no passages")
    for p in passages:
        check_passage(p, data["duration_ms"])
    for note in data["notes"].values():
        if not all(isinstance(note[key], str) for key in ("text", "lang", "status")):
            raise TypeError("a note's text, lang and status must be text")


def check_passage(p: PassageTiming, duration_ms: int) -> None:
    strings = (p.id, p.kind, p.lang, p.status, p.text, p.engine, p.audio)
    if not all(isinstance(v, str) for v in strings) or not p.sentences:
        raise TypeError(f"passage {p.id!r} lacks text fields or sentences")
    for s in p.sentences:
        check_interval(s.id, s.span, s.start_ms, s.end_ms, (0, len(p.text)), (0, duration_ms))
        for w in s.words:
            check_interval(w.id, w.span, w.start_ms, w.end_ms, s.span, (s.start_ms, s.end_ms))


def check_interval(name, span, start_ms, end_ms, within_span, within_ms) -> None:
    values = [*span, start_ms, end_ms]
    if len(span) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise TypeError(f"{name!r}: spans and times must be whole numbers")
    if not (within_span[0] <= span[0] <= span[1] <= within_span[1]):
        raise ValueError(f"{name!r}: its text span lies outside its passage or sentence")
    if not (within_ms[0] <= start_ms <= end_ms <= within_ms[1]):
        raise ValueError(f"{name!r}: its times lie outside its sentence or the article audio")
