"""What the server keeps of a reader (issue 25, item 4): by default, in the Dockerfile's
gunicorn and in `reader serve`, no log line holds a reader's address, browser, referrer or the
article read; READER_ACCESS_LOG=requests logs the page but not who asked; full, both."""
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from projects import dockerfile_server, free_port, url, wait_until_answering

AGENT, REFERRER = "Secret-Browser/7.7", "https://referrer.example/abuse-support"


def served_output(command: list[str], port: int, root: Path, **env: str) -> str:
    """Everything the server printed while a reader opened the interview and played its audio."""
    server = subprocess.Popen(command, env={**os.environ, "READER_ROOT": str(root), "WEB_CONCURRENCY": "1", **env},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_answering(port)
        for path in (url("ru"), url("ru", "timings.json"), "/nowhere/"):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                             headers={"User-Agent": AGENT, "Referer": REFERRER})
            try:
                urllib.request.urlopen(request, timeout=5).read()
            except urllib.error.HTTPError:
                pass
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    return output


SERVERS = {"gunicorn": lambda port: dockerfile_server(port),
           "reader serve": lambda port: [str(Path(sys.executable).parent / "reader"), "serve", "--no-build",
                                         "--port", str(port)]}


@pytest.mark.parametrize("server", SERVERS)
def test_by_default_the_server_logs_nothing_of_a_reader(built, server):
    port = free_port()
    output = served_output(SERVERS[server](port), port, built.root)
    for secret in ("127.0.0.1 ", AGENT, REFERRER, "aiman-umarova", "nowhere"):
        assert secret not in output, output


def test_requests_log_the_page_but_not_who_asked(built):
    port = free_port()
    output = served_output(dockerfile_server(port), port, built.root, READER_ACCESS_LOG="requests")
    assert f'"GET {url("ru")}" 200' in output and '"GET /nowhere/" 404' in output
    for secret in (AGENT, REFERRER, "127.0.0.1 "):
        assert secret not in output, output


def test_a_full_log_names_the_reader_as_documented(built):
    port = free_port()
    output = served_output(dockerfile_server(port), port, built.root, READER_ACCESS_LOG="full")
    line = next(line for line in output.splitlines() if f'"GET {url("ru")}"' in line)
    assert line.startswith("127.0.0.1 ") and AGENT in line and REFERRER in line


def test_a_wrong_access_log_setting_is_one_line(built):
    run = subprocess.run(dockerfile_server(free_port()), env={**os.environ, "READER_ROOT": str(built.root),
                                                              "READER_ACCESS_LOG": "everything"},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "Error: READER_ACCESS_LOG='everything': one of none, requests, full" in run.stderr.splitlines()
