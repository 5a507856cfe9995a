"""Settings declared once, with their help text; the CLI and the web app both read them from here."""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from .errors import ReaderError
from .library import Layout, Library


def product_data(*parts: str) -> Path:
    """The product's own files (static/, translations/ui/, translations/pronunciation/), found
    through importlib.resources: inside the installed package, where the wheel puts them
    (pyproject.toml maps them in), or at the top of a source checkout, where they are kept."""
    package = Path(str(resources.files("reader")))
    for base in (package, package.parent):
        if base.joinpath(*parts).exists():
            return base.joinpath(*parts)
    return package.joinpath(*parts)


SOURCE_LANG = "en"
LANGUAGES = ("en", "kk", "ru")
# Pages in another script of a built language: same audio, text transliterated (reader/translation/script.py).
SCRIPT_VARIANTS = {"kk-Latn": "kk"}
PAGE_LANGUAGES = ("en", "kk", "kk-Latn", "ru")
# Speech engine: auto = an installed Piper voice, else gTTS where it has a voice and answers,
# else espeak-ng.
# Languages whose catalogs must be complete and reviewed: `reader status --check` fails otherwise.
PUBLISHED = ("kk", "ru")


def engine_mode(raw: str) -> str:
    """A speech engine's name, or auto. Which names there are is the engine table's
    (reader/speech/engines.py); a build refuses one it does not know, in one line."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", raw):
        raise ValueError("auto, or an engine's name from the engine table (reader/speech/engines.py)")
    return raw


def voice_names(raw: str) -> tuple[str, ...]:
    """Installed voices' names, comma-separated (kk_KZ-issai-high,ru_RU-denis-medium)."""
    names = tuple(name.strip() for name in raw.split(",") if name.strip())
    bad = [name for name in names if not re.fullmatch(r"[A-Za-z0-9_.-]+", name)]
    if bad:
        raise ValueError(f"{bad[0]!r} is not a voice name (reader voices list shows them)")
    return names


PAUSE_RANGE_MS = (0, 10_000)


def pause_ms(raw: str) -> int:
    """Whole milliseconds: a negative pause would overlap passages, a huge one allocate gigabytes."""
    low, high = PAUSE_RANGE_MS
    if not re.fullmatch(r"-?[0-9]+", raw.strip()):
        raise ValueError(f"a whole number of milliseconds from {low} to {high}")
    value = int(raw)
    if not low <= value <= high:
        raise ValueError(f"out of range: from {low} to {high} ms")
    return value


def web_url(raw: str) -> str:
    """An absolute http(s) URL: anything else (javascript:, a relative path) would leave the
    quick exit doing nothing for the reader who needs it."""
    parts = urlsplit(raw)
    if parts.scheme not in ("https", "http") or not parts.netloc or any(c.isspace() or ord(c) < 32 for c in raw):
        raise ValueError("must be an absolute https:// (or http://) address")
    return raw


def public_url(raw: str) -> str:
    """Where the reader is published (https://reader.example.org, or under a path): the base of
    every address in the podcast feeds, which apps fetch from elsewhere. Empty: the server
    answers with the address it was asked at, and a static export writes no feed."""
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment or any(
            c.isspace() or ord(c) < 32 for c in raw):
        raise ValueError("must be an absolute https:// (or http://) address, with no query")
    return raw.rstrip("/")


def mirror_url(raw: str) -> str:
    """Where Piper voices come from: an http(s) base laid out like Piper's voice repository
    (voices.json at its root), or a file:// copy of it."""
    parts = urlsplit(raw)
    if parts.scheme not in ("https", "http", "file") or (parts.scheme != "file" and not parts.netloc) or (
            parts.query or parts.fragment or any(c.isspace() or ord(c) < 32 for c in raw)):
        raise ValueError("must be an https:// (or http://) address, or a file:// folder, laid out like Piper's "
                         "voice repository (voices.json at its root)")
    return raw.rstrip("/")


def frame_origins(raw: str) -> str:
    """Who may frame the embed pages, as CSP frame-ancestors: 'none', or origins such as
    https://news.example.org (a wildcard subdomain, *.example.org, allowed). Never a bare *
    or a scheme alone: any site could then frame the reader under its own page."""
    words = raw.split()
    if words == ["'none'"]:
        return raw.strip()
    origin = re.compile(r"https?://(?:\*\.)?[A-Za-z0-9.-]+(?::[0-9]{1,5})?")
    bad = [w for w in words if w != "'self'" and not origin.fullmatch(w)]
    if not words or bad:
        raise ValueError(f"{(bad or [''])[0]!r} is not an origin: give 'none', or origins separated by spaces, "
                         "such as https://news.example.org")
    broad = [w for w in words if "*." in w and not owned_by_one(w.split("*.", 1)[1].split(":")[0])]
    if broad:
        raise ValueError(f"{broad[0]!r} lets every site under a public suffix frame the reader; a wildcard "
                         "needs a domain of one owner, such as https://*.example.org")
    return " ".join(words)


# Second-level labels under which anyone can register (co.uk, com.au, org.kz, gov.…): the
# common ones of the Public Suffix List, which cannot be fetched here. A wildcard over one of
# these, or over a top-level domain alone, would let unrelated sites frame the reader.
OPEN_SECOND_LEVELS = {"ac", "co", "com", "edu", "gob", "gov", "govt", "ltd", "me", "mil", "ne", "net", "nic",
                      "nom", "or", "org", "plc", "sch"}


def owned_by_one(domain: str) -> bool:
    """Whether *.domain names the subdomains of one registrant: at least a registrable name
    and its suffix (example.org, example.co.uk), not a suffix alone (com, co.uk)."""
    labels = [label for label in domain.lower().split(".") if label]
    if len(labels) < 2 or any(label.isdigit() for label in labels):
        return False
    return len(labels) > 2 or labels[0] not in OPEN_SECOND_LEVELS


DISCREET_DEFAULTS = ("content-note", "always", "never")


def discreet_default(raw: str) -> str:
    if raw.strip() not in DISCREET_DEFAULTS:
        raise ValueError("one of " + ", ".join(DISCREET_DEFAULTS))
    return raw.strip()


ACCESS_LOGS = ("none", "requests", "full")


def access_log(raw: str) -> str:
    if raw.strip() not in ACCESS_LOGS:
        raise ValueError("one of " + ", ".join(ACCESS_LOGS))
    return raw.strip()


def scheduler_address(raw: str) -> str:
    """A Dask scheduler: tcp://host:port (or tls://, or host:port); empty builds here."""
    raw = raw.strip()
    if raw and not re.fullmatch(r"(?:(?:tcp|tls)://)?(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):[0-9]{1,5}", raw):
        raise ValueError("a Dask scheduler's address, such as tcp://10.0.0.5:8786 (or empty: build on this "
                         "machine)")
    return raw


@dataclass(frozen=True)
class Setting:
    """One environment setting: its variable, default, check and help, declared once."""

    env: str
    default: str
    parse: Callable[[str], object]
    help: str

    def read(self) -> object:
        """The value now in the environment (read at call time, never at import)."""
        raw = os.environ.get(self.env, self.default)
        try:
            return self.parse(raw)
        except ValueError as exc:
            raise ReaderError(f"{self.env}={raw!r}: {exc}") from None


def whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    """A parser of a whole number from `low` to `high` (a port, a count of workers)."""
    def parse(raw: str) -> int:
        if not re.fullmatch(r"[0-9]+", raw.strip()):
            raise ValueError(f"{what}: a whole number from {low} to {high}")
        if not low <= int(raw) <= high:
            raise ValueError(f"{what}: out of range, from {low} to {high}")
        return int(raw)
    return parse


# The image's server (reader/web/production.py), under the names container platforms set.
IMAGE_SETTINGS = {
    "port": Setting("PORT", "8080", whole_number(1, 65535, "a TCP port"),
                    "The port the image's server binds and its HEALTHCHECK asks."),
    "web_concurrency": Setting("WEB_CONCURRENCY", "2", whole_number(1, 64, "gunicorn worker processes"),
                               "gunicorn worker processes (one per core is a good start)."),
}


ENV_SETTINGS = {
    "engine": Setting("READER_ENGINE", "auto", engine_mode,
                      "Speech engine of builds: auto (an installed Piper voice; else gTTS for en and ru when "
                      "Google answers; else espeak-ng), piper, gtts or espeak-ng (espeak also works)."),
    "voices": Setting("READER_VOICES", "", voice_names,
                      "Which installed Piper voices to use where a language has several, by name, "
                      "comma-separated (default: the first by name)."),
    "voice_mirror": Setting("READER_VOICE_MIRROR", "https://huggingface.co/rhasspy/piper-voices/resolve/main",
                            mirror_url,
                            "Where `reader voices install NAME` and `reader voices available` find Piper's "
                            "voices: its published repository, an organisation's mirror, or a file:// copy "
                            "laid out the same way (voices.json at the root)."),
    "passage_pause_ms": Setting("READER_PASSAGE_PAUSE_MS", "700", pause_ms,
                                "Silence between passages in the article audio, in ms (0 to 10000)."),
    "exit_url": Setting("READER_EXIT_URL", "https://www.bbc.co.uk/weather", web_url,
                        "Where 'Exit this page' goes: an absolute https:// address of a neutral site."),
    "public_url": Setting("READER_PUBLIC_URL", "", public_url,
                          "The address the reader is published at (https://reader.example.org): the base of "
                          "the podcast feeds' links. Empty: the address the server is asked at; a static "
                          "export then writes no feed."),
    "frame_ancestors": Setting("READER_FRAME_ANCESTORS", "'none'", frame_origins,
                               "Origins whose pages may show the embed pages (/<lang>/<article>/embed) in a "
                               "frame, separated by spaces (https://news.example.org); every other page is "
                               "never framed. Default 'none'."),
    "discreet": Setting("READER_DISCREET", "content-note", discreet_default,
                        "When a page opens in discreet mode (a neutral tab title, lock screen and downloaded "
                        "files; the reader can switch it on or off in the display settings): content-note "
                        "(the default: articles with a content note), always, or never."),
    "access_log": Setting("READER_ACCESS_LOG", "none", access_log,
                          "What the server logs of each request, on standard error: none (the default: the "
                          "log of a site for people at risk is their reading history); requests (time, "
                          "page, status, size, duration: no address, browser or referrer); full (also the "
                          "reader's IP address, browser and referrer: who read what, kept by whoever keeps "
                          "the logs)."),
    "scheduler": Setting("READER_SCHEDULER", "", scheduler_address,
                         "A Dask scheduler (tcp://host:8786) whose workers speak the passages and encode the "
                         "articles of `reader build`; each worker needs the same reader and the voices. "
                         "Empty: build on this machine."),
}

HELP = {
    "root": "Project folder holding content/, translations/ and audio/ (env READER_ROOT; default: current folder).",
    "source": "One article file to build, outside a library or in it (the article format: "
              "docs/writing-articles.md; env READER_SOURCE; default: every article in the project's "
              "content/). Without --root, its folder is the project.",
    "article": "Work on this article of the library only, by its address name (content/SLUG.md); default: all.",
    "lang": "Language to build: one of " + ", ".join(LANGUAGES) + "; repeat for several (default: all).",
    "host": "Address to serve on (default 127.0.0.1: only this machine).",
    "port": "Port to serve on.",
    "json": "Print the status as JSON, for scripts.",
    "engine": ENV_SETTINGS["engine"].help + " (env READER_ENGINE; default auto)",
    "scheduler": ENV_SETTINGS["scheduler"].help + " (env READER_SCHEDULER)",
    "check": "Exit 1 if a published language (" + ", ".join(PUBLISHED) + ") has a missing, machine-only "
             "or stale translation, or one that misses a glossary term.",
}


@dataclass(frozen=True)
class Settings:
    """The operator's settings: the project folder (its layout and articles: library.py), the
    one article chosen with --source if any, and how to speak, serve and publish."""

    root: Path
    source: Path | None = None
    engine: str = ENV_SETTINGS["engine"].default
    passage_pause_ms: int = int(ENV_SETTINGS["passage_pause_ms"].default)
    exit_url: str = ENV_SETTINGS["exit_url"].default
    voices: tuple[str, ...] = ()
    frame_ancestors: str = ENV_SETTINGS["frame_ancestors"].default
    public_url: str = ENV_SETTINGS["public_url"].default
    voice_mirror: str = ENV_SETTINGS["voice_mirror"].default
    scheduler: str = ENV_SETTINGS["scheduler"].default
    access_log: str = ENV_SETTINGS["access_log"].default
    discreet: str = ENV_SETTINGS["discreet"].default

    @property
    def layout(self) -> Layout:
        return Layout(self.root)

    def library(self) -> Library:
        """The articles this run works on: content/'s, or the one given with --source."""
        return Library.find(self.root, self.source)

    @property
    def translations(self) -> Path:
        return self.layout.translations

    @property
    def pronunciation(self) -> Path:
        """How to say words per language: the project's own lexicons, else the product's."""
        own = self.translations / "pronunciation"
        return own if own.is_dir() else product_data("translations", "pronunciation")

    @property
    def glossary(self) -> Path:
        return self.translations / "glossary.toml"

    def ui_catalog(self, lang: str) -> Path:
        """The interface's strings: the project's own catalogs, else the product's."""
        own = self.translations / "ui" / f"{lang}.po"
        return own if own.exists() else product_data("translations", "ui", f"{lang}.po")

    @property
    def static(self) -> Path:
        """The reader's scripts and styles: the project's own static/, else the product's."""
        own = self.root / "static"
        return own if own.is_dir() else product_data("static")

    @property
    def voice_folder(self) -> Path:
        """Installed Piper voices (reader voices install); ignored by git, never downloaded."""
        return self.root / "voices"

    @property
    def audio(self) -> Path:
        return self.layout.audio

    @classmethod
    def from_env(cls, root: str | os.PathLike | None = None, source: str | os.PathLike | None = None) -> Settings:
        """--root / READER_ROOT and --source / READER_SOURCE, and every other setting from the
        environment, each checked (one line naming the variable if it is wrong). A source without
        a root makes its folder the project (the folder above it if it sits in content/)."""
        source = source or os.environ.get("READER_SOURCE")
        if source:
            source = Path(source).resolve()
            root = root or os.environ.get("READER_ROOT") or (
                source.parent.parent if source.parent.name == "content" else source.parent)
        values = {name: setting.read() for name, setting in ENV_SETTINGS.items()}
        return cls(Path(root or os.environ.get("READER_ROOT") or ".").resolve(), source, **values)  # type: ignore[arg-type]
