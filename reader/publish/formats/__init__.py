"""Every output made from a built language of an article, one module each (as aeneas's
syncmap/ has), and the table that `reader export`'s choices, the server's routes beside each
page and the static export's files come from. A new format is a module with a FORMAT and a
line below."""
from __future__ import annotations

from . import chapters, epub, json_map, mp3, smil, webvtt
from .base import Built, Format

FORMATS: dict[str, Format] = {f.name: f for f in (
    mp3.FORMAT,
    webvtt.FORMAT,
    smil.FORMAT,
    json_map.FORMAT,
    epub.FORMAT,
    chapters.FORMAT,
)}

# The files beside each article's page (/<lang>/<slug>/timings.json …), served and exported.
PAGE_FILES: dict[str, Format] = {f.page_file: f for f in FORMATS.values() if f.page_file}

__all__ = ["FORMATS", "PAGE_FILES", "Built", "Format"]
