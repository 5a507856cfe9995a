"""Shared fixtures: a project built once per session in a temporary folder, copied per test
that changes it; the Flask app and client over it; click's runner for the CLI."""
from __future__ import annotations

import os
from dataclasses import replace

import pytest
from projects import copy_project, served

from reader.build.run import build
from reader.settings import Settings
from reader.web import create_app

os.environ["READER_ENGINE"] = "espeak"  # no test reaches the network unless it says how


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The library built in all three languages (once: about ten seconds); its settings are
    the interview's."""
    settings = copy_project(tmp_path_factory.mktemp("built"))
    build(replace(settings, source=None))
    return settings


@pytest.fixture
def project(tmp_path, built) -> Settings:
    """A private copy of the built project, for a test that edits or breaks it."""
    return copy_project(tmp_path / "project", with_audio_from=built.root)


@pytest.fixture
def app(built):
    return create_app({"READER_ROOT": str(built.root), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    from click.testing import CliRunner
    return CliRunner()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (never `playwright install`), allowed to play audio unprompted, and
    kept from calling home so that every request a test sees is the page's own."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--disable-sync",
                     "--autoplay-policy=no-user-gesture-required"]}


@pytest.fixture(scope="session")
def live_server(built):
    """The reader served on 127.0.0.1 from a thread, for the browser tests."""
    with served(built.root) as address:
        yield address


@pytest.fixture(scope="session")
def site(built, tmp_path_factory):
    """The built project as a static site (reader export static), in www/site."""
    from reader.export.static_site import export_static

    root = tmp_path_factory.mktemp("www")
    export_static(built, root / "site")
    return root / "site"


@pytest.fixture
def static_server(site):
    """A plain static file server (no Range support, no rewriting) with the site under /site/."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site.parent))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/site"
    server.shutdown()


@pytest.fixture(autouse=True)
def stays_on_this_machine(request):
    """In every browser test, a request for anything but the live server is refused and
    recorded, and the test fails. (A test answering the quick exit's destination itself
    registers its route later, which Playwright consults first.)"""
    if request.node.get_closest_marker("browser") is None or "page" not in request.fixturenames:
        yield
        return
    from browser import stay_on

    page, server = request.getfixturevalue("page"), request.getfixturevalue("live_server")
    escaped: list[str] = []
    page.route("**/*", stay_on([server], escaped))
    yield
    assert escaped == [], f"requests left 127.0.0.1: {escaped}"
