"""A build: one at a time per audio folder, the engines each language is spoken with, and the
articles whose inputs or built files changed since their last build (stamps.py); their work
is work.py's. A build with nothing to do imports none of the audio machinery.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..files import exclusive
from ..library import ArticleRef
from ..settings import Settings
from .plan import check_languages, choose_engines, engine_info, espeak_notes, installed_voices, plan
from .stamps import Stamp, inputs_digest, shared_inputs

__all__ = ["build", "plan", "Report"]   # plan is re-exported: a build is its plan, then its work


@dataclass(frozen=True)
class Report:
    synthesised: int
    maps_written: list[str]
    notes: list[str]          # engine fallbacks, one line each


def build(settings: Settings, langs: Iterable[str] = (), workers: int = 2,
          on_start: Callable[[int], None] = lambda total: None,
          on_done: Callable[[], None] = lambda: None, engine: str | None = None,
          on_wait: Callable[[int], None] = lambda pid: None, scheduler: str = "",
          article: str | None = None,
          on_align: Callable[[str, int], Callable[[], None]] = lambda label, total: lambda: None) -> Report:
    """Build what is missing for every article of the project (or the one chosen, by its slug); nothing
    already built is removed or rewritten in place. An article whose inputs and built files are
    as its last build left them is not planned again (stamps.py). One build at a time per audio
    folder: another one waits (on_wait is told the holder's pid). With a scheduler's address,
    the work runs on that Dask cluster's workers (cluster.py)."""
    langs = check_languages(langs)
    with exclusive(settings.audio, on_wait):
        voices = installed_voices(settings)
        engines, notes = choose_engines(langs, engine or settings.engine, voices)
        notes += espeak_notes(engines, engine or settings.engine)
        engine_versions = engine_info(engines, voices)
        shared = shared_inputs(settings, engine_versions, voices)
        stale: list[tuple[ArticleRef, Stamp]] = []
        for ref in settings.library().select(article):
            stamp = Stamp.read(ref)
            if not all(stamp.holds(lang, inputs_digest(ref, lang, shared), settings.audio) for lang in langs):
                stale.append((ref, stamp))
        if not stale:
            on_start(0)
            return Report(0, [], notes)
        # numpy, soundfile, mutagen and the workers (0.17 s) only when there is work to do
        from .work import make

        synthesised, written, more_notes = make(settings, stale, langs, engine_versions, engines, shared, workers,
                                                on_start, on_done, scheduler, on_align)
    return Report(synthesised, written, notes + more_notes)
