"""A thousand connections trickling their headers (slowloris) at `reader serve`, and a normal
reader asking meanwhile. tests/test_server_limits.py asserts that the reader is answered;
benchmarks/build.py prints how long it waited, against the same request on an idle server."""
from __future__ import annotations

import contextlib
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from projects import free_port, wait_until_answering

SLOW_CONNECTIONS = 1010   # past waitress's old limit of 1,000
PATIENCE_S = 5            # a reader not answered in this long was not answered


@contextlib.contextmanager
def serving(root: Path) -> Iterator[int]:
    """`reader serve --no-build` in its own process, as an operator runs it: its port."""
    port = free_port()
    process = subprocess.Popen([str(Path(sys.executable).parent / "reader"), "--root", str(root), "serve",
                                "--no-build", "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        wait_until_answering(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def asked(port: int) -> float:
    """One reader's request for the Kazakh index: seconds until it was answered."""
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/kk/", timeout=PATIENCE_S) as response:
        assert response.status == 200
        response.read()
    return time.perf_counter() - started


def while_trickling(port: int, rounds: int = 3) -> list[float]:
    """The reader's waits while SLOW_CONNECTIONS connections each send one more header line
    before every request, and never the blank line that ends them."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < SLOW_CONNECTIONS + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    slow: list[socket.socket] = []
    try:
        for _ in range(SLOW_CONNECTIONS):
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
            connection.sendall(b"GET /en/ HTTP/1.1\r\nHost: x\r\n")
            slow.append(connection)
        times = []
        for _ in range(rounds):
            for connection in slow:
                connection.sendall(b"X-Still: here\r\n")
            times.append(asked(port))
        return times
    finally:
        for connection in slow:
            connection.close()


def slow_client_figures(root: Path) -> list[tuple[str, str, str]]:
    with serving(root) as port:
        idle = statistics.median(asked(port) for _ in range(5))
        times = while_trickling(port, rounds=5)
    return [(f"a reader's request while {SLOW_CONNECTIONS} connections trickle headers (reader serve)",
             f"first {times[0] * 1000:.0f} ms (the burst being taken in), then at most "
             f"{max(times[1:]) * 1000:.0f} ms; {idle * 1000:.1f} ms on the idle server",
             "answered; after the burst, under 1 s")]
