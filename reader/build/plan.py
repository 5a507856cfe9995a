"""What a build must do: per page language, every passage's text, its sentences and words,
what to say for each word, the engine that speaks it and the audio key naming its files. The
key is a hash of all of these, so a passage is rebuilt exactly when one of them changes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..errors import ReaderError
from ..segment import Sentence, segment
from ..settings import ENGINE_MODES, LANGUAGES, SOURCE_LANG, Settings
from ..source import read_article
from ..source.model import UNSPOKEN
from ..speech.pronounce import lexicon, spoken_words
from ..speech.voices import Voice, chosen, installed
from ..timing_map import Engine
from ..translation import catalog as po
from ..translation.translate import Translation, resolve, sync
from .audio import audio_key
from .integrity import current_map, is_built

ENGINE = "espeak-ng"


@dataclass(frozen=True)
class Job:
    """One passage to be spoken in one page language."""

    page_lang: str
    engine: str
    translation: Translation
    sentences: tuple[Sentence, ...]
    spoken: tuple[tuple[str, ...], ...]   # per sentence, what to say for each word
    key: str
    voice_model: Path | None = None      # the Piper voice's .onnx, for engine "piper"
    voice_sha256: str = ""               # its digest, as in the key: a cluster's worker finds its own copy by it


@dataclass(frozen=True)
class Plan:
    """One article's work: per page language, its passages in order."""

    jobs: dict[str, list[Job]]   # page language → its passages in order
    notes: dict[str, list[Translation]] = field(default_factory=dict)   # shown, not spoken: credits…
    date: str = ""               # the article's details, carried into its maps
    author: str = ""

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
    """Per language, the engine that speaks it and, for a Piper voice, the credit it is owed."""
    from ..speech.engines import get_engine

    info = {}
    for lang, name in engines.items():
        if name == "piper":
            v = voices[lang]
            info[lang] = Engine(name, get_engine(name, v.path).version, v.name, v.dataset, v.licence)
        else:
            engine = get_engine(name)
            info[lang] = Engine(name, engine.version, engine.voice(lang))
    return info


def choose_engines(langs: Iterable[str], mode: str, voices: dict[str, Voice]) -> tuple[dict[str, str], list[str]]:
    """Per page language, the engine to speak it: its installed Piper voice; else gTTS where it
    has a voice and answers (probed once); else espeak-ng. `mode` forces one engine where it
    can speak. Returns the choice and one line per fallback."""
    if mode not in ENGINE_MODES:
        raise ReaderError(f"unknown engine {mode!r}; choose one of: {', '.join(ENGINE_MODES)}")
    engines = {lang: ENGINE for lang in langs}
    if mode == "espeak":
        return engines, []
    # gTTS's engine (with numpy) only where it may be chosen: a build with nothing to do is quick
    from ..speech.engines import get_engine
    from ..speech.google import LANGS as GOOGLE_LANGS
    from ..speech.google import GoogleEngine

    notes = []
    if mode in ("auto", "piper"):
        engines.update({lang: "piper" for lang in engines if lang in voices})
        unvoiced = [lang for lang in engines if lang not in voices]
        if mode == "piper":
            if unvoiced:
                notes.append(f"no Piper voice installed for {', '.join(unvoiced)}: espeak-ng speaks it "
                             "(reader voices install PATH.onnx)")
            return engines, notes
    unsupported = [lang for lang in engines if lang not in GOOGLE_LANGS and engines[lang] == ENGINE]
    if mode == "gtts" and unsupported:
        notes.append(f"gTTS has no voice for {', '.join(unsupported)}: espeak-ng speaks it")
    wanted = [lang for lang in engines if lang in GOOGLE_LANGS and engines[lang] == ENGINE]
    if wanted:
        problem = cast(GoogleEngine, get_engine("gtts")).probe(wanted[0])
        if problem:
            notes.append(f"gTTS unavailable, so espeak-ng speaks {', '.join(wanted)}: {problem}")
        else:
            engines.update({lang: "gtts" for lang in wanted})
    return engines, notes


def espeak_notes(engines: dict[str, str], mode: str) -> list[str]:
    """Where espeak-ng speaks a language for want of a better voice, one line each, with the
    command that installs one (not when the operator chose espeak-ng)."""
    if mode == "espeak":
        return []
    from ..speech.catalogue import RECOMMENDED  # with urllib: only where a note may be due

    return [f"{lang}: espeak-ng speaks it, which listeners follow poorly; a neural voice: "
            f"reader voices install {RECOMMENDED[lang]} (reader voices available --lang {lang} lists others)"
            for lang, engine in engines.items() if engine == ENGINE and lang in RECOMMENDED]


def plan(settings: Settings, langs: Iterable[str] = (), save: bool = True,
         engines: dict[str, str] | None = None) -> Plan:
    """Read source and catalogs; with `save`, a catalog that gained or changed entries
    (a new passage, a changed English one) is written back, as `pybabel update` would."""
    from ..speech.engines import get_engine

    article = read_article(settings.source)
    jobs: dict[str, list[Job]] = {}
    notes: dict[str, list[Translation]] = {}
    voices = installed_voices(settings)
    for lang in check_languages(langs):
        page_engine = (engines or {}).get(lang, ENGINE)
        catalog = None
        if lang != SOURCE_LANG:
            path = settings.catalog(lang)
            catalog = po.load(path, lang)
            if sync(catalog, article) and save:
                po.save(catalog, path)
        jobs[lang], notes[lang] = [], []
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
            # A passage in another language than its page (English until translated) is spoken by
            # that language's Piper voice if one is installed, else by espeak-ng.
            name = page_engine if page_engine != "piper" or t.lang in voices else ENGINE
            model = voices[t.lang].path if name == "piper" else None
            engine = get_engine(name, model)
            voice_sha256 = voices[t.lang].sha256 if model else ""
            fingerprint = {"voice_sha256": voice_sha256} if model else {}
            key = audio_key(text=t.text, lang=t.lang, engine=engine.name, engine_version=engine.version,
                            voice=engine.voice(t.lang), segmentation=spans, spoken=spoken, **fingerprint)
            jobs[lang].append(Job(lang, engine.name, t, sentences, spoken, key, model, voice_sha256))
    return Plan(jobs, notes, article.date, article.author)


def built_engines(settings: Settings) -> dict[str, Engine]:
    """The engine (and voice) each built language was spoken with, from its map: status and
    prune never probe the network; an unreadable map is left to the integrity check."""
    engines = {}
    for lang in LANGUAGES:
        timing = current_map(settings, lang)
        if timing:
            engines[lang] = timing.engine
    return engines
