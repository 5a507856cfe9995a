"""Commands that write files from what is built: `reader export …`, `reader prune`."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReaderError
from ..files import write_user_file
from ..publish.formats import FORMATS, Built
from ..settings import PAGE_LANGUAGES, Settings
from ..timing_map import read_map
from ..translation.interface import Interface
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


@click.command("export", epilog="\b\nFormats:\n" + "\n".join(
    f"  {name:9}{form.help}" for name, form in FORMATS.items()) + "\n  static   the whole library as a static site")
@click.argument("kind", type=click.Choice([*FORMATS, "static"]))
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--lang", metavar="LANG", help="Page language: en, kk, kk-Latn or ru (all but static need it).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (or give it as TARGET; default: standard output; required for "
                   + " and ".join(name for name, f in FORMATS.items() if f.binary) + ").")
@click.option("--words", is_flag=True, help="SMIL and EPUB: a media overlay <par> per word instead of per sentence.")
@article_option
@click.pass_obj
def export(settings: Settings, kind: str, target: Path | None, lang: str, output: Path | None, words: bool,
           article: str | None) -> None:
    """Export a built language of an article in one of the formats (reader export epub --lang kk
    interview-kk.epub; in a library, --article SLUG chooses the article); or the whole library
    as a static site (reader export static DIR)."""
    output = output or target
    if kind == "static":
        from ..export.static_site import export_static  # its imports cost every command 15 ms

        if output is None:
            raise ReaderError("static export needs a folder to write: reader export static DIR")
        count = export_static(settings, output, on_wait=lambda: click.echo(
            "A build is running; the export waits for it, so that the site is that build's.", err=True))
        click.echo(f"Wrote a static site of {count} pages to {output}; open {output / 'index.html'}.", err=True)
        return
    if lang not in PAGE_LANGUAGES:
        raise ReaderError(f"unknown language {lang!r}; supported: {', '.join(PAGE_LANGUAGES)}")
    path = settings.library().select(article).only().timing_map(lang)
    try:
        timing = read_map(path)
    except FileNotFoundError:
        raise ReaderError(f"{path}: {lang} is not built yet; run: reader build") from None
    form = FORMATS[kind]
    if form.binary and output is None:
        raise ReaderError(f"{kind} export needs a file to write: reader export {kind} --lang {lang} FILE")
    data = form.render(Built(timing, settings.audio, words=words, gettext=Interface.of(settings, lang).gettext))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_user_file(output, data)
        click.echo(f"Wrote {output} ({len(data) // 1024} KiB).", err=True)
