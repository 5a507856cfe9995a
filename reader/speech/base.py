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


class SpeechEngine(Protocol):
    name: str
    version: str

    def voice(self, lang: str) -> str: ...

    def speak(self, text: str, words: Sequence[Span], lang: str,
              spoken: Sequence[str] | None = None) -> Utterance: ...
