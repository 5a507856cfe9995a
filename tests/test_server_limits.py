"""`reader serve` on the open internet: a body is refused without being
read, headers are capped, and a thousand connections trickling their headers do not keep a
normal reader from being answered. Bounded loops, on loopback only."""
from __future__ import annotations

import socket

import pytest
from slow_clients import PATIENCE_S, serving, while_trickling


@pytest.fixture(scope="module")
def server(built):
    with serving(built.root) as port:
        yield port


def answer(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        return connection.recv(200).split(b"\r\n")[0]


def test_a_body_is_refused_at_once_not_buffered(server):
    """Refused on its headers alone: not a byte of the 400 MB body is sent, and the answer comes
    (a server that waited for the body would not answer before the socket's timeout)."""
    status = answer(server, b"POST /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: 419430400\r\n\r\n")
    assert status == b"HTTP/1.1 413 Request Entity Too Large"


def test_oversized_headers_are_refused(server):
    status = answer(server, b"GET /en/ HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 40_000 + b"\r\n\r\n")
    assert status.endswith(b" 431 Request Header Fields Too Large"), status


def test_a_reader_is_answered_while_a_thousand_connections_trickle_headers(server):
    """Each request is answered within the reader's patience (a server whose threads the slow
    connections held would not answer at all); how long it takes is the benchmark's figure."""
    times = while_trickling(server, rounds=3)
    assert len(times) == 3 and max(times) < PATIENCE_S
