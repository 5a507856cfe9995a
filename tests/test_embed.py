"""Embedding on a publisher's own page: /<lang>/<slug>/embed is the article
in a compact page (player, text, quick exit, content note; no site navigation), framed only by
the origins READER_FRAME_ANCESTORS names; every other page is never framed."""
import threading

import pytest
from browser import axe_violations, own_context
from flask import Flask
from projects import INTERVIEW, url
from werkzeug.serving import make_server

from reader.errors import ReaderError
from reader.settings import ENV_SETTINGS
from reader.web import create_app

FRAMED = "https://news.example.org https://*.campaign.example"


def csp(response) -> dict[str, str]:
    return {part.split()[0]: part.partition(" ")[2] for part in response.headers["Content-Security-Policy"].split("; ")}


def test_the_embed_page_is_the_article_without_the_site_around_it(client):
    html = client.get(url("kk", "embed")).get_data(as_text=True)
    assert 'id="player"' in html and 'id="p3.s1"' in html and 'id="content-note"' in html
    assert 'class="exit-this-page"' in html and 'target="_top"' in html     # the exit leaves the whole tab
    assert 'class="site-header"' not in html and 'class="bilingual-choice"' not in html
    assert 'class="site-header"' in client.get(url("kk")).get_data(as_text=True)


def test_by_default_nothing_may_frame_any_page(client):
    for path in (url("kk", "embed"), url("kk"), "/kk/"):
        response = client.get(path)
        assert csp(response)["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"


def test_named_origins_may_frame_the_embed_pages_only(built, monkeypatch):
    monkeypatch.setenv("READER_FRAME_ANCESTORS", FRAMED)
    client = create_app({"READER_ROOT": str(built.root)}).test_client()
    embed = client.get(url("ru", "embed"))
    assert csp(embed)["frame-ancestors"] == FRAMED and "X-Frame-Options" not in embed.headers
    assert csp(embed)["script-src"] == "'self'"                        # the rest of the policy stays
    for path in (url("ru"), "/ru/", url("ru", "timings.json")):
        assert csp(client.get(path))["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("value", ["*", "https:", "https://a.example; script-src *", "news.example.org", ""])
def test_a_framing_setting_that_would_let_anyone_frame_is_one_line(value):
    with pytest.raises(ValueError, match="is not an origin"):
        ENV_SETTINGS["frame_ancestors"].parse(value)


@pytest.mark.parametrize("value", ["https://*.com", "http://*.kz", "https://*.co.uk", "https://*.org.kz:443",
                                   "https://news.example.org https://*.com.au"])
def test_a_wildcard_over_a_public_suffix_is_refused(value):
    """*.com would let every .com site frame the embed page under its own."""
    with pytest.raises(ValueError, match="lets every site under a public suffix frame the reader"):
        ENV_SETTINGS["frame_ancestors"].parse(value)


@pytest.mark.parametrize("value", ["https://*.example.org", "https://*.news.example.co.uk", "https://*.example.kz:8443"])
def test_a_wildcard_over_one_owners_domain_is_kept(value):
    assert ENV_SETTINGS["frame_ancestors"].parse(value) == value


def test_a_bad_framing_setting_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("READER_FRAME_ANCESTORS", "*")
    with pytest.raises(ReaderError, match=r"^READER_FRAME_ANCESTORS='\*': '\*' is not an origin"):
        create_app({"READER_ROOT": str(tmp_path)})


PUBLISHER = """<!doctype html><html lang="en"><head><title>A publisher's article</title></head>
<body><h1>News</h1><iframe src="{src}" title="Listen to the interview" width="700" height="600"></iframe>
</body></html>"""


@pytest.fixture
def publisher(built, monkeypatch):
    """The reader on 127.0.0.1 and a publisher's page on localhost (another origin) framing its
    embed page; the exit leads to the publisher's own /neutral, so nothing leaves the machine."""

    news = Flask("publisher")
    servers = []

    def serve(app):
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_port

    news_port = serve(news)
    monkeypatch.setenv("READER_FRAME_ANCESTORS", f"http://localhost:{news_port}")
    monkeypatch.setenv("READER_EXIT_URL", f"http://localhost:{news_port}/neutral")
    reader_port = serve(create_app({"READER_ROOT": str(built.root)}))
    reader = f"http://127.0.0.1:{reader_port}"
    news.add_url_rule("/", "page", lambda: PUBLISHER.format(src=f"{reader}{url('en', 'embed')}"))
    news.add_url_rule("/neutral", "neutral", lambda: "<!doctype html><title>Weather</title><p>Sunny")
    yield f"http://localhost:{news_port}", reader
    for server in servers:
        server.shutdown()


@pytest.mark.browser
def test_a_publisher_page_frames_the_reader_and_the_quick_exit_leaves_the_tab(browser, publisher):
    news, reader = publisher
    with own_context(browser, news, reader) as context:
        page = context.new_page()
        page.goto(news + "/")
        frame = page.frame_locator("iframe")
        frame.locator('#player[data-ready="true"]').wait_for(state="attached")
        frame.locator("#content-note a").click()
        frame.locator("#p2\\.s1").click()
        inner = next(f for f in page.frames if f.url.startswith(reader))
        inner.wait_for_function("() => document.querySelector('.is-current-word')?.id?.startsWith('p2.s1.')")
        assert axe_violations(inner) == ""
        frame.locator(".exit-bar .exit-this-page").click()
        page.wait_for_url(news + "/neutral")                          # the whole tab, not the frame


REFUSED = "violates the following Content Security Policy directive: \"frame-ancestors 'none'\""


@pytest.mark.browser
@pytest.mark.parametrize("address", [f"/en/{INTERVIEW}/embed", f"/en/{INTERVIEW}/"])
def test_an_origin_not_named_cannot_frame_the_reader(browser, live_server, address):
    """The reader's own pages, and its embed pages by default, refuse any frame: the test waits
    for Chromium's refusal itself, then finds the frame holding Chromium's error page."""

    other = Flask("other")
    other.add_url_rule("/", "page", lambda: PUBLISHER.format(src=live_server + address))
    server = make_server("127.0.0.1", 0, other, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    elsewhere = f"http://localhost:{server.server_port}"
    try:
        with own_context(browser, elsewhere, live_server) as context:
            page = context.new_page()
            with page.expect_console_message(lambda m: REFUSED in m.text, timeout=5000) as refusal:
                page.goto(elsewhere + "/")
            assert live_server.replace("http://", "") in refusal.value.text
            page.wait_for_function("() => document.querySelector('iframe').contentWindow !== null")
            assert [f.url for f in page.frames] == [elsewhere + "/", "chrome-error://chromewebdata/"]
    finally:
        server.shutdown()
