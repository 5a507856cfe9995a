"""A spoken passage as the build keeps it between runs: its PCM (audio/pcm/<key>.flac) and its
record (audio/<key>.json): length, rate, the PCM's SHA-256 and its sentences' and words'
timings. One typed form, checked when read: a record that does not read whole is no record,
and the passage is spoken again."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..timing_map import SentenceTiming, sentence_from_json


@dataclass(frozen=True)
class PassageAudio:
    key: str                                  # the audio key: what it was made from
    samples: int
    sample_rate: int
    flac_sha256: str                          # of audio/pcm/<key>.flac as it was written
    sentences: tuple[SentenceTiming, ...]     # times from the passage's own start

    @property
    def duration_ms(self) -> int:
        return self.samples * 1000 // self.sample_rate

    @staticmethod
    def path(audio_dir: Path, key: str) -> Path:
        return audio_dir / f"{key}.json"

    def encoded(self) -> bytes:
        return json.dumps({"duration_ms": self.duration_ms, "samples": self.samples, "sample_rate": self.sample_rate,
                           "sha256": {"flac": self.flac_sha256},
                           "sentences": [asdict(s) for s in self.sentences]}, ensure_ascii=False).encode()

    @classmethod
    def read(cls, audio_dir: Path, key: str) -> PassageAudio | None:
        """The record, or None where there is none or it does not read whole."""
        try:
            data = json.loads(cls.path(audio_dir, key).read_text(encoding="utf-8"))
            record = cls(key, data["samples"], data["sample_rate"], data["sha256"]["flac"],
                         tuple(sentence_from_json(s) for s in data["sentences"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        well_typed = (isinstance(record.samples, int) and record.samples >= 0 and isinstance(record.sample_rate, int)
                      and record.sample_rate > 0 and isinstance(record.flac_sha256, str))
        return record if well_typed else None
