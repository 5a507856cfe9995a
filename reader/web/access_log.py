"""The server's access log, as READER_ACCESS_LOG says: by default none, since for this
publication a log of who asked for what is a reading history of people at risk, kept by the
operator. `requests` logs what an operator needs to see the site working (time, page, status,
size, duration) and nothing that says who asked; `full` adds the address, browser and referrer.
Written here rather than by the server, so that waitress and gunicorn log the same way."""
from __future__ import annotations

import logging
import sys
import time

from flask import Flask, g, request

LOGGER = "reader.access"


def init_app(app: Flask, level: str) -> None:
    if level == "none":
        return
    logger = logging.getLogger(LOGGER)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    @app.before_request
    def start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def log(response):
        line = (f'{time.strftime("%Y-%m-%dT%H:%M:%S%z")} "{request.method} {request.full_path.rstrip("?")}" '
                f"{response.status_code} {response.calculate_content_length() or '-'} "
                f"{(time.perf_counter() - g.get('started', time.perf_counter())) * 1000:.1f}ms")
        if level == "full":
            line = (f"{request.remote_addr} {line} "
                    f'"{request.referrer or "-"}" "{request.user_agent.string or "-"}"')
        logger.info("%s", line)
        return response
