"""`reader status`: what each language has — translations by state, audio built or not."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator

from .build import plan
from .settings import Settings
from .translate import MACHINE, MISSING, REVIEWED, SOURCE, STALE

ORDER = (REVIEWED, MACHINE, STALE, MISSING)


def language_status(settings: Settings, langs: Iterable[str] = ()) -> Iterator[str]:
    the_plan = plan(settings, langs, save=False)
    missing_audio = {job.key for job in the_plan.missing(settings.audio)}
    for lang, jobs in the_plan.jobs.items():
        states = Counter(job.translation.status for job in jobs)
        built = sum(job.key not in missing_audio for job in jobs)
        if states.get(SOURCE):
            translations = "source language"
        else:
            translations = ", ".join(f"{states.get(s, 0)} {s}" for s in ORDER)
        yield f"{lang}: {len(jobs)} passages; {translations}; audio {built}/{len(jobs)} built"
        for s in (MACHINE, STALE, MISSING):
            ids = [job.translation.passage_id for job in jobs if job.translation.status == s]
            if ids:
                yield f"  {s}: {' '.join(ids)}"
