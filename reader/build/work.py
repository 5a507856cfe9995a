"""The work of a build that has some: plan the articles whose stamps no longer hold, speak
what is missing on workers (local processes, or a cluster's), mix and encode each language's
article audio as soon as its passages are spoken, and write the maps, the PCM before its
timings and the language map last. Only this process writes into audio/.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReaderError
from ..files import atomic_write
from ..library import ArticleRef
from ..settings import SCRIPT_VARIANTS, Settings
from ..speech.engines import NARRATION
from ..timing_map import Engine, Note, PassageTiming, TimingMap
from ..translation.translate import keep_in_step
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
from .narrate import OnAlign, narrate
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


def write_maps(unit: LanguageWork, the_plan: Plan) -> list[str]:
    """audio/<slug>/<lang>.json and the map of each page in another script of it (kk-Latn);
    returns the pages whose map changed."""
    article, lang = unit.mixed(), unit.lang
    passages = [passage_timing(j, p, offset) for j, p, offset in zip(unit.jobs, unit.pieces, article.offsets_ms,
                                                                      strict=True)]
    notes = {t.passage_id: Note(t.text, t.lang, t.status) for t in the_plan.notes[lang]}
    timing = TimingMap(lang, unit.article.slug, unit.engine, article.name, article.key, article.sha256,
                       article.duration_ms, article.pause_ms, tuple(passages), notes, the_plan.date, the_plan.author)
    written = [lang] if write_json(unit.article.timing_map(lang), timing.to_json()) else []
    for variant, base in SCRIPT_VARIANTS.items():
        if base == lang and write_json(unit.article.timing_map(variant), latin_timing_map(timing).to_json()):
            written.append(variant)
    return written


@dataclass(eq=False)
class LanguageWork:
    """One article in one language: its passages in order, the map it has now, its MP3's
    tags; once spoken and mixed, its passages' audio and the article audio."""

    article: ArticleRef
    lang: str
    jobs: list[Job]
    known: TimingMap | None
    tags: ArticleTags
    engine: Engine                # what the map and the page credit: the language's voice, or a narrator
    pieces: list[PassageAudio] = field(default_factory=list)
    audio: ArticleAudio | None = None

    def read_pieces(self, audio_dir: Path) -> list[Piece]:
        """Its passages' audio as spoken, for the mix."""
        self.pieces = [read_piece(job, audio_dir) for job in self.jobs]
        return [Piece(p.key, p.samples, p.sample_rate) for p in self.pieces]

    def mixed(self) -> ArticleAudio:
        if self.audio is None:
            raise ReaderError(f"{self.article.slug} ({self.lang}): the article audio was not mixed")
        return self.audio


def speak_and_mix(audio_dir: Path, units: list[LanguageWork], pause: int, todo: list[Job],
                  on_done: Callable[[], None], workers: int, cluster: Workers | None = None) -> None:
    """Speak what is missing, then each article's audio per language (loudness, MP3). On
    workers (local processes, or a cluster's) for a full build, with no more jobs in flight
    than they can run, and an article's language taking the next free worker as soon as its
    last passage is spoken, so that mixing one overlaps speaking the next. In-process for a
    few passages (an edit) without a cluster. Workers return what they made; only this
    process writes into audio/, and each unit is given its passages and its article audio."""
    if cluster is None and (len(todo) <= 3 or workers <= 1):
        for job in todo:
            synthesise(job, audio_dir, threads_per_worker(1))
            on_done()
        for unit in units:
            unit.audio = build_article(audio_dir, unit.read_pieces(audio_dir), pause, unit.known, unit.tags)
        return
    queue = list(todo)
    todo_by_key = {job.key: job for job in todo}
    unspoken = {unit: {j.key for j in unit.jobs} & todo_by_key.keys() for unit in units}
    ready = [unit for unit, keys in unspoken.items() if not keys]
    running: dict[Future, Job | tuple[LanguageWork, ArticleMix]] = {}   # a passage, or an article's mix
    pool: Workers
    with cluster or LocalWorkers(workers) as pool:
        while queue or ready or running:
            while len(running) < pool.slots and (ready or queue):
                if ready:
                    unit = ready.pop(0)
                    parts = unit.read_pieces(audio_dir)
                    mix = ArticleMix.of(pool.pcm(audio_dir, parts), parts, pause, unit.tags)
                    unit.audio = reused(audio_dir, mix, unit.known)
                    if unit.audio is None:
                        running[pool.mix(mix)] = (unit, mix)
                else:
                    job = queue.pop(0)
                    running[pool.speak(job)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                task = running.pop(future)
                result = pool.result(future)
                if isinstance(task, tuple):
                    unit, mix = task
                    unit.audio = saved(audio_dir, mix, checked_mp3(mix, result))
                    continue
                save_spoken(audio_dir, checked_spoken(task, result))
                on_done()
                for unit, keys in unspoken.items():
                    if task.key in keys:
                        keys.discard(task.key)
                        if not keys:
                            ready.append(unit)


def language_work(settings: Settings, article: ArticleRef, lang: str, the_plan: Plan,
                  engine: Engine) -> LanguageWork:
    """One language of an article to speak and mix, with its MP3's tags from what its page shows."""
    jobs = the_plan.jobs[lang]
    if lang in the_plan.narrations:
        narration = the_plan.narrations[lang]
        engine = Engine(NARRATION, narration.aligner, narration.narrator)
    title = next((j.translation.text for j in jobs if j.translation.kind == "title"), article.slug)
    credits = next((t.text for t in the_plan.notes[lang] if t.passage_id == "credits"), "")
    tags = article_tags(settings, article, lang, title, [(j.translation.passage_id, j.translation.text) for j in jobs],
                        the_plan.date, the_plan.author, credits, engine.credit)
    return LanguageWork(article, lang, jobs, current_map(article, lang), tags, engine)


def built_files(audio_dir: Path, unit: LanguageWork) -> list[Path]:
    """What a language's pages need, for the stamp to notice any of them changed or gone."""
    pages = (unit.lang, *(v for v, b in SCRIPT_VARIANTS.items() if b == unit.lang))
    maps = [unit.article.timing_map(page) for page in pages]
    timing = current_map(unit.article, unit.lang)
    audio = [audio_dir / timing.audio] if timing else []
    passages = [f for job in unit.jobs for f in (PassageAudio.path(audio_dir, job.key), pcm_path(audio_dir, job.key))]
    return maps + audio + passages


def make(settings: Settings, stale: list[tuple[ArticleRef, Stamp]], langs: list[str],
         engine_versions: dict[str, Engine], engines: dict[str, str], shared: dict[str, str], workers: int,
         on_start: Callable[[int], None], on_done: Callable[[], None], scheduler: str,
         on_align: OnAlign = lambda label, total: lambda: None) -> tuple[int, list[str], list[str]]:
    """The build's work for the articles whose stamps no longer hold: plan them, speak what is
    missing, mix, encode and tag each language's audio, write the maps and the stamps. Returns
    how many passages were spoken, which maps were written, and a line for each passage a
    narrator's recording was meant to say and does not."""
    notes: list[str] = []
    plans = []
    for article, stamp in stale:
        keep_in_step(article, langs)
        the_plan = plan(settings, article, langs, engines=engines)
        if the_plan.narrations:
            lines, aligned = narrate(article, the_plan, settings.audio,
                                     lambda spoken: save_spoken(settings.audio, spoken), on_align)
            notes += lines
            if aligned:                                   # what it does not say is spoken instead
                the_plan = plan(settings, article, langs, engines=engines)
        plans.append((article, stamp, the_plan))
    units = {article.slug: [language_work(settings, article, lang, the_plan, engine_versions[lang])
                            for lang in the_plan.jobs] for article, _, the_plan in plans}
    every = [unit for article_units in units.values() for unit in article_units]
    unique = {job.key: job for unit in every for job in unit.jobs if not is_built(settings.audio, job.key)}
    cluster = None
    if scheduler and every:   # connected last, when nothing here can fail before it is used
        cluster = Cluster(scheduler)
    on_start(len(unique))
    speak_and_mix(settings.audio, every, settings.passage_pause_ms, list(unique.values()), on_done, workers, cluster)
    written: list[str] = []
    for article, stamp, the_plan in plans:
        for unit in units[article.slug]:
            written += [f"{article.slug}/{page}" for page in write_maps(unit, the_plan)]
            # the catalog as the plan left it (synced) is the input the next build compares
            stamp = stamp.with_language(unit.lang, inputs_digest(article, unit.lang, shared), settings.audio,
                                        built_files(settings.audio, unit))
        stamp.write(article)
    return len(unique), written, notes
