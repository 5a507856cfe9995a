"""The library's index in a language, and the addresses of the days of one article."""
from __future__ import annotations

from flask import current_app, render_template, request, url_for

from ..cache import remembered, respond
from ..library import first_article, shelf, shelf_stamps
from .common import bp, moved_to_first, page_language, settings


@bp.route("/<lang>/")
def library(lang: str):
    """The library's index in one language: every built article, newest first. Addresses of
    the days of one article (/<lang>/?with=ru) lead to the library's first article."""
    page_language(lang)
    if request.args.get("with"):
        return moved_to_first(lang, "reader.page", **{"with": request.args["with"]})
    stamps = shelf_stamps(settings(), lang)

    def render() -> bytes:
        articles = shelf(settings(), lang)
        first = first_article(articles)
        feeds = not current_app.config.get("STATIC_EXPORT") or current_app.config["PUBLIC_URL"]
        # What the index's search looks in (static/library.js), in the page, as a static export
        # opened from files can fetch nothing: each article's address (relative to this page,
        # which the export does not rewrite inside a script), title and sentences.
        folder = "/index.html" if current_app.config.get("STATIC_EXPORT") else "/"
        index = [{"url": a.slug + folder, "title": a.title, "sentences": a.sentence_texts()} for a in articles]
        return render_template("library.html", lang=lang, articles=articles, search_index=index,
                               feed_url=url_for("reader.feed", lang=lang) if feeds else None,
                               first=url_for("reader.page", lang=lang, slug=first.slug) if first else None,
                               ).encode("utf-8")
    return respond(remembered(("library", lang, stamps), render), "text/html")


@bp.route("/<lang>/with-<other>/")
def moved_bilingual(lang: str, other: str):
    return moved_to_first(page_language(lang), "reader.page", other=other)


# Static rules, which outrank /<lang>/<slug>/ whatever the order the routes are registered in.
@bp.route("/<lang>/timings.json", defaults={"name": "timings.json"})
@bp.route("/<lang>/article.vtt", defaults={"name": "article.vtt"})
def moved_file(lang: str, name: str):
    return moved_to_first(page_language(lang), "reader.article_file", name=name)
