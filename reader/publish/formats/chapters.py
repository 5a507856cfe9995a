"""Podcasting 2.0 JSON chapters: one per passage, at its start, titled in the page's language
with what the page calls the passage and its first words (as the MP3's chapters are)."""
from __future__ import annotations

import json

from ..passage_view import numbered_views
from ..titles import opening
from .base import Built, Format


def render(built: Built) -> bytes:
    chapters = [{"startTime": view.timing.offset_ms / 1000,
                 "title": f"{built.label(view.timing.kind, view.number)}: {opening(view.timing.text)}"}
                for view in numbered_views(built.timing.passages)]
    return json.dumps({"version": "1.2.0", "chapters": chapters}, ensure_ascii=False).encode("utf-8")


FORMAT = Format("chapters", "json", "application/json+chapters", "Podcasting 2.0 chapters, one per passage",
                render, page_file="chapters.json")
