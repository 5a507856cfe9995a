"""Exports of a language's timing map, one small class per format (as aeneas has).

All read the same map (times in the article's continuous audio) and return text:
WebVTT with a cue per sentence and a timestamp before each word; SMIL 3.0 as EPUB 3 Media
Overlays use it; the JSON map itself.
"""
from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from ..timing_map import SentenceTiming, TimingMap, WordTiming


def clock(ms: int, sep: str = ".") -> str:
    """hh:mm:ss.mmm from integer milliseconds (no float rounding on the way)."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


class WebVTT:
    """Sentence cues; inside each, <hh:mm:ss.mmm> before every word after the first, as
    karaoke-style players and the HTML <track> element read them."""

    extension, media_type = "vtt", "text/vtt; charset=utf-8"

    def render(self, timing: TimingMap) -> str:
        blocks = ["WEBVTT"]
        for passage in timing.passages:
            for s in passage.sentences:
                blocks.append(f"{s.id}\n{clock(s.start_ms)} --> {clock(s.end_ms)}\n{self.cue_text(passage.text, s)}")
        return "\n\n".join(blocks) + "\n"

    @staticmethod
    def cue_text(text: str, sentence: SentenceTiming) -> str:
        """Timestamps must rise strictly and stay inside the cue: a word sharing its start
        with the one before, or starting at the cue's edge, goes without one; so do the words
        of a sentence whose word times are estimated."""
        parts, cursor, last = [], sentence.span[0], sentence.start_ms
        for word in sentence.words:
            start = word.span[0]
            parts.append(escape(text[cursor:start]))
            if not sentence.estimated and last < word.start_ms < sentence.end_ms:
                parts.append(f"<{clock(word.start_ms)}>")
                last = word.start_ms
            parts.append(escape(text[start:word.span[1]]))
            cursor = word.span[1]
        parts.append(escape(text[cursor:sentence.span[1]]))
        return "".join(parts).replace("\n", " ")


class Smil:
    """SMIL 3.0 for EPUB 3 Media Overlays: a <par> per sentence (or per word) pointing at
    the element with that id in the text document and at a clip of the audio."""

    extension, media_type = "smil", "application/smil+xml"

    def __init__(self, text_href: str = "article.xhtml", audio_href: str | None = None, level: str = "sentence"):
        self.text_href, self.audio_href, self.level = text_href, audio_href, level

    def render(self, timing: TimingMap) -> str:
        audio = self.audio_href or timing.audio
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">',
                 "  <body>"]
        for passage in timing.passages:
            lines.append(f"    <seq id={quoteattr('seq-' + passage.id)} "
                         f"epub:textref={quoteattr(self.text_href + '#' + passage.id)}>")
            for s in passage.sentences:
                items: tuple[SentenceTiming | WordTiming, ...] = s.words if self.level == "word" else (s,)
                for item in items:
                    lines += [f"      <par id={quoteattr('par-' + item.id)}>",
                              f"        <text src={quoteattr(self.text_href + '#' + item.id)}/>",
                              f"        <audio src={quoteattr(audio)} clipBegin=\"{clock(item.start_ms)}\" "
                              f"clipEnd=\"{clock(item.end_ms)}\"/>",
                              "      </par>"]
            lines.append("    </seq>")
        lines += ["  </body>", "</smil>"]
        return "\n".join(lines) + "\n"


class JsonMap:
    extension, media_type = "json", "application/json"

    def render(self, timing: TimingMap) -> str:
        return json.dumps(timing.to_json(), ensure_ascii=False, indent=1) + "\n"


FORMATS = {"vtt": WebVTT, "smil": Smil, "json": JsonMap}
