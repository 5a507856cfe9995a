"""A Dask cluster as an operator starts one (`dask scheduler`, `dask worker`), as processes on
127.0.0.1, for the tests and the benchmark."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: dict[str, subprocess.Popen]      # by address
    folders: dict[str, Path]                  # each worker's project folder (its voices/)

    def executed(self) -> dict[str, int]:
        """Jobs each worker still alive has run."""
        from distributed import Client

        with Client(self.address, timeout=10, set_as_default=False) as client:
            return client.run(lambda dask_worker: dask_worker.state.executed_count)


def start_worker(address: str, folder: Path, env: dict[str, str], preload: Path | None = None) -> subprocess.Popen:
    folder.mkdir(parents=True, exist_ok=True)
    extra = ["--preload", str(preload)] if preload else []
    return subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                             "--no-dashboard", "--local-directory", str(folder / "dask"), *extra],
                            cwd=folder, env={**os.environ, "READER_ROOT": str(folder), **env},
                            stdout=(folder / "worker.log").open("wb"), stderr=subprocess.STDOUT)


@contextlib.contextmanager
def dask_cluster(folder: Path, workers: int = 2, env: dict[str, str] | None = None,
                 preload: Path | None = None) -> Iterator[Cluster]:
    """A scheduler on a free port of 127.0.0.1 and `workers` workers without a nanny (a killed
    worker stays dead), each in its own folder (and running `preload`, if given: a worker whose
    code a test altered); all stopped afterwards."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    address_file = folder / "scheduler.json"
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(address_file)],
                                 stdout=(folder / "scheduler.log").open("wb"), stderr=subprocess.STDOUT)
    started: dict[str, subprocess.Popen] = {}
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(address_file.read_text())["address"]
        pending = [start_worker(address, folder / f"worker-{i}", env or {}, preload) for i in range(workers)]
        started = {str(i): p for i, p in enumerate(pending)}
        with Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=60)
            pids = client.run(os.getpid)
        by_pid = {p.pid: p for p in pending}
        cluster = Cluster(address, scheduler, {a: by_pid[pid] for a, pid in pids.items()},
                          {a: folder / f"worker-{pending.index(by_pid[pid])}" for a, pid in pids.items()})
        started = cluster.workers
        yield cluster
    finally:
        for process in [*started.values(), scheduler]:
            process.terminate()
        for process in [*started.values(), scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
