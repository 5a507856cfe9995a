"""The interview's text as scraped from its web page (`.txt`): blocks cleaned of the page's
artifacts (cleanup.py), their kinds inferred from their place and wording."""
from __future__ import annotations

import re

from ..errors import ReaderError
from ..text_files import check_length
from .cleanup import clean_block, split_blocks
from .model import Article, Passage


def title_quote(title: str) -> str | None:
    """The quotation in the title, which the body repeats as a pull-quote."""
    match = re.search(r"“([^”]+)”", title)
    return match.group(1).rstrip(".") if match else None


def classify(index: int, text: str, quote: str | None, seen: set[str]) -> str:
    if index == 0:
        return "title"
    if "Photo:" in text and "caption" not in seen:
        return "caption"
    if "standfirst" not in seen:
        return "standfirst"
    if text.startswith("For more stories"):
        return "more"
    if re.match(r"About [^:]{1,60}:", text):
        return "bio"
    if quote and text.rstrip(".") == quote:
        return "pullquote"
    return "interview"


def passage_id(kind: str, body_number: int) -> str:
    """Body paragraphs (interview and pull-quote alike) are numbered p1, p2 … in order, so
    editing any passage's text, or its kind, never renumbers another."""
    return f"p{body_number}" if kind in ("interview", "pullquote") else kind


def parse_article(raw: str, origin: str = "<text>") -> Article:
    passages: list[Passage] = []
    seen: set[str] = set()
    quote: str | None = None
    body = 0
    for index, (line_no, lines) in enumerate(split_blocks(raw)):
        text = clean_block(lines)
        check_length(text, f"{origin}:{line_no}", "this paragraph")
        kind = classify(index, text, quote, seen)
        if kind in seen and kind in ("title", "caption", "standfirst", "more", "bio"):
            raise ReaderError(f"{origin}:{line_no}: a second '{kind}' block; the article has one")
        seen.add(kind)
        if kind == "title":
            quote = title_quote(text)
        if kind in ("interview", "pullquote"):
            body += 1
        passages.append(Passage(passage_id(kind, body), kind, text))
    if not passages:
        raise ReaderError(f"{origin}: no text found")
    return Article(tuple(passages))


