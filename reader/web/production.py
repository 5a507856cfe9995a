"""The image's server: gunicorn with sync workers, started only once its settings are checked.
gunicorn reads PORT and WEB_CONCURRENCY itself, as it is imported: `WEB_CONCURRENCY=abc` was a
traceback, `=0` a server whose connections hung, `PORT=abc` gunicorn's own error. Here each is
one line and exit 3, like every READER_* setting. Run as `python -m reader.web.production`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import ReaderError
from ..settings import IMAGE_SETTINGS

SHARED_MEMORY = Path("/dev/shm")   # a tmpfs in every container, writable under --read-only


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    """--preload: the app and its settings' check load once, before workers are forked, so a bad
    setting is one line rather than each worker's traceback. No access log: the reader logs
    requests itself only as READER_ACCESS_LOG says. No control socket and the workers' heartbeat
    files in shared memory: nothing is written to a read-only root."""
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", str(workers),
               "--preload", "--backlog", "2048", "--no-control-socket"]
    if SHARED_MEMORY.is_dir():
        command += ["--worker-tmp-dir", str(SHARED_MEMORY)]
    return [*command, "reader.wsgi:app"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m reader.web.production", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="the address to bind (the image: 0.0.0.0)")
    host = parser.parse_args(argv).host
    try:
        port, workers = IMAGE_SETTINGS["port"].read(), IMAGE_SETTINGS["web_concurrency"].read()
    except ReaderError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
    assert isinstance(port, int) and isinstance(workers, int)
    os.environ["WEB_CONCURRENCY"] = str(workers)   # what gunicorn reads as it is imported
    command = gunicorn_command(host, port, workers)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
