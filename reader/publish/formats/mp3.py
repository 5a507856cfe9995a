"""The article's MP3 as built: its audio with its ID3 tags (title, chapters, cover)."""
from __future__ import annotations

from .base import Built, Format

FORMAT = Format("mp3", "mp3", "audio/mpeg", "the article's audio, with its chapters and cover",
                Built.mp3, binary=True)
