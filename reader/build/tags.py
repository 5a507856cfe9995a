"""What the article MP3 says about itself: ID3v2.3 tags (title, author, publication, language,
date, credits, the voice, the cover) and a chapter (CHAP, listed in a CTOC) at each passage,
so that a downloaded file shows its chapters in players and podcast apps. The tags are
written before the file is hashed and named, so its name stays the SHA-256 of its bytes;
decoders skip an ID3v2 tag, so the audio and its timings are the same."""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TLAN, TPE1, TXXX, CTOCFlags, Encoding, Frame

from ..library import ArticleRef
from ..publish.artwork import THUMBNAIL, drawing_digest, drawn_cover, operator_cover, thumbnail
from ..publish.titles import opening
from ..settings import Settings
from ..translation.interface import publication

ISO_639_2 = {"en": "eng", "kk": "kaz", "ru": "rus"}   # what TLAN and COMM take
ID3_VERSION = 3                                         # ID3v2.3: see write_tags


@dataclass(frozen=True)
class Chapter:
    id: str          # the passage id: p3
    title: str       # its first words, in its language
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class CoverArt:
    """The MP3's picture, as what it is made from: the operator's own image, else the title and
    publication it is drawn with. It is made where the MP3 is encoded (a worker's job): drawing
    takes tens of milliseconds, which would otherwise hold up the build's own process before
    speaking begins, once per article and language."""

    title: str
    album: str
    own: bytes = b""    # the operator's cover file (content/covers/), checked

    def image(self) -> bytes:
        """A 600-pixel PNG in 16 colours."""
        return thumbnail(self.own) if self.own else drawn_cover(self.title, self.album, THUMBNAIL, palette=True)

    def fingerprint(self) -> str:
        """Changes whenever the image would, without making it."""
        made_of = self.own or f"{self.title}\0{self.album}".encode()
        return hashlib.sha256(drawing_digest().encode() + b"\0" + made_of).hexdigest()


@dataclass(frozen=True)
class ArticleTags:
    title: str
    artist: str      # the author, else the publication
    album: str       # the publication, in the page's language
    lang: str
    date: str        # YYYY-MM-DD or ""
    credits: str
    voice: str
    cover: CoverArt
    passages: tuple[tuple[str, str], ...]   # (id, first words) in order; the mix gives the times

    def fingerprint(self) -> str:
        """Changes whenever any tag would: part of the article audio's key."""
        fields = [f"ID3v2.{ID3_VERSION}", self.title, self.artist, self.album, self.lang, self.date, self.credits,
                  self.voice, self.cover.fingerprint(), repr(self.passages)]
        return hashlib.sha256("\0".join(fields).encode()).hexdigest()


def article_tags(settings: Settings, article: ArticleRef, lang: str, title: str, passages: list[tuple[str, str]],
                 date: str, author: str, credits: str, voice: str) -> ArticleTags:
    album = publication(settings, lang)
    own = operator_cover(settings.layout.covers, article.slug)
    return ArticleTags(title, author or album, album, lang, date, credits, voice,
                       CoverArt(title, album, own[0] if own else b""),
                       tuple((pid, opening(text)) for pid, text in passages))


def write_tags(path: Path, tags: ArticleTags, chapters: list[Chapter]) -> None:
    """Prepend an ID3v2.3 tag to the encoded MP3 at `path`: the version most podcast tools
    write and every player reads. Under v2.4, ffmpeg 5 (what many players use) reads a
    chapter's title size as a plain integer where v2.4 makes it sync-safe, and drops every
    chapter whose title is over 127 bytes (most Kazakh and Russian ones)."""
    utf8 = Encoding.UTF8    # made UTF-16 for v2.3 when written
    frames: list[Frame] = [TIT2(encoding=utf8, text=tags.title), TPE1(encoding=utf8, text=tags.artist),
              TALB(encoding=utf8, text=tags.album), TLAN(encoding=utf8, text=ISO_639_2.get(tags.lang, tags.lang))]
    if tags.date:
        frames.append(TDRC(encoding=utf8, text=tags.date))
    if tags.credits:
        frames.append(COMM(encoding=utf8, lang=ISO_639_2.get(tags.lang, "und"), desc="credits", text=tags.credits))
    frames.append(TXXX(encoding=utf8, desc="voice", text=tags.voice))
    frames.append(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                       child_element_ids=[c.id for c in chapters],
                       sub_frames=[TIT2(encoding=utf8, text=tags.title)]))
    frames += [CHAP(element_id=c.id, start_time=c.start_ms, end_time=c.end_ms,
                    sub_frames=[TIT2(encoding=utf8, text=c.title)])
               for c in sorted(chapters, key=lambda c: c.start_ms)]
    frames.append(APIC(encoding=utf8, mime="image/png", type=3, desc="cover", data=tags.cover.image()))
    body = b"".join(map(frame_bytes, frames))
    path.write_bytes(b"ID3" + bytes([ID3_VERSION, 0, 0]) + sync_safe(len(body)) + body + path.read_bytes())


def frame_bytes(frame: Frame) -> bytes:
    """One frame as ID3v2.3 bytes. mutagen writes a tag's frames ordered by size, and ffmpeg
    lists chapters in the order of their frames: each frame is written alone, then joined in
    time order."""
    one = ID3()
    one.add(frame)
    one.update_to_v23()
    out = io.BytesIO()
    one.save(out, v2_version=ID3_VERSION, padding=lambda info: 0)
    return out.getvalue()[10:]     # without the one-frame tag's header


def sync_safe(size: int) -> bytes:
    """A tag's size as ID3v2 writes it in its header: 7 bits a byte."""
    return bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))
