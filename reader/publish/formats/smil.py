"""SMIL 3.0 as EPUB 3 Media Overlays use it: a <par> per sentence (or per word) pointing at the
element with that id in the text document and at a clip of the audio."""
from __future__ import annotations

from ...timing_map import SentenceTiming, TimingMap, WordTiming
from .base import Built, Format, clock, xml_attr


def render(timing: TimingMap, text_href: str = "article.xhtml", audio_href: str | None = None,
           level: str = "sentence") -> str:
    audio = audio_href or timing.audio
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">',
             "  <body>"]
    for passage in timing.passages:
        lines.append(f"    <seq id={xml_attr('seq-' + passage.id)} "
                     f"epub:textref={xml_attr(text_href + '#' + passage.id)}>")
        for s in passage.sentences:
            items: tuple[SentenceTiming | WordTiming, ...] = s.words if level == "word" else (s,)
            for item in items:
                lines += [f"      <par id={xml_attr('par-' + item.id)}>",
                          f"        <text src={xml_attr(text_href + '#' + item.id)}/>",
                          f"        <audio src={xml_attr(audio)} clipBegin=\"{clock(item.start_ms)}\" "
                          f"clipEnd=\"{clock(item.end_ms)}\"/>",
                          "      </par>"]
        lines.append("    </seq>")
    lines += ["  </body>", "</smil>"]
    return "\n".join(lines) + "\n"


def of(built: Built) -> bytes:
    return render(built.timing, level="word" if built.words else "sentence").encode("utf-8")


FORMAT = Format("smil", "smil", "application/smil+xml", "SMIL 3.0 media overlay (EPUB 3), per sentence or --words",
                of)
