"""Headers on every response: privacy and a strict Content-Security-Policy (no inline script
or style, nothing from another origin, never framed)."""
from __future__ import annotations

CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
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
    return response
