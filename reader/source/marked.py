"""The article format (`.md`, documented in docs/writing-articles.md): blocks separated by blank lines,
each a paragraph unless it starts with a marker. Lines of a block are joined, so paragraphs
may be hard-wrapped.

    # Title                     the title (first, once)
    Caption: …                  photo caption          Standfirst: …   the introduction
    > …                         a pull-quote           More: …         a closing pointer
    Bio: …                      about the author       Credits: …      footer, not read aloud
    Content note: …             shown before the article (topics it discusses), not read aloud
    Date: 2026-11-25            when it was published; Author: … who wrote it (one block or two,
                                one per line; neither read aloud nor translated)
    Narrator (kk): …            who reads a language's recording (content/narration/), credited

Body paragraphs and pull-quotes are numbered p1, p2 … in order; the others take their kind as
their id, so translations stay attached when paragraphs around them change.
"""
from __future__ import annotations

import datetime
import re

from ..errors import ReaderError
from ..text_files import check_length
from .cleanup import clean_block, split_blocks
from .model import Article, Passage

MARKERS = {"caption:": "caption", "standfirst:": "standfirst", "more:": "more", "bio:": "bio",
           "credits:": "credits", "content note:": "content-note"}
DETAILS = ("date", "author")   # about the article, not part of it
ONCE = ("title", "caption", "standfirst", "more", "bio", "credits", "content-note")


def block_kind(lines: list[str]) -> tuple[str, str]:
    """(kind, cleaned text without its marker) of one block."""
    if lines[0].lstrip().startswith(">"):
        return "pullquote", clean_block([re.sub(r"^\s*>\s?", "", line) for line in lines])
    text = clean_block(lines)
    if text.startswith("# "):
        return "title", text[2:].strip()
    lowered = text.lower()
    for marker, kind in MARKERS.items():
        if lowered.startswith(marker):
            return kind, text[len(marker):].strip()
    return "interview", text


DETAIL = re.compile(r"\s*(date|author|narrator\s*\(\s*([a-z]{2}(?:-[A-Za-z]{4})?)\s*\))\s*:\s*(.*?)\s*", re.I)


def details(lines: list[str], where: str) -> dict[str, str] | None:
    """A block of `Date: …`, `Author: …` and `Narrator (kk): …` lines, or None for any other
    block. A narrator is keyed by the language read: "narrator kk"."""
    if not re.match(r"\s*(?:date|author|narrator\s*\()", lines[0], re.I):
        return None
    found: dict[str, str] = {}
    for line in lines:
        match = DETAIL.fullmatch(line)
        if not match:
            raise ReaderError(f"{where}: {line.strip()[:60]!r}: a block of details holds only "
                              "'Date:', 'Author:' and 'Narrator (LANG):' lines")
        key = f"narrator {match.group(2).lower()}" if match.group(2) else match.group(1).lower()
        value = match.group(3)
        label = f"Narrator ({match.group(2).lower()})" if match.group(2) else key.title()
        if key in found or not value:
            raise ReaderError(f"{where}: {'a second' if key in found else 'an empty'} '{label}:' line")
        if key == "date":
            try:
                datetime.date.fromisoformat(value)
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    raise ValueError
            except ValueError:
                raise ReaderError(f"{where}: Date: {value[:40]!r} is not a date written YYYY-MM-DD") from None
        check_length(value, where, f"the '{label}:' line")
        found[key] = value
    return found


def parse_marked(raw: str, origin: str = "<text>") -> Article:
    passages: list[Passage] = []
    seen: set[str] = set()
    about: dict[str, str] = {}
    body = 0
    for line_no, lines in split_blocks(raw):
        where = f"{origin}:{line_no}"
        found = details(lines, where)
        if found is not None:
            if not passages:
                raise ReaderError(f"{where}: the article must start with its title, a line '# Title'")
            twice = set(found) & set(about)
            if twice:
                raise ReaderError(f"{where}: a second '{twice.pop().title()}:' line; the article has one")
            about.update(found)
            continue
        kind, text = block_kind(lines)
        if not passages and kind != "title":
            raise ReaderError(f"{where}: the article must start with its title, a line '# Title'")
        if kind in seen and kind in ONCE:
            raise ReaderError(f"{where}: a second '{kind}' block; the article has one")
        if not text:
            raise ReaderError(f"{where}: a '{kind}' block with no text")
        check_length(text, where, f"the '{kind}' block")
        seen.add(kind)
        if kind in ("interview", "pullquote"):
            body += 1
        passages.append(Passage(f"p{body}" if kind in ("interview", "pullquote") else kind, kind, text))
    if not passages:
        raise ReaderError(f"{origin}: no text found")
    narrators = tuple((key.split()[1], name) for key, name in about.items() if key.startswith("narrator "))
    return Article(tuple(passages), about.get("date", ""), about.get("author", ""), narrators)
