"""What the published things are called: a passage as the page names it ("Paragraph 3") and a
chapter's title (a passage's first words), the same in the MP3, the feeds' chapters and the
pages."""
from __future__ import annotations

import re
from collections.abc import Callable


def opening(text: str, words: int = 8) -> str:
    """A passage's first words, for a chapter's title (in the MP3 and the feeds' chapters)."""
    gaps = list(re.finditer(r"\s+", text.strip()))
    if len(gaps) < words:
        return text.strip()
    return text.strip()[:gaps[words - 1].start()].rstrip(".,;:") + "…"


def english(message: str, **variables: object) -> str:
    """The interface string as written (its English), for output made outside a page."""
    return message % variables if variables else message


def passage_label(kind: str, number: int, _: Callable[..., str] = english) -> str:
    """What the page calls a passage (its data-label for screen readers) and a chapter's name:
    "Paragraph 3", "Photo caption", in the language `_` translates into. (Each string is
    written out in a call of _ so that pybabel finds it.)"""
    named = {"title": _("Title"), "caption": _("Photo caption"), "standfirst": _("Introduction"),
             "pullquote": _("Quote"), "more": _("More stories"), "bio": _("Biography")}
    return named.get(kind) or _("Paragraph %(number)s", number=number)
