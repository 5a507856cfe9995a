"""Podcast feeds: one RSS 2.0 feed per page language, an item per built article with its MP3
as the enclosure, the iTunes tags podcast apps require, and the Podcasting 2.0 namespace
(the article's WebVTT as its transcript, a JSON chapters file, the feed's guid). Addresses
are absolute, as apps fetch them from elsewhere: READER_PUBLIC_URL, else the address the
server was asked at."""
from __future__ import annotations

import datetime
import email.utils
import uuid
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

from .article import BuiltArticle

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
# podcast:guid is a UUIDv5 of the feed's address (no scheme, no trailing slash) in this
# namespace, as the Podcasting 2.0 namespace defines it.
FEED_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
for prefix, uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(prefix, uri)


def feed_guid(feed_url: str) -> str:
    return str(uuid.uuid5(FEED_NAMESPACE, feed_url.split("://", 1)[-1].rstrip("/")))


def item_guid(slug: str, lang: str) -> str:
    """An article's guid in a language's feed: its name and the language, so that it stays
    the same across rebuilds, edits and a move of the site to another address."""
    return f"reader:{slug}:{lang}"


def pub_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return email.utils.format_datetime(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC))


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def description(article: BuiltArticle, note_label: str) -> str:
    """The content note first, where the article has one, then its summary."""
    note = article.notes.get("content-note")
    summary = article.summary.timing.text if article.summary else ""
    return f"{note_label}: {note.text}\n\n{summary}" if note else summary


def rss(lang: str, articles: list[BuiltArticle], base: str, audio: Path, text: Callable[[str], str],
        cover_of: Callable[[str | None], str], channel: dict[str, str]) -> bytes:
    """The feed. `base` is absolute with no trailing slash; `text` translates interface
    strings; `cover_of(slug)` gives a cover's address (None: the publication's)."""
    feed_url = f"{base}/{lang}/feed.xml"
    root = ET.Element("rss", {"version": "2.0"})
    head = add(root, "channel")
    add(head, "title", channel["title"])
    add(head, "link", f"{base}/{lang}/")
    add(head, "description", channel["description"])
    add(head, "language", lang)
    add(head, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    add(head, f"{{{ITUNES}}}author", channel["author"])
    add(head, f"{{{ITUNES}}}image", href=cover_of(None))
    add(head, f"{{{ITUNES}}}category", text="Society & Culture")
    add(head, f"{{{ITUNES}}}explicit", "false")
    add(head, f"{{{ITUNES}}}type", "episodic")
    add(head, f"{{{PODCAST}}}guid", feed_guid(feed_url))
    add(head, f"{{{PODCAST}}}medium", "podcast")
    image = add(head, "image")
    add(image, "url", cover_of(None))
    add(image, "title", channel["title"])
    add(image, "link", f"{base}/{lang}/")
    for article in articles:
        page = f"{base}/{lang}/{article.slug}/"
        item = add(head, "item")
        add(item, "title", article.title)
        add(item, "link", page)
        add(item, "guid", item_guid(article.slug, lang), isPermaLink="false")
        if article.date:
            add(item, "pubDate", pub_date(article.date))
        add(item, "description", description(article, text("Content note")))
        if article.author:
            add(item, f"{{{ITUNES}}}author", article.author)
        if article.narrated and article.narrator:   # a person reads it: the podcast taxonomy's narrator
            add(item, f"{{{PODCAST}}}person", article.narrator, role="narrator", group="cast")
        add(item, "enclosure", url=f"{base}/audio/{article.audio}",
            length=str((audio / article.audio).stat().st_size), type="audio/mpeg")
        add(item, f"{{{ITUNES}}}duration", str(round(article.duration_ms / 1000)))
        add(item, f"{{{ITUNES}}}image", href=cover_of(article.slug))
        add(item, f"{{{ITUNES}}}explicit", "false")
        add(item, f"{{{ITUNES}}}episodeType", "full")
        add(item, f"{{{PODCAST}}}transcript", url=f"{page}article.vtt", type="text/vtt", language=lang,
            rel="captions")
        add(item, f"{{{PODCAST}}}chapters", url=f"{page}chapters.json", type="application/json+chapters")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
