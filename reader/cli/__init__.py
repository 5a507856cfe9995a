"""The one command line, `reader`: the group and build/status/serve (main.py), machine
translation (mt.py), exports and pruning (files.py), Piper voices (voices.py), options shared
by several (options.py)."""
from .main import main

__all__ = ["main"]
