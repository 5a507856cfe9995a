"""The WSGI entry point for production servers: `gunicorn reader.wsgi:app` (the Dockerfile's).
The project folder comes from READER_ROOT, like every other setting (see README)."""
from .web import create_app

app = create_app()
