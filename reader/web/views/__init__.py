"""The reader's routes, split by what they show: the library (library.py), an article's page
(article.py), what a page fetches (media.py), the feeds (feeds.py) and the site's own
addresses (site.py). All are routes of one blueprint (common.py), so a page is one module
here and its template. Importing this package registers them."""
from __future__ import annotations

from . import article, feeds, library, media, site
from .article import bilingual_url, discreet_by_default
from .common import bp, page_url
from .media import cover_kind
from .site import not_found

__all__ = ["article", "feeds", "library", "media", "site", "bp", "bilingual_url", "discreet_by_default", "page_url",
           "cover_kind", "not_found"]
