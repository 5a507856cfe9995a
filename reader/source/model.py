"""What a source becomes: an article of passages, each with a stable id, a kind and its text."""
from __future__ import annotations

from dataclasses import dataclass

# Shown with the article but not read aloud: translated like passages, never spoken.
UNSPOKEN = ("content-note", "credits")


@dataclass(frozen=True)
class Passage:
    """One unit of the article: translated, spoken and highlighted as a whole."""

    id: str
    kind: str
    text: str


@dataclass(frozen=True)
class Article:
    passages: tuple[Passage, ...]
    date: str = ""     # when it was published, YYYY-MM-DD (the library's order, feeds, MP3 tags)
    author: str = ""   # who wrote it, as credited (not translated)
    narrators: tuple[tuple[str, str], ...] = ()   # (language, who reads its recording)

    def narrator(self, lang: str) -> str:
        return dict(self.narrators).get(lang, "")

    def get(self, passage_id: str) -> Passage:
        return next(p for p in self.passages if p.id == passage_id)
