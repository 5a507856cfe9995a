"""What the speech engine is given to say, word by word, without touching what is shown.

A per-language lexicon (translations/pronunciation/<lang>.toml, for a reviewer to edit) maps a
displayed word to its spoken form; between words, an em dash becomes a pause. The engine still
gets one mark per displayed word, so every spoken form stays tied to its word on the page.
Abbreviations and years must each have an entry: `reader status --check` names any that has none.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..errors import ReaderError
from ..segment import Span, is_abbreviation
from ..text_files import read_text


@lru_cache(maxsize=16)
def _read(path: Path, mtime: float) -> dict[str, str]:
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ReaderError(f"{path}: {exc}") from None
    words = data.get("words", {})
    bad = [k for k, v in words.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise ReaderError(f"{path}: the spoken form of {bad[0]!r} must be non-empty text")
    return dict(words)


def lexicon(folder: Path, lang: str) -> dict[str, str]:
    path = folder / f"{lang}.toml"
    return _read(path, path.stat().st_mtime) if path.exists() else {}


YEAR = re.compile(r"1\d{3}|20\d{2}")


def needs_an_entry(word: str) -> bool:
    """An abbreviation (two capitals in a row: ООН-женщины, АҚШ, UN) or a year: engines spell
    the one letter by letter or not, and read the other as a plain number, so each needs a
    reviewed spoken form (or itself, once heard to be right) in the lexicon."""
    return bool(YEAR.fullmatch(word)) or any(word[i].isupper() and word[i + 1].isupper() for i in range(len(word) - 1))


def without_entry(text: str, words: Sequence[Span], words_lexicon: dict[str, str]) -> set[str]:
    return {text[a:b] for a, b in words if text[a:b] not in words_lexicon and needs_an_entry(text[a:b])}


def spoken_words(text: str, words: Sequence[Span], words_lexicon: dict[str, str]) -> list[str]:
    """The form to say for each displayed word (the word itself unless the lexicon says)."""
    return [words_lexicon.get(text[start:end], text[start:end]) for start, end in words]


def spoken_gap(gap: str, after: str = "", lang: str = "") -> str:
    """Text between two words as it should sound: an em dash is a pause; the dot after an
    abbreviation or an initial ("Ms.", "А.") goes, as espeak-ng would take it for the end of
    a clause and drop the next word's mark."""
    if after and gap.startswith(".") and is_abbreviation(after, lang):
        gap = gap[1:]
    return gap.replace("—", ", ").replace("–", ", ")


def spoken_text(text: str, words: Sequence[Span], spoken: Sequence[str], lang: str) -> str:
    """The whole sentence as an engine without marks (gTTS) should say it."""
    parts, cursor, previous = [], 0, ""
    for (start, end), say in zip(words, spoken, strict=True):
        parts += [spoken_gap(text[cursor:start], previous, lang), say]
        cursor, previous = end, text[start:end]
    parts.append(spoken_gap(text[cursor:], previous, lang))
    return "".join(parts).strip()
