"""The work of a build that has some: plan the articles whose stamps no longer hold, speak
what is missing on workers (local processes, or a cluster's), mix and encode each language's
article audio as soon as its passages are spoken, and write the maps, the PCM before its
timings and the language map last. Only this process writes into audio/.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

from ..errors import ReaderError
from ..files import atomic_write
from ..settings import SCRIPT_VARIANTS, Settings
from ..timing_map import Engine, Note, PassageTiming, TimingMap
from .article_audio import (
    ArticleAudio,
    ArticleMix,
    Piece,
    build_article,
    checked_mp3,
    pcm_path,
    reused,
    save_pcm,
    saved,
)
from .cluster import Cluster
from .integrity import current_map, is_built
from .latin_map import latin_timing_map
from .passage_audio import PassageAudio
from .plan import Job, Plan, plan
from .speaking import Spoken, checked_spoken, speak
from .stamps import Stamp, inputs_digest
from .tags import ArticleTags, article_tags
from .timing import shift
from .workers import LocalWorkers, Workers, threads_per_worker


def save_spoken(audio_dir: Path, spoken: Spoken) -> str:
    """Its PCM (lossless, for the article audio), then its timings, each written whole."""
    rate, pcm = spoken.sample_rate, spoken.pcm
    record = PassageAudio(spoken.key, int(pcm.size), rate, save_pcm(audio_dir, spoken.key, pcm, rate), spoken.sentences)
    atomic_write(PassageAudio.path(audio_dir, spoken.key), record.encoded())
    return spoken.key


def synthesise(job: Job, audio_dir: Path, threads: int = 0) -> str:
    """Speak one passage and write it, in this process."""
    return save_spoken(audio_dir, speak(job, threads))


def read_piece(job: Job, audio_dir: Path) -> PassageAudio:
    record = PassageAudio.read(audio_dir, job.key)
    if record is None:                # checked whole by is_built moments before, under the build's lock
        raise ReaderError(f"{PassageAudio.path(audio_dir, job.key)}: changed while the build read it")
    return record


def passage_timing(job: Job, piece: PassageAudio, offset_ms: int) -> PassageTiming:
    """The passage in the article's timeline: its times shifted by where it starts."""
    t = job.translation
    timing = PassageTiming(t.passage_id, t.kind, t.lang, t.status, t.text, job.engine,
                           pcm_path(Path(), job.key).as_posix(), 0, piece.duration_ms, piece.sentences)
    return shift(timing, offset_ms)


def write_json(path: Path, data: dict) -> bool:
    """Write `data` as compact JSON if it differs from what is there; returns whether it did."""
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    if path.exists() and path.read_bytes() == encoded:
        return False
    atomic_write(path, encoded)
    return True


def write_maps(settings: Settings, lang: str, jobs: list[Job], pieces: list[PassageAudio], article: ArticleAudio,
               engine: Engine, the_plan: Plan) -> list[str]:
    """audio/<slug>/<lang>.json and the map of each page in another script of it (kk-Latn);
    returns the pages whose map changed."""
    passages = [passage_timing(j, p, offset) for j, p, offset in zip(jobs, pieces, article.offsets_ms, strict=True)]
    notes = {t.passage_id: Note(t.text, t.lang, t.status) for t in the_plan.notes[lang]}
    timing = TimingMap(lang, settings.slug, engine, article.name, article.key, article.sha256, article.duration_ms,
                       article.pause_ms, tuple(passages), notes, the_plan.date, the_plan.author)
    written = [lang] if write_json(settings.timing_map(lang), timing.to_json()) else []
    for variant, base in SCRIPT_VARIANTS.items():
        if base == lang and write_json(settings.timing_map(variant), latin_timing_map(timing).to_json()):
            written.append(variant)
    return written


def pieces_of(jobs: list[Job], audio_dir: Path) -> tuple[list[PassageAudio], list[Piece]]:
    read = [read_piece(job, audio_dir) for job in jobs]
    return read, [Piece(p.key, p.samples, p.sample_rate) for p in read]


Unit = tuple[str, str]   # (article slug, page language): one article audio, one timing map


def speak_and_mix(audio_dir: Path, units: dict[Unit, list[Job]], known: dict[Unit, TimingMap | None], pause: int,
                  todo: list[Job], on_done: Callable[[], None], workers: int,
                  tags: dict[Unit, ArticleTags], cluster: Workers | None = None,
                  ) -> tuple[dict[Unit, list[PassageAudio]], dict[Unit, ArticleAudio]]:
    """Speak what is missing, then each article's audio per language (loudness, MP3). On
    workers (local processes, or a cluster's) for a full build, with no more jobs in flight
    than they can run, and an article's language taking the next free worker as soon as its
    last passage is spoken, so that mixing one overlaps speaking the next. In-process for a
    few passages (an edit) without a cluster. Workers return what they made; only this
    process writes into audio/."""
    pieces: dict[Unit, list[PassageAudio]] = {}
    articles: dict[Unit, ArticleAudio] = {}
    if cluster is None and (len(todo) <= 3 or workers <= 1):
        for job in todo:
            synthesise(job, audio_dir, threads_per_worker(1))
            on_done()
        for unit, jobs in units.items():
            pieces[unit], parts = pieces_of(jobs, audio_dir)
            articles[unit] = build_article(audio_dir, parts, pause, known[unit], tags[unit])
        return pieces, articles
    queue = list(todo)
    todo_by_key = {job.key: job for job in todo}
    unspoken = {unit: {j.key for j in jobs} & {j.key for j in todo} for unit, jobs in units.items()}
    ready = [unit for unit, keys in unspoken.items() if not keys]
    running: dict[Future, tuple[Unit | str, ArticleMix | None]] = {}   # a passage's key, or an article
    pool: Workers
    with cluster or LocalWorkers(workers) as pool:
        while queue or ready or running:
            while len(running) < pool.slots and (ready or queue):
                if ready:
                    unit = ready.pop(0)
                    pieces[unit], parts = pieces_of(units[unit], audio_dir)
                    mix = ArticleMix.of(pool.pcm(audio_dir, parts), parts, pause, tags[unit])
                    done_before = reused(audio_dir, mix, known[unit])
                    if done_before:
                        articles[unit] = done_before
                    else:
                        running[pool.mix(mix)] = (unit, mix)
                else:
                    job = queue.pop(0)
                    running[pool.speak(job)] = (job.key, None)
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                name, mixed = running.pop(future)
                result = pool.result(future)
                if mixed is not None:
                    articles[name] = saved(audio_dir, mixed, checked_mp3(mixed, result))  # type: ignore[index]
                    continue
                save_spoken(audio_dir, checked_spoken(todo_by_key[name], result))  # type: ignore[index]
                on_done()
                for unit, keys in unspoken.items():
                    if name in keys:
                        keys.discard(name)
                        if not keys:
                            ready.append(unit)
    return pieces, articles


def tags_of(article: Settings, lang: str, jobs: list[Job], the_plan: Plan, engine: Engine) -> ArticleTags:
    """The MP3's tags for one article in one language, from what its page shows."""
    title = next((j.translation.text for j in jobs if j.translation.kind == "title"), article.slug)
    credits = next((t.text for t in the_plan.notes[lang] if t.passage_id == "credits"), "")
    return article_tags(article, lang, title, [(j.translation.passage_id, j.translation.text) for j in jobs],
                        the_plan.date, the_plan.author, credits, engine.credit)


def built_files(article: Settings, lang: str, jobs: list[Job]) -> list[Path]:
    """What a language's pages need, for the stamp to notice any of them changed or gone."""
    maps = [article.timing_map(page) for page in (lang, *(v for v, b in SCRIPT_VARIANTS.items() if b == lang))]
    timing = current_map(article, lang)
    audio = [article.audio / timing.audio] if timing else []
    passages = [f for job in jobs for f in (article.audio / f"{job.key}.json", pcm_path(article.audio, job.key))]
    return maps + audio + passages


def make(settings: Settings, stale: dict[str, tuple[Settings, Stamp]], langs: list[str], engines: dict[str, str],
         engine_versions: dict[str, Engine], shared: str, workers: int, on_start: Callable[[int], None],
         on_done: Callable[[], None], scheduler: str) -> tuple[int, list[str]]:
    """The build's work for the articles whose stamps no longer hold: plan them, speak what is
    missing, mix, encode and tag each language's audio, write the maps and the stamps. Returns
    how many passages were spoken and which maps were written."""
    plans = {slug: plan(article, langs, engines=engines) for slug, (article, _) in stale.items()}
    units = {(slug, lang): jobs for slug, the_plan in plans.items() for lang, jobs in the_plan.jobs.items()}
    unique = {job.key: job for jobs in units.values() for job in jobs if not is_built(settings.audio, job.key)}
    known = {(slug, lang): current_map(stale[slug][0], lang) for slug, lang in units}
    tags = {(slug, lang): tags_of(stale[slug][0], lang, jobs, plans[slug], engine_versions[lang])
            for (slug, lang), jobs in units.items()}
    cluster = None
    if scheduler and units:   # connected last, when nothing here can fail before it is used
        cluster = Cluster(scheduler)
    on_start(len(unique))
    pieces, mixed = speak_and_mix(settings.audio, units, known, settings.passage_pause_ms,
                                  list(unique.values()), on_done, workers, tags, cluster)
    written: list[str] = []
    for slug, the_plan in plans.items():
        article, stamp = stale[slug]
        for lang, jobs in the_plan.jobs.items():
            pages = write_maps(article, lang, jobs, pieces[slug, lang], mixed[slug, lang],
                               engine_versions[lang], the_plan)
            written += [f"{slug}/{page}" for page in pages]
            # the catalog as the plan left it (synced) is the input the next build compares
            stamp = stamp.with_language(lang, inputs_digest(article, lang, shared), settings.audio,
                                        built_files(article, lang, jobs))
        stamp.write(article)
    return len(unique), written
