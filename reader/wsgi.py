"""The WSGI entry point for production servers: `gunicorn reader.wsgi:app` (the Dockerfile's).
The project folder comes from READER_ROOT, like every other setting (docs/serving.md)."""
import sys

from .errors import ReaderError
from .web import create_app

try:
    app = create_app()
except ReaderError as exc:
    # One line instead of a traceback. Exit status 3 is gunicorn's "worker failed to boot":
    # its arbiter then stops, rather than restarting workers that can only fail again.
    print(f"Error: {exc}", file=sys.stderr)
    sys.exit(3)
