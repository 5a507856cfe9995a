"""Responses kept in memory and compressed once. A reader page is the same for everyone until a
build replaces its timing map, and assets never change under their hashed names, so each is
rendered or read once, gzipped once, and answered with an ETag (304 when the reader has it)."""
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


def respond(body: Body, mimetype: str, max_age: int = 0, immutable: bool = False) -> Response:
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
    response.cache_control.max_age = max_age
    if immutable:
        response.cache_control.public = True
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response
