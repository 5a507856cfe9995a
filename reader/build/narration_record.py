"""Where a narrator's recording was found to say each sentence: audio/narration/<key>.json,
written once by the build that aligned it, so that later builds, `reader status` and a
re-cut of a damaged passage never align an hour's recording again. Its key is the recording's
SHA-256, the aligner's version and every narrated passage's text, words and spoken forms:
an edit anywhere aligns anew (the recording does not know where one passage ends)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import ReaderError
from ..files import atomic_write
from ..speech.base import AlignedSentence
from ..text_files import read_bounded

FORMAT = 1
MAX_RECORD_BYTES = 64 * 1024 * 1024
MAX_UNSURE_SHARE = 0.2        # a passage with more unsure words than this is spoken instead


def narration_key(recording_sha256: str, aligner: str, lang: str, passages: list) -> str:
    blob = json.dumps([FORMAT, recording_sha256, aligner, lang, passages], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


_digests: dict[tuple[Path, int, int], str] = {}


def recording_sha256(path: Path) -> str:
    """The recording's SHA-256, once a process for a file of this size and time."""
    state = path.stat()
    known = (path, state.st_size, state.st_mtime_ns)
    if known not in _digests:
        with path.open("rb") as f:                  # read a block at a time: it may be 2 GB
            _digests[known] = hashlib.file_digest(f, "sha256").hexdigest()
    return _digests[known]


@dataclass(frozen=True)
class NarrationRecord:
    key: str
    lang: str
    passages: dict[str, tuple[AlignedSentence, ...]]   # passage id → its sentences, in order

    def usable(self, passage: str) -> bool:
        """Every sentence found and few enough words unsure to publish its highlights."""
        places = self.passages.get(passage, ())
        words = [w for p in places for w in p.word_starts]
        return bool(places) and all(p.found for p in places) and \
            sum(w is None for w in words) <= MAX_UNSURE_SHARE * len(words)

    def counts(self) -> dict[str, int]:
        """Words placed, unsure, and in sentences not found; sentences not found."""
        places = [p for sentences in self.passages.values() for p in sentences]
        return {"words": sum(len(p.word_starts) for p in places),
                "aligned": sum(w is not None for p in places if p.found for w in p.word_starts),
                "unsure": sum(w is None for p in places if p.found for w in p.word_starts),
                "missing_words": sum(len(p.word_starts) for p in places if not p.found),
                "missing_sentences": sum(not p.found for p in places)}

    def encoded(self) -> bytes:
        data = {"format": FORMAT, "key": self.key, "lang": self.lang,
                "passages": {pid: [asdict(p) for p in places] for pid, places in self.passages.items()}}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, self.encoded())

    @classmethod
    def read(cls, path: Path) -> NarrationRecord | None:
        """The record, checked; None if there is none or it is not whole (the build aligns anew)."""
        try:
            data = json.loads(read_bounded(path, MAX_RECORD_BYTES))
            passages = {str(pid): tuple(place(p) for p in places) for pid, places in data["passages"].items()}
            if data["format"] != FORMAT or not isinstance(data["key"], str) or not isinstance(data["lang"], str):
                return None
            return cls(data["key"], data["lang"], passages)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ReaderError):
            return None


def place(raw: dict) -> AlignedSentence:
    def position(value) -> int | None:
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(value)
        return value

    cost = raw["cost"]
    if not isinstance(cost, int | float):
        raise TypeError(cost)
    return AlignedSentence(position(raw["start"]), position(raw["end"]), tuple(position(w) for w in raw["word_starts"]),
                         float(cost))
