"""A narrator's recording made into passages, before a build speaks anything: aligned once
(speech/narration.py; where it was found is kept, narration_record.py), then each passage
found in it cut out, timed and written like a spoken one, so that mixing, loudness, chapters
and every export treat it alike. A passage not found (edited since it was recorded, skipped)
is named in one line and spoken by the language's voice instead: the build plans again."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..library import ArticleRef
from ..speech.base import Utterance
from ..speech.engines import NARRATION
from ..speech.espeak_ng import espeak
from ..speech.narration import Reference, align, cut_sentences
from ..speech.recording import RATE, read_recording
from .integrity import is_built
from .narration_record import NarrationRecord
from .plan import Job, Narration, Plan
from .speaking import Spoken, relative_word_spans
from .timing import join_passage

OnAlign = Callable[[str, int], Callable[[], None]]   # (what, sentences) → called after each sentence


def references(jobs: list[Job]) -> list[Reference]:
    """Every sentence of the narrated passages as espeak-ng says it, words known."""
    found = []
    for job in jobs:
        text, lang = job.translation.text, job.translation.lang
        for sentence, spoken in zip(job.sentences, job.spoken, strict=True):
            said = espeak().speak(text[sentence.span[0]:sentence.span[1]], relative_word_spans(sentence), lang, spoken)
            found.append(Reference(said.pcm, said.sample_rate, said.word_starts))
    return found


def aligned(narration: Narration, jobs: list[Job], recording: np.ndarray,
            on_sentence: Callable[[], None]) -> NarrationRecord:
    places = iter(align(references(jobs), recording, RATE, on_sentence))
    return NarrationRecord(narration.key, narration.lang, {
        job.translation.passage_id: tuple(
            next(places) for _ in job.sentences)
        for job in jobs})


def cut(job: Job, record: NarrationRecord, recording: np.ndarray, next_start: int | None) -> Spoken:
    """One passage's audio and timings from the recording, as a worker would have spoken it."""
    pieces = cut_sentences(recording, RATE, record.passages[job.translation.passage_id], next_start)
    utterances = [Utterance(pcm, RATE, starts, unsure_words=True) for pcm, starts in pieces]
    pcm, timed = join_passage(job.sentences, utterances)
    return Spoken(job.key, pcm, RATE, timed)


def narrate(ref: ArticleRef, the_plan: Plan, audio_dir: Path, save: Callable[[Spoken], object],
            on_align: OnAlign = lambda label, total: lambda: None) -> tuple[list[str], bool]:
    """Align each recording not aligned yet, and cut every narrated passage not built. Returns
    one line per passage the recording does not say, and whether a record was written (the
    build then plans the article again, to speak those passages instead)."""
    notes, aligned_now = [], False
    for lang, narration in the_plan.narrations.items():
        jobs = [job for job in the_plan.jobs[lang] if job.engine == NARRATION]
        todo = [job for job in jobs if not is_built(audio_dir, job.key)]
        record = narration.record
        if record is not None and not todo:
            continue
        recording = read_recording(narration.path)
        if record is None:
            tick = on_align(f"Aligning {narration.path.name}", sum(len(job.sentences) for job in jobs))
            record = aligned(narration, jobs, recording, tick)
            record.write(ref.layout.narration_record(narration.key))
            aligned_now = True
            notes += unmatched_lines(ref, narration, record, jobs)
        starts = {job.key: first_start(record, job) for job in jobs}
        for job, following in zip(jobs, [*jobs[1:], None], strict=True):
            if job in todo and record.usable(job.translation.passage_id):
                save(cut(job, record, recording, starts[following.key] if following else None))
    return notes, aligned_now


def first_start(record: NarrationRecord, job: Job) -> int | None:
    places = record.passages.get(job.translation.passage_id, ())
    return places[0].start if places and places[0].found else None


def unmatched_lines(ref: ArticleRef, narration: Narration, record: NarrationRecord, jobs: list[Job]) -> list[str]:
    where = f"{narration.path}"
    unmatched = [job.translation.passage_id for job in jobs if not record.usable(job.translation.passage_id)]
    if jobs and len(unmatched) == len(jobs):
        return [f"{where}: none of {ref.slug}'s {narration.lang} passages was found in it (is it this article "
                f"read in {narration.lang}?); the voice speaks them"]
    return [f"{where}: passage {pid} does not match the recording (edited since, or not read); the voice speaks it"
            for pid in unmatched]
