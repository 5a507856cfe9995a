"""What a build must do: per page language, every passage's text, its sentences and words,
what to say for each word, the engine that speaks it and the audio key naming its files. The
key is a hash of all of these, so a passage is rebuilt exactly when one of them changes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReaderError
from ..library import ArticleRef
from ..segment import Sentence, segment
from ..settings import LANGUAGES, SOURCE_LANG, Settings
from ..source import read_article
from ..source.model import UNSPOKEN
from ..speech.engines import ENGINES, FALLBACK, NARRATION, engine_named, get_engine
from ..speech.pronounce import lexicon, spoken_words
from ..speech.voices import Voice, chosen, installed
from ..timing_map import Engine
from ..translation.translate import Translation, in_step, resolve
from .audio import audio_key
from .integrity import current_map, is_built
from .narration_record import NarrationRecord, narration_key, recording_sha256


@dataclass(frozen=True)
class Job:
    """One passage to be spoken in one page language."""

    page_lang: str
    engine: str
    translation: Translation
    sentences: tuple[Sentence, ...]
    spoken: tuple[tuple[str, ...], ...]   # per sentence, what to say for each word
    key: str
    voice_model: Path | None = None      # the voice file (a Piper voice's .onnx), for an engine that takes one
    voice_sha256: str = ""               # its digest, as in the key: a cluster's worker finds its own copy by it


@dataclass(frozen=True)
class Narration:
    """A narrator's recording of the article in one language, and where it was found to say
    each passage (None until a build aligns it)."""

    lang: str
    path: Path
    sha256: str
    key: str
    aligner: str                 # the aligner's version: a new one aligns and cuts anew
    narrator: str
    record: NarrationRecord | None

    def reads(self, t: Translation) -> bool:
        """Whether it speaks this passage: one in its language, found in it (or not yet looked for)."""
        return t.lang == self.lang and (self.record is None or self.record.usable(t.passage_id))


@dataclass(frozen=True)
class Plan:
    """One article's work: per page language, its passages in order."""

    jobs: dict[str, list[Job]]   # page language → its passages in order
    notes: dict[str, list[Translation]] = field(default_factory=dict)   # shown, not spoken: credits…
    date: str = ""               # the article's details, carried into its maps
    author: str = ""
    narrations: dict[str, Narration] = field(default_factory=dict)   # page language → its recording

    def missing(self, audio_dir: Path) -> list[Job]:
        return [j for jobs in self.jobs.values() for j in jobs if not is_built(audio_dir, j.key)]


def check_languages(langs: Iterable[str]) -> list[str]:
    langs = list(langs) or list(LANGUAGES)
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown:
        raise ReaderError(f"unknown language {unknown[0]!r}; supported: {', '.join(LANGUAGES)}")
    return langs


def installed_voices(settings: Settings) -> dict[str, Voice]:
    """The Piper voice that speaks each language, of those installed."""
    return chosen(installed(settings.voice_folder), settings.voices, settings.voice_folder)


def engine_info(engines: dict[str, str], voices: dict[str, Voice]) -> dict[str, Engine]:
    """Per language, the engine that speaks it and, for a voice file, the credit it is owed."""
    info = {}
    for lang, name in engines.items():
        voice = voices[lang] if ENGINES[name].voiced else None
        engine = get_engine(name, voice.path if voice else None)
        info[lang] = (Engine(name, engine.version, voice.name, voice.dataset, voice.licence) if voice
                      else Engine(name, engine.version, engine.voice(lang)))
    return info


def choose_engines(langs: Iterable[str], mode: str, voices: dict[str, Voice]) -> tuple[dict[str, str], list[str]]:
    """Per page language, the engine to speak it: the first in the engine table (ENGINES) that
    speaks it and, if it is online, answers (probed once); else espeak-ng. `mode` names one
    engine to prefer where it can speak. Returns the choice and one line per fallback."""
    chosen = engine_named(mode)
    kinds = [chosen] if chosen else list(ENGINES.values())
    engines = {lang: FALLBACK.name for lang in langs}
    notes = []
    for kind in kinds:
        if kind is FALLBACK:
            continue
        open_langs = [lang for lang in engines if engines[lang] == FALLBACK.name]
        able = [lang for lang in open_langs if kind.speaks(lang, voices)]
        unable = [lang for lang in open_langs if lang not in able]
        if chosen and unable and kind.cannot:
            notes.append(kind.cannot.format(langs=", ".join(unable)))
        problem = kind.probe(able[0]) if able and kind.online else ""
        if problem:
            notes.append(f"{kind.label} unavailable, so espeak-ng speaks {', '.join(able)}: {problem}")
            continue
        engines.update({lang: kind.name for lang in able})
    return engines, notes


def espeak_notes(engines: dict[str, str], mode: str) -> list[str]:
    """Where espeak-ng speaks a language for want of a better voice, one line each, with the
    command that installs one (not when the operator chose espeak-ng)."""
    if engine_named(mode) is FALLBACK:
        return []
    from ..speech.catalogue import RECOMMENDED  # with urllib: only where a note may be due

    return [f"{lang}: espeak-ng speaks it, which listeners follow poorly; a neural voice: "
            f"reader voices install {RECOMMENDED[lang]} (reader voices available --lang {lang} lists others)"
            for lang, engine in engines.items() if engine == FALLBACK.name and lang in RECOMMENDED]


def plan(settings: Settings, ref: ArticleRef, langs: Iterable[str] = (),
         engines: dict[str, str] | None = None) -> Plan:
    """Read the article's source and its catalogs as they follow it (in memory: a plan writes
    nothing; a build keeps the catalogs in step first, translate.keep_in_step)."""
    article = read_article(ref.source)
    jobs: dict[str, list[Job]] = {}
    notes: dict[str, list[Translation]] = {}
    voices = installed_voices(settings)
    narrations: dict[str, Narration] = {}
    for lang in check_languages(langs):
        page_engine = ENGINES[(engines or {}).get(lang, FALLBACK.name)]
        catalog = None
        if lang != SOURCE_LANG:
            catalog = in_step(ref.catalog(lang), lang, article)
        jobs[lang], notes[lang] = [], []
        said = []
        for t in resolve(article, catalog, lang):
            if t.kind in UNSPOKEN:
                notes[lang].append(t)
                continue
            sentences = segment(t.text, t.lang, t.passage_id)
            if not sentences:
                raise ReaderError(f"passage {t.passage_id} ({lang}): no words to speak in {t.text[:40]!r}")
            spans = [[list(s.span), [list(w.span) for w in s.words]] for s in sentences]
            words_lexicon = lexicon(settings.pronunciation, t.lang)
            spoken = tuple(tuple(spoken_words(t.text, [w.span for w in s.words], words_lexicon)) for s in sentences)
            said.append((t, sentences, spans, spoken))
        narration = narration_of(ref, lang, said, article.narrator(lang))
        if narration:
            narrations[lang] = narration
        for t, sentences, spans, spoken in said:
            if narration and narration.reads(t):
                key = audio_key(text=t.text, lang=t.lang, engine=NARRATION, engine_version=narration.aligner,
                                voice=narration.sha256, narration=narration.key, passage=t.passage_id,
                                segmentation=spans, spoken=spoken)
                jobs[lang].append(Job(lang, NARRATION, t, sentences, spoken, key, narration.path, narration.sha256))
                continue
            # A passage in another language than its page (English until translated) is spoken by
            # that language's Piper voice if one is installed, else by espeak-ng.
            kind = page_engine if page_engine.speaks(t.lang, voices) else FALLBACK
            model = voices[t.lang].path if kind.voiced else None
            engine = get_engine(kind.name, model)
            voice_sha256 = voices[t.lang].sha256 if model else ""
            fingerprint = {"voice_sha256": voice_sha256} if model else {}
            key = audio_key(text=t.text, lang=t.lang, engine=engine.name, engine_version=engine.version,
                            voice=engine.voice(t.lang), segmentation=spans, spoken=spoken, **fingerprint)
            jobs[lang].append(Job(lang, engine.name, t, sentences, spoken, key, model, voice_sha256))
    return Plan(jobs, notes, article.date, article.author, narrations)


def narration_of(ref: ArticleRef, lang: str, said: list, narrator: str) -> Narration | None:
    """The article's recording in `lang`, if it has one, keyed by the passages it reads (those
    in the page's own language) and with where it was found, if it was aligned already."""
    path = ref.narration(lang)
    if path is None:
        return None
    digest = recording_sha256(path)
    read = [(t.passage_id, t.text, spans, spoken) for t, _, spans, spoken in said if t.lang == lang]
    aligner = get_engine(NARRATION).version   # numpy: only for an article with a recording
    key = narration_key(digest, aligner, lang, read)
    return Narration(lang, path, digest, key, aligner, narrator, NarrationRecord.read(ref.layout.narration_record(key)))




def built_engines(article: ArticleRef) -> dict[str, Engine]:
    """The engine (and voice) each built language was spoken with, from its map: status and
    prune never probe the network; an unreadable map is left to the integrity check."""
    engines = {}
    for lang in LANGUAGES:
        timing = current_map(article, lang)
        if timing and timing.engine.narrated:      # what speaks the passages the recording does not say
            spoken = next((p.engine for p in timing.passages if p.engine != NARRATION), FALLBACK.name)
            engines[lang] = Engine(spoken, "")
        elif timing:
            engines[lang] = timing.engine
    return engines
