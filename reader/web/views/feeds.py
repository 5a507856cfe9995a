"""The podcast feed of each language (RSS 2.0, iTunes tags, Podcasting 2.0)."""
from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from flask import current_app, request

from ...publish.feeds import feed_guid, rss
from ..cache import made_now, not_kept_by_browsers, remembered, respond
from ..i18n import gettext, page_language_name
from ..library import shelf, shelf_stamps
from .common import bp, page_language, settings
from .media import cover_kind


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
