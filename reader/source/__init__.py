"""The source: an article file → passages with stable ids (`Article`). Two formats: the
article format (`.md`, marked.py) and the text as scraped from the web page (`.txt`, scraped.py)."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReaderError
from ..text_files import read_text
from .marked import parse_marked
from .model import Article
from .scraped import parse_article


def read_article(path: Path) -> Article:
    try:
        raw = read_text(path)
    except FileNotFoundError:
        raise ReaderError(f"{path}: source text not found") from None
    if path.suffix == ".md":
        return parse_marked(raw, str(path))
    return parse_article(raw, str(path))
