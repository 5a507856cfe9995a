"""The timing map itself, as the build wrote it (compact JSON): what the page plays from."""
from __future__ import annotations

import json

from .base import Built, Format


def render(built: Built) -> bytes:
    return json.dumps(built.timing.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


FORMAT = Format("json", "json", "application/json", "the timing map: passages, sentences and words in ms",
                render, page_file="timings.json")
