"""Options shared by several commands, declared once with their help text (settings.HELP)."""
from __future__ import annotations

import click

from ..settings import HELP
from ..speech.engines import MODES


def lang_option(f):
    return click.option("--lang", "langs", multiple=True, metavar="LANG", help=HELP["lang"])(f)


def engine_option(f):
    return click.option("--engine", type=click.Choice(MODES), default=None,
                        help=HELP["engine"])(f)


def article_option(f):
    return click.option("--article", metavar="SLUG", default=None, help=HELP["article"])(f)
