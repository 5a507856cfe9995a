"""Building on a Dask cluster (issue 20): a real scheduler and real workers, started as the
operator starts them (`dask scheduler`, `dask worker`), as processes on 127.0.0.1; the build
run as the operator runs it (`reader build --scheduler`)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from dask_processes import BIN, dask_cluster
from projects import REPO, copy_project

from reader.build.run import build
from reader.cli import main

NOT_COMPARED = (".build.lock", "inputs.json")   # the lock holds a pid; the stamp, files' times


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    with dask_cluster(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster


def built_files(audio: Path) -> dict[str, bytes]:
    """Every file a build wrote, by its path under audio/, but the two that hold a pid or times."""
    return {p.relative_to(audio).as_posix(): p.read_bytes() for p in sorted(audio.rglob("*"))
            if p.is_file() and p.name not in NOT_COMPARED}


def stamps(audio: Path) -> dict[str, dict]:
    """Per article and language, the inputs' digest and the files its stamp lists."""
    return {p.parent.name: {lang: (e["inputs"], sorted(e["files"])) for lang, e in json.loads(p.read_text()).items()}
            for p in audio.glob("*/inputs.json")}


def cli_build(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "reader"), "--root", str(root), "build", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


def test_a_library_built_on_two_workers_is_the_local_build_byte_for_byte(two_workers, built, tmp_path):
    project = copy_project(tmp_path / "p")
    before = two_workers.executed()
    result = cli_build(project.root, "--scheduler", two_workers.address)
    assert result.returncode == 0, result.stderr
    assert built_files(project.audio) == built_files(built.audio)
    assert stamps(project.audio) == stamps(built.audio)
    ran = {address: count - before[address] for address, count in two_workers.executed().items()}
    assert len(ran) == 2 and all(count > 0 for count in ran.values()), ran   # both workers spoke


def test_the_scheduler_can_be_given_as_a_setting(two_workers, built, tmp_path):
    project = copy_project(tmp_path / "p")
    before = sum(two_workers.executed().values())
    result = cli_build(project.root, "--lang", "ru", "--article", "reading-safely",
                       env={"READER_SCHEDULER": two_workers.address})
    assert result.returncode == 0, result.stderr
    assert sum(two_workers.executed().values()) > before
    assert (project.audio / "reading-safely" / "ru.json").read_bytes() == (
        built.audio / "reading-safely" / "ru.json").read_bytes()


def test_a_worker_killed_mid_build_costs_only_its_jobs(built, tmp_path):
    """kill -9 of a worker while it holds jobs: they run again on the other, and the build
    completes with the local build's bytes."""
    from distributed import Client

    project = copy_project(tmp_path / "p")
    with dask_cluster(tmp_path / "cluster") as cluster:
        build_process = subprocess.Popen([str(BIN / "reader"), "--root", str(project.root), "build",
                                          "--scheduler", cluster.address],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        victim, held = None, []
        with Client(cluster.address, timeout=10, set_as_default=False) as client:
            deadline = time.monotonic() + 120
            while victim is None and time.monotonic() < deadline and build_process.poll() is None:
                spoken = len(list((project.audio / "pcm").glob("*.flac"))) if (project.audio / "pcm").is_dir() else 0
                busy = {a: keys for a, keys in client.processing().items() if keys}
                if spoken >= 5 and busy:
                    victim, held = next(iter(busy.items()))
                    os.kill(cluster.workers[victim].pid, signal.SIGKILL)
                time.sleep(0.02)
        assert victim is not None and held, "the build ended before a worker could be killed holding a job"
        out, err = build_process.communicate(timeout=600)
        assert build_process.returncode == 0, err
        assert cluster.workers[victim].wait(timeout=10) == -signal.SIGKILL
        assert list(cluster.executed()) == [a for a in cluster.workers if a != victim]
    assert built_files(project.audio) == built_files(built.audio)
    assert not list(project.audio.rglob("*.tmp"))


def test_a_worker_of_another_version_is_refused_in_one_line(built, tmp_path):
    other = tmp_path / "other-version"
    shutil.copytree(REPO / "reader", other / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    with (other / "reader" / "__init__.py").open("a") as handle:
        handle.write("# a later version\n")
    project = copy_project(tmp_path / "p")
    with dask_cluster(tmp_path / "cluster", workers=1, env={"PYTHONPATH": str(other)}) as cluster:
        result = cli_build(project.root, "--scheduler", cluster.address, "--lang", "en")
    assert result.returncode == 1
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1, result.stderr
    worker = next(iter(cluster.workers))
    assert f"worker {worker} runs reader" in error[0] and "the build has" in error[0]
    codes = [part.split(")")[0] for part in error[0].split("(code ")[1:]]
    assert len(codes) == 2 and codes[0] != codes[1]
    assert not (project.audio / "aiman-umarova-interview" / "en.json").exists()
    assert not list(project.audio.rglob("*.tmp")) and not list(project.audio.glob("*.mp3"))


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    import socket

    with socket.socket() as probe:        # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    project = copy_project(tmp_path / "p")
    result = cli_build(project.root, "--scheduler", f"tcp://127.0.0.1:{port}", "--lang", "en")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"Error: cannot reach the Dask scheduler at "
                                                            f"tcp://127.0.0.1:{port}")
    assert "Synthesising" not in result.stderr and not (project.audio / "pcm").exists()


@pytest.mark.parametrize("address", ["http://10.0.0.5:8786", "10.0.0.5", "tcp://a b:1"])
def test_a_malformed_scheduler_address_is_one_line(runner, tmp_path, address):
    project = copy_project(tmp_path / "p")
    result = runner.invoke(main, ["--root", str(project.root), "build", "--scheduler", address])
    assert result.exit_code == 1 and result.output.startswith(f"Error: --scheduler {address!r}: ")
    result = runner.invoke(main, ["--root", str(project.root), "build"], env={"READER_SCHEDULER": address})
    assert result.exit_code == 1 and result.output.startswith(f"Error: READER_SCHEDULER={address!r}: ")


def test_a_worker_speaks_with_its_own_copy_of_the_voice_and_names_one_it_lacks(two_workers, tmp_path):
    from piper_voices import build_voice

    voice = build_voice(tmp_path / "voice", "en_US-synthetic-medium", "en-us", "en")
    local = copy_project(tmp_path / "local")
    remote = copy_project(tmp_path / "remote")
    for project in (local, remote):
        assert cli_install(project.root, voice).returncode == 0
    article = ["--lang", "en", "--article", "listening-in-three-languages"]
    result = cli_build(remote.root, "--scheduler", two_workers.address, *article, "--engine", "piper")
    assert result.returncode == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: worker tcp://127.0.0.1:") and "lacks the voice en_US-synthetic-medium" in error
    assert "reader voices install" in error
    for folder in two_workers.folders.values():
        assert cli_install(folder, voice).returncode == 0
    assert cli_build(remote.root, "--scheduler", two_workers.address, *article, "--engine", "piper").returncode == 0
    build(replace(local, source=None), ["en"], engine="piper", article="listening-in-three-languages")
    assert built_files(remote.audio) == built_files(local.audio)
    assert json.loads((remote.audio / "listening-in-three-languages" / "en.json").read_text())["engine"][
        "voice"] == "en_US-synthetic-medium"


def cli_install(root: Path, voice: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "reader"), "--root", str(root), "voices", "install", str(voice)],
                          capture_output=True, text=True, timeout=120)


LYING_WORKER = '''"""Loaded by `dask worker --preload`: this worker's jobs return what the test tells it to."""
import dataclasses
import os

import numpy as np

import reader.build.cluster as cluster

# Dask may load a preload twice (its copy in the scratch folder too): wrap the real ones once.
speak = getattr(cluster, "real_speak", cluster.speak_on_worker)
mix = getattr(cluster, "real_mix", cluster.mix_on_worker)
cluster.real_speak, cluster.real_mix = speak, mix
LIE = os.environ["READER_TEST_LIE"]


def lying_speak(expected, job):
    spoken = speak(expected, job)
    if LIE == "key":
        return dataclasses.replace(spoken, key="../../outside-the-project")
    if LIE == "samples":
        return dataclasses.replace(spoken, pcm=spoken.pcm.astype(np.float32))
    if LIE == "length":
        return dataclasses.replace(spoken, pcm=np.zeros(spoken.sample_rate * 3600, dtype=np.int16))
    return spoken


def lying_mix(expected, article):
    return b"not an mp3" if LIE == "mp3" else mix(expected, article)


cluster.speak_on_worker, cluster.mix_on_worker = lying_speak, lying_mix
'''


def test_a_worker_naming_another_file_writes_nothing_outside_the_planned_one(built, tmp_path):
    """A worker's answer carries the passage's key: the build keeps the key it planned (a
    worker that named ../../outside-the-project wrote there)."""
    preload = tmp_path / "lying_worker.py"
    preload.write_text(LYING_WORKER)
    project = copy_project(tmp_path / "p")
    with dask_cluster(tmp_path / "cluster", workers=1, env={"READER_TEST_LIE": "key"}, preload=preload) as cluster:
        result = cli_build(project.root, "--scheduler", cluster.address, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert not [p for p in tmp_path.rglob("outside-the-project*")]
    assert (project.audio / "aiman-umarova-interview" / "en.json").read_bytes() == (
        built.audio / "aiman-umarova-interview" / "en.json").read_bytes()


@pytest.mark.parametrize(("lie", "says"), [("samples", "samples that are not 16-bit mono"),
                                          ("length", "3600 s of audio for"),
                                          ("mp3", "a worker sent back no MP3 for")])
def test_a_worker_answer_that_cannot_be_right_is_one_line_and_nothing_written(tmp_path, lie, says):
    preload = tmp_path / "lying_worker.py"
    preload.write_text(LYING_WORKER)
    project = copy_project(tmp_path / "p")
    with dask_cluster(tmp_path / "cluster", workers=1, env={"READER_TEST_LIE": lie}, preload=preload) as cluster:
        result = cli_build(project.root, "--scheduler", cluster.address, "--lang", "en")
    assert result.returncode == 1
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and says in error[0] and "nothing of it was written" in error[0], result.stderr
    assert not (project.audio / "aiman-umarova-interview" / "en.json").exists()
    assert not list(project.audio.glob("*.mp3")) and not list(project.audio.rglob("*.tmp"))


def silent_or_garbage_server(kind: str):
    """A TCP server on 127.0.0.1 that accepts and then never answers, or answers garbage."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)
            if kind == "garbage":
                try:
                    connection.sendall(bytes(range(256)) * 64)
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    return listener


@pytest.mark.parametrize("kind", ["silent", "garbage", "tls-closed"])
def test_a_scheduler_that_hangs_or_speaks_garbage_is_one_line_in_time(tmp_path, kind):
    import socket

    if kind == "tls-closed":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            address = f"tls://127.0.0.1:{probe.getsockname()[1]}"
        listener = None
    else:
        listener = silent_or_garbage_server(kind)
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    project = copy_project(tmp_path / "p")
    start = time.monotonic()
    try:
        result = cli_build(project.root, "--scheduler", address, "--lang", "en")
    finally:
        if listener:
            listener.close()
    assert time.monotonic() - start < 60        # connecting: 10 s, and 5 for the answer (docs)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"Error: cannot reach the Dask scheduler at {address}"), result.stderr
    assert "Traceback" not in result.stderr and not (project.audio / "pcm").exists()
