"""Headers on every response: privacy and a strict Content-Security-Policy (no inline script
or style, nothing from another origin, never framed, but for the embed pages where the
operator names who may frame them); redirects that never name a host."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g
from werkzeug.utils import redirect

CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",            # the typeface a reader may choose (static/fonts)
    "media-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
PERMISSIONS = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "browsing-topics", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
    "payment", "usb"))

HEADERS = {
    "Content-Security-Policy": CSP,
    "Permissions-Policy": PERMISSIONS,
    "Referrer-Policy": "no-referrer",              # no page tells another site where the reader came from
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",                     # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
}


def secure(response):
    response.headers.update(HEADERS)
    if "Cache-Control" not in response.headers:   # error pages, healthz: kept by no browser or CDN
        response.headers["Cache-Control"] = "no-store"
    if g.get("embed"):
        allow_framing(response, current_app.config["FRAME_ANCESTORS"])
    relative_location(response)
    if response.status_code == 412:
        empty_body(response)
    return response


def allow_framing(response, ancestors: str) -> None:
    """An embed page, framed only by the origins the operator named (READER_FRAME_ANCESTORS).
    X-Frame-Options can name no origin, so it goes where frame-ancestors allows one."""
    if ancestors == "'none'":
        return
    response.headers["Content-Security-Policy"] = CSP.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
    del response.headers["X-Frame-Options"]


def relative_location(response) -> None:
    """Werkzeug builds the redirects it makes itself (/kk → /kk/, merged slashes) from the
    request's Host header. A shared cache would then keep a redirect to any host an attacker
    named, so every Location becomes a path on this site: the only place it ever leads."""
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        if parts.scheme or parts.netloc:
            path = "/" + parts.path.lstrip("/")  # never "//host": that too names a host
            path += f"?{parts.query}" if parts.query else ""
            response.headers["Location"] = path
            response.set_data(redirect(path, response.status_code).get_data())  # its link named the host too


def empty_body(response) -> None:
    """A failed precondition says so; it does not send the whole file along."""
    response.response = []
    response.headers.pop("Content-Range", None)
    response.headers["Content-Length"] = "0"
