"""`reader export static DIR`: the served reader as a static site, for any static host, a CDN
or a USB stick (file://). Every page is rendered by the web app itself in export mode, then its
URLs are made relative; scripts become classic bundles (file:// runs no ES modules), each page
carries its timing map, and a service worker keeps visited articles readable offline.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import ReaderError
from ..files import atomic_write, cannot_write, make_folder_like_mkdir, shared
from ..library import LIBRARY_COVER, Slug
from ..publish.artwork import cover_suffix
from ..publish.formats import PAGE_FILES
from ..settings import PAGE_LANGUAGES, Settings
from ..timing_map import read_map
from ..web import create_app
from ..web.cache import IMMUTABLE
from ..web.headers import HEADERS
from ..web.library import first_article, shelf

IMPORT = re.compile(r'^import \{[^}]*\} from "\./([\w-]+\.js)";\n', re.M)
EXPORT = re.compile(r"^export (?=(?:async )?(?:function|class|const|let) )", re.M)
TOP_LEVEL = re.compile(r"^(?:async )?(?:function|class|const|let) (\w+)", re.M)
URL = re.compile(r'(\s(?:href|src|data-timings|data-artwork|data-neutral-artwork|data-discreet-href|data-first)=")'
                 r'(/[^"]*)"')


def module_order(folder: Path, entry: str, seen: list[str] | None = None) -> list[str]:
    """`entry` and what it imports, dependencies first."""
    seen = [] if seen is None else seen
    for dependency in IMPORT.findall((folder / entry).read_text(encoding="utf-8")):
        if dependency not in seen:
            module_order(folder, dependency, seen)
    if entry not in seen:
        seen.append(entry)
    return seen


def classic_bundle(folder: Path, entry: str) -> str:
    """One classic script from an ES module and its imports: imports and `export` dropped,
    all in one async function scope (top-level await still works)."""
    names: dict[str, str] = {}
    bodies = []
    for name in module_order(folder, entry):
        source = EXPORT.sub("", IMPORT.sub("", (folder / name).read_text(encoding="utf-8")))
        for declared in TOP_LEVEL.findall(source):
            if declared in names:
                raise ReaderError(f"static/{name}: {declared!r} is also declared in static/{names[declared]}; "
                                  "rename one so that the scripts can be bundled")
            names[declared] = name
        bodies.append(f"// {name}\n{source}")
    return '(async () => {\n"use strict";\n' + "\n".join(bodies) + "})();\n"


def relative(html: str, depth: int) -> str:
    """Root-relative URLs → relative ones; a folder gets its index.html (file:// lists folders)."""
    up = "../" * depth or "./"

    def fix(match: re.Match) -> str:
        path = match.group(2)
        path = path + "index.html" if path.endswith("/") else path
        return f'{match.group(1)}{up}{path.lstrip("/")}"'
    return URL.sub(fix, html)


def pages(built: dict[str, list[Slug]]) -> dict[str, str]:
    """Export path → the URL the app serves it at, for the articles built per language."""
    found = {"index.html": "/"}
    for lang, slugs in built.items():
        found[f"{lang}/index.html"] = f"/{lang}/"
        for slug in slugs:
            found[f"{lang}/{slug}/index.html"] = f"/{lang}/{slug}/"
            found.update({f"{lang}/{slug}/with-{other}/index.html": f"/{lang}/{slug}/with-{other}/"
                          for other in built if other != lang and slug in built[other]})
    return found


def moved_pages(built: dict[str, list[Slug]], first: dict[str, str]) -> dict[str, str]:
    """The bilingual pages of the days of one article (en/with-ru/) → where they are now, in
    the first article: a static host cannot answer with a redirect, so a page does."""
    return {f"{lang}/with-{other}/index.html": f"../{first[lang]}/with-{other}/index.html"
            for lang in first for other in first if other != lang and first[lang] in built[other]}


MOVED = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<meta http-equiv="refresh" content="0; url={url}"><title>{url}</title></head>
<body><p><a href="{url}">{url}</a></p></body></html>
"""


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def render_site(settings: Settings, out: Path) -> int:

    built = {lang: slugs for lang in PAGE_LANGUAGES if (slugs := settings.layout.built(lang))}
    if not built:
        raise ReaderError(f"{settings.audio}: nothing is built yet; run: reader build")
    app = create_app({"READER_ROOT": str(settings.root), "STATIC_EXPORT": True})
    client, version = app.test_client(), app.config["ASSET_VERSION"]
    for path, url in pages(built).items():
        response = client.get(url)
        if response.status_code != 200:
            raise ReaderError(f"{url}: the reader answered {response.status_code} while exporting")
        write(out / path, relative(response.get_data(as_text=True), path.count("/")))
    with app.app_context():
        first = {lang: article.slug for lang in built if (article := first_article(shelf(settings, lang)))}
    for path, url in moved_pages(built, first).items():
        write(out / path, MOVED.format(lang=path.split("/")[0], url=url))
    covers = settings.layout.covers
    for lang, slugs in built.items():
        for slug in slugs:
            timing = read_map(settings.layout.timing_map(slug, lang))
            for name in PAGE_FILES:                                                  # its map, captions, chapters
                copy(client, f"/{lang}/{slug}/{name}", out)
            write(out / "audio" / timing.audio, (settings.audio / timing.audio).read_bytes())
            copy(client, f"/audio/plain/{timing.audio}", out)                        # discreet mode's download
            copy(client, f"/{lang}/{slug}/{cover_name(covers, slug)}", out)          # the lock screen's
        copy(client, f"/{lang}/{cover_name(covers, LIBRARY_COVER)}", out)           # the discreet lock screen's
    if settings.public_url:
        write_feeds(client, list(built), out)
    assets = out / "static" / version
    shutil.copytree(settings.static, assets)
    write(assets / "safety.classic.js", classic_bundle(settings.static, "safety.js"))
    write(assets / "reader.classic.js", classic_bundle(settings.static, "content-note.js")
          + classic_bundle(settings.static, "reader.js"))
    write(assets / "library.classic.js", classic_bundle(settings.static, "library.js"))
    shutil.copy(settings.static / "sw.js", out / "sw.js")
    write(out / "_headers", host_headers(list(built)))
    write(out / "forget", "")   # the quick exit asks for it; _headers gives it Clear-Site-Data
    write(out / "manifest.webmanifest", json.dumps({
        "name": "Reader", "short_name": "Reader", "start_url": "./index.html", "display": "standalone",
        "background_color": "#fdfcf8", "theme_color": "#0b5394",
        "icons": [{"src": f"static/{version}/icon.svg", "sizes": "any", "type": "image/svg+xml"}]}))
    return len(pages(built))


def host_headers(languages: list[str]) -> str:
    """What a static host must send for the export to keep the server's promises, in the
    `_headers` format Netlify and Cloudflare Pages read (paths from the site's root). Each
    path gets its Cache-Control from one rule only: those hosts join a header that two
    matching rules both set, and "no-store, public, …" would keep nothing."""

    every = ["/*", *(f"  {name}: {HEADERS[name]}" for name in ("Referrer-Policy", "X-Content-Type-Options"))]
    kept_by_nobody = ["  Cache-Control: no-store", "  CDN-Cache-Control: no-cache"]
    rules = [every, ["/static/*", f"  Cache-Control: {IMMUTABLE}"],
             ["/audio/*", "  Cache-Control: no-store", f"  CDN-Cache-Control: {IMMUTABLE}"],
             ["/forget", "  Cache-Control: no-store", '  Clear-Site-Data: "cache", "storage"']]
    rules += [[path, *kept_by_nobody] for path in ("/", "/index.html", "/sw.js", "/manifest.webmanifest",
                                                     *(f"/{lang}/*" for lang in languages))]
    return "\n".join(line for rule in rules for line in rule) + "\n"


def write_feeds(client, languages: list[str], out: Path) -> None:
    """Each language's podcast feed (what it names, the audio, covers, transcripts and
    chapters, is there already). Only with READER_PUBLIC_URL: a feed's addresses are
    absolute, and only the operator knows where the site will be."""
    for lang in languages:
        copy(client, f"/{lang}/feed.xml", out)


def cover_name(covers: Path, name: str) -> str:
    """cover.png, or cover.jpg where the operator's picture is a JPEG."""

    return "cover" + cover_suffix(covers, name)


def copy(client, path: str, out: Path) -> None:
    """A file as the reader serves it."""
    response = client.get(path)
    if response.status_code != 200:
        raise ReaderError(f"{path}: the reader answered {response.status_code} while exporting")
    write(out / path.lstrip("/"), response.data)


MARKER = ".reader-export"
STAGING = ".reader-export-staging-"   # the new site is written here, inside the destination


def written_before(dest: Path) -> set[str] | None:
    """The files an earlier export wrote into `dest`, from its marker; None for a marker of an
    older reader, which listed none (then nothing is removed, and same-named files replaced)."""
    try:
        listed = json.loads((dest / MARKER).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {name for name in listed if isinstance(name, str)}


def check_destination(settings: Settings, dest: Path) -> None:
    """An export writes a new or empty folder, or an earlier export of its own (which holds
    MARKER). It never removes a file it did not write, and never touches the project."""
    project, audio = settings.root.resolve(), settings.audio.resolve()
    if dest == project or dest in project.parents or dest == audio or audio in dest.parents:
        raise ReaderError(f"{dest}: is the project, holds it or is inside its audio/; "
                          "export to a folder of its own, e.g. reader export static site")
    if not dest.exists():
        return
    if not dest.is_dir():
        raise ReaderError(f"{dest}: exists and is not a folder; choose a new or empty folder")
    if any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise ReaderError(f"{dest}: is not empty and is not an earlier export of the reader (it has no {MARKER}); "
                          "choose a new or empty folder, nothing in this one is touched")


def export_static(settings: Settings, dest: Path, on_wait: Callable[[], None] = lambda: None) -> int:
    """Write the site into a staging folder inside `dest`, then move each file into place:
    assets and audio first, pages last, so that a page being read always finds what it names;
    then remove what the earlier export wrote and this one did not. Files the export did not
    write (a CNAME, .git/, notes) are kept. The site is one build's: no build runs while it is
    rendered. Returns the number of pages."""

    dest = dest.resolve()
    check_destination(settings, dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for leftover in dest.glob(STAGING + "*"):   # an export killed mid-way (SIGKILL)
            shutil.rmtree(leftover)
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=dest))
    except OSError as exc:
        raise cannot_write(dest, exc) from None
    try:
        with stopped_by_sigterm():
            make_folder_like_mkdir(staging)
            with shared(settings.audio, on_wait):
                count = render_site(settings, staging)
            publish(staging, dest)
    except OSError as exc:
        raise cannot_write(dest, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return count


def publish(staging: Path, dest: Path) -> None:
    new = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    before = written_before(dest)
    ours = set(new) | (before or set())
    strangers = [name for name in new if (dest / name).exists()
                 and (not (dest / name).is_file() or (before is not None and name not in before))]
    if strangers:
        raise ReaderError(f"{dest / strangers[0]}: the export would write here, but the reader did not write "
                          "what is there; move it away, nothing was changed")
    write_marker(dest, ours)   # first: a file moved in below is known as ours even if this stops
    for name in sorted(new, key=lambda n: n.endswith(".html")):   # pages last
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, dest / name)
    for name in (before or set()) - set(new):
        stale = dest / name
        stale.unlink(missing_ok=True)
        for folder in stale.parents:
            if folder == dest or any(folder.iterdir()):
                break
            folder.rmdir()
    write_marker(dest, set(new))


def write_marker(dest: Path, files: set[str]) -> None:
    atomic_write(dest / MARKER, json.dumps({
        "written_by": "reader export static: the next export replaces these files and keeps any other",
        "files": sorted(files)}, indent=1).encode("utf-8"))


@contextlib.contextmanager
def stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM (a terminal closed, a service stopped) ends the export like Ctrl-C, so that its
    staging folder is removed instead of left beside the site."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
