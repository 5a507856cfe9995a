"""Where the build's jobs run: a pool of worker processes on this machine, or a Dask cluster's
workers (cluster.py). Both offer the same few calls (Workers), so the build (run.py) hands
jobs to either without knowing which, and neither imports the build back."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Protocol

from ..interrupts import interrupts_after
from .article_audio import ArticleMix, FolderPcm, Piece, ShippedPcm, encode_article
from .plan import Job
from .speaking import speak


class Workers(Protocol):
    """A pool the build submits to: `slots` jobs in flight at most; a job's result as it was
    sent back (the build checks it before writing)."""

    slots: int

    def __enter__(self) -> Workers: ...
    def __exit__(self, *exc) -> None: ...
    def pcm(self, audio_dir: Path, parts: list[Piece]) -> FolderPcm | ShippedPcm: ...
    def speak(self, job: Job) -> Future: ...
    def mix(self, mix: ArticleMix) -> Future: ...
    def result(self, future: Future) -> object: ...


def threads_per_worker(workers: int) -> int:
    """A neural voice's onnxruntime threads in each worker process: the cores shared out,
    never more threads than cores in all (2 workers × 2 threads on 2 cores only contend;
    benchmarks/neural_voices.py measured 2 processes × 1 thread beating 1 × 2)."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def worker_context() -> multiprocessing.context.BaseContext:
    """How to start worker processes: by fork, the quickest, unless this process has run a
    Piper voice. Then it holds onnxruntime's thread pool, and a child forked from it can wait
    forever on a lock one of those threads held (a test hung so); workers then come from a
    clean fork server instead (the calling script needs the usual `if __name__ == "__main__"`)."""
    return multiprocessing.get_context("forkserver" if "onnxruntime" in sys.modules else "fork")


def import_what_jobs_import() -> None:
    """Before workers are forked: the modules an article's job imports on first use (Pillow,
    which draws its cover, and mutagen, which tags it). A child forked while another thread of
    this process is importing one of them (a test's server drawing a cover) waits forever for
    that import's lock; imported here first, the fork waits for that import to end instead.
    The suite hung so in the `built` fixture once covers were drawn in the jobs."""
    import mutagen.id3  # noqa: F401
    from PIL import Image, ImageDraw, ImageFont  # noqa: F401

    Image.preinit()


def leave_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group, and is the build's to handle. A
    worker stopped by it mid-task could leave the pool waiting on it; the build instead stops
    at its next step and the pool ends its workers. (Workers are also born with Ctrl-C
    blocked, LocalWorkers.submit, and it stays so.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalWorkers:
    """Worker processes on this machine, sharing its audio/ folder and its cores."""

    def __init__(self, workers: int) -> None:
        self.slots, self.threads = workers, threads_per_worker(workers)
        context = worker_context()
        if context.get_start_method() == "fork":
            import_what_jobs_import()
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=leave_interrupts)

    def __enter__(self) -> LocalWorkers:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(cancel_futures=True)

    def pcm(self, audio_dir: Path, parts: list[Piece]) -> FolderPcm:
        return FolderPcm(audio_dir)

    def speak(self, job: Job) -> Future:
        return self.submit(speak, job, self.threads)

    def mix(self, mix: ArticleMix) -> Future:
        return self.submit(encode_article, mix)

    def submit(self, function, *args) -> Future:
        """The pool starts its workers inside a submit. A worker sets its own handling of
        Ctrl-C (leave_interrupts) only after starting up, so a Ctrl-C in between raised inside
        its start and broke the pool with a traceback (once in a CI run). Here Ctrl-C is
        blocked while workers start, so that they are born with it blocked: a forked worker
        and a fork server (which resets its children's handlers, but not their mask) alike.
        One that arrives meanwhile is noted and raised here once the submit is done."""
        with interrupts_after():
            unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                return self.pool.submit(function, *args)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)

    def result(self, future: Future):
        return future.result()
