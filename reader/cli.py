"""The one command line: `reader build | status | serve`. Heavy imports happen inside commands."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import ReaderError
from .settings import HELP, PUBLISHED, Settings


class ReaderGroup(click.Group):
    """Every ReaderError ends the command with one line on stderr and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ReaderError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=ReaderGroup)
@click.option("--root", type=click.Path(file_okay=False), default=None, help=HELP["root"])
@click.option("--source", type=click.Path(dir_okay=False), default=None, help=HELP["source"])
@click.pass_context
def main(ctx: click.Context, root: str | None, source: str | None) -> None:
    """Read, listen to and serve an article (the interview by default) in English, Kazakh and Russian."""
    ctx.obj = Settings.from_env(root, source)


def lang_option(f):
    return click.option("--lang", "langs", multiple=True, metavar="LANG", help=HELP["lang"])(f)


def engine_option(f):
    return click.option("--engine", type=click.Choice(["auto", "gtts", "espeak"]), default=None,
                        help=HELP["engine"])(f)


def run_build(settings: Settings, langs: tuple[str, ...], engine: str | None = None) -> None:
    from .build import build

    bar = None

    def start(total: int) -> None:
        nonlocal bar
        if total:
            bar = click.progressbar(length=total, label="Synthesising passages", file=sys.stderr)
            bar.__enter__()

    try:
        report = build(settings, langs, on_start=start, on_done=lambda: bar and bar.update(1), engine=engine,
                       on_wait=lambda pid: click.echo(f"Waiting for another build (pid {pid}) to finish...", err=True))
    finally:
        if bar:
            bar.__exit__(None, None, None)
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(f"Built {report.synthesised} passage audio file(s); "
               f"timing maps updated: {', '.join(report.maps_written) or 'none'}.")


@main.command()
@lang_option
@engine_option
@click.pass_obj
def build(settings: Settings, langs: tuple[str, ...], engine: str | None) -> None:
    """Build what is missing: catalogs in step, audio and timing maps per language."""
    run_build(settings, langs, engine)


@main.command()
@lang_option
@click.option("--json", "as_json", is_flag=True, help=HELP["json"])
@click.option("--check", is_flag=True, help=HELP["check"])
@click.pass_obj
def status(settings: Settings, langs: tuple[str, ...], as_json: bool, check: bool) -> None:
    """Per language: passages, reviewed / machine / stale / missing translations, audio built."""
    import json

    from . import status as report

    statuses = report.collect(settings, langs)
    if as_json:
        click.echo(json.dumps(report.as_json(statuses), ensure_ascii=False, indent=2))
    else:
        for line in report.as_text(statuses):
            click.echo(line)
    from .integrity import problems as damaged

    for line in damaged(settings):
        click.echo(f"Damaged: {line}; `reader build` builds it again.", err=True)
    problems = report.check(statuses) + damaged(settings) if check else []
    for line in problems:
        click.echo(f"Not ready: {line}", err=True)
    if problems:
        sys.exit(1)


@main.command()
@lang_option
@click.pass_obj
def translate(settings: Settings, langs: tuple[str, ...]) -> None:
    """Draft missing or stale passages with argostranslate (fuzzy, never over a reviewed one)."""
    from . import catalog as po
    from . import glossary
    from .build import check_languages
    from .mt import ArgosEngine
    from .settings import SOURCE_LANG
    from .source import read_article
    from .translate import MISSING, STALE, draft, resolve, sync

    article = read_article(settings.source)
    terms = glossary.load(settings.glossary)
    for lang in [lang for lang in check_languages(langs or PUBLISHED) if lang != SOURCE_LANG]:
        path = settings.catalog(lang)
        catalog = po.load(path, lang)
        sync(catalog, article)
        todo = [t.passage_id for t in resolve(article, catalog, lang) if t.status in (MISSING, STALE)]
        if not todo:
            click.echo(f"{lang}: nothing to draft (every passage is translated and current)")
            continue
        engine = ArgosEngine(lang)
        with click.progressbar(length=1, label=f"Drafting {lang} with {engine.provenance}", file=sys.stderr) as bar:
            drafted = draft(catalog, article, engine, lang, terms)
            bar.update(1)
        if drafted:
            po.save(catalog, path)
        click.echo(f"{lang}: drafted {len(drafted)} passage(s){': ' + ' '.join(drafted) if drafted else ''}; "
                   f"review them in {path}")


@main.command()
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
@click.pass_obj
def prune(settings: Settings, dry_run: bool) -> None:
    """Remove built audio and timing files that the current article no longer uses."""
    from .prune import prune as remove_unused

    unused = remove_unused(settings, dry_run)
    size = sum(p.stat().st_size for p in unused) if dry_run else None
    for path in unused:
        click.echo(path.relative_to(settings.root))
    verb = "Would remove" if dry_run else "Removed"
    click.echo(f"{verb} {len(unused)} unused built file(s)" + (f" ({size // 1024} KiB)." if dry_run else "."), err=True)


@main.command("export")
@click.argument("kind", type=click.Choice(["mp3", "vtt", "smil", "json", "epub", "static"]))
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--lang", metavar="LANG", help="Page language: en, kk, kk-Latn or ru (all but static need it).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (or give it as TARGET; default: standard output; required for mp3 and epub).")
@click.option("--words", is_flag=True, help="SMIL and EPUB: a media overlay <par> per word instead of per sentence.")
@click.pass_obj
def export(settings: Settings, kind: str, target: Path | None, lang: str, output: Path | None, words: bool) -> None:
    """Export a built language: its MP3, WebVTT captions, SMIL media overlay, timing map, or an
    EPUB 3 with media overlays (reader export epub --lang kk interview-kk.epub); or the whole
    reader as a static site (reader export static DIR)."""
    import json

    from .export import FORMATS, Smil
    from .files import atomic_write
    from .settings import PAGE_LANGUAGES

    output = output or target
    if kind == "static":
        from .static_site import export_static
        if output is None:
            raise ReaderError("static export needs a folder to write: reader export static DIR")
        count = export_static(settings, output)
        click.echo(f"Wrote a static site of {count} pages to {output}; open {output / 'index.html'}.", err=True)
        return
    if lang not in PAGE_LANGUAGES:
        raise ReaderError(f"unknown language {lang!r}; supported: {', '.join(PAGE_LANGUAGES)}")
    path = settings.timing_map(lang)
    if not path.exists():
        raise ReaderError(f"{path}: {lang} is not built yet; run: reader build")
    timing = json.loads(path.read_text(encoding="utf-8"))
    if kind in ("mp3", "epub") and output is None:
        raise ReaderError(f"{kind} export needs a file to write: reader export {kind} --lang {lang} FILE")
    if kind == "mp3":
        data = (settings.audio / timing["audio"]).read_bytes()
    elif kind == "epub":
        from .epub import epub
        data = epub(timing, (settings.audio / timing["audio"]).read_bytes(), words=words)
    else:
        exporter = Smil(level="word" if words else "sentence") if kind == "smil" else FORMATS[kind]()
        data = exporter.render(timing).encode("utf-8")
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        atomic_write(output, data)
        click.echo(f"Wrote {output} ({len(data) // 1024} KiB).", err=True)


@main.group()
def models() -> None:
    """Machine translation models (argostranslate packages)."""


@models.command("install")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def models_install(path: Path) -> None:
    """Install an .argosmodel file (offline; nothing is downloaded)."""
    from .mt import install_model

    model = install_model(path)
    click.echo(f"Installed {model} ({model.from_code}→{model.to_code}).")


@models.command("list")
def models_list() -> None:
    """Installed models, and which languages can be drafted from English."""
    from .mt import ArgosEngine, installed_models

    for model in installed_models():
        click.echo(f"{model.from_code}→{model.to_code}  {model}")
    for lang in PUBLISHED:
        try:
            click.echo(f"{lang}: can be drafted ({ArgosEngine(lang).provenance})")
        except ReaderError:
            click.echo(f"{lang}: no model reaches it from English; translate by hand in translations/{lang}.po")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help=HELP["host"])
@click.option("--port", default=5000, show_default=True, type=int, help=HELP["port"])
@click.option("--no-build", is_flag=True, help="Serve what is built; do not build what is missing first.")
@engine_option
@click.pass_obj
def serve(settings: Settings, host: str, port: int, no_build: bool, engine: str | None) -> None:
    """Build what is missing, then serve the reader (waitress, a production WSGI server)."""
    if not no_build:
        run_build(settings, (), engine)
    import waitress

    from .web import create_app

    app = create_app({"READER_ROOT": str(settings.root)})
    click.echo(f"Serving the reader at http://{host}:{port}/  (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port, threads=4, connection_limit=1000, backlog=2048, _quiet=True)
