"""`reader serve`'s server, waitress, with the limits a server on the open internet needs.

The reader takes no request body, so any body is refused at once (413), never buffered.
Headers are capped. Slow or
idle connections cost a file descriptor each and nothing more: waitress reads headers in its
event loop and hands a thread only a whole request, so with poll() (select() stops at 1,024
descriptors) and a connection limit sized to the process's descriptors, a thousand sockets
trickling headers do not keep a normal reader from being answered.
"""
from __future__ import annotations

import resource

MAX_HEADER_BYTES = 32 * 1024        # a browser's request is under 2 KiB; the reader sets no cookies
IDLE_TIMEOUT_S = 30                 # a connection that sends nothing for this long is closed
MAX_DESCRIPTORS = 65_536
SPARE_DESCRIPTORS = 256             # files the process itself opens: audio, maps, logs


def descriptors() -> int:
    """Raise the process's limit on open files to its hard limit (at most MAX_DESCRIPTORS): the
    usual soft limit, 1,024, would be the attacker's ceiling. Returns the limit in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = MAX_DESCRIPTORS if hard == resource.RLIM_INFINITY else min(hard, MAX_DESCRIPTORS)
    if soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft


def waitress_options(threads: int) -> dict:
    return {"threads": threads, "backlog": 2048, "asyncore_use_poll": True,
            "connection_limit": max(100, descriptors() - SPARE_DESCRIPTORS),
            "max_request_body_size": 0, "max_request_header_size": MAX_HEADER_BYTES,
            "channel_timeout": IDLE_TIMEOUT_S, "_quiet": True}
