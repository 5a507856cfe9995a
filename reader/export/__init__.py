"""Stage 6, exports: a timing map → WebVTT, SMIL, JSON (formats.py), EPUB 3 with media
overlays (epub.py); the served pages → a static site (static_site.py)."""
