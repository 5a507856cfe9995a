"""An article's page: the reader, the bilingual view and the embed page."""
from __future__ import annotations

from flask import abort, current_app, g, render_template, request, url_for

from ...publish.article import BuiltArticle
from ...settings import PAGE_LANGUAGES
from ...timing_map import read_map
from ..bilingual import pair_articles
from ..cache import remembered, respond
from .common import article_slug, bp, page_language, servable_article, settings, stamp_if_built


@bp.route("/<lang>/<slug>/embed")
def embed(lang: str, slug: str):
    """The article in a compact page for a publisher's own page to frame: player and text,
    the quick exit (which leaves the whole tab) and the content note, no site navigation."""
    g.embed = True
    return page(lang, slug)


@bp.route("/<lang>/<slug>/")
@bp.route("/<lang>/<slug>/with-<other>/")
def page(lang: str, slug: str, other: str | None = None):
    """The reader; with ?with=ru, the bilingual view: this language beside another."""
    page_language(lang)
    article_slug(slug)
    embedded = g.get("embed", False)
    other = None if embedded else request.args.get("with") or other
    # The maps' times first, then the articles: a build replacing a map in between leaves this
    # page under the older time, to be rendered again, never the old page under the new time.
    stamps = [stamp_if_built(code, slug) for code in (lang, other) if code in PAGE_LANGUAGES]
    article = servable_article(lang, slug)
    if article is None:
        layout = settings().layout
        if not layout.has_source(slug) and not any(layout.timing_map(slug, code).exists() for code in PAGE_LANGUAGES):
            abort(404)
        return render_template("not_built.html", lang=lang), 503
    other_article = None
    if other:
        other_article = servable_article(other, slug) if other in PAGE_LANGUAGES else None
        if other == lang or other_article is None:
            abort(404)

    def render() -> bytes:
        pairs = pair_articles(article, other_article) if other_article else None
        return render_template("reader.html", lang=lang, article=article, other=other, pairs=pairs,
                               timings=embedded_timings(lang, slug), embed=embedded).encode("utf-8")
    key = ("page", lang, slug, other, embedded, *stamps)  # the memo is the app's own
    return respond(remembered(key, render), "text/html")


def embedded_timings(lang: str, slug: str) -> dict | None:
    """A static export's page carries its timing map (no fetch over file://)."""
    if not current_app.config.get("STATIC_EXPORT"):
        return None
    return read_map(settings().layout.timing_map(slug, lang)).to_json()


def bilingual_url(lang: str, other: str | None) -> str:
    """This article in `lang` beside `other`: a query on the server, a folder in a static export."""
    page = url_for("reader.page", lang=lang, slug=g.slug)
    if not other:
        return page
    return f"{page}with-{other}/" if current_app.config.get("STATIC_EXPORT") else f"{page}?with={other}"


def discreet_by_default(article: BuiltArticle) -> bool:
    """Whether the page opens in discreet mode (READER_DISCREET: content-note, always, never)."""
    default = current_app.config["DISCREET"]
    return default == "always" or (default == "content-note" and "content-note" in article.notes)
