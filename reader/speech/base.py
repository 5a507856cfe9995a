"""What every speech engine gives: one sentence's PCM and where each of its words starts."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..segment import Span

if TYPE_CHECKING:           # annotations only: a build with nothing to do need not import numpy
    import numpy as np


@dataclass(frozen=True)
class Utterance:
    """PCM of one sentence and, per word, the sample it starts at (None: the engine lost it).
    `estimated`: the word times are a guess (spread by characters), not found in the audio."""

    pcm: np.ndarray  # int16, mono
    sample_rate: int
    word_starts: tuple[int | None, ...]
    estimated: bool = False
    unsure_words: bool = False   # a None start is a word not found in the audio (a narration), not a lost mark


@dataclass(frozen=True)
class AlignedSentence:
    """Where a sentence of a narration is in its recording, in samples at the recording's rate; None when it
    was not found. A word start of None: unsure (skipped, or not what the text says)."""

    start: int | None
    end: int | None
    word_starts: tuple[int | None, ...]
    cost: float

    @property
    def found(self) -> bool:
        return self.start is not None


class SpeechEngine(Protocol):
    name: str
    version: str

    def voice(self, lang: str) -> str: ...

    def speak(self, text: str, words: Sequence[Span], lang: str,
              spoken: Sequence[str] | None = None) -> Utterance: ...
