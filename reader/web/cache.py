"""Responses kept in memory and compressed once, and what a browser or a CDN may keep of them.
A reader page is the same for everyone until a build replaces its timing map, and assets never
change under their hashed names, so each is rendered or read once, gzipped once, and answered
with an ETag (304 for a CDN that has it).

What names an article (its page, map, captions, chapters, cover, audio, the feeds) is never
kept by the reader's browser (`no-store`): a device that someone else picks up must not hold
what its owner read. A CDN may keep them (`CDN-Cache-Control`, RFC 9213, which browsers
ignore): they are the same for every reader. The hashed assets name no article and are kept;
the quick exit clears them with the rest (Clear-Site-Data)."""
from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import Response, current_app, request

MAX_ENTRIES = 256


@dataclass(frozen=True)
class Body:
    raw: bytes
    gz: bytes
    etag: str


def remembered(key: Hashable, make: Callable[[], bytes]) -> Body:
    """The body for `key`, made (and compressed) on first use. Keys carry what the body
    depends on (a map's modification time), so a rebuild makes a new key."""
    memo: dict[Hashable, Body] = current_app.extensions.setdefault("reader_cache", {})  # one per app
    body = memo.get(key)
    if body is None:
        if len(memo) >= MAX_ENTRIES:
            memo.clear()
        data = make()
        body = Body(data, gzip.compress(data, 9, mtime=0), hashlib.sha256(data).hexdigest()[:20])
        memo[key] = body
    return body


def made_now(data: bytes) -> Body:
    """A body that is not remembered (it depends on the request): compressed faster."""
    return Body(data, gzip.compress(data, 6, mtime=0), hashlib.sha256(data).hexdigest()[:20])


YEAR = 31536000
IMMUTABLE = f"public, max-age={YEAR}, immutable"


def not_kept_by_browsers(response: Response, cdn: str = "no-cache") -> None:
    """No browser stores it; a CDN may, as `cdn` says (revalidating each time by default)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["CDN-Cache-Control"] = cdn


def respond(body: Body, mimetype: str, immutable: bool = False) -> Response:
    """The body, gzipped if the client takes it; 304 if the client already has it."""
    zipped = request.accept_encodings["gzip"] > 0 and len(body.raw) > 512
    if body.etag in request.if_none_match or f"{body.etag}-gz" in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(body.gz if zipped else body.raw, mimetype=mimetype)
        if zipped:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(f"{body.etag}-gz" if zipped else body.etag)
    response.vary.add("Accept-Encoding")
    if immutable:
        response.headers["Cache-Control"] = IMMUTABLE
    else:
        not_kept_by_browsers(response)
    return response
