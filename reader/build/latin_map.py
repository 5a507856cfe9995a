"""The kk-Latn page's timing map, made from the Cyrillic one as the build writes it: the same
audio and times, every text transliterated and every span mapped through the offsets
`transliterate` returns (character counts change: ч → ch, so offsets are never reused)."""
from __future__ import annotations

from dataclasses import replace

from ..segment import Span
from ..timing_map import TimingMap
from ..translation.script import to_latin, transliterate


def map_span(span: Span, offsets: list[int]) -> Span:
    return offsets[span[0]], offsets[span[1]]


def latin_timing_map(cyrillic: TimingMap) -> TimingMap:
    """The kk timing map for the kk-Latn page: same audio and times, Latin text and spans.
    Passages shown in English (not yet translated) stay as they are."""
    passages = []
    for p in cyrillic.passages:
        if p.lang != "kk":
            passages.append(p)
            continue
        text, offsets = transliterate(p.text)
        sentences = tuple(replace(s, span=map_span(s.span, offsets),
                                  words=tuple(replace(w, span=map_span(w.span, offsets)) for w in s.words))
                          for s in p.sentences)
        passages.append(replace(p, lang="kk-Latn", text=text, sentences=sentences))
    notes = {key: replace(note, lang="kk-Latn", text=to_latin(note.text)) if note.lang == "kk" else note
             for key, note in cyrillic.notes.items()}
    return replace(cyrillic, lang="kk-Latn", passages=tuple(passages), notes=notes)
