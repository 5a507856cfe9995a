"""What a page fetches: its files in each format of the table (map, captions, chapters), the
article audio (tagged, and plain for discreet mode) and the covers."""
from __future__ import annotations

from flask import abort, current_app, request, send_from_directory
from werkzeug.http import parse_range_header

from ...errors import ReaderError
from ...library import LIBRARY_COVER
from ...mp3 import untagged
from ...publish.artwork import KINDS, cover, cover_suffix, operator_cover_path
from ...publish.formats import PAGE_FILES, Built
from ...timing_map import read_map
from ..cache import IMMUTABLE, not_kept_by_browsers, remembered, respond
from ..i18n import gettext
from .common import AUDIO_NAME, article_slug, bp, built_map, built_stamp, page_language, servable_article, settings

# The files beside each article's page, one route for every format that declares one.
FILE_NAMES = ", ".join(f'"{name}"' for name in PAGE_FILES)


@bp.route(f"/<lang>/<slug>/<any({FILE_NAMES}):name>")
def article_file(lang: str, slug: str, name: str):
    """A format of the built language (reader/publish/formats/): its map, captions, chapters."""
    path, form = built_map(lang, slug), PAGE_FILES[name]
    body = remembered((name, lang, slug, built_stamp(lang, slug)),
                      lambda: form.render(Built(read_map(path), settings().audio, gettext=gettext)))
    return respond(body, form.media_type)


def cover_kind(slug: str | None) -> str:
    """png, or jpg where the operator's cover is one."""
    return cover_suffix(settings().layout.covers, slug or LIBRARY_COVER).lstrip(".")


@bp.route("/<lang>/cover.<kind>")
@bp.route("/<lang>/<slug>/cover.<kind>")
def cover_image(lang: str, kind: str, slug: str | None = None):
    """The publication's cover, or an article's, in the page's language (the title drawn)."""
    page_language(lang)
    if slug:
        article_slug(slug)
        article = servable_article(lang, slug)
        if article is None:
            abort(404)
        title, byline, stamp = article.title, gettext("Reader"), built_stamp(lang, slug)
    else:
        title, byline, stamp = gettext("Reader"), "", 0
    own = operator_cover_path(settings().layout.covers, slug or LIBRARY_COVER)
    if kind != cover_kind(slug):
        abort(404)
    own_stamp = own.stat().st_mtime_ns if own else None

    def draw() -> bytes:
        try:
            return cover(settings().layout.covers, slug or LIBRARY_COVER, title, byline)[0]
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


@bp.route("/audio/plain/<name>")
def plain_audio(name: str):
    """A built MP3 without its tags (title, chapters, cover drawn with the title): what discreet
    mode downloads, so that a file on the device says nothing of what it is."""
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


def ignore_unusable_range(environ: dict) -> None:
    """RFC 9110: a Range in a unit other than bytes, or several ranges, is ignored (200, the
    whole file; Werkzeug answered 416), and so is any Range under a weak If-Range validator,
    which cannot promise the same bytes (Werkzeug answered 206)."""
    if "HTTP_RANGE" not in environ:
        return
    parsed = parse_range_header(environ["HTTP_RANGE"])
    weak = environ.get("HTTP_IF_RANGE", "").lstrip().startswith("W/")
    if parsed is None or parsed.units != "bytes" or len(parsed.ranges) != 1 or weak:
        del environ["HTTP_RANGE"]
