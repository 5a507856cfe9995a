"""The one command line: `reader build | status | serve`. Heavy imports happen inside commands."""
from __future__ import annotations

import sys

import click

from .errors import ReaderError
from .settings import HELP, LANGUAGES, Settings


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
@click.pass_context
def main(ctx: click.Context, root: str | None) -> None:
    """Read, listen to and serve the interview in English, Kazakh and Russian."""
    ctx.obj = Settings.from_env(root)


def lang_option(f):
    return click.option("--lang", "langs", multiple=True, metavar="LANG", help=HELP["lang"])(f)


def run_build(settings: Settings, langs: tuple[str, ...]) -> None:
    from .build import build

    bar = None

    def start(total: int) -> None:
        nonlocal bar
        if total:
            bar = click.progressbar(length=total, label="Synthesising passages", file=sys.stderr)
            bar.__enter__()

    try:
        report = build(settings, langs, on_start=start, on_done=lambda: bar and bar.update(1))
    finally:
        if bar:
            bar.__exit__(None, None, None)
    click.echo(f"Built {report.synthesised} passage audio file(s); "
               f"timing maps updated: {', '.join(report.maps_written) or 'none'}.")


@main.command()
@lang_option
@click.pass_obj
def build(settings: Settings, langs: tuple[str, ...]) -> None:
    """Build what is missing: catalogs in step, audio and timing maps per language."""
    run_build(settings, langs)


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
    problems = report.check(statuses) if check else []
    for line in problems:
        click.echo(f"Not ready: {line}", err=True)
    if problems:
        sys.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help=HELP["host"])
@click.option("--port", default=5000, show_default=True, type=int, help=HELP["port"])
@click.option("--no-build", is_flag=True, help="Serve what is built; do not build what is missing first.")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, no_build: bool) -> None:
    """Build what is missing, then serve the reader (waitress, a production WSGI server)."""
    if not no_build:
        run_build(settings, ())
    import waitress

    from .web import create_app

    app = create_app({"READER_ROOT": str(settings.root)})
    click.echo(f"Serving the reader at http://{host}:{port}/  (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port, threads=8, _quiet=True)
