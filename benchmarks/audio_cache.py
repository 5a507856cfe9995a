"""What keeping no article audio in the browser costs (issue 25, item 1): the bytes of audio a
listener downloads while playing, seeking back, seeking ahead and coming back to the article,
with the audio sent `no-store` (what the reader does) and `immutable` (what it did), in
Chromium (Debian's) with a profile on disk, against the built interview served on 127.0.0.1.

    python benchmarks/audio_cache.py [--root BUILT_PROJECT]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import fresh_copy  # noqa: E402

from reader.build.run import build  # noqa: E402
from reader.web import create_app  # noqa: E402

AUDIO = "document.querySelector('#player audio')"


class Counted:
    """The app, counting the bytes of every audio response it sends."""

    def __init__(self, app, keep: bool) -> None:
        self.app, self.keep, self.bytes, self.requests = app, keep, 0, 0

    def __call__(self, environ, start_response):
        audio = environ["PATH_INFO"].startswith("/audio/")

        def start(status, headers, exc_info=None):
            if audio and self.keep:
                headers = [(k, v) for k, v in headers if k.lower() not in ("cache-control", "cdn-cache-control")]
                headers.append(("Cache-Control", "public, max-age=31536000, immutable"))
            return start_response(status, headers, exc_info)

        for chunk in self.app(environ, start):
            if audio:
                self.bytes += len(chunk)
            yield chunk
        if audio:
            self.requests += 1


def listen(page, base: str) -> None:
    """Open the Russian interview, play 6 s from the start, back to 1 s, on to 60 s, 4 s more."""
    page.goto(f"{base}/ru/aiman-umarova-interview/")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    page.click("#title\\.s1")
    page.wait_for_function(f"() => {AUDIO}.currentTime > 6", timeout=30000)
    page.evaluate(f"{AUDIO}.currentTime = 1")
    page.wait_for_function(f"() => {AUDIO}.currentTime > 3", timeout=30000)
    page.evaluate(f"{AUDIO}.currentTime = 60")
    page.wait_for_function(f"() => {AUDIO}.currentTime > 64", timeout=30000)
    page.evaluate(f"{AUDIO}.pause()")


def measure(root: Path, keep: bool) -> tuple[int, int, int, int, float]:
    counted = Counted(create_app({"READER_ROOT": str(root)}), keep)
    server = make_server("127.0.0.1", 0, counted, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
            context = p.chromium.launch_persistent_context(
                profile, executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
            page = context.new_page()
            start = time.perf_counter()
            listen(page, base)
            first, first_requests = counted.bytes, counted.requests
            page.close()
            listen(context.new_page(), base)        # the same listener, back later the same day
            took = time.perf_counter() - start
            context.close()
        return first, first_requests, counted.bytes - first, counted.requests - first_requests, took
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="a built project (default: build the interview now)")
    args = parser.parse_args()
    root = args.root
    if root is None:
        settings = fresh_copy(Path(tempfile.mkdtemp(prefix="reader-bench-")) / "p")
        build(settings, engine="espeak")
        root = settings.root
    from reader.settings import Settings
    from reader.timing_map import read_map

    layout = Settings(root).layout
    mp3 = layout.audio / read_map(layout.timing_map("aiman-umarova-interview", "ru")).audio
    print(f"the Russian interview's MP3: {mp3.stat().st_size / 1000:.0f} kB")
    print("| audio sent as | first visit: kB (requests) | second visit: kB (requests) | wall time |")
    print("| --- | --- | --- | --- |")
    for keep in (False, True):
        first, n1, second, n2, took = measure(root, keep)
        label = "`immutable` (kept)" if keep else "`no-store` (the reader's)"
        print(f"| {label} | {first / 1000:.0f} ({n1}) | {second / 1000:.0f} ({n2}) | {took:.1f} s |")


if __name__ == "__main__":
    main()
