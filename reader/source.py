"""Stage 1: the scraped interview text → cleaned passages with stable ids.

The source was scraped from a web page. Each clean-up is a small function so that
what it fixes is visible and tested on its own; `read_article` applies them in order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReaderError
from .text_files import check_length, read_text

# Shown with the article but not read aloud: translated like passages, never spoken.
UNSPOKEN = ("content-note", "credits")


@dataclass(frozen=True)
class Passage:
    """One unit of the article: translated, spoken and highlighted as a whole."""

    id: str
    kind: str
    text: str


@dataclass(frozen=True)
class Article:
    passages: tuple[Passage, ...]

    def get(self, passage_id: str) -> Passage:
        return next(p for p in self.passages if p.id == passage_id)


# --- clean-up: one artifact each -------------------------------------------------

def fix_triple_hyphen_dash(text: str) -> str:
    """`---` is how the scrape spelled an em dash."""
    return re.sub(r"\s*-{3}\s*", "—", text)


def collapse_spaces(text: str) -> str:
    """Double spaces and trailing blanks come from the page's markup, not the author."""
    return re.sub(r"[ \t\r\u00a0\u2028\u2029]+", " ", text).strip()


def drop_unbalanced_closing_quote(text: str) -> str:
    """A closing ” with no opening “ in the same block was left over from a page-wide quote."""
    if text.endswith("”") and text.count("”") > text.count("“"):
        return text[:-1].rstrip()
    return text


def dedupe_lines(lines: list[str]) -> list[str]:
    """The photo caption appears twice in a row (image alt text and caption)."""
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def clean_block(lines: list[str]) -> str:
    text = " ".join(dedupe_lines([collapse_spaces(line) for line in lines if line.strip()]))
    return drop_unbalanced_closing_quote(collapse_spaces(fix_triple_hyphen_dash(text)))


# --- structure ------------------------------------------------------------------

def split_blocks(raw: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, each with the 1-based line number it starts on."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(raw.split("\n"), start=1):  # not splitlines: U+2028 ends no line
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


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


def read_article(path: Path) -> Article:
    try:
        raw = read_text(path)
    except FileNotFoundError:
        raise ReaderError(f"{path}: source text not found") from None
    if path.suffix == ".md":
        from .source_format import parse_marked
        return parse_marked(raw, str(path))
    return parse_article(raw, str(path))
