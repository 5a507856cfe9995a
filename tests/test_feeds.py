"""Podcast feeds: one RSS 2.0 feed per language, read here by two independent parsers
(feedparser, and gPodder's podcastparser) and, for the Podcasting 2.0 tags it does not know, by
ElementTree; every address in it answers, on the server and in the static export."""
import io
import json
import threading
import urllib.request
import uuid
from xml.etree import ElementTree as ET

import feedparser
import podcastparser
import pytest
from projects import INTERVIEW, url

from reader.build.run import build
from reader.web import create_app

PODCAST = "{https://podcastindex.org/namespace/1.0}"
BASE = "https://reader.example.org/campaign"
SAMPLE, SAFETY = "listening-in-three-languages", "reading-safely"


@pytest.fixture
def published(built, monkeypatch):
    monkeypatch.setenv("READER_PUBLIC_URL", BASE + "/")
    return create_app({"READER_ROOT": str(built.root)}).test_client()


def local(address: str) -> str:
    assert address.startswith(BASE + "/"), address
    return address[len(BASE):]


def addresses(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    found = [e.text for e in root.iter() if e.tag in ("link", "url") and e.text]
    found += [e.get(a) for e in root.iter() for a in ("href", "url") if e.get(a)]
    return found


def test_each_language_has_a_feed_an_app_can_read(published, built):
    for lang in ("en", "kk", "kk-Latn", "ru"):
        response = published.get(f"/{lang}/feed.xml")
        assert response.status_code == 200 and response.mimetype == "application/rss+xml"
        feed = feedparser.parse(response.data)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "rss20" and feed.feed.language == lang
        assert [e.link for e in feed.entries] == [f"{BASE}/{lang}/{slug}/" for slug in (SAFETY, SAMPLE, INTERVIEW)]
        for entry in feed.entries:
            enclosure = entry.enclosures[0]
            assert enclosure.type == "audio/mpeg"
            name = enclosure.href.rsplit("/", 1)[1]
            assert int(enclosure.length) == (built.audio / name).stat().st_size   # the exact length
            assert int(entry.itunes_duration) > 30 and entry.image.href.startswith(f"{BASE}/{lang}/")
            assert entry.id == f"reader:{entry.link.split('/')[-2]}:{lang}"
        assert feed.feed.image.href == f"{BASE}/{lang}/cover.png"
        # Apple's values are true and false; feedparser knows only the older yes and clean
        explicit = ET.fromstring(response.data).find("channel/{http://www.itunes.com/dtds/podcast-1.0.dtd}explicit")
        assert explicit.text == "false"


def test_gpodder_reads_every_episode_with_its_audio(published, built):
    """gPodder's own parser, as that app subscribes: each episode's page, file, exact length,
    duration, date, picture and guid. (podcastparser 0.6.11 knows the Podcasting 2.0 tags
    only under the namespace's old GitHub address, so gPodder sees no transcript or chapters
    in a feed that uses the namespace's own URI, as this one does.)"""
    for lang in ("en", "kk", "kk-Latn", "ru"):
        feed = podcastparser.parse(f"{BASE}/{lang}/feed.xml", io.BytesIO(published.get(f"/{lang}/feed.xml").data))
        assert feed["cover_url"] == f"{BASE}/{lang}/cover.png"
        pages = [f"{BASE}/{lang}/{slug}/" for slug in (SAFETY, SAMPLE, INTERVIEW)]
        assert [e["link"] for e in feed["episodes"]] == pages
        for episode in feed["episodes"]:
            page, (enclosure,) = episode["link"], episode["enclosures"]
            assert enclosure["mime_type"] == "audio/mpeg"
            assert enclosure["file_size"] == (built.audio / enclosure["url"].rsplit("/", 1)[1]).stat().st_size
            timing = json.loads(published.get(local(page) + "timings.json").data)
            assert episode["total_time"] == round(timing["duration_ms"] / 1000)
            assert episode["episode_art_url"].startswith(f"{BASE}/{lang}/")
            assert episode["guid"] == f"reader:{page.split('/')[-2]}:{lang}"
        dates = [e["published"] for e in feed["episodes"]]
        assert dates[0] == 1795996800 and dates[2] == 0        # 30 Nov 2026; the interview is undated


def test_the_feed_says_when_and_warns_as_the_page_does(published):
    feed = feedparser.parse(published.get("/en/feed.xml").data)
    safety, sample, interview = feed.entries
    assert safety.published == "Mon, 30 Nov 2026 00:00:00 +0000" and sample.author == "The reader's developers"
    assert "published" not in interview                     # undated: no date is made up
    assert interview.summary.startswith("Content note: This interview discusses sexual violence")
    assert "Content note" not in sample.summary
    kk = feedparser.parse(published.get("/kk/feed.xml").data)
    assert kk.entries[2].summary.startswith("Мазмұны туралы ескерту: ")


def test_the_podcasting_2_tags_point_at_the_transcript_and_chapters(published):
    root = ET.fromstring(published.get("/ru/feed.xml").data)
    feed_url = f"{BASE}/ru/feed.xml"
    expected = str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), feed_url.split("://")[1]))
    assert root.find(f"channel/{PODCAST}guid").text == expected
    for item in root.iter("item"):
        page = item.find("link").text
        transcript, chapters = item.find(f"{PODCAST}transcript"), item.find(f"{PODCAST}chapters")
        assert transcript.attrib == {"url": page + "article.vtt", "type": "text/vtt", "language": "ru",
                                     "rel": "captions"}
        assert chapters.attrib == {"url": page + "chapters.json", "type": "application/json+chapters"}


def test_every_address_in_every_feed_answers(published):
    kinds = {"article.vtt": "text/vtt", "chapters.json": "application/json+chapters", ".mp3": "audio/mpeg",
             ".png": "image/png", "feed.xml": "application/rss+xml", "/": "text/html"}
    for lang in ("en", "kk", "kk-Latn", "ru"):
        for address in addresses(published.get(f"/{lang}/feed.xml").data):
            response = published.get(local(address))
            assert response.status_code == 200, address
            assert response.mimetype == next(kind for end, kind in kinds.items() if address.endswith(end)), address


def test_chapters_are_the_passages_titled_in_the_language(published, built):
    chapters = json.loads(published.get(f"/kk/{INTERVIEW}/chapters.json").data)   # its type is no JSON type
    timing = published.get(f"/kk/{INTERVIEW}/timings.json").json
    assert chapters["version"] == "1.2.0"
    assert [c["startTime"] for c in chapters["chapters"]] == [p["offset_ms"] / 1000 for p in timing["passages"]]
    assert chapters["chapters"][0]["title"].startswith("Тақырып: Айман Умарова")
    assert chapters["chapters"][3]["title"].startswith("1-абзац: ")


def test_covers_are_square_and_the_operators_own_is_used(published, project, monkeypatch):
    from PIL import Image

    image = Image.open(io.BytesIO(published.get(f"/kk/{INTERVIEW}/cover.png").data))
    assert image.size == (1400, 1400) and image.format == "PNG"
    (project.root / "content" / "covers").mkdir()
    own = io.BytesIO()
    Image.new("RGB", (1600, 1600), (200, 30, 30)).save(own, format="JPEG")
    (project.root / "content" / "covers" / "library.jpg").write_bytes(own.getvalue())
    monkeypatch.setenv("READER_PUBLIC_URL", BASE)
    client = create_app({"READER_ROOT": str(project.root)}).test_client()
    assert feedparser.parse(client.get("/en/feed.xml").data).feed.image.href == f"{BASE}/en/cover.jpg"
    assert client.get("/en/cover.jpg").data == own.getvalue() and client.get("/en/cover.png").status_code == 404


def test_an_article_keeps_its_guid_when_it_is_rebuilt(published, project, monkeypatch):
    monkeypatch.setenv("READER_PUBLIC_URL", BASE)
    before = feedparser.parse(create_app({"READER_ROOT": str(project.root)}).test_client().get("/en/feed.xml").data)
    source = project.source
    source.write_text(source.read_text(encoding="utf-8").replace("me.\n", "me too.\n", 1), encoding="utf-8")
    build(project, ["en"])
    after = feedparser.parse(create_app({"READER_ROOT": str(project.root)}).test_client().get("/en/feed.xml").data)
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    assert after.entries[2].enclosures[0].href != before.entries[2].enclosures[0].href   # new audio, same guid


def test_a_feed_made_from_the_asked_address_is_never_kept_by_a_shared_cache(client):
    response = client.get("/en/feed.xml", headers={"Host": "evil.example"})
    assert "http://evil.example/en/" in response.get_data(as_text=True)
    assert response.cache_control.no_store and "Host" in response.headers["Vary"]
    assert response.headers["CDN-Cache-Control"] == "no-store"


def test_the_index_names_its_feed(client):
    html = client.get("/ru/").get_data(as_text=True)
    link = '<link rel="alternate" type="application/rss+xml" href="/ru/feed.xml" title="Лента подкаста: Русский">'
    assert link in html


def test_the_static_export_has_the_feeds_when_it_knows_its_address(built, tmp_path, monkeypatch):
    """Served over http from a plain static server: every address in each feed answers."""
    import functools
    import http.server

    from reader.export.static_site import export_static

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/site"
    try:
        export_static(built, tmp_path / "plain")
        assert not list((tmp_path / "plain").rglob("feed.xml"))
        assert "application/rss+xml" not in (tmp_path / "plain" / "en" / "index.html").read_text()
        monkeypatch.setenv("READER_PUBLIC_URL", base)
        from reader.settings import Settings
        export_static(Settings.from_env(built.root), tmp_path / "site")
        for lang in ("en", "kk", "kk-Latn", "ru"):
            xml = (tmp_path / "site" / lang / "feed.xml").read_bytes()
            assert not feedparser.parse(xml).bozo
            for address in addresses(xml):
                with urllib.request.urlopen(address, timeout=5) as response:
                    assert response.status == 200, address
        chapters = json.loads((tmp_path / "site" / "ru" / SAFETY / "chapters.json").read_text())
        assert len(chapters["chapters"]) == 10       # one per spoken passage: title, standfirst, 8 paragraphs
        assert "application/rss+xml" in (tmp_path / "site" / "en" / "index.html").read_text()
    finally:
        server.shutdown()


def test_a_png_and_a_jpeg_of_the_operators_the_png_is_the_cover_everywhere(built, project, monkeypatch):
    """The feed, the route and the bytes agree on one picture (the feed named the JPEG while
    the PNG's bytes were served under it)."""
    from PIL import Image

    covers = project.root / "content" / "covers"
    covers.mkdir()
    for suffix, colour in (("png", (10, 200, 10)), ("jpg", (200, 10, 10))):
        picture = io.BytesIO()
        Image.new("RGB", (1400, 1400), colour).save(picture, format="PNG" if suffix == "png" else "JPEG")
        (covers / f"library.{suffix}").write_bytes(picture.getvalue())
    monkeypatch.setenv("READER_PUBLIC_URL", BASE)
    client = create_app({"READER_ROOT": str(project.root)}).test_client()
    assert feedparser.parse(client.get("/en/feed.xml").data).feed.image.href == f"{BASE}/en/cover.png"
    served = client.get("/en/cover.png")
    assert served.mimetype == "image/png" and served.data == (covers / "library.png").read_bytes()
    assert client.get("/en/cover.jpg").status_code == 404


def test_feeds_for_many_hosts_neither_render_again_nor_push_pages_out(app):
    """Without READER_PUBLIC_URL each Host gets a feed of its own address, made from one render:
    300 Hosts leave the pages' memo as it was (they flushed it: a page then rendered again)."""
    from reader.publish import feeds

    client = app.test_client()
    client.get(url("en"))
    memo = app.extensions["reader_cache"]
    before = set(memo)
    for n in range(300):
        data = client.get("/en/feed.xml", headers={"Host": f"host-{n}.example"}).get_data(as_text=True)
        if n in (0, 299):
            parsed = feedparser.parse(data)
            assert parsed.feed.link == f"http://host-{n}.example/en/"
            assert parsed.entries[0].enclosures[0].href.startswith(f"http://host-{n}.example/audio/")
            assert f"<podcast:guid>{feeds.feed_guid(f'http://host-{n}.example/en/feed.xml')}</podcast:guid>" in data
            assert "invalid" not in data
    assert before <= set(memo) and len(memo) <= len(before) + 1
