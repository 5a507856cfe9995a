"""The pipeline, end to end: source → passages → translations → audio + timing maps.

`plan` reads the inputs and works out, per language, every passage's audio key; only
passages whose `audio/<key>.mp3` is missing are synthesised (in worker processes, since
libespeak-ng is one global state per process). Each file is written to a temporary name
and renamed, the MP3 before its timings, and the language map last.
"""
from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import catalog as po
from .audio import audio_key, encode_mp3
from .errors import ReaderError
from .files import atomic_write
from .segment import Sentence, segment
from .script import latin_timing_map
from .settings import LANGUAGES, SCRIPT_VARIANTS, SOURCE_LANG, Settings
from .source import read_article
from .timing import PassageTiming, join_passage, passage_from_json, timing_map_json
from .translate import Translation, resolve, sync

ENGINE = "espeak-ng"


@dataclass(frozen=True)
class Job:
    """One passage to be spoken in one page language."""

    page_lang: str
    engine: str
    translation: Translation
    sentences: tuple[Sentence, ...]
    key: str


@dataclass(frozen=True)
class Plan:
    jobs: dict[str, list[Job]]   # page language → its passages in order

    def missing(self, audio_dir: Path) -> list[Job]:
        return [j for jobs in self.jobs.values() for j in jobs
                if not (audio_dir / f"{j.key}.json").exists() or not (audio_dir / f"{j.key}.mp3").exists()]


def check_languages(langs: Iterable[str]) -> list[str]:
    langs = list(langs) or list(LANGUAGES)
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown:
        raise ReaderError(f"unknown language {unknown[0]!r}; supported: {', '.join(LANGUAGES)}")
    return langs


def engine_info() -> dict:
    from .speech import get_engine
    engine = get_engine(ENGINE)
    return {"name": engine.name, "version": engine.version}


def plan(settings: Settings, langs: Iterable[str] = (), save: bool = True) -> Plan:
    """Read source and catalogs; with `save`, a catalog that gained or changed entries
    (a new passage, a changed English one) is written back, as `pybabel update` would."""
    from .speech import get_engine

    article = read_article(settings.source)
    engine = get_engine(ENGINE)
    jobs: dict[str, list[Job]] = {}
    for lang in check_languages(langs):
        catalog = None
        if lang != SOURCE_LANG:
            path = settings.catalog(lang)
            catalog = po.load(path, lang)
            if sync(catalog, article) and save:
                po.save(catalog, path)
        jobs[lang] = []
        for t in resolve(article, catalog, lang):
            sentences = segment(t.text, t.lang, t.passage_id)
            if not sentences:
                raise ReaderError(f"passage {t.passage_id} ({lang}): no words to speak in {t.text[:40]!r}")
            spans = [[list(s.span), [list(w.span) for w in s.words]] for s in sentences]
            key = audio_key(text=t.text, lang=t.lang, engine=engine.name, engine_version=engine.version,
                            voice=engine.voice(t.lang), segmentation=spans)
            jobs[lang].append(Job(lang, engine.name, t, sentences, key))
    return Plan(jobs)


def synthesise(job: Job, audio_dir: Path) -> str:
    """Speak one passage, sentence by sentence; write its MP3, then its timings."""
    from .speech import get_engine

    engine = get_engine(job.engine)
    text, lang = job.translation.text, job.translation.lang
    try:
        utterances = [engine.speak(text[s.span[0]:s.span[1]], relative_word_spans(s), lang)
                      for s in job.sentences]
    except ReaderError as exc:
        raise ReaderError(f"passage {job.translation.passage_id} ({lang}): {exc}") from None
    pcm, timed = join_passage(job.sentences, utterances)
    rate = utterances[0].sample_rate
    atomic_write(audio_dir / f"{job.key}.mp3", encode_mp3(pcm, rate))
    piece = {"duration_ms": pcm.size * 1000 // rate,
             "sentences": [asdict(t) for t in timed]}
    atomic_write(audio_dir / f"{job.key}.json", json.dumps(piece, ensure_ascii=False).encode())
    return job.key


def relative_word_spans(s: Sentence) -> list[tuple[int, int]]:
    return [(w.span[0] - s.span[0], w.span[1] - s.span[0]) for w in s.words]


@dataclass(frozen=True)
class Report:
    synthesised: int
    maps_written: list[str]


def run_jobs(jobs: list[Job], audio_dir: Path, on_done: Callable[[], None], workers: int) -> None:
    """In-process for a few passages (an edit); in worker processes for a full build."""
    if len(jobs) <= 3 or workers <= 1:
        for job in jobs:
            synthesise(job, audio_dir)
            on_done()
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(synthesise, job, audio_dir) for job in jobs]:
            future.result()
            on_done()


def passage_timing(job: Job, audio_dir: Path) -> PassageTiming:
    piece = json.loads((audio_dir / f"{job.key}.json").read_text(encoding="utf-8"))
    t = job.translation
    return passage_from_json({"id": t.passage_id, "kind": t.kind, "lang": t.lang, "status": t.status,
                              "text": t.text, "audio": f"{job.key}.mp3", **piece})


def write_json(path: Path, data: dict) -> bool:
    """Write `data` as compact JSON if it differs from what is there; returns whether it did."""
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    if path.exists() and path.read_bytes() == encoded:
        return False
    atomic_write(path, encoded)
    return True


def write_maps(settings: Settings, lang: str, jobs: list[Job], engine: dict) -> list[str]:
    """audio/<lang>.json, and the map of each page in another script of it (kk-Latn);
    returns the page languages whose map changed."""
    data = timing_map_json(lang, engine, [passage_timing(job, settings.audio) for job in jobs])
    written = [lang] if write_json(settings.timing_map(lang), data) else []
    for variant, base in SCRIPT_VARIANTS.items():
        if base == lang and write_json(settings.timing_map(variant), latin_timing_map(data)):
            written.append(variant)
    return written


def build(settings: Settings, langs: Iterable[str] = (), workers: int = 2,
          on_start: Callable[[int], None] = lambda total: None,
          on_done: Callable[[], None] = lambda: None) -> Report:
    """Build what is missing; nothing already built is removed or rewritten in place."""
    the_plan = plan(settings, langs)
    unique = {job.key: job for job in the_plan.missing(settings.audio)}
    on_start(len(unique))
    run_jobs(list(unique.values()), settings.audio, on_done, workers)
    engine = engine_info()
    written = [page for lang, jobs in the_plan.jobs.items() for page in write_maps(settings, lang, jobs, engine)]
    return Report(len(unique), written)
