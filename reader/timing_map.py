"""The timing map: the one intermediate format between the build and all that reads it (the
pages, captions, exports, status). Hierarchical ids (p3.s2.w5), character spans of the
displayed text, integer milliseconds in the article's audio. One typed form: `TimingMap`,
written with `to_json`, read with `read_map`, which checks every promise the map makes.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import ReaderError
from .segment import Span
from .speech.engines import ENGINES, NARRATION

FORMAT = "reader-timings/2"
ENGINE_FIELDS = ("name", "version", "voice", "dataset", "licence")   # the last three: a Piper voice's credit


@dataclass(frozen=True)
class WordTiming:
    id: str
    span: Span
    start_ms: int
    end_ms: int
    estimated: bool = False   # not found in the audio (a narration's unsure word): not highlighted alone


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


@dataclass(frozen=True)
class Note:
    """Text shown with the article but not read aloud (content note, credits)."""

    text: str
    lang: str
    status: str


@dataclass(frozen=True)
class Engine:
    """What spoke a language, and the credit a voice is owed (a CC BY voice must be named
    with its dataset and licence wherever it is heard)."""

    name: str
    version: str
    voice: str = ""
    dataset: str = ""
    licence: str = ""

    @property
    def narrated(self) -> bool:
        """A person's recording (the narration entry), not a synthetic voice."""
        return self.name == NARRATION

    @property
    def credit(self) -> str:
        """What the page, the MP3 and the EPUB say spoke it, as its engine's entry words it."""
        kind = ENGINES.get(self.name)
        if kind is None:                  # a map of an engine this reader does not have
            return f"{self.name} {self.version}"
        return kind.credit(self.version, self.voice, self.dataset, self.licence)


@dataclass(frozen=True)
class TimingMap:
    """One page language's map: where its article audio is, what it was made from and by, and
    every passage, sentence and word in it. `notes` are the article's unspoken texts."""

    lang: str
    slug: str
    engine: Engine
    audio: str                 # the article MP3, named by the start of its SHA-256
    audio_key: str             # what it was made from (passages, pause)
    audio_sha256: str
    duration_ms: int
    pause_ms: int
    passages: tuple[PassageTiming, ...]
    notes: dict[str, Note] = field(default_factory=dict)
    date: str = ""             # the article's Date: (YYYY-MM-DD) and Author:, where it gives them
    author: str = ""

    def to_json(self) -> dict:
        return {"format": FORMAT, "lang": self.lang, "slug": self.slug, "date": self.date, "author": self.author,
                "notes": {key: asdict(note) for key, note in self.notes.items()},
                "engine": asdict(self.engine), "audio": self.audio, "audio_key": self.audio_key,
                "audio_sha256": self.audio_sha256, "duration_ms": self.duration_ms, "pause_ms": self.pause_ms,
                "passages": [passage_to_json(p) for p in self.passages]}

    @classmethod
    def from_json(cls, data) -> TimingMap:
        """Raises KeyError, TypeError or ValueError where the map breaks a promise: its fields'
        types; each word inside its sentence, in order; every time inside the article audio."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} map")
        for key, kind in (("lang", str), ("slug", str), ("audio", str), ("audio_key", str), ("audio_sha256", str),
                          ("duration_ms", int), ("pause_ms", int), ("passages", list), ("notes", dict),
                          ("engine", dict)):
            if not isinstance(data[key], kind):
                raise TypeError(f"{key!r} is not {kind.__name__}")
        for key in ("date", "author"):   # a map of an undated article has neither
            if not isinstance(data.get(key, ""), str):
                raise TypeError(f"{key!r} is not str")
        engine = Engine(*(str(data["engine"].get(key, "")) for key in ENGINE_FIELDS))
        timing = cls(data["lang"], data["slug"], engine,
                     data["audio"], data["audio_key"], data["audio_sha256"], data["duration_ms"], data["pause_ms"],
                     tuple(passage_from_json(p) for p in data["passages"]),
                     {key: Note(note["text"], note["lang"], note["status"]) for key, note in data["notes"].items()},
                     data.get("date", ""), data.get("author", ""))
        timing.check()
        return timing

    def check(self) -> None:
        if not self.passages:
            raise ValueError("no passages")
        for p in self.passages:
            check_passage(p, self.duration_ms)
        for note in self.notes.values():
            if not all(isinstance(v, str) for v in (note.text, note.lang, note.status)):
                raise TypeError("a note's text, lang and status must be text")


def read_map(path: Path) -> TimingMap:
    """A timing map as written by a build, checked (FileNotFoundError if there is none). A map
    that is not whole is one ReaderError line: served, it would break every page that reads it."""
    try:
        return TimingMap.from_json(json.loads(path.read_bytes()))
    except FileNotFoundError:
        raise
    except KeyError as exc:
        raise ReaderError(f"{path}: damaged timing map (no {exc})") from None
    except (OSError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ReaderError(f"{path}: damaged timing map ({exc})") from None


def passage_to_json(p: PassageTiming) -> dict:
    """As JSON has it: lists, not the tuples the frozen dataclasses hold."""
    data = asdict(p)
    data["sentences"] = [{**s, "span": list(s["span"]), "words": [word_to_json(w) for w in s["words"]]}
                         for s in data["sentences"]]
    return data


def word_to_json(w: dict) -> dict:
    """A word's times; "estimated" only where it is (most words of most maps are found)."""
    data = {**w, "span": list(w["span"])}
    if not data["estimated"]:
        del data["estimated"]
    return data


def sentence_from_json(s: dict) -> SentenceTiming:
    return SentenceTiming(s["id"], tuple(s["span"]), s["start_ms"], s["end_ms"],
                          tuple(WordTiming(w["id"], tuple(w["span"]), w["start_ms"], w["end_ms"],
                                           w.get("estimated", False)) for w in s["words"]),
                          s.get("estimated", False))


def passage_from_json(data: dict) -> PassageTiming:
    return PassageTiming(data["id"], data["kind"], data["lang"], data["status"], data["text"], data["engine"],
                         data["audio"], data["offset_ms"], data["duration_ms"],
                         tuple(sentence_from_json(s) for s in data["sentences"]))


def check_passage(p: PassageTiming, duration_ms: int) -> None:
    strings = (p.id, p.kind, p.lang, p.status, p.text, p.engine, p.audio)
    if not all(isinstance(v, str) for v in strings) or not p.sentences:
        raise TypeError(f"passage {p.id!r} lacks text fields or sentences")
    for s in p.sentences:
        check_interval(s.id, s.span, s.start_ms, s.end_ms, (0, len(p.text)), (0, duration_ms))
        for w in s.words:
            check_interval(w.id, w.span, w.start_ms, w.end_ms, s.span, (s.start_ms, s.end_ms))
            if not isinstance(w.estimated, bool):
                raise TypeError(f"{w.id!r}: 'estimated' must be true or false")


def check_interval(name: str, span: Span, start_ms: int, end_ms: int, within_span: Span,
                   within_ms: tuple[int, int]) -> None:
    values = [*span, start_ms, end_ms]
    if len(span) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise TypeError(f"{name!r}: spans and times must be whole numbers")
    if not (within_span[0] <= span[0] <= span[1] <= within_span[1]):
        raise ValueError(f"{name!r}: its text span lies outside its passage or sentence")
    if not (within_ms[0] <= start_ms <= end_ms <= within_ms[1]):
        raise ValueError(f"{name!r}: its times lie outside its sentence or the article audio")
