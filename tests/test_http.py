"""HTTP as an attacker or a shared cache would try it: redirects never name the Host the
request gave, Range and its preconditions follow RFC 9110, and what varies says so."""
import http.client
import re

import pytest
from projects import url

EVIL = "evil.example"


def asset_prefix(client):
    return re.search(r'"(/static/[0-9a-f]{12}/)reader\.css"', client.get(url("en")).get_data(as_text=True)).group(1)


def redirect_paths(client):
    return ["/kk", "/", "/kk//", f"{asset_prefix(client)}/reader.css", "/kk/with-%2e%2e%2f/"]


def assert_relative(location, path):
    assert location and location.startswith("/") and not location.startswith("//"), (path, location)
    assert EVIL not in location and "localhost" not in location, (path, location)


def test_no_redirect_names_the_host_the_request_gave(client):
    for path in redirect_paths(client):
        response = client.get(path, headers={"Host": EVIL})
        assert response.status_code in (302, 308), path
        assert_relative(response.headers["Location"], path)
        assert EVIL not in response.get_data(as_text=True), path  # nor its body's link


def raw_get(port, path, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def test_reader_serve_redirects_are_relative_too(built, client):
    """Through `reader serve` (waitress) as a user runs it."""
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).parent / "reader"), "--root", str(built.root), "serve",
                               "--no-build", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        for path in redirect_paths(client):
            status, location = raw_get(port, path, {"Host": EVIL})
            assert status in (302, 308) and location, path
            assert_relative(location, path)
    finally:
        server.terminate()
        server.wait()


def audio(client):
    path = "/audio/" + client.get(url("kk", "timings.json")).json["audio"]
    return path, client.get(path)


@pytest.mark.parametrize("headers", [{"Range": "bits=0-1"}, {"Range": "bytes=0-1,5-6"}, {"Range": "bytes=abc"}],
                         ids=["unknown unit", "several ranges", "malformed"])
def test_a_range_the_server_cannot_use_is_ignored_not_refused(client, headers):
    path, whole = audio(client)
    response = client.get(path, headers=headers)
    assert response.status_code == 200 and response.data == whole.data


def test_if_range_needs_a_strong_validator(client):
    path, whole = audio(client)
    strong = whole.headers["ETag"]
    assert client.get(path, headers={"Range": "bytes=0-1", "If-Range": strong}).status_code == 206
    weak = client.get(path, headers={"Range": "bytes=0-1", "If-Range": "W/" + strong})
    assert weak.status_code == 200 and weak.data == whole.data


def test_a_failed_precondition_sends_no_file(client):
    path, whole = audio(client)
    response = client.get(path, headers={"If-Match": '"something-else"', "If-None-Match": whole.headers["ETag"]})
    assert response.status_code == 412 and response.data == b""


def test_a_language_refused_with_q0_is_not_chosen(client):
    response = client.get("/", headers={"Accept-Language": "kk;q=0, ru;q=0"})
    assert response.headers["Location"] == "/en/"
    assert client.get("/", headers={"Accept-Language": "ru;q=0, kk"}).headers["Location"] == "/kk/"


def test_what_depends_on_accept_language_says_so(client):
    redirect = client.get("/", headers={"Accept-Language": "ru"})
    assert "Accept-Language" in redirect.headers["Vary"] and redirect.headers["Cache-Control"] == "no-store"
    assert redirect.headers["CDN-Cache-Control"] == "private"  # a CDN that ignores Vary must not keep it
    missing = client.get("/nowhere/", headers={"Accept-Language": "ru"})
    assert missing.status_code == 404 and "Accept-Language" in missing.headers["Vary"]
    assert 'lang="ru"' in missing.get_data(as_text=True)
