"""WebVTT: a cue per sentence and a timestamp before each word, as karaoke-style players and the
HTML <track> element read them."""
from __future__ import annotations

from ...timing_map import SentenceTiming, TimingMap
from .base import Format, clock, xml_text


def render(timing: TimingMap) -> str:
    blocks = ["WEBVTT"]
    for passage in timing.passages:
        for s in passage.sentences:
            blocks.append(f"{s.id}\n{clock(s.start_ms)} --> {clock(s.end_ms)}\n{cue_text(passage.text, s)}")
    return "\n\n".join(blocks) + "\n"


def cue_text(text: str, sentence: SentenceTiming) -> str:
    """Timestamps must rise strictly and stay inside the cue: a word sharing its start
    with the one before, or starting at the cue's edge, goes without one; so do the words
    of a sentence whose word times are estimated."""
    parts, cursor, last = [], sentence.span[0], sentence.start_ms
    for word in sentence.words:
        start = word.span[0]
        parts.append(xml_text(text[cursor:start]))
        if not sentence.estimated and last < word.start_ms < sentence.end_ms:
            parts.append(f"<{clock(word.start_ms)}>")
            last = word.start_ms
        parts.append(xml_text(text[start:word.span[1]]))
        cursor = word.span[1]
    parts.append(xml_text(text[cursor:sentence.span[1]]))
    return "".join(parts).replace("\n", " ")


FORMAT = Format("vtt", "vtt", "text/vtt", "WebVTT captions: a cue per sentence, a timestamp before each word",
                lambda built: render(built.timing).encode("utf-8"), page_file="article.vtt")
