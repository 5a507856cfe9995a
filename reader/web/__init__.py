"""Stage 6: the web reader. `create_app(test_config)` as in Flask's flaskr tutorial."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from ..settings import Settings

# Where "Exit this page" goes: a neutral page, as GOV.UK's pattern does (READER_EXIT_URL).
EXIT_URL = "https://www.bbc.co.uk/weather"


def create_app(test_config: dict | None = None) -> Flask:
    settings = Settings.from_env((test_config or {}).get("READER_ROOT"))
    app = Flask(__name__, static_folder=str(settings.root / "static"), static_url_path="/static",
                template_folder=str(Path(__file__).parent.parent / "templates"))
    app.config.from_mapping(READER_SETTINGS=settings, SEND_FILE_MAX_AGE_DEFAULT=3600,
                            EXIT_URL=os.environ.get("READER_EXIT_URL", EXIT_URL))
    if test_config:
        app.config.update(test_config)

    from . import i18n, views
    i18n.init_app(app)
    app.register_blueprint(views.bp)
    app.register_error_handler(404, views.not_found)
    app.context_processor(lambda: {"exit_url": app.config["EXIT_URL"]})
    app.after_request(private_headers)
    return app


def private_headers(response):
    """Readers' privacy: no page of the reader tells another site where the reader came from."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
