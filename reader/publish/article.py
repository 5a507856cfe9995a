"""The built article the page renders: its passage views (reader/passage_view.py), notes and
audio, read from the timing map and kept until a build replaces the map."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..timing_map import Note, read_map
from ..translation.translate import HUMAN, REVIEWED, SOURCE
from .passage_view import PassageView, numbered_views


@dataclass(frozen=True)
class BuiltArticle:
    audio: str            # the continuous audio file the page plays
    duration_ms: int
    passages: tuple[PassageView, ...]
    slug: str = "article"
    notes: dict[str, Note] = field(default_factory=dict)   # by id: "content-note", "credits"
    voice: str = ""       # who speaks it: engine or Piper voice, with its dataset and licence
    date: str = ""        # YYYY-MM-DD, where the article gives it
    author: str = ""
    narrated: bool = False   # a person's recording: the page says who reads it, not which voice
    narrator: str = ""       # their name, where the article gives it (Narrator (kk): …)

    @property
    def title(self) -> str:
        return self.text_of("title")

    def text_of(self, kind: str) -> str:
        view = self.passage(kind)
        return view.timing.text if view else ""

    def passage(self, kind: str) -> PassageView | None:
        return next((p for p in self.passages if p.timing.kind == kind), None)

    def sentence_texts(self) -> list[tuple[str, str]]:
        """Each sentence's id and text, in order: what a search of the library looks in."""
        return [(s.id, p.timing.text[s.span[0]:s.span[1]]) for p in self.passages for s in p.timing.sentences]

    @property
    def summary(self) -> PassageView | None:
        """What the library shows of it: the standfirst, else the first paragraph."""
        return next((p for p in self.passages if p.timing.kind == "standfirst"),
                    next((p for p in self.passages if p.timing.kind not in ("title", "caption")), None))

    @property
    def translation(self) -> str:
        """"original" (the source language), "reviewed" (every passage and note reviewed by a
        native-speaking editor), "unreviewed" (all of it a person's translation, some of it
        not yet read by such an editor) or "draft" (some text a machine's, stale, or still in
        English)."""
        states = {p.timing.status for p in self.passages} | {n.status for n in self.notes.values()}
        if states <= {SOURCE}:
            return "original"
        if states <= {REVIEWED}:
            return "reviewed"
        return "unreviewed" if states <= set(HUMAN) else "draft"


_cache: dict[Path, tuple[int, BuiltArticle]] = {}


def load_article(path: Path) -> BuiltArticle | None:
    """The built article for one language (None if it is not built), re-read only when the
    build replaced the map. A damaged map is a ReaderError, never a half-rendered page."""
    try:
        mtime = path.stat().st_mtime_ns
        cached = _cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        timing = read_map(path)
    except FileNotFoundError:
        return None
    article = BuiltArticle(timing.audio, timing.duration_ms, numbered_views(timing.passages), timing.slug,
                           timing.notes, timing.engine.credit, timing.date, timing.author, timing.engine.narrated,
                           timing.engine.voice if timing.engine.narrated else "")
    _cache[path] = (mtime, article)
    return article
