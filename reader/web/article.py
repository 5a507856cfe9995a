"""The built article the page renders: its passage views (reader/passage_view.py), notes and
audio, read from the timing map and kept until a build replaces the map."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..passage_view import PassageView, numbered_views
from ..timing_map import Note, read_map


@dataclass(frozen=True)
class BuiltArticle:
    audio: str            # the continuous audio file the page plays
    duration_ms: int
    passages: tuple[PassageView, ...]
    slug: str = "article"
    notes: dict[str, Note] = field(default_factory=dict)   # by id: "content-note", "credits"
    voice: str = ""       # who speaks it: engine or Piper voice, with its dataset and licence

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
        timing = read_map(path)
    except FileNotFoundError:
        return None
    article = BuiltArticle(timing.audio, timing.duration_ms, numbered_views(timing.passages), timing.slug,
                           timing.notes, timing.engine.credit)
    _cache[path] = (mtime, article)
    return article
