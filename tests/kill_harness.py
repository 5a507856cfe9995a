"""Reliability figures: builds killed with SIGKILL at random moments while a server runs and a
watcher checks every served timing map against the SHA-256 of the audio it names.
tests/test_reliability.py asserts on it; benchmarks/build.py prints its figure."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from projects import article_of, url
from werkzeug.serving import make_server

READER = str(Path(sys.executable).parent / "reader")
P1 = "The overwhelming majority of criminal cases I get are related to sexual violence."


def start_build(settings, *args) -> subprocess.Popen:
    env = {**os.environ, "READER_ROOT": str(settings.root), "READER_ENGINE": "espeak"}
    return subprocess.Popen([READER, "build", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)  # its own group: kill -9 takes its workers too


class Watcher:
    """Polls the served English map and the audio it names while builds come and go."""

    def __init__(self, settings):
        from reader.web import create_app
        self.server = make_server("127.0.0.1", 0, create_app({"READER_ROOT": str(settings.root)}), threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.checks, self.failures, self.stop = 0, [], threading.Event()

    def fetch(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return response.read()

    def check_once(self):
        """One look: the map, and the audio it names, which must be there and match. Before
        the first build finishes there is no map (404): that is the only answer let pass."""
        try:
            data = json.loads(self.fetch(url("en", "timings.json")))
        except urllib.error.HTTPError as exc:
            if exc.code != 404 or self.checks:
                self.failures.append(f"/en/aiman-umarova-interview/timings.json answered {exc.code}")
            return
        except (OSError, ValueError) as exc:
            self.failures.append(f"/en/aiman-umarova-interview/timings.json: {exc}")
            return
        try:
            audio = self.fetch(f"/audio/{data['audio']}")
        except (OSError, KeyError) as exc:
            self.failures.append(f"the map names {data.get('audio')}, which cannot be fetched: {exc}")
            return
        if hashlib.sha256(audio).hexdigest() != data["audio_sha256"]:
            self.failures.append(f"{data['audio']}: served audio does not match its map")
        self.checks += 1

    def run(self):
        try:
            while not self.stop.is_set():
                self.check_once()
                time.sleep(0.02)
        except BaseException as exc:   # a watcher that dies must fail the run, not leave it green
            self.failures.append(f"the watcher died: {exc!r}")
            raise

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        threading.Thread(target=self.run, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()


def kill_rounds(settings, rounds: int = 20, seed: int = 20261125) -> dict:
    """Build English to the end, then start a build and kill it at a random moment, `rounds`
    times (each round after the fourth first edits one passage, so that there is work to
    interrupt: speaking it and mixing the article take about 1.8 s); then build to the end
    again. A watcher checks what is served throughout; `interrupted` counts the kills that
    found the build still running."""
    from reader.build import integrity

    original = settings.source.read_text(encoding="utf-8")
    rng = random.Random(seed)
    result = {"moments": [], "interrupted": 0, "damaged_after_kill": [], "recovery_s": None, "recovery_rc": None}
    # A reader is being served throughout: one build to the end first. (Mixing an article
    # takes about 2.5 s since loudness; without it most rounds killed the build before any map
    # was served, and the watcher had nothing to check.)
    first = start_build(settings, "--lang", "en")
    first.communicate(timeout=300)
    assert first.returncode == 0, "the first build failed"
    with Watcher(settings) as watcher:
        for i in range(rounds):
            if i >= 4:
                settings.source.write_text(original.replace(P1, P1 + f" Round {i}.", 1), encoding="utf-8")
            process = start_build(settings, "--lang", "en")
            result["moments"].append(round(rng.uniform(0.1, 1.6), 2))
            time.sleep(result["moments"][-1])
            result["interrupted"] += process.poll() is None    # a kill that found the build still at work
            with contextlib.suppress(ProcessLookupError):   # a finished build's group may be gone
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            result["damaged_after_kill"] += integrity.problems(article_of(settings))
        started = time.perf_counter()
        finished = start_build(settings, "--lang", "en")
        finished.communicate(timeout=300)
        result["recovery_s"], result["recovery_rc"] = time.perf_counter() - started, finished.returncode
        watcher.check_once()
    result.update(checks=watcher.checks, failures=watcher.failures)
    return result


def reliability_figures(copy_project) -> list[tuple[str, str, str]]:
    import tempfile
    settings = copy_project(Path(tempfile.mkdtemp(prefix="reader-kill-")) / "p")
    r = kill_rounds(settings)
    return [("kill -9 of a build at 20 random moments (0.1-1.6 s), server watched throughout",
             f"{r['interrupted']} builds interrupted; "
             f"{len(r['failures'])} mismatched maps in {r['checks']} checks; {len(r['damaged_after_kill'])} damaged "
             f"files after kills; final build exit {r['recovery_rc']} in {r['recovery_s']:.1f} s",
             "0 mismatches, build completes")]
