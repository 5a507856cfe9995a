"""Options shared by several commands, declared once with their help text (settings.HELP)."""
from __future__ import annotations

import click

from ..settings import ENGINE_MODES, HELP


def lang_option(f):
    return click.option("--lang", "langs", multiple=True, metavar="LANG", help=HELP["lang"])(f)


def engine_option(f):
    return click.option("--engine", type=click.Choice(ENGINE_MODES), default=None,
                        help=HELP["engine"])(f)


def article_option(f):
    return click.option("--article", metavar="SLUG", default=None, help=HELP["article"])(f)
