"""A static host that reads the export's `_headers` file as Netlify and Cloudflare Pages do
(a path pattern, then indented `Name: value` lines; `*` matches anything; every matching
rule applies, and a header two rules set is joined with a comma), so the tests try the
export as such a host would serve it."""
from __future__ import annotations

import functools
import http.server
import re
import threading
from contextlib import contextmanager
from pathlib import Path


def read_rules(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    rules: list[tuple[re.Pattern, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((re.compile(re.escape(line.strip()).replace(r"\*", ".*") + "$"), []))
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if pattern.match(path):
            for name, value in headers:
                found[name] = f"{found[name]}, {value}" if name in found else value
    return found


class Handler(http.server.SimpleHTTPRequestHandler):
    rules: list = []

    def end_headers(self):
        for name, value in headers_for(self.rules, self.path.split("?")[0]).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def static_host(folder: Path):
    """Serve `folder` at the root of 127.0.0.1:PORT; yields (base URL, a function that loads
    the folder's _headers once the export is written there)."""
    handler = type("Host", (Handler,), {"rules": []})

    def load_rules():
        handler.rules = read_rules((folder / "_headers").read_text(encoding="utf-8"))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", load_rules
    finally:
        server.shutdown()
