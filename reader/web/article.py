"""The built article the page renders: its passage views (reader/passage_view.py), notes and
audio, read from the timing map and kept until a build replaces the map."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..build.timing import passages_from_map, read_map
from ..passage_view import PassageView, numbered_views


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


_cache: dict[Path, tuple[int, BuiltArticle]] = {}


def load_article(path: Path) -> BuiltArticle | None:
    """The built article for one language (None if it is not built), re-read only when the
    build replaced the map. A damaged map is a ReaderError, never a half-rendered page."""
    try:
        mtime = path.stat().st_mtime_ns
        cached = _cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        data = read_map(path)
    except FileNotFoundError:
        return None
    notes = {key: Note(n["text"], n["lang"], n["status"]) for key, n in data.get("notes", {}).items()}
    article = BuiltArticle(data["audio"], data["duration_ms"], numbered_views(passages_from_map(data)),
                           data.get("slug", "article"), notes)
    _cache[path] = (mtime, article)
    return article
