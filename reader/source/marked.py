"""The article format (`.md`, documented in the README, "Writing an article"): blocks separated by blank lines,
each a paragraph unless it starts with a marker. Lines of a block are joined, so paragraphs
may be hard-wrapped.

    # Title                     the title (first, once)
    Caption: …                  photo caption          Standfirst: …   the introduction
    > …                         a pull-quote           More: …         a closing pointer
    Bio: …                      about the author       Credits: …      footer, not read aloud
    Content note: …             shown before the article (topics it discusses), not read aloud

Body paragraphs and pull-quotes are numbered p1, p2 … in order; the others take their kind as
their id, so translations stay attached when paragraphs around them change.
"""
from __future__ import annotations

import re

from ..errors import ReaderError
from ..text_files import check_length
from .cleanup import clean_block, split_blocks
from .model import Article, Passage

MARKERS = {"caption:": "caption", "standfirst:": "standfirst", "more:": "more", "bio:": "bio",
           "credits:": "credits", "content note:": "content-note"}
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


def parse_marked(raw: str, origin: str = "<text>") -> Article:
    passages: list[Passage] = []
    seen: set[str] = set()
    body = 0
    for line_no, lines in split_blocks(raw):
        kind, text = block_kind(lines)
        where = f"{origin}:{line_no}"
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
    return Article(tuple(passages))
