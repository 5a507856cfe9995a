"""Production serving: security headers on everything, cache rules, conditional and Range
requests, the health check, and a page that runs under its strict CSP."""
import re

import pytest
from browser import open_reader
from projects import url


def asset_prefix(client):
    return re.search(r'"(/static/[0-9a-f]{12}/)reader\.css"', client.get(url("en")).get_data(as_text=True)).group(1)


def audio_name(client):
    return client.get(url("kk", "timings.json")).json["audio"]


@pytest.fixture
def paths(client):
    return [url("kk"), url("ru", "?with=en"), "/nowhere", "/healthz", url("en", "timings.json"),
            url("en", "article.vtt"),
            asset_prefix(client) + "reader.js", f"/audio/{audio_name(client)}"]


def test_every_response_carries_the_security_headers(client, paths):
    for path in paths:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in headers["Permissions-Policy"] and headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", [url("kk"), url("ru", "?with=en"), "/nowhere/"])
def test_pages_have_no_inline_script_or_style(client, path):
    html = client.get(path).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and not re.search(r"\sstyle=", html) and not re.search(r"\son[a-z]+=", html)


def test_hashed_assets_are_immutable_and_old_versions_are_gone(client):
    prefix = asset_prefix(client)
    response = client.get(prefix + "reader.css")
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert client.get(prefix + "reader.css", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert client.get("/static/000000000000/reader.css").status_code == 404
    assert client.get(prefix + "../content/aiman-umarova-interview.md").status_code == 404


def test_an_edited_asset_gets_a_new_address(project):
    from reader.web import create_app
    before = asset_prefix(create_app({"READER_ROOT": str(project.root)}).test_client())
    css = project.static / "reader.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    assert asset_prefix(create_app({"READER_ROOT": str(project.root)}).test_client()) != before


def test_audio_has_etag_ranges_and_is_kept_by_cdns_only(client):
    path = f"/audio/{audio_name(client)}"
    whole = client.get(path)
    assert whole.headers["ETag"] and whole.headers["Cache-Control"] == "no-store" and "Expires" not in whole.headers
    assert whole.headers["CDN-Cache-Control"] == "public, max-age=31536000, immutable"
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert client.get(path, headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304
    part = client.get(path, headers={"Range": "bytes=-100"})
    assert part.status_code == 206 and part.data == whole.data[-100:]
    assert client.get(path, headers={"Range": f"bytes={len(whole.data)}-"}).status_code == 416


@pytest.mark.parametrize("path", [url("kk"), url("kk", "?with=ru"), url("ru", "embed"), url("en", "timings.json"),
                                  url("en", "article.vtt"), url("en", "chapters.json"), url("en", "cover.png"),
                                  "/kk/", "/kk/cover.png"])
def test_no_browser_keeps_what_names_an_article(client, path):
    """A page, map, caption, chapter list, cover or feed on a device says what its owner read:
    no-store for the browser; a CDN may keep it (the same for every reader) and revalidates."""
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store" and response.headers["CDN-Cache-Control"] == "no-cache"


def test_error_pages_are_kept_by_nobody(client):
    for path in ("/nowhere/", "/healthz", url("xx")):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_the_quick_exit_asks_the_browser_to_clear_the_site(client):
    response = client.get("/forget", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 204 and response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_another_site_cannot_clear_a_readers_settings(client):
    for site in ("cross-site", "same-site", "none"):   # another site's link, image or script; a typed address
        response = client.get("/forget", headers={"Sec-Fetch-Site": site})
        assert response.status_code == 403 and "Clear-Site-Data" not in response.headers


def test_the_plain_audio_is_the_same_sound_without_its_tags(client):
    """What discreet mode downloads: no ID3 tag (title, chapters, cover), byte ranges served."""
    name = audio_name(client)
    tagged, plain = client.get(f"/audio/{name}").data, client.get(f"/audio/plain/{name}")
    assert plain.status_code == 200 and plain.mimetype == "audio/mpeg" and not plain.data.startswith(b"ID3")
    assert tagged.startswith(b"ID3") and tagged.endswith(plain.data) and len(plain.data) > 100_000
    title = "Умарова".encode("utf-16-le")                # ID3v2.3 writes its text in UTF-16
    assert title in tagged and title not in plain.data
    part = client.get(f"/audio/plain/{name}", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == plain.data[100:200]
    assert plain.headers["Cache-Control"] == "no-store"
    assert client.get("/audio/plain/0000000000000000000a.mp3").status_code == 404


def test_health_check(client, tmp_path):
    from reader.web import create_app
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {
        "status": "ok", "languages": ["en", "kk", "kk-Latn", "ru"],
        "articles": ["aiman-umarova-interview", "listening-in-three-languages", "reading-safely"]}
    assert create_app({"READER_ROOT": str(tmp_path)}).test_client().get("/healthz").status_code == 503


@pytest.mark.browser
def test_the_page_breaks_no_rule_of_its_own_policy(page, live_server):
    page.add_init_script("""window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));""")
    open_reader(page, live_server, "kk", "?with=ru")
    page.click("#p1\\.s1")
    page.wait_for_selector(".is-current-word")
    page.click("#display-settings summary")
    page.select_option("#text-size", "150")
    page.click('[data-action="help"]')
    assert page.evaluate("window.__violations") == []
    assert page.eval_on_selector("#article [data-passage=p1]", "e => getComputedStyle(e).fontSize") == "27px"


def test_the_dockerfiles_server_serves_the_reader(built):
    """The Dockerfile's command (gunicorn reader.wsgi:app), here on a free local port."""
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    from projects import dockerfile_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(dockerfile_server(port), env={**os.environ, "READER_ROOT": str(built.root),
                                                            "WEB_CONCURRENCY": "2"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        assert health.status == 200
        page = urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/kk/aiman-umarova-interview/",
                                                             headers={"Accept-Encoding": "gzip"}))
        assert page.headers["Content-Encoding"] == "gzip" and "frame-ancestors 'none'" in page.headers[
            "Content-Security-Policy"]
        import http.client
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/kk", headers={"Host": "evil.example"})
        assert connection.getresponse().getheader("Location") == "/kk/"  # never the Host it was given
        connection.close()
    finally:
        server.terminate()
        server.wait()
