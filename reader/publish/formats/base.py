"""What every format renders from, and what it declares about itself."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ...timing_map import TimingMap
from ..titles import english, passage_label


@dataclass(frozen=True)
class Built:
    """A built language of an article: its timing map, the folder of the audio it names, and
    the reader's options."""

    timing: TimingMap
    audio_dir: Path
    words: bool = False                                     # SMIL, EPUB: a <par> per word
    gettext: Callable[..., str] = english                   # the interface strings of its language

    def mp3(self) -> bytes:
        return (self.audio_dir / self.timing.audio).read_bytes()

    def label(self, kind: str, number: int) -> str:
        return passage_label(kind, number, self.gettext)


@dataclass(frozen=True)
class Format:
    """One output: `reader export NAME`, and where `page_file` is given, a file beside each
    article's page (/<lang>/<slug>/<page_file>) that the server serves and the static export
    writes."""

    name: str
    extension: str
    media_type: str
    help: str
    render: Callable[[Built], bytes]
    page_file: str = ""
    binary: bool = False       # written to a file, never to a terminal


def clock(ms: int, sep: str = ".") -> str:
    """hh:mm:ss.mmm from integer milliseconds (no float rounding on the way)."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def xml_text(text: str) -> str:
    """Text in XML: &, < and > escaped (what xml.sax.saxutils does, without importing urllib)."""
    return escape(text, quote=False)


def xml_attr(value: str) -> str:
    """An attribute's value in XML, quoted."""
    return f'"{escape(value)}"'
