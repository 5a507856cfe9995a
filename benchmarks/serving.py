"""Serving figures: the first view's weight, and load on the production server.

The load generator is wrk (Debian package `wrk`), on the same machine as the server. The
server is gunicorn with sync workers, as the Dockerfile runs it, over a built project.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = "/kk/aiman-umarova-interview/"   # the interview's page, as served to a Kazakh reader



def first_view_assets(settings) -> list[str]:
    """What a reader page loads: the stylesheet, and each script with all it imports."""
    from reader.export.static_site import module_order

    scripts = [name for entry in ("safety.js", "content-note.js", "reader.js")
               for name in module_order(settings.static, entry)]
    return ["reader.css", *dict.fromkeys(scripts)]


def page_weight(settings) -> list[tuple[str, str, str]]:
    """Bytes on the wire (gzip) for the first view of /kk/: the page, its CSS and scripts."""
    from reader.web import create_app

    client = create_app({"READER_ROOT": str(settings.root)}).test_client()
    gz = {"Accept-Encoding": "gzip"}
    page = client.get(PAGE, headers=gz)
    prefix = re.search(r'"(/static/[0-9a-f]{12}/)reader\.css"', client.get(PAGE).get_data(as_text=True)).group(1)
    assets = sum(len(client.get(prefix + name, headers=gz).data) for name in first_view_assets(settings))
    timings = len(client.get(PAGE + "timings.json", headers=gz).data)
    html = len(page.data)
    return [("first view of /kk/, gzip: HTML + CSS + JS", f"{(html + assets) / 1024:.1f} KiB "
             f"(HTML {html / 1024:.1f}, CSS+JS {assets / 1024:.1f}); timing map fetched after: "
             f"{timings / 1024:.1f} KiB", "<= 30 KB")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, connections: int, seconds: int, *headers: str) -> dict:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip"]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors += int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]), "p50": latency.get("50", "n/a"),
            "p99": latency.get("99", "n/a"), "errors": errors}


def serving_figures(settings, seconds: int) -> list[tuple[str, str, str]]:
    if not shutil.which("wrk"):
        return [("load on the production server", "not measured: install wrk (apt-get install wrk)", "")]
    port = free_port()
    env = {**os.environ, "READER_ROOT": str(settings.root)}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--backlog", "2048", "reader.wsgi:app"], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        time.sleep(3)
        kk_map = settings.library().only().timing_map("kk").read_text()
        audio = "/audio/" + re.search(r'"audio":"([0-9a-f]{20}\.mp3)"', kk_map)[1]
        runs = [(f"reader page {PAGE}, 50 connections", wrk(base + PAGE, 50, seconds), ">= 1000 req/s, p99 < 50 ms"),
                (f"reader page {PAGE}, 200 connections", wrk(base + PAGE, 200, seconds), "0 errors"),
                ("audio, 64 KiB ranges, 200 connections",
                 wrk(base + audio, 200, seconds, "Range: bytes=65536-131071"), "0 errors")]
    finally:
        server.terminate()
        server.wait()
    rows = [(f"{name} ({seconds} s, gunicorn 2 sync workers, wrk on the same 2 cores)",
             f"{r['rps']:.0f} req/s, p50 {r['p50']}, p99 {r['p99']}, {r['errors']} errors", target)
            for name, r, target in runs]
    return rows + reader_serve_figures(settings, seconds)


def reader_serve_figures(settings, seconds: int) -> list[tuple[str, str, str]]:
    """`reader serve` (waitress, one process): steady at 50 connections, erratic at 100."""
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "reader"), "--root", str(settings.root), "serve",
                               "--no-build", "--port", str(port)], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        runs = [(c, wrk(f"http://127.0.0.1:{port}/kk/", c, seconds)) for c in (50, 100)]
    finally:
        server.terminate()
        server.wait()
    return [(f"reader page /kk/, {c} connections ({seconds} s, reader serve: waitress, 1 process, 8 threads)",
             f"{r['rps']:.0f} req/s, p50 {r['p50']}, p99 {r['p99']}, {r['errors']} errors",
             "0 errors" if c <= 50 else "none: past its limit (docs/serving.md)")
            for c, r in runs]
