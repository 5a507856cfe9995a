"""Routes: language negotiation, the reader page, its timing map and Range-served audio."""
from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_from_directory, url_for

from ..errors import ReaderError
from ..publish.article import BuiltArticle, load_article
from ..publish.formats import PAGE_FILES, Built
from ..settings import PAGE_LANGUAGES, SLUG, SOURCE_LANG
from ..timing_map import read_map
from .bilingual import pair_articles
from .cache import IMMUTABLE, made_now, not_kept_by_browsers, remembered, respond
from .i18n import best_language, gettext
from .library import built_slugs, first_article, shelf, shelf_stamps

bp = Blueprint("reader", __name__)
AUDIO_NAME = re.compile(r"^[0-9a-f]{20}\.mp3$")


def settings():
    return current_app.config["READER_SETTINGS"]


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


def bilingual_url(lang: str, other: str | None) -> str:
    """This article in `lang` beside `other`: a query on the server, a folder in a static export."""
    page = url_for("reader.page", lang=lang, slug=g.slug)
    if not other:
        return page
    return f"{page}with-{other}/" if current_app.config.get("STATIC_EXPORT") else f"{page}?with={other}"


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
        return render_template("library.html", lang=lang, articles=articles,
                               feed_url=url_for("reader.feed", lang=lang) if feeds else None,
                               first=url_for("reader.page", lang=lang, slug=first.slug) if first else None,
                               ).encode("utf-8")
    return respond(remembered(("library", lang, stamps), render), "text/html")


def moved_to_first(lang: str, endpoint: str, **values):
    """A permanent redirect from an address of the days of one article to the same address of
    the library's first article; 404 when nothing is built."""
    first = first_article(shelf(settings(), lang))
    if first is None:
        abort(404)
    return redirect(url_for(endpoint, lang=lang, slug=first.slug, **values), 308)


@bp.route("/<lang>/with-<other>/")
def moved_bilingual(lang: str, other: str):
    return moved_to_first(page_language(lang), "reader.page", other=other)


@bp.route("/<lang>/<any(timings.json, article.vtt):name>")
def moved_file(lang: str, name: str):
    return moved_to_first(page_language(lang), "reader.article_file", name=name)


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
        known = any(settings().map_of(slug, code).exists() for code in PAGE_LANGUAGES) or any(
            (settings().root / "content" / f"{slug}{suffix}").is_file() for suffix in (".md", ".txt"))
        if not known:
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


def servable_article(lang: str, slug: str) -> BuiltArticle | None:
    """The language's built article, or None when it is not built or its map is damaged (a
    damaged map is logged; the other languages are served as usual)."""
    try:
        return load_article(settings().map_of(slug, lang))
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
    return settings().map_of(slug, lang).stat().st_mtime_ns


def built_map(lang: str, slug: str) -> Path:
    """The page language's timing map, checked; 404 for an unknown or unbuilt language, 503
    for a damaged map."""
    page_language(lang)
    path = settings().map_of(article_slug(slug), lang)
    if not path.exists():
        abort(404)
    if servable_article(lang, slug) is None:
        abort(503)
    return path


def embedded_timings(lang: str, slug: str) -> dict | None:
    """A static export's page carries its timing map (no fetch over file://)."""
    if not current_app.config.get("STATIC_EXPORT"):
        return None
    return read_map(settings().map_of(slug, lang)).to_json()


# The files beside each article's page, one route for every format that declares one.
FILE_NAMES = ", ".join(f'"{name}"' for name in PAGE_FILES)


@bp.route(f"/<lang>/<slug>/<any({FILE_NAMES}):name>")
def article_file(lang: str, slug: str, name: str):
    """A format of the built language (reader/publish/formats/): its map, captions, chapters."""
    path, form = built_map(lang, slug), PAGE_FILES[name]
    body = remembered((name, lang, slug, built_stamp(lang, slug)),
                      lambda: form.render(Built(read_map(path), settings().audio, gettext=gettext)))
    return respond(body, form.media_type)


def public_base() -> tuple[str, bool]:
    """The base of the feeds' absolute addresses, and whether it came from the request (then
    no shared cache may keep what names it: a forged Host would otherwise be served to all)."""
    configured = current_app.config["PUBLIC_URL"]
    return (configured, False) if configured else (request.url_root.rstrip("/"), True)


# A feed made from the asked address is rendered once with this stand-in, which each request's
# own address then replaces: a new Host header costs a replace, not a render, and takes no
# place in the memo (300 Hosts flushed the pages from it).
STAND_IN_BASE = "https://stand-in.reader.invalid"


@bp.route("/<lang>/feed.xml")
def feed(lang: str):
    """The language's podcast feed (RSS 2.0, iTunes tags, Podcasting 2.0)."""
    from ..publish.feeds import feed_guid, rss
    from .i18n import gettext, page_language_name

    page_language(lang)
    base, asked = public_base()
    rendered_base = STAND_IN_BASE if asked else base

    def render() -> bytes:
        articles = shelf(settings(), lang)
        channel = {"title": f"{gettext('Reader')} ({page_language_name(lang)})", "author": gettext("Reader"),
                   "description": gettext("Articles to read and listen to, in %(language)s.",
                                          language=page_language_name(lang))}
        return rss(lang, articles, rendered_base, settings().audio, gettext,
                   lambda slug: cover_url(rendered_base, lang, slug), channel)
    body = remembered(("feed", lang, rendered_base, shelf_stamps(settings(), lang)), render)
    if not asked:
        return respond(body, "application/rss+xml")
    stand_in_guid, guid = (feed_guid(f"{b}/{lang}/feed.xml") for b in (STAND_IN_BASE, base))
    own = body.raw.replace(stand_in_guid.encode(), guid.encode()).replace(
        STAND_IN_BASE.encode(), xml_escape(base, {'"': "&quot;"}).encode())
    response = respond(made_now(own), "application/rss+xml")
    not_kept_by_browsers(response, cdn="no-store")
    response.vary.add("Host")
    return response


def cover_url(base: str, lang: str, slug: str | None) -> str:
    kind = cover_kind(slug)
    return f"{base}/{lang}/{slug}/cover.{kind}" if slug else f"{base}/{lang}/cover.{kind}"


def cover_kind(slug: str | None) -> str:
    """png, or jpg where the operator's cover is one."""
    from ..publish.artwork import cover_suffix

    return cover_suffix(settings().root, slug or "library").lstrip(".")


@bp.route("/<lang>/cover.<kind>")
@bp.route("/<lang>/<slug>/cover.<kind>")
def cover_image(lang: str, kind: str, slug: str | None = None):
    """The publication's cover, or an article's, in the page's language (the title drawn)."""
    from ..publish.artwork import KINDS, cover, operator_cover_path
    from .i18n import gettext

    page_language(lang)
    if slug:
        article_slug(slug)
        article = servable_article(lang, slug)
        if article is None:
            abort(404)
        title, byline, stamp = article.title, gettext("Reader"), built_stamp(lang, slug)
    else:
        title, byline, stamp = gettext("Reader"), "", 0
    own = operator_cover_path(settings().root, slug or "library")
    if kind != cover_kind(slug):
        abort(404)
    own_stamp = own.stat().st_mtime_ns if own else None

    def draw() -> bytes:
        try:
            return cover(settings().root, slug or "library", title, byline)[0]
        except ReaderError as exc:
            current_app.logger.error("%s", exc)
            abort(503)
    return respond(remembered(("cover", lang, slug, stamp, own_stamp), draw), KINDS[f".{kind}"])


@bp.route("/audio/<name>")
def audio(name: str):
    """Built MP3s only: Range requests give 206. Names are content hashes, so a CDN may keep
    them for good; a browser keeps none (an article's audio on the device says what was heard),
    so a seek beyond what the page has buffered asks again."""
    if not AUDIO_NAME.match(name):
        abort(404)
    ignore_unusable_range(request.environ)
    response = send_from_directory(settings().audio, name, mimetype="audio/mpeg", conditional=True)
    response.headers.pop("Expires", None)
    not_kept_by_browsers(response, cdn=IMMUTABLE)
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


@bp.route("/audio/plain/<name>")
def plain_audio(name: str):
    """A built MP3 without its tags (title, chapters, cover drawn with the title): what discreet
    mode downloads, so that a file on the device says nothing of what it is."""
    from ..mp3 import untagged

    if not AUDIO_NAME.match(name):
        abort(404)
    try:
        body = untagged((settings().audio / name).read_bytes())
    except FileNotFoundError:
        abort(404)
    ignore_unusable_range(request.environ)
    response = current_app.response_class(body, mimetype="audio/mpeg")
    response.set_etag(f"{name[:-4]}-plain")
    response.make_conditional(request.environ, accept_ranges=True, complete_length=len(body))
    not_kept_by_browsers(response, cdn=IMMUTABLE)
    return response


def discreet_by_default(article: BuiltArticle) -> bool:
    """Whether the page opens in discreet mode (READER_DISCREET: content-note, always, never)."""
    default = current_app.config["DISCREET"]
    return default == "always" or (default == "content-note" and "content-note" in article.notes)


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
    pages = [(slug, lang) for lang in PAGE_LANGUAGES for slug in built_slugs(settings(), lang)]
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
