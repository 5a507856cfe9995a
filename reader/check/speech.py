"""`reader check speech`: a speech recogniser as a stand-in listener. Every built passage of a
language is transcribed by a Whisper model in CTranslate2 form (faster-whisper, the optional
[asr] extra; the model is a folder the operator provides, never downloaded) and scored against
its text, so that an editor knows which passages to listen to and which words need a lexicon
entry. Decoding is deterministic: beam search at temperature 0 with no fallback to sampling,
no window conditioned on the one before, and no segment dropped as "no speech"."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import ReaderError
from ..library import ArticleRef
from ..settings import SCRIPT_VARIANTS, Settings
from ..timing_map import PassageTiming, read_map
from . import scoring

WHISPER_RATE = 16_000
DECODING = {"beam_size": 5, "temperature": 0.0, "condition_on_previous_text": False,
            "compression_ratio_threshold": None, "log_prob_threshold": None, "no_speech_threshold": None,
            "vad_filter": False}


@dataclass(frozen=True)
class PassageCheck:
    passage: str
    lang: str
    heard: str
    wer: float
    cer: float
    wer_without_numbers: float
    cer_without_numbers: float
    misheard: list[tuple[str, str]]


@dataclass
class LanguageCheck:
    article: str
    lang: str
    passages: list[PassageCheck] = field(default_factory=list)
    total: scoring.Score = scoring.Score(0, 0, 0, 0)
    total_without_numbers: scoring.Score = scoring.Score(0, 0, 0, 0)

    @property
    def most_misheard(self) -> list[tuple[str, int]]:
        counts = Counter(written for p in self.passages for written, _ in p.misheard)
        return counts.most_common(10)

    def as_json(self) -> dict:
        return {"article": self.article, "lang": self.lang, "wer": self.total.wer, "cer": self.total.cer,
                "wer_without_numbers": self.total_without_numbers.wer,
                "cer_without_numbers": self.total_without_numbers.cer,
                "most_misheard": self.most_misheard, "passages": [asdict(p) for p in self.passages]}


def load_model(folder: Path):
    """The operator's Whisper model: one line if the extra or the model is missing."""
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise ReaderError("the speech check needs faster-whisper: pip install 'reader[asr]' "
                          "(or pip install faster-whisper)") from None
    if not (folder / "model.bin").is_file() or not (folder / "tokenizer.json").is_file():
        raise ReaderError(f"{folder}: not a Whisper model in CTranslate2 form (it needs model.bin and "
                          "tokenizer.json, as faster-whisper's models have)")
    try:
        return WhisperModel(str(folder), device="cpu", compute_type="int8")
    except (RuntimeError, ValueError, OSError) as exc:
        raise ReaderError(f"{folder}: faster-whisper cannot load it ({exc})") from None


def passage_audio(audio_dir: Path, passage: PassageTiming):
    """The passage's own samples (its lossless PCM), as float at Whisper's rate."""
    import numpy as np
    import soundfile

    from ..speech.align import resample  # with numpy, as above: only when a model listens

    pcm, rate = soundfile.read(str(audio_dir / passage.audio), dtype="int16")
    return (resample(pcm, rate, WHISPER_RATE).astype(np.float32) / 32768).astype(np.float32)


def transcribe(model, samples, lang: str) -> str:
    segments, _ = model.transcribe(samples, language=lang, **DECODING)
    return "".join(segment.text for segment in segments).strip()


def check_passage(model, audio_dir: Path, passage: PassageTiming) -> tuple[PassageCheck, scoring.Score, scoring.Score]:
    heard = transcribe(model, passage_audio(audio_dir, passage), passage.lang)
    ref, hyp = scoring.words(passage.text), scoring.words(heard)
    plain = scoring.score(ref, hyp)
    no_numbers = scoring.score(scoring.without_numbers(ref), scoring.without_numbers(hyp))
    return (PassageCheck(passage.id, passage.lang, heard, plain.wer, plain.cer, no_numbers.wer, no_numbers.cer,
                         scoring.misheard(ref, hyp)), plain, no_numbers)


def check_language(model, settings: Settings, article: ArticleRef, lang: str, on_start=lambda total: None,
                   on_passage=lambda: None) -> LanguageCheck:
    """Every spoken passage of the article's built language (not the notes, which are not spoken)."""
    if lang in SCRIPT_VARIANTS:
        raise ReaderError(f"{lang} is {SCRIPT_VARIANTS[lang]}'s audio in another script: check {SCRIPT_VARIANTS[lang]}")
    try:
        timing = read_map(article.timing_map(lang))
    except FileNotFoundError:
        raise ReaderError(f"{article.slug}: {lang} is not built yet; run: reader build --lang {lang}") from None
    result = LanguageCheck(article.slug, lang)
    on_start(len(timing.passages))
    for passage in timing.passages:
        found, plain, no_numbers = check_passage(model, settings.audio, passage)
        result.passages.append(found)
        result.total += plain
        result.total_without_numbers += no_numbers
        on_passage()
    return result
