"""The site's own addresses: the way in, the quick exit's last request, the health check and
the page for an address that is not there."""
from __future__ import annotations

from flask import abort, current_app, g, redirect, render_template, request, url_for

from ...settings import PAGE_LANGUAGES, SOURCE_LANG
from ..cache import not_kept_by_browsers
from ..i18n import best_language
from .common import bp, servable_article, settings


@bp.route("/")
def index():
    """The library in the best language for the browser; a static export, with no server to
    ask, gets a page that lists the languages."""
    if current_app.config.get("STATIC_EXPORT"):
        return render_template("languages.html", lang=g.get("ui_lang", SOURCE_LANG))
    response = redirect(url_for("reader.library", lang=best_language(request.accept_languages)))
    response.vary.add("Accept-Language")
    not_kept_by_browsers(response, cdn="private")   # it depends on the reader's languages
    return response


@bp.route("/forget")
def forget():
    """The quick exit's last request: the browser clears what it holds for this site, its HTTP
    cache (the hashed scripts and styles, anything a CDN or an older version let it keep) and
    its storage (settings, the offline copy), before it leaves. A GET, so that a static host can answer it
    too (a file named forget, with the header from the export's _headers). Only the site's own
    pages may ask: another site's link or image could otherwise wipe a reader's settings."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        abort(403)
    response = current_app.response_class(status=204)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/healthz")
def healthz():
    """For load balancers and Docker's HEALTHCHECK: 200 once some language is built and every
    built one can be served; 503 before any build, or while a built language's map is damaged
    or the audio it names is gone."""
    pages = [(slug, lang) for lang in PAGE_LANGUAGES for slug in settings().layout.built(lang)]
    built = sorted({lang for _, lang in pages}, key=PAGE_LANGUAGES.index)
    articles = {(slug, lang): servable_article(lang, slug) for slug, lang in pages}
    damaged = [f"{slug}/{lang}" for (slug, lang), article in articles.items()
               if article is None or not (settings().audio / article.audio).is_file()]
    if damaged:
        return {"status": "damaged", "languages": built, "damaged": damaged}, 503
    return {"status": "ok" if built else "not built", "languages": built,
            "articles": sorted({slug for slug, _ in pages})}, 200 if built else 503


def not_found(error):
    lang = request.view_args.get("lang") if request.view_args else None
    g.ui_lang = lang if lang in PAGE_LANGUAGES else best_language(request.accept_languages)
    return render_template("404.html", lang=g.ui_lang), 404, {"Vary": "Accept-Language"}
