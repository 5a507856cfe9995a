"""Routes: language negotiation, the reader page, its timing map and Range-served audio."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_from_directory, url_for

from ..errors import ReaderError
from ..settings import PAGE_LANGUAGES, SOURCE_LANG
from ..timing_map import read_map
from .article import BuiltArticle, load_article
from .assets import YEAR
from .bilingual import pair_articles
from .cache import remembered, respond
from .i18n import best_language

bp = Blueprint("reader", __name__)
AUDIO_NAME = re.compile(r"^[0-9a-f]{20}\.mp3$")


def settings():
    return current_app.config["READER_SETTINGS"]


@bp.route("/")
def index():
    """The best page for the browser's languages; a static export, with no server to ask,
    gets a page that lists them."""
    if current_app.config.get("STATIC_EXPORT"):
        return render_template("index.html", lang=g.get("ui_lang", SOURCE_LANG))
    response = redirect(url_for("reader.page", lang=best_language(request.accept_languages)))
    response.vary.add("Accept-Language")
    response.cache_control.no_cache = True
    return response


def bilingual_url(lang: str, other: str | None) -> str:
    """The page in `lang` beside `other`: a query on the server, a folder in a static export."""
    page = url_for("reader.page", lang=lang)
    if not other:
        return page
    return f"{page}with-{other}/" if current_app.config.get("STATIC_EXPORT") else f"{page}?with={other}"


def page_language(lang: str) -> str:
    if lang not in PAGE_LANGUAGES:
        abort(404)
    g.ui_lang = lang
    return lang


@bp.route("/<lang>/")
@bp.route("/<lang>/with-<other>/")
def page(lang: str, other: str | None = None):
    """The reader; with ?with=ru, the bilingual view: this language beside another."""
    page_language(lang)
    other = request.args.get("with") or other
    # The maps' times first, then the articles: a build replacing a map in between leaves this
    # page under the older time, to be rendered again, never the old page under the new time.
    stamps = [stamp_if_built(code) for code in (lang, other) if code in PAGE_LANGUAGES]
    article = servable_article(lang)
    if article is None:
        return render_template("not_built.html", lang=lang), 503
    other_article = None
    if other:
        other_article = servable_article(other) if other in PAGE_LANGUAGES else None
        if other == lang or other_article is None:
            abort(404)

    def render() -> bytes:
        pairs = pair_articles(article, other_article) if other_article else None
        return render_template("reader.html", lang=lang, article=article, other=other, pairs=pairs,
                               timings=embedded_timings(lang)).encode("utf-8")
    key = ("page", lang, other, *stamps)  # the memo is the app's own
    return respond(remembered(key, render), "text/html")


def servable_article(lang: str) -> BuiltArticle | None:
    """The language's built article, or None when it is not built or its map is damaged (a
    damaged map is logged; the other languages are served as usual)."""
    try:
        return load_article(settings().timing_map(lang))
    except ReaderError as exc:
        current_app.logger.error("%s", exc)
        return None


def stamp_if_built(lang: str) -> int | None:
    try:
        return built_stamp(lang)
    except FileNotFoundError:
        return None


def built_stamp(lang: str) -> int:
    """Changes whenever a build replaces the language's timing map."""
    return settings().timing_map(lang).stat().st_mtime_ns


def built_map(lang: str) -> Path:
    """The page language's timing map, checked; 404 for an unknown or unbuilt language, 503
    for a damaged map."""
    page_language(lang)
    path = settings().timing_map(lang)
    if not path.exists():
        abort(404)
    if servable_article(lang) is None:
        abort(503)
    return path


@bp.route("/<lang>/timings.json")
def timings(lang: str):
    path = built_map(lang)
    return respond(remembered(("timings", lang, built_stamp(lang)), path.read_bytes), "application/json")


def embedded_timings(lang: str) -> dict | None:
    """A static export's page carries its timing map (no fetch over file://)."""
    if not current_app.config.get("STATIC_EXPORT"):
        return None
    return read_map(settings().timing_map(lang)).to_json()


@bp.route("/<lang>/article.vtt")
def captions(lang: str):
    """WebVTT captions of the article audio, with a timestamp before every word."""
    from ..export.formats import WebVTT

    path = built_map(lang)
    body = remembered(("vtt", lang, built_stamp(lang)), lambda: WebVTT().render(read_map(path)).encode("utf-8"))
    return respond(body, "text/vtt")


@bp.route("/audio/<name>")
def audio(name: str):
    """Built MP3s only (names are content hashes, so they never change): Range requests give 206."""
    if not AUDIO_NAME.match(name):
        abort(404)
    ignore_unusable_range(request.environ)
    response = send_from_directory(settings().audio, name, mimetype="audio/mpeg", conditional=True,
                                   max_age=YEAR)
    response.cache_control.immutable = True
    return response


def ignore_unusable_range(environ: dict) -> None:
    """RFC 9110: a Range in a unit other than bytes, or several ranges, is ignored (200, the
    whole file; Werkzeug answered 416), and so is any Range under a weak If-Range validator,
    which cannot promise the same bytes (Werkzeug answered 206)."""
    from werkzeug.http import parse_range_header

    if "HTTP_RANGE" not in environ:
        return
    parsed = parse_range_header(environ["HTTP_RANGE"])
    weak = environ.get("HTTP_IF_RANGE", "").lstrip().startswith("W/")
    if parsed is None or parsed.units != "bytes" or len(parsed.ranges) != 1 or weak:
        del environ["HTTP_RANGE"]


@bp.route("/healthz")
def healthz():
    """For load balancers and Docker's HEALTHCHECK: 200 once some language is built and every
    built one can be served; 503 before any build, or while a built language's map is damaged
    or the audio it names is gone."""
    built = [lang for lang in PAGE_LANGUAGES if settings().timing_map(lang).exists()]
    articles = {lang: servable_article(lang) for lang in built}
    damaged = [lang for lang, article in articles.items()
               if article is None or not (settings().audio / article.audio).is_file()]
    if damaged:
        return {"status": "damaged", "languages": built, "damaged": damaged}, 503
    return {"status": "ok" if built else "not built", "languages": built}, 200 if built else 503


def not_found(error):
    lang = request.view_args.get("lang") if request.view_args else None
    g.ui_lang = lang if lang in PAGE_LANGUAGES else best_language(request.accept_languages)
    return render_template("404.html", lang=g.ui_lang), 404, {"Vary": "Accept-Language"}
