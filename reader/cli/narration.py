"""`reader narration add SLUG LANG FILE`: a narrator's recording of an article, checked and
copied into content/narration/, where the next build aligns it word by word."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import click

from ..errors import ReaderError
from ..library import NARRATION_SUFFIXES
from ..settings import LANGUAGES, Settings

SILENT_DBFS = -50.0     # a recording whose loudest second is quieter than this holds no speech


@click.group()
def narration() -> None:
    """A narrator's recordings: one per article and language, aligned to its text by the build."""


@narration.command()
@click.argument("slug")
@click.argument("lang")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def add(settings: Settings, slug: str, lang: str, file: Path) -> None:
    """Check FILE (WAV, FLAC, Ogg, Opus, MP3 or AIFF: the whole article read in LANG) and copy it
    to content/narration/SLUG.LANG.<ext>. The next `reader build` aligns it to the text and
    publishes it in place of the voice; an existing recording is never replaced."""
    import numpy as np

    from ..source import read_article
    from ..speech.recording import read_recording

    article = settings.library().article(slug)
    if lang not in LANGUAGES:
        raise ReaderError(f"{lang!r}: not a language of the reader; one of: {', '.join(LANGUAGES)}")
    if not file.is_file():
        raise ReaderError(f"{file}: no such file")
    if file.suffix.lower() not in NARRATION_SUFFIXES:
        raise ReaderError(f"{file}: a recording is one of {', '.join(NARRATION_SUFFIXES)} "
                          f"(convert it first: ffmpeg -i '{file.name}' '{file.stem}.flac')")
    existing = article.narration(lang)
    if existing is not None:
        raise ReaderError(f"{existing}: {slug} already has a recording in {lang}; remove it first to add another")
    pcm = read_recording(file)
    loudest = max(float(np.sqrt(np.mean(second.astype(np.float64) ** 2)))
                  for second in np.array_split(pcm, max(1, pcm.size // 22050)))
    if 20 * np.log10(max(loudest, 1e-9) / 32768) < SILENT_DBFS:
        raise ReaderError(f"{file}: silent (its loudest second is below {SILENT_DBFS:.0f} dBFS); is it the recording?")
    target = settings.layout.narration_candidates(slug, lang)[0].with_suffix(file.suffix.lower())
    copy_whole(file, target)
    click.echo(f"Added {target.relative_to(settings.root)} ({pcm.size / 22050 / 60:.1f} min); "
               f"`reader build --lang {lang}` aligns it and publishes {slug} in {lang} in that voice.")
    if not read_article(article.source).narrator(lang):
        click.echo(f"Credit the narrator: add a line 'Narrator ({lang}): NAME' under the title of {article.source}.",
                   err=True)


def copy_whole(source: Path, target: Path) -> None:
    """Copied under a temporary name, then renamed: a target there is whole or absent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".adding-", suffix=target.suffix)
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
