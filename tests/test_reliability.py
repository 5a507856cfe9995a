"""Reliability: builds killed at random moments, corrupted built files, two builds at once.
At no moment may the server hand out a timing map whose audio is not the file it was built
with: every served map is checked against the SHA-256 of the audio it names."""
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

import pytest
from conftest import copy_project
from werkzeug.serving import make_server

from reader import build as pipeline
from reader import integrity
from reader.web import create_app

READER = str(Path(sys.executable).parent / "reader")
P1 = "The overwhelming majority of criminal cases I get are related to sexual violence."


def start_build(settings, *args):
    env = {**os.environ, "READER_ROOT": str(settings.root), "READER_ENGINE": "espeak"}
    return subprocess.Popen([READER, "build", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)  # its own group: kill -9 takes its workers too


class Watcher:
    """Polls the served English map and the audio it names while builds come and go."""

    def __init__(self, settings):
        self.server = make_server("127.0.0.1", 0, create_app({"READER_ROOT": str(settings.root)}), threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.checks, self.failures, self.stop = 0, [], threading.Event()

    def fetch(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return response.read()

    def check_once(self):
        try:
            data = json.loads(self.fetch("/en/timings.json"))
        except urllib.error.HTTPError:
            return  # nothing built yet
        except ValueError as exc:
            self.failures.append(f"unreadable map: {exc}")
            return
        audio = self.fetch(f"/audio/{data['audio']}")
        if hashlib.sha256(audio).hexdigest() != data["audio_sha256"]:
            self.failures.append(f"{data['audio']}: served audio does not match its map")
        self.checks += 1

    def run(self):
        while not self.stop.is_set():
            self.check_once()
            time.sleep(0.02)

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        threading.Thread(target=self.run, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()


def test_builds_killed_at_20_random_moments_never_break_what_is_served(tmp_path):
    settings = copy_project(tmp_path / "project")
    original = settings.source.read_text(encoding="utf-8")
    rng = random.Random(20261125)
    moments = []
    with Watcher(settings) as watcher:
        for i in range(20):
            if i >= 4:  # after a few cold starts, each round has an edit to build: one passage, the article, maps
                settings.source.write_text(original.replace(P1, P1 + f" Round {i}.", 1), encoding="utf-8")
            process = start_build(settings, "--lang", "en")
            moments.append(round(rng.uniform(0.3, 3.0), 2))
            time.sleep(moments[-1])
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            assert integrity.problems(settings) == [], moments
        finished = start_build(settings, "--lang", "en")
        _, err = finished.communicate(timeout=120)
        assert finished.returncode == 0, err
        watcher.check_once()
    assert watcher.failures == [] and watcher.checks > 50, (watcher.failures, watcher.checks, moments)
    assert integrity.problems(settings) == [] and pipeline.plan(settings, ["en"], save=False).missing(
        settings.audio) == []
    assert not list(settings.audio.rglob("*.tmp"))  # a killed build's temporary files were cleared


def test_two_builds_at_once_share_the_work_without_harm(tmp_path):
    settings = copy_project(tmp_path / "project")
    first, second = start_build(settings, "--lang", "kk"), start_build(settings, "--lang", "kk")
    results = [p.communicate(timeout=120) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    said = " ".join(out + err for out, err in results)
    assert said.count("Waiting for another build") == 1
    assert sorted(out.split()[1] for out, _ in results) == ["0", "14"]  # "Built N passage audio file(s)"
    assert integrity.problems(settings) == []


def damage(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_corrupted_passage_is_found_by_its_hash_and_built_again(project):
    job = pipeline.plan(project, ["ru"], save=False).jobs["ru"][4]
    mp3 = project.audio / f"{job.key}.mp3"
    damage(mp3)
    assert pipeline.plan(project, ["ru"], save=False).missing(project.audio) == [job]
    report = pipeline.build(project, ["ru"])
    assert report.synthesised == 1 and integrity.is_built(project.audio, job.key)


@pytest.mark.parametrize("what", ["truncated timings", "corrupted pcm"])
def test_other_damaged_passage_files_are_built_again(project, what):
    job = pipeline.plan(project, ["kk"], save=False).jobs["kk"][2]
    if what == "truncated timings":
        path = project.audio / f"{job.key}.json"
        path.write_bytes(path.read_bytes()[:100])
    else:
        damage(project.audio / "pcm" / f"{job.key}.flac")
    assert pipeline.build(project, ["kk"]).synthesised == 1


def test_a_corrupted_article_or_map_is_reported_and_rebuilt(project, runner):
    from reader.cli import main
    article = project.audio / json.loads(project.timing_map("en").read_text())["audio"]
    damage(article)
    project.timing_map("ru").write_text("{not json", encoding="utf-8")
    result = runner.invoke(main, ["--root", str(project.root), "status", "--check"])
    assert result.exit_code == 1 and f"Damaged: {article}: missing or changed" in result.output
    assert "ru.json: not a readable timing map" in result.output
    pipeline.build(project)
    assert integrity.problems(project) == []
    assert json.loads(project.timing_map("ru").read_text())["audio_sha256"]
