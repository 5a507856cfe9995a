"""The library as its index shows it: the articles built in a page language, newest first,
read from their timing maps (audio/<slug>/<lang>.json), each re-read only when rebuilt."""
from __future__ import annotations

from flask import current_app

from ..errors import ReaderError
from ..publish.article import BuiltArticle, load_article
from ..settings import Settings


def shelf_stamps(settings: Settings, lang: str) -> tuple:
    """Changes whenever a build adds, replaces or a prune removes one of the language's maps."""
    layout = settings.layout
    return tuple((slug, layout.timing_map(slug, lang).stat().st_mtime_ns) for slug in layout.built(lang))


def shelf(settings: Settings, lang: str) -> list[BuiltArticle]:
    """The language's servable articles, newest first (undated ones last, by title). A
    damaged map is logged and its article left out, as its page answers 503."""
    articles = []
    for slug in settings.layout.built(lang):
        try:
            article = load_article(settings.layout.timing_map(slug, lang))
        except ReaderError as exc:
            current_app.logger.error("%s", exc)
            continue
        if article is not None:
            articles.append(article)
    dated = sorted((a for a in articles if a.date), key=lambda a: (a.date, a.slug), reverse=True)
    return dated + sorted((a for a in articles if not a.date), key=lambda a: (a.title.casefold(), a.slug))


def first_article(articles: list[BuiltArticle]) -> BuiltArticle | None:
    """The article the library grew from, which the addresses of its one-article days meant:
    the oldest, an undated one (written before articles had dates) before any dated one."""
    if not articles:
        return None
    return min(articles, key=lambda a: (bool(a.date), a.date, a.slug))
