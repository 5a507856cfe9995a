"""Fuzzed URLs, headers and query strings (hypothesis), and path-traversal attempts: never a
5xx, and nothing is ever served but pages, the timing files, built audio and static assets."""
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projects import article_of, url

TOKENS = ["", ".", "..", "%2e%2e", "%2E%2e%2f", "%2f", "%5c", "..%2f", "%00", "\\", "~", "//", ";",
          "en", "kk", "kk-Latn", "ru", "de", "audio", "static", "pcm", "healthz", "timings.json",
          "article.vtt", "reader.js", "reader.css", "x.mp3", "0123456789abcdef0123.mp3", "translations",
          "content", "pyproject.toml", "etc", "passwd", ".build.lock"]
segment = st.one_of(st.sampled_from(TOKENS), st.text(max_size=12))
paths = st.lists(segment, max_size=6).map(lambda parts: "/" + "/".join(parts))
header = st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=40)  # HTTP cannot carry CR, LF
FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def get(client, url, **kw):
    """As a WSGI server hands the app a request line: PATH_INFO percent-decoded, as latin-1."""
    path, _, query = url.partition("?")
    raw = urllib.parse.unquote_to_bytes(path).decode("latin-1")
    return client.get("/", environ_overrides={"PATH_INFO": raw, "QUERY_STRING": query}, **kw)


def allowed(response, built):
    """What a 200 may be: a page, a timing map or captions, a built MP3, a static asset."""
    kind = response.mimetype
    if kind in ("text/html", "application/json", "text/vtt"):
        return True
    if kind == "audio/mpeg":
        return response.data in {p.read_bytes() for p in built.audio.glob("*.mp3")}
    return kind in ("text/css", "text/javascript") and response.data in {
        p.read_bytes() for p in built.static.iterdir()}


def secrets(built):
    return [part for part in (built.source.read_bytes()[:200], article_of(built).catalog("kk").read_bytes()[:200],
                              b"root:x:0:0", b"[build-system]")]


@FUZZ
@given(path=paths, query=st.text(max_size=20))
def test_fuzzed_urls_never_fail_and_never_leak(client, built, path, query):
    url = urllib.parse.quote(path, safe="/%;~") + "?" + urllib.parse.urlencode({"with": query})
    response = get(client, url)
    assert response.status_code < 500, url
    if response.status_code == 200:
        assert allowed(response, built), url
    assert not any(secret in response.data for secret in secrets(built)), url


@FUZZ
@given(accept=header, ranges=header, etag=header,
       path=st.sampled_from(["/", url("kk"), url("ru", "?with=en"), "/healthz", url("en", "timings.json"), "AUDIO"]))
def test_fuzzed_headers_never_fail(client, built, accept, ranges, etag, path):
    if path == "AUDIO":
        path = "/audio/" + client.get(url("en", "timings.json")).json["audio"]
    headers = {"Accept-Language": accept, "Range": ranges, "If-None-Match": etag, "If-Range": etag}
    headers = {k: v.encode("utf-8", "replace").decode("latin-1") for k, v in headers.items()}
    assert client.get(path, headers=headers).status_code < 500


TRAVERSALS = ["/audio/../pyproject.toml", "/audio/..%2fpyproject.toml", "/audio/%2e%2e/content/x.txt",
              "/audio/pcm/x.flac", "/audio/.build.lock", "/static/../pyproject.toml",
              "/static/%2e%2e/translations/kk.po", "/kk/../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
              "/audio/%00.mp3", "/audio/....//....//etc/passwd", "/static//etc/passwd", "/en/timings.json/../../kk.po",
              "/%2e%2e/%2e%2e/etc/passwd", "/audio/..\\..\\pyproject.toml", "/kk/timings.json%00.mp3"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_attempts_are_refused(client, built, path):
    response = get(client, path)
    assert response.status_code in (400, 404, 308), path
    assert not any(secret in response.data for secret in secrets(built))


def test_an_asset_path_cannot_leave_the_static_folder(client):
    prefix = client.get(url("en")).get_data(as_text=True).split('href="/static/')[1].split("/")[0]
    for path in ("../pyproject.toml", "..%2fpyproject.toml", "%2e%2e/content/aiman-umarova-interview.md"):
        assert client.get(f"/static/{prefix}/{path}").status_code == 404
