"""The one command line, `reader`: the group and build/status/serve (main.py), machine
translation (mt.py), exports and pruning (files.py), Piper voices (voices.py), options shared
by several (options.py), the ear (check.py).

Each command imports the stage it runs inside itself (`from ..build.run import build` in
`reader build`): every command starts with the CLI's own import (about 0.1 s), and pays for
numpy, Flask, Babel or argostranslate only when it uses them. These are the only imports of
the project's own modules inside functions besides those of heavy or optional libraries.
tests/test_layout.py counts them as edges all the same."""
from .main import main

__all__ = ["main"]
