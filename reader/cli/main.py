"""The one command line: `reader build | status | serve | translate | models | export | prune |
voices`. This module holds the group and the build/status/serve commands; the others live in
mt.py, files.py and voices.py. Heavy imports happen inside commands."""
from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from ..errors import ReaderError
from ..settings import HELP, Settings, scheduler_address
from ..speech.engines import engine_named
from .options import article_option, engine_option, lang_option

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

# Past about 50 connections waitress is erratic whatever its threads (the figures: docs/serving.md,
# "Where reader serve stops").
WAITRESS_THREADS = 8


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
    engine_named(ctx.obj.engine)   # READER_ENGINE names an engine of the table, or the command stops here


def run_build(settings: Settings, langs: tuple[str, ...], engine: str | None = None,
              scheduler: str | None = None, article: str | None = None) -> None:
    from ..build.run import build

    if scheduler is not None:
        try:
            settings = replace(settings, scheduler=scheduler_address(scheduler))
        except ValueError as exc:
            raise ReaderError(f"--scheduler {scheduler!r}: {exc}") from None

    bar: ProgressBar[int] | None = None

    def start(total: int) -> None:
        nonlocal bar
        if total:
            bar = click.progressbar(length=total, label="Synthesising passages", file=sys.stderr)
            bar.__enter__()

    def done() -> None:
        if bar:
            bar.update(1)

    aligning: list[ProgressBar[int]] = []

    def align(label: str, total: int):
        """A bar per recording aligned (an hour's takes about half a minute)."""
        while aligning:
            aligning.pop().__exit__(None, None, None)
        aligning.append(click.progressbar(length=total, label=label, file=sys.stderr))
        aligning[0].__enter__()
        return lambda: aligning[0].update(1)

    try:
        report = build(settings, langs, on_start=start, on_done=done, engine=engine,
                       on_wait=lambda pid: click.echo(f"Waiting for another build (pid {pid}) to finish...", err=True),
                       scheduler=settings.scheduler, article=article, on_align=align)
    finally:
        for shown in [*aligning, *([bar] if bar else [])]:
            shown.__exit__(None, None, None)
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(f"Built {report.synthesised} passage audio file(s); "
               f"timing maps updated: {', '.join(report.maps_written) or 'none'}.")


@main.command()
@lang_option
@article_option
@engine_option
@click.option("--scheduler", metavar="ADDRESS", default=None, help=HELP["scheduler"])
@click.pass_obj
def build(settings: Settings, langs: tuple[str, ...], article: str | None, engine: str | None,
          scheduler: str | None) -> None:
    """Build what is missing in every article (or one): catalogs in step, audio and timing maps per language."""
    run_build(settings, langs, engine, scheduler, article)


@main.command()
@lang_option
@article_option
@click.option("--json", "as_json", is_flag=True, help=HELP["json"])
@click.option("--check", is_flag=True, help=HELP["check"])
@click.pass_obj
def status(settings: Settings, langs: tuple[str, ...], article: str | None, as_json: bool, check: bool) -> None:
    """Per article and language: passages, reviewed / machine / stale / missing translations, audio built."""
    import json

    from ..build import status as report
    from ..build.integrity import problems as damaged

    library = settings.library().select(article)
    statuses = [s for one in library for s in report.collect(settings, one, langs)]
    if as_json:
        click.echo(json.dumps(report.as_json(statuses), ensure_ascii=False, indent=2))
    else:
        for line in report.as_text(statuses):
            click.echo(line)
    damage = [line for one in library for line in damaged(one)]
    for line in damage:
        click.echo(f"Damaged: {line}; `reader build` builds it again.", err=True)
    problems = report.check(statuses, settings) + damage if check else []
    for line in problems:
        click.echo(f"Not ready: {line}", err=True)
    if problems:
        sys.exit(1)


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
    import logging

    import waitress

    from ..web import create_app
    from ..web.serving import waitress_options

    app = create_app({"READER_ROOT": str(settings.root)})
    click.echo(f"Serving the reader at http://{host}:{port}/  (Ctrl+C to stop)")
    # waitress warns on stderr for every request that waits for a thread: under load that is
    # thousands of lines a second, and writing them slowed serving further.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    waitress.serve(app, host=host, port=port, **waitress_options(WAITRESS_THREADS))


def register() -> None:
    from .check import check
    from .files import export, prune
    from .mt import models, translate
    from .narration import narration
    from .voices import voices

    for command in (translate, models, export, prune, voices, narration, check):
        main.add_command(command)


register()
