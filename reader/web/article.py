"""The timing map → what the template renders: each passage's text cut into plain runs,
sentences and words, so every word on the page is the span the timings name."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..timing import PassageTiming, SentenceTiming, passages_from_map


@dataclass(frozen=True)
class Piece:
    text: str
    word_id: str | None = None


@dataclass(frozen=True)
class SentenceView:
    id: str
    start_ms: int
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class PassageView:
    timing: PassageTiming
    parts: tuple[str | SentenceView, ...]   # plain text between sentences, or a sentence
    number: int = 1                         # its place among passages of its kind: "Paragraph 3"


def sentence_view(text: str, s: SentenceTiming) -> SentenceView:
    pieces, cursor = [], s.span[0]
    for w in s.words:
        if w.span[0] > cursor:
            pieces.append(Piece(text[cursor:w.span[0]]))
        pieces.append(Piece(text[w.span[0]:w.span[1]], w.id))
        cursor = w.span[1]
    if cursor < s.span[1]:
        pieces.append(Piece(text[cursor:s.span[1]]))
    return SentenceView(s.id, s.start_ms, tuple(pieces))


def passage_view(p: PassageTiming, number: int = 1) -> PassageView:
    parts: list[str | SentenceView] = []
    cursor = 0
    for s in p.sentences:
        if s.span[0] > cursor:
            parts.append(p.text[cursor:s.span[0]])
        parts.append(sentence_view(p.text, s))
        cursor = s.span[1]
    if cursor < len(p.text):
        parts.append(p.text[cursor:])
    return PassageView(p, tuple(parts), number)


@dataclass(frozen=True)
class Note:
    """Text shown with the article but not read aloud (content note, credits)."""

    text: str
    lang: str
    status: str


@dataclass(frozen=True)
class BuiltArticle:
    audio: str            # the continuous audio file the page plays
    duration_ms: int
    passages: tuple[PassageView, ...]
    slug: str = "article"
    notes: dict[str, Note] = field(default_factory=dict)   # by id: "content-note", "credits"

    @property
    def title(self) -> str:
        return next((p.timing.text for p in self.passages if p.timing.kind == "title"), "")


def numbered_views(passages) -> tuple[PassageView, ...]:
    seen: dict[str, int] = {}
    views = []
    for p in passages:
        seen[p.kind] = seen.get(p.kind, 0) + 1
        views.append(passage_view(p, seen[p.kind]))
    return tuple(views)


_cache: dict[Path, tuple[float, BuiltArticle]] = {}


def load_article(path: Path) -> BuiltArticle | None:
    """The built article for one language, re-read only when the build replaced the map."""
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    data = json.loads(path.read_text(encoding="utf-8"))
    notes = {key: Note(n["text"], n["lang"], n["status"]) for key, n in data.get("notes", {}).items()}
    article = BuiltArticle(data["audio"], data["duration_ms"], numbered_views(passages_from_map(data)),
                           data.get("slug", "article"), notes)
    _cache[path] = (mtime, article)
    return article
