"""The bilingual view: two built articles side by side, passage by passage, each sentence
matched with the sentence of the other language that says the same thing, so that the one
being played is marked in both columns."""
from __future__ import annotations

from dataclasses import dataclass

from ..publish.article import BuiltArticle
from ..publish.passage_view import PassageView
from ..timing_map import PassageTiming

OTHER = "alt."   # prefix of the other column's element ids: "alt.p3.s2" beside "p3.s2"


@dataclass(frozen=True)
class PassagePair:
    main: PassageView
    other: PassageView | None          # None when the other article lacks this passage
    matches: dict[str, str]            # main sentence id -> other element id, and back


def middle(p: PassageTiming, index: int) -> float:
    """Where sentence `index` sits in its passage, from 0 to 1, by characters."""
    start, end = p.sentences[index].span
    return (start + end) / 2 / max(len(p.text), 1)


def nearest(p: PassageTiming, where: float) -> int:
    return min(range(len(p.sentences)), key=lambda i: abs(middle(p, i) - where))


def match_sentences(a: PassageTiming, b: PassageTiming) -> dict[str, str]:
    """Sentence ids of `a` → sentence ids of `b`. Translations mostly keep the sentences of
    the original, one for one; where a translator split or joined sentences, match by
    position in the passage."""
    if not a.sentences or not b.sentences:
        return {}
    if len(a.sentences) == len(b.sentences):
        return {s.id: t.id for s, t in zip(a.sentences, b.sentences, strict=True)}
    return {s.id: b.sentences[nearest(b, middle(a, i))].id for i, s in enumerate(a.sentences)}


def pair_articles(main: BuiltArticle, other: BuiltArticle) -> tuple[PassagePair, ...]:
    others = {view.timing.id: view for view in other.passages}
    pairs = []
    for view in main.passages:
        twin = others.get(view.timing.id)
        matches: dict[str, str] = {}
        if twin:
            matches.update({a: OTHER + b for a, b in match_sentences(view.timing, twin.timing).items()})
            matches.update({OTHER + b: a for b, a in match_sentences(twin.timing, view.timing).items()})
        pairs.append(PassagePair(view, twin, matches))
    return tuple(pairs)
