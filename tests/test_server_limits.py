"""`reader serve` on the open internet (issue 17, item 7): a body is refused without being
read, headers are capped, and a thousand connections trickling their headers do not keep a
normal reader from being answered. Bounded loops, on loopback only."""
from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SLOW_CONNECTIONS = 1010   # past waitress's old limit of 1,000


@pytest.fixture(scope="module")
def server(built):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([str(Path(sys.executable).parent / "reader"), "--root", str(built.root), "serve",
                                "--no-build", "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ})
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def answer(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        return connection.recv(200).split(b"\r\n")[0]


def test_a_body_is_refused_at_once_not_buffered(server):
    started = time.perf_counter()
    status = answer(server, b"POST /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: 419430400\r\n\r\n" + b"x" * 65536)
    assert status == b"HTTP/1.1 413 Request Entity Too Large" and time.perf_counter() - started < 1


def test_oversized_headers_are_refused(server):
    status = answer(server, b"GET /en/ HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 40_000 + b"\r\n\r\n")
    assert status.endswith(b" 431 Request Header Fields Too Large"), status


def test_a_reader_is_answered_while_a_thousand_connections_trickle_headers(server):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < SLOW_CONNECTIONS + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    slow = []
    try:
        for _ in range(SLOW_CONNECTIONS):
            connection = socket.create_connection(("127.0.0.1", server), timeout=5)
            connection.sendall(b"GET /en/ HTTP/1.1\r\nHost: x\r\n")   # and never the blank line
            slow.append(connection)
        times = []
        for _ in range(3):
            for connection in slow:
                connection.sendall(b"X-Still: here\r\n")
            started = time.perf_counter()
            with urllib.request.urlopen(f"http://127.0.0.1:{server}/kk/", timeout=5) as response:
                assert response.status == 200
            times.append(time.perf_counter() - started)
        # The first waits while the server takes in the burst of connections (0.5 s measured
        # on 2 cores); once they are in, each reader is answered at once.
        assert max(times[1:]) < 1.0, times
    finally:
        for connection in slow:
            connection.close()
