"""Static assets under a content-hashed folder, /static/<version>/reader.js, so they can be
cached for a year: any change to any asset changes the version. One version for the whole
folder keeps the scripts' relative imports (./timeline.js) pointing at the same version."""
from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from flask import Blueprint, abort, current_app, url_for
from werkzeug.security import safe_join

from .cache import remembered, respond

bp = Blueprint("assets", __name__)


def folder_version(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def asset_url(filename: str) -> str:
    return url_for("assets.asset", version=current_app.config["ASSET_VERSION"], filename=filename)


@bp.route("/static/<version>/<path:filename>")
def asset(version: str, filename: str):
    """Only the current version: an old page asking for an old asset gets a 404, never new
    content under an old name that caches would keep for a year."""
    path = safe_join(current_app.config["ASSET_FOLDER"], filename)
    if version != current_app.config["ASSET_VERSION"] or path is None or not Path(path).is_file():
        abort(404)
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if mimetype == "application/javascript":
        mimetype = "text/javascript"
    return respond(remembered(("asset", version, filename), Path(path).read_bytes), mimetype, immutable=True)
