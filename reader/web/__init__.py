"""The web reader: routes, pages and their files over HTTP. `create_app(test_config)` as in
Flask's flaskr tutorial."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from ..settings import Settings
from . import access_log, assets, headers, i18n, views


def create_app(test_config: dict | None = None) -> Flask:
    settings = Settings.from_env((test_config or {}).get("READER_ROOT"))
    app = Flask(__name__, static_folder=None, template_folder=str(Path(__file__).parent.parent / "templates"))

    app.config.from_mapping(READER_SETTINGS=settings, EXIT_URL=settings.exit_url,
                            FRAME_ANCESTORS=settings.frame_ancestors, PUBLIC_URL=settings.public_url,
                            DISCREET=settings.discreet,
                            ASSET_FOLDER=str(settings.static), ASSET_VERSION=assets.folder_version(settings.static))
    if test_config:
        app.config.update(test_config)

    i18n.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(assets.bp)
    app.register_error_handler(404, views.not_found)
    app.context_processor(lambda: {"exit_url": app.config["EXIT_URL"], "asset": assets.asset_url,
                                   "bilingual_url": views.bilingual_url, "page_url": views.page_url,
                                   "cover_kind": views.cover_kind, "discreet_by_default": views.discreet_by_default,
                                   "static_export": app.config.get("STATIC_EXPORT", False),
                                   "embed": False})
    app.after_request(headers.secure)
    access_log.init_app(app, settings.access_log)
    return app
