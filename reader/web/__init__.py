"""Stage 6: the web reader. `create_app(test_config)` as in Flask's flaskr tutorial."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from ..settings import Settings


def create_app(test_config: dict | None = None) -> Flask:
    settings = Settings.from_env((test_config or {}).get("READER_ROOT"))
    app = Flask(__name__, static_folder=str(settings.root / "static"), static_url_path="/static",
                template_folder=str(Path(__file__).parent.parent / "templates"))
    app.config.from_mapping(READER_SETTINGS=settings, SEND_FILE_MAX_AGE_DEFAULT=3600)
    if test_config:
        app.config.update(test_config)

    from . import i18n, views
    i18n.init_app(app)
    app.register_blueprint(views.bp)
    app.register_error_handler(404, views.not_found)
    return app
