"""`reader prune`: remove built files that nothing uses any more. A rebuild after an edit
writes new content-hashed files beside the old ones (so a page being read keeps its audio);
pruning, run when you choose, keeps only what the current article and its maps need."""
from __future__ import annotations

import re
from pathlib import Path

from ..files import exclusive
from ..settings import LANGUAGES, PAGE_LANGUAGES, Settings
from .article_audio import pcm_path
from .integrity import current_map
from .plan import built_engines, plan

# What a build writes: passage timings, article MP3s (and passage MP3s of older builds), PCM.
# A file of any other name in audio/ is the user's, and prune never touches it.
BUILT_NAME = re.compile(r"[0-9a-f]{20}\.(?:json|mp3)|pcm/[0-9a-f]{20}\.flac")


def needed(settings: Settings) -> set[Path]:
    """Every passage's files for the current source and catalogs, and each page's map and audio."""
    keep: set[Path] = set()
    engines = {lang: engine.name for lang, engine in built_engines(settings).items()}
    the_plan = plan(settings, [lang for lang in LANGUAGES if lang in engines], save=False, engines=engines)
    for jobs in the_plan.jobs.values():
        for job in jobs:
            keep |= {settings.audio / f"{job.key}.json", pcm_path(settings.audio, job.key)}
    for lang in PAGE_LANGUAGES:
        keep.add(settings.timing_map(lang))
        timing = current_map(settings, lang)
        if timing:
            keep.add(settings.audio / timing.audio)
    return keep


def prune(settings: Settings, dry_run: bool = False) -> list[Path]:
    """Built files that nothing needs (named as a build names them); removed unless `dry_run`. Holds the
    build lock, so a build never loses a file it is writing."""
    with exclusive(settings.audio):
        keep = needed(settings)
        built = [p for p in settings.audio.rglob("*") if BUILT_NAME.fullmatch(p.relative_to(settings.audio).as_posix())
                 and p.is_file()]
        unused = sorted(p for p in built if p not in keep)
        if not dry_run:
            for path in unused:
                path.unlink()
    return unused
