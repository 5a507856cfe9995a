"""Commands that write files from what is built: `reader export …`, `reader prune`."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReaderError
from ..settings import Settings
from .options import article_option


@click.command()
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
@click.pass_obj
def prune(settings: Settings, dry_run: bool) -> None:
    """Remove built audio and timing files that no article of the library uses any more."""
    from ..build.prune import prune as remove_unused

    unused = remove_unused(settings, dry_run)
    for path in unused:
        click.echo(path.relative_to(settings.root))
    if dry_run:
        size = sum(p.stat().st_size for p in unused)
        click.echo(f"Would remove {len(unused)} unused built file(s) ({size // 1024} KiB).", err=True)
    else:
        click.echo(f"Removed {len(unused)} unused built file(s).", err=True)


@click.command("export")
@click.argument("kind", type=click.Choice(["mp3", "vtt", "smil", "json", "epub", "static"]))
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--lang", metavar="LANG", help="Page language: en, kk, kk-Latn or ru (all but static need it).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (or give it as TARGET; default: standard output; required for mp3 and epub).")
@click.option("--words", is_flag=True, help="SMIL and EPUB: a media overlay <par> per word instead of per sentence.")
@article_option
@click.pass_obj
def export(settings: Settings, kind: str, target: Path | None, lang: str, output: Path | None, words: bool,
           article: str | None) -> None:
    """Export a built language of an article: its MP3, WebVTT captions, SMIL media overlay, timing
    map, or an EPUB 3 with media overlays (reader export epub --lang kk interview-kk.epub; in a
    library, --article SLUG chooses the article); or the whole library as a static site (reader
    export static DIR)."""
    from ..export.formats import FORMATS, Smil
    from ..files import write_user_file
    from ..settings import PAGE_LANGUAGES
    from ..timing_map import read_map

    output = output or target
    if kind == "static":
        from ..export.static_site import export_static
        if output is None:
            raise ReaderError("static export needs a folder to write: reader export static DIR")
        count = export_static(settings, output, on_wait=lambda: click.echo(
            "A build is running; the export waits for it, so that the site is that build's.", err=True))
        click.echo(f"Wrote a static site of {count} pages to {output}; open {output / 'index.html'}.", err=True)
        return
    if lang not in PAGE_LANGUAGES:
        raise ReaderError(f"unknown language {lang!r}; supported: {', '.join(PAGE_LANGUAGES)}")
    settings = settings.select(article)
    path = settings.timing_map(lang)
    try:
        timing = read_map(path)
    except FileNotFoundError:
        raise ReaderError(f"{path}: {lang} is not built yet; run: reader build") from None
    if kind in ("mp3", "epub") and output is None:
        raise ReaderError(f"{kind} export needs a file to write: reader export {kind} --lang {lang} FILE")
    if kind == "mp3":
        data = (settings.audio / timing.audio).read_bytes()
    elif kind == "epub":
        from ..export.epub import epub
        data = epub(timing, (settings.audio / timing.audio).read_bytes(), words=words)
    else:
        exporter = Smil(level="word" if words else "sentence") if kind == "smil" else FORMATS[kind]()
        data = exporter.render(timing).encode("utf-8")
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_user_file(output, data)
        click.echo(f"Wrote {output} ({len(data) // 1024} KiB).", err=True)
