"""Narrations whose word starts are known, for the aligner's tests and benchmark: an article's
sentences read by espeak-ng at another rate and voice variant than the reference rendering,
with pauses between them, and perturbed as a room, a phone and a person would perturb them
(noise, a narrow band, a tempo drift, a pause and a cough, a false start, a skipped word, a
phrase not in the text). The truth is where each word starts in the result."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace

import numpy as np

from reader.build.plan import plan
from reader.build.speaking import relative_word_spans
from reader.library import ArticleRef
from reader.settings import Settings
from reader.speech.espeak_ng import EspeakEngine, espeak
from reader.speech.narration import Reference


@dataclass(frozen=True)
class Sentence:
    text: str
    words: list[tuple[int, int]]
    lang: str
    spoken: tuple[str, ...]
    passage: str


@dataclass(frozen=True)
class Narration:
    """A recording and, per sentence, the sample each word starts at (None: not said)."""

    pcm: np.ndarray
    rate: int
    truth: list[list[int | None]]

    def seconds(self) -> float:
        return self.pcm.size / self.rate


def sentences_of(settings: Settings, article: ArticleRef, lang: str, passages: int = 0) -> list[Sentence]:
    """The sentences a page in `lang` speaks, in order (the first `passages` passages, or all)."""
    jobs = plan(settings, article, [lang], engines={lang: "espeak-ng"}).jobs[lang]
    return [Sentence(job.translation.text[s.span[0]:s.span[1]], relative_word_spans(s), job.translation.lang,
                     spoken, job.translation.passage_id)
            for job in jobs[:passages or None] for s, spoken in zip(job.sentences, job.spoken, strict=True)]


def references(sentences: list[Sentence]) -> list[Reference]:
    """What the aligner compares with: the product's espeak-ng rendering of each sentence."""
    spoken = [espeak().speak(s.text, s.words, s.lang, s.spoken) for s in sentences]
    return [Reference(u.pcm, u.sample_rate, u.word_starts) for u in spoken]


def narrator(variant: str, rate: int) -> EspeakEngine:
    """espeak-ng as another speaker: a voice variant (+f3, +klatt…) at another rate."""
    engine = EspeakEngine()
    engine.VOICES = {lang: voice + variant for lang, voice in EspeakEngine.VOICES.items()}
    engine.RATES = dict.fromkeys(EspeakEngine.VOICES, rate)
    return engine


def read_aloud(sentences: list[Sentence], engine: EspeakEngine, seed: int = 1) -> tuple[Narration, list]:
    """Each sentence spoken with a pause of 0.2-0.7 s before it; also the utterances, which
    the perturbations below cut."""
    rng = random.Random(seed)
    pieces, truth, at, utterances = [], [], 0, []
    for s in sentences:
        u = engine.speak(s.text, s.words, s.lang, s.spoken)
        gap = np.zeros(int(u.sample_rate * rng.uniform(0.2, 0.7)), dtype=np.int16)
        pieces += [gap, u.pcm]
        truth.append([None if w is None else at + gap.size + w for w in u.word_starts])
        at += gap.size + u.pcm.size
        utterances.append(u)
    return Narration(np.concatenate(pieces), utterances[0].sample_rate, truth), utterances


def shifted(truth: list[list[int | None]], after: int, by: int) -> list[list[int | None]]:
    return [[None if w is None else w + by if w >= after else w for w in words] for words in truth]


def inserted(n: Narration, sentence: int, pcm: np.ndarray) -> Narration:
    """`pcm` put in just before a sentence's first word (a pause, a cough, words not in the text)."""
    at = next(w for w in n.truth[sentence] if w is not None)
    return Narration(np.concatenate([n.pcm[:at], pcm, n.pcm[at:]]), n.rate, shifted(n.truth, at, pcm.size))


def cough(rate: int, seed: int = 2) -> np.ndarray:
    """2 s of silence and a cough: a quarter second of loud, decaying low noise."""
    rng = np.random.default_rng(seed)
    burst = rng.normal(0, 6000, int(rate * 0.25)) * np.exp(-np.linspace(0, 5, int(rate * 0.25)))
    burst = np.convolve(burst, np.ones(8) / 8, mode="same")
    silence = np.zeros(rate, dtype=np.float64)
    return np.concatenate([silence, burst, silence]).astype(np.int16)


def false_start(n: Narration, utterances: list, sentence: int) -> Narration:
    """The first 40 % of a sentence said, a breath, then the whole sentence (the truth)."""
    part = utterances[sentence].pcm[: int(utterances[sentence].pcm.size * 0.4)]
    return inserted(n, sentence, np.concatenate([part, np.zeros(n.rate // 2, dtype=np.int16)]))


def skipped_word(n: Narration, sentence: int, word: int) -> Narration:
    """One word of a sentence left out (its samples cut): it has no true start."""
    starts = n.truth[sentence]
    begin, end = starts[word], starts[word + 1]
    assert begin is not None and end is not None
    truth = shifted(n.truth, end, begin - end)
    truth[sentence][word] = None
    return Narration(np.concatenate([n.pcm[:begin], n.pcm[end:]]), n.rate, truth)


def extra_phrase(n: Narration, sentence: int, words: Narration) -> Narration:
    """Words not in the text (another article's sentence) said before a sentence."""
    return inserted(n, sentence, np.concatenate([words.pcm, np.zeros(n.rate // 3, dtype=np.int16)]))


def with_room(n: Narration, snr_db: float = 20.0, seed: int = 3) -> Narration:
    """A room: a short reverberation and steady noise at `snr_db` below the speech."""
    rng = np.random.default_rng(seed)
    x = n.pcm.astype(np.float64)
    tail = np.exp(-np.arange(int(n.rate * 0.3)) / (n.rate * 0.05)) * rng.normal(0, 1, int(n.rate * 0.3))
    tail[0] = 1.0
    wet = fft_convolve(x, tail / np.abs(tail).sum() * 4)
    wet *= np.sqrt((x ** 2).mean() / max((wet ** 2).mean(), 1e-9))
    speech_power = (wet[np.abs(wet) > 100] ** 2).mean()
    noise = np.cumsum(rng.normal(0, 1, x.size))        # brown: a room's hum is low
    noise -= np.convolve(noise, np.ones(400) / 400, mode="same")
    noise *= np.sqrt(speech_power / 10 ** (snr_db / 10) / (noise ** 2).mean())
    return replace(n, pcm=np.clip(wet + noise, -32768, 32767).astype(np.int16))


def fft_convolve(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    size = 1 << int(np.ceil(np.log2(x.size + h.size)))
    return np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(h, size), size)[: x.size]


def by_phone(n: Narration) -> Narration:
    """A phone's microphone: 300-3400 Hz only."""
    spectrum = np.fft.rfft(n.pcm.astype(np.float64))
    freqs = np.fft.rfftfreq(n.pcm.size, 1 / n.rate)
    spectrum[(freqs < 300) | (freqs > 3400)] = 0
    return replace(n, pcm=np.clip(np.fft.irfft(spectrum, n.pcm.size), -32768, 32767).astype(np.int16))


def drifting(n: Narration, drift: float = 0.03) -> Narration:
    """The narrator slows steadily, ending 3 % slower than they began."""
    length = n.pcm.size
    source = np.arange(length, dtype=np.float64)
    target = source + drift * source ** 2 / (2 * length)         # where each sample lands
    out = np.arange(int(target[-1]) + 1, dtype=np.float64)
    pcm = np.interp(np.interp(out, target, source), source, n.pcm.astype(np.float64)).astype(np.int16)
    moved = [[None if w is None else int(target[w]) for w in words] for words in n.truth]
    return Narration(pcm, n.rate, moved)


def errors_ms(found, truth: list[list[int | None]], rate: int) -> tuple[list[float], int, int]:
    """Word-start errors of the words placed, how many were marked unsure, and how many
    words the narration says that the aligner placed nowhere (missing sentences)."""
    errors, unsure, missing = [], 0, 0
    for sentence, words in zip(found, truth, strict=True):
        for start, true in zip(sentence.word_starts, words, strict=True):
            if true is None:
                continue
            if not sentence.found:
                missing += 1
            elif start is None:
                unsure += 1
            else:
                errors.append(abs(start - true) * 1000 / rate)
    return errors, unsure, missing
