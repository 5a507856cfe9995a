"""Ctrl-C (SIGINT) and SIGTERM held while C code calls back into Python: espeak-ng's audio
callback, libsndfile's virtual I/O on an in-memory file. Raised inside such a callback, the
KeyboardInterrupt cannot leave through C: it was printed as "Exception ignored on calling
ctypes callback" (or "from cffi callback") and the work went on. Held, it arrives a few
milliseconds later, when the C call has returned, and stops the build as it should."""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def interrupts_after() -> Iterator[None]:
    """Signals that arrive meanwhile are noted by a handler that does not raise, then raised
    again once the block is left. (Blocking them in this thread is not enough: the kernel hands
    a signal to any thread that does not block it, a BLAS thread say, and Python then runs its
    handler in the main thread, inside the callback.)"""
    if threading.current_thread() is not threading.main_thread():
        yield   # only the main thread may set handlers, and only it runs them
        return
    arrived: list[int] = []
    previous = {number: signal.signal(number, lambda number, frame: arrived.append(number)) for number in HELD}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if arrived:
            signal.raise_signal(arrived[0])
