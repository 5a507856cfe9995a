"""`reader prune`: remove built files that nothing uses any more. A rebuild after an edit
writes new content-hashed files beside the old ones (so a page being read keeps its audio);
pruning, run when you choose, keeps only what the library's articles and their maps need.
It works on the whole library: a passage's audio is named by what it says, so articles
that say the same words share it, and no file belongs to one article alone."""
from __future__ import annotations

import contextlib
import re
from pathlib import Path

from ..errors import ReaderError
from ..files import exclusive
from ..library import SLUG, STAMP_NAME
from ..settings import LANGUAGES, PAGE_LANGUAGES, Settings
from ..timing_map import read_map
from .audio import pcm_path
from .integrity import current_map
from .passage_audio import PassageAudio
from .plan import built_engines, plan

# What a build writes: passage timings, article MP3s (and passage MP3s of older builds), PCM;
# per article its maps and stamp. A file of any other name in audio/ is the user's, and prune
# never touches it.
BUILT_NAME = re.compile(rf"[0-9a-f]{{20}}\.(?:json|mp3)|pcm/[0-9a-f]{{20}}\.flac|narration/[0-9a-f]{{20}}\.json"
                        rf"|{SLUG.pattern}/{re.escape(STAMP_NAME)}")
# Maps: audio/<slug>/<lang>.json, and audio/<lang>.json before libraries; removed only if they
# read as the reader's maps.
PAGES = "|".join(re.escape(lang) for lang in PAGE_LANGUAGES)
MAP_NAME = re.compile(rf"(?:{SLUG.pattern}/)?(?:{PAGES})\.json")


def needed(settings: Settings) -> set[Path]:
    """Every passage's files for each article's current source and catalogs, and each of its
    pages' map and audio."""
    keep: set[Path] = set()
    for article in settings.library():
        engines = {lang: engine.name for lang, engine in built_engines(article).items()}
        the_plan = plan(settings, article, [lang for lang in LANGUAGES if lang in engines], engines=engines)
        keep |= {article.layout.narration_record(n.key) for n in the_plan.narrations.values()}
        for jobs in the_plan.jobs.values():
            for job in jobs:
                keep |= {PassageAudio.path(settings.audio, job.key), pcm_path(settings.audio, job.key)}
        keep.add(article.stamp)
        for lang in PAGE_LANGUAGES:
            keep.add(article.timing_map(lang))
            timing = current_map(article, lang)
            if timing:
                keep.add(settings.audio / timing.audio)
    return keep


def is_map(path: Path) -> bool:
    try:
        read_map(path)
    except (ReaderError, OSError):   # anything unreadable is not provably ours: kept
        return False
    return True


def prune(settings: Settings, dry_run: bool = False) -> list[Path]:
    """Built files that nothing needs (named as a build names them); removed unless `dry_run`. Holds the
    build lock, so a build never loses a file it is writing."""
    with exclusive(settings.audio):
        keep = needed(settings)
        built = [p for p in settings.audio.rglob("*") if BUILT_NAME.fullmatch(p.relative_to(settings.audio).as_posix())
                 and p.is_file()]
        built += [p for p in [*settings.audio.glob("*.json"), *settings.audio.glob("*/*.json")]
                  if MAP_NAME.fullmatch(p.relative_to(settings.audio).as_posix()) and is_map(p)]
        unused = sorted(p for p in built if p not in keep)
        if not dry_run:
            for path in unused:
                path.unlink()
                if path.parent != settings.audio and path.parent.parent == settings.audio and path.parent.name != "pcm":
                    with contextlib.suppress(OSError):   # an article's folder, once empty
                        path.parent.rmdir()
    return unused
