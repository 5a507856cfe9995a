"""What every view looks up: the blueprint, the project's settings, a page language and an
article's address checked, and its built map."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, url_for

from ...errors import ReaderError
from ...library import SLUG
from ...publish.article import BuiltArticle, load_article
from ...settings import PAGE_LANGUAGES
from ..library import first_article, shelf

bp = Blueprint("reader", __name__)
AUDIO_NAME = re.compile(r"^[0-9a-f]{20}\.mp3$")


def settings():
    return current_app.config["READER_SETTINGS"]


def page_url(lang: str) -> str:
    """The same page in another language: this article's, or the library's."""
    slug = g.get("slug")
    return url_for("reader.page", lang=lang, slug=slug) if slug else url_for("reader.library", lang=lang)


def page_language(lang: str) -> str:
    if lang not in PAGE_LANGUAGES:
        abort(404)
    g.ui_lang = lang
    return lang


def article_slug(slug: str) -> str:
    if not SLUG.fullmatch(slug):
        abort(404)
    g.slug = slug
    return slug


def servable_article(lang: str, slug: str) -> BuiltArticle | None:
    """The language's built article, or None when it is not built or its map is damaged (a
    damaged map is logged; the other languages are served as usual)."""
    try:
        return load_article(settings().layout.timing_map(slug, lang))
    except ReaderError as exc:
        current_app.logger.error("%s", exc)
        return None


def stamp_if_built(lang: str, slug: str) -> int | None:
    try:
        return built_stamp(lang, slug)
    except FileNotFoundError:
        return None


def built_stamp(lang: str, slug: str) -> int:
    """Changes whenever a build replaces the language's timing map."""
    return settings().layout.timing_map(slug, lang).stat().st_mtime_ns


def built_map(lang: str, slug: str) -> Path:
    """The page language's timing map, checked; 404 for an unknown or unbuilt language, 503
    for a damaged map."""
    page_language(lang)
    path = settings().layout.timing_map(article_slug(slug), lang)
    if not path.exists():
        abort(404)
    if servable_article(lang, slug) is None:
        abort(503)
    return path


def moved_to_first(lang: str, endpoint: str, **values):
    """A permanent redirect from an address of the days of one article to the same address of
    the library's first article; 404 when nothing is built."""
    first = first_article(shelf(settings(), lang))
    if first is None:
        abort(404)
    return redirect(url_for(endpoint, lang=lang, slug=first.slug, **values), 308)
