"""The build's work on a Dask cluster (`reader build --scheduler ADDRESS`): passages spoken and
articles encoded on its workers, through the `concurrent.futures` interface Dask's client
offers, so the plan, the audio keys and the writes stay the local build's.

A job carries its inputs and returns its outputs: a passage's text and what to say, back as
samples and timings; an article's passages as FLAC bytes, back as the MP3's bytes. Only the
build's own process writes into audio/, so workers need no shared folder and nothing
half-made ever lands there. A worker needs the same reader (its code, and the libraries that
make its bytes) and, for a Piper voice, that voice in the `voices/` folder of its project
folder (READER_ROOT, or the folder it was started in): a job finds either missing and says so
in one line naming the worker. Dask runs the jobs of a worker that dies again elsewhere.
"""
from __future__ import annotations

import os
from concurrent.futures import Future
from dataclasses import replace
from functools import cache
from pathlib import Path

from ..errors import ReaderError
from ..settings import Settings
from ..speech.engines import ENGINES, installed_version
from ..speech.espeak_ng import espeak
from ..speech.voices import read_voice
from .article_audio import ArticleMix, Piece, ShippedPcm, encode_article
from .plan import Job
from .speaking import speak
from .stamps import product_digest

CONNECT_SECONDS = 10      # to reach the scheduler
WORKER_WAIT_SECONDS = 30  # for its first worker


@cache
def identity() -> tuple[tuple[str, str], ...]:
    """What makes this process's bytes: the reader's version and code, the libraries that
    encode, tag and draw the cover, and every speech engine's (from the engine table). Two
    processes that agree on all of it make the same files."""
    import soundfile  # libsndfile, which encodes the MP3s

    return (("reader", f"{installed_version('reader')} (code {product_digest()[:12]})"),
            ("libsndfile", soundfile.__libsndfile_version__), ("espeak-ng", espeak().version),
            *((name, installed_version(name)) for name in ("mutagen", "numpy", "pillow")),
            *(item for kind in ENGINES.values() for item in kind.versions()))


def worker_address() -> str:
    from distributed import get_worker

    try:
        return get_worker().address
    except ValueError:
        return f"process {os.getpid()}"


def checked(expected: tuple[tuple[str, str], ...]) -> None:
    """On a worker: refuse a job from a build this worker would make other bytes for."""
    here = dict(identity())
    differ = [f"{name} {here.get(name, 'none')} (the build has {value})" for name, value in expected
              if here.get(name) != value]
    if differ:
        raise ReaderError(f"worker {worker_address()} runs {'; '.join(differ)}: install the build's version "
                          "on every worker (pip install the same reader wheel and lock)")


def with_own_voice(job: Job) -> Job:
    """The job, its Piper voice found in this worker's own voices/ folder and checked to be
    the very voice the build planned with (by SHA-256, as in the audio key)."""

    if job.voice_model is None:
        return job
    folder = Settings.from_env().voice_folder
    model = folder / job.voice_model.name
    name = model.name.removesuffix(".onnx")
    try:
        found = read_voice(model, remember=True).sha256
    except (ReaderError, OSError):
        found = ""
    if found != job.voice_sha256:
        have = "has another file under that name" if found else "does not have it"
        raise ReaderError(f"worker {worker_address()} lacks the voice {name} (SHA-256 {job.voice_sha256[:12]}…): "
                          f"{folder} {have}; install it there with `reader voices install`")
    return replace(job, voice_model=model)


def speak_on_worker(expected: tuple[tuple[str, str], ...], job: Job):
    checked(expected)
    # One onnxruntime thread: run one worker process per core (dask worker --nthreads 1
    # --nworkers N); benchmarks/neural_voices.py measured 2 × 1 thread beating 1 × 2.
    return speak(with_own_voice(job), threads=1)


def mix_on_worker(expected: tuple[tuple[str, str], ...], mix: ArticleMix) -> bytes:
    checked(expected)
    return encode_article(mix)


def unreachable(address: str, reason: str) -> ReaderError:
    hint = (" (a tls:// scheduler needs Dask's TLS settings: docs/building-on-a-cluster.md)"
            if address.startswith("tls://") else "")
    return ReaderError(f"cannot reach the Dask scheduler at {address} ({reason}){hint}; start it (dask scheduler) "
                       "or correct --scheduler / READER_SCHEDULER")


def probe(address: str) -> None:
    """Open a connection and exchange Dask's handshake, within CONNECT_SECONDS and a few, before
    any client exists: Dask's own timeout does not cover a peer that accepts and never answers
    (the build hung with no output), and a peer that speaks garbage, or a tls:// address
    without Dask's TLS settings or on a closed port, ended in tracebacks (a half-made client
    even printed its own on exit)."""
    import asyncio

    from distributed.comm import connect

    async def handshake() -> None:
        comm = await asyncio.wait_for(connect(address, timeout=CONNECT_SECONDS), CONNECT_SECONDS + 5)
        await comm.close()

    try:
        asyncio.run(handshake())
    except TimeoutError:
        raise unreachable(address, f"no answer in {CONNECT_SECONDS + 5} s") from None
    except Exception as exc:   # noqa: BLE001 - whatever the peer did, it is not a scheduler: one line
        raise unreachable(address, f"{type(exc).__name__}: {str(exc)[:160]}") from None


def connected(client_class, address: str):
    """A client of the scheduler at `address` (probed first), or one line."""
    probe(address)
    try:
        return client_class(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except Exception as exc:   # noqa: BLE001
        raise unreachable(address, f"{type(exc).__name__}: {str(exc)[:160]}") from None


class Cluster:
    """A connection to a Dask scheduler, used as the build's pool of workers."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ReaderError("building on a cluster needs Dask: pip install 'reader[cluster]'") from None
        self.client = connected(Client, address)
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except TimeoutError:
            self.client.close()
            raise ReaderError(f"the Dask scheduler at {address} has no workers after {WORKER_WAIT_SECONDS} s; "
                              f"start some: dask worker {address} --nthreads 1") from None
        self.address, self.expected = address, identity()
        self.executor = self.client.get_executor(pure=False)
        # Twice the workers' threads in flight, so that none waits for its next job.
        self.slots = 2 * sum(self.client.nthreads().values())

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    def pcm(self, audio_dir: Path, parts: list[Piece]) -> ShippedPcm:
        return ShippedPcm.read(audio_dir, [p.key for p in parts])

    def speak(self, job: Job) -> Future:
        return self.executor.submit(speak_on_worker, self.expected, job)

    def mix(self, mix: ArticleMix) -> Future:
        return self.executor.submit(mix_on_worker, self.expected, mix)

    def result(self, future: Future):
        """The job's result; a job that failed on the cluster is one line."""
        try:
            return future.result()
        except ReaderError:
            raise
        except Exception as exc:   # Dask's KilledWorker, a worker without the reader, …
            raise ReaderError(f"a job failed on the cluster at {self.address}: {type(exc).__name__}: "
                              f"{str(exc)[:200]}") from None
