"""A timing map's passages as a page shows them: each passage's text cut into plain runs,
sentences and words, so every word shown is the span the timings name. The web page and the
EPUB both render from these."""
from __future__ import annotations

from dataclasses import dataclass

from ..timing_map import PassageTiming, SentenceTiming


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


def numbered_views(passages) -> tuple[PassageView, ...]:
    """Views in order, each numbered among passages of its kind ("Paragraph 3")."""
    seen: dict[str, int] = {}
    views = []
    for p in passages:
        seen[p.kind] = seen.get(p.kind, 0) + 1
        views.append(passage_view(p, seen[p.kind]))
    return tuple(views)
