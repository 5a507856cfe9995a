"""The project the tests build: the repository's own article, catalogs and static files, copied
into a temporary folder (one shared by the session, or one per test that changes it)."""
from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from reader.library import ArticleRef
from reader.settings import Settings

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "translations", "static")
INTERVIEW = "aiman-umarova-interview"   # the library's first article, which most tests read


def url(lang: str, rest: str = "") -> str:
    """The interview's address in a page language: url("kk", "timings.json")."""
    return f"/{lang}/{INTERVIEW}/{rest}"


def copy_project(dest: Path, with_audio_from: Path | None = None) -> Settings:
    """The library copied; its settings narrowed to the interview (replace(…, source=None)
    for the whole library)."""
    for part in PROJECT_PARTS:
        shutil.copytree(REPO / part, dest / part)
    if with_audio_from:
        shutil.copytree(with_audio_from / "audio", dest / "audio")
    return Settings(dest, source=dest / "content" / f"{INTERVIEW}.md", engine="espeak")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(port: int, tries: int = 150) -> None:
    """Until a server just started on 127.0.0.1:port answers its health check (or gives up)."""
    import time
    import urllib.request

    for _ in range(tries):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.1)


def dockerfile_server(port: int) -> list[str]:
    """The Dockerfile's server command (its CMD), bound to 127.0.0.1:port here: the tests run
    what the image runs, not a copy of it (the image sets PORT; `env` sets it here)."""
    import shlex
    import sys

    cmd = next(line for line in (REPO / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    words = [w.replace("0.0.0.0", "127.0.0.1") for w in shlex.split(cmd[4:])]
    words = words[words.index("python") + 1:]
    return ["env", f"PORT={port}", sys.executable, *words]


def article_of(settings: Settings) -> ArticleRef:
    """The one article these settings name (the interview, for a copied project)."""
    return settings.library().only()


@contextlib.contextmanager
def served(root: Path, **config):
    """The reader of the project at `root` served on 127.0.0.1 from a thread: its address."""
    import threading

    from werkzeug.serving import make_server

    from reader.web import create_app

    server = make_server("127.0.0.1", 0, create_app({"READER_ROOT": str(root), **config}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
