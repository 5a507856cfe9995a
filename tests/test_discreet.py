"""Discreet mode (issue 25, item 2), in Chromium: what someone else may glimpse (the tab, the
phone's lock screen, a downloaded file) says nothing of the article. An article with a
content note opens discreet (READER_DISCREET changes that); the reader switches it by keyboard
in the display settings, at once, and it is kept only with "Remember"."""
import contextlib
import threading

import pytest
from browser import axe_violations, own_context
from mutagen.id3 import ID3, ID3NoHeaderError
from projects import INTERVIEW
from werkzeug.serving import make_server

from reader.web import create_app

pytestmark = pytest.mark.browser

SAMPLE = "listening-in-three-languages"
SEEN = """() => { const m = navigator.mediaSession.metadata, a = document.querySelector('.downloads a');
  return {tab: document.title, lock: m.title, artwork: m.artwork[0].src,
          heading: document.querySelector('#article h1').textContent.trim(),
          href: a.getAttribute('href'), download: a.getAttribute('download'),
          captions: document.querySelectorAll('.downloads a')[1].getAttribute('download')}; }"""


@contextlib.contextmanager
def serving(root, **config):
    app = create_app({"READER_ROOT": str(root), **config})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def opened(page, base, lang, slug):
    page.goto(f"{base}/{lang}/{slug}/")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    if page.locator("#content-note").is_visible():
        page.click("#content-note a")
    return page.evaluate(SEEN)


def test_an_article_with_a_content_note_opens_discreet(page, live_server):
    seen = opened(page, live_server, "ru", INTERVIEW)
    assert seen["tab"] == seen["lock"] == "Читать и\xa0слушать"            # the publication's name
    assert seen["artwork"].endswith("/ru/cover.png")             # the publication's picture
    assert seen["heading"] != seen["tab"] and len(seen["heading"]) > 20   # the page still says it
    assert seen["href"].startswith("/audio/plain/") and seen["download"] == "audio-ru.mp3"
    assert seen["captions"] == "text-ru.vtt"
    assert page.is_checked("#discreet")


def test_switched_by_keyboard_it_takes_effect_at_once_and_is_announced(page, live_server):
    before = opened(page, live_server, "kk", INTERVIEW)
    page.click("#display-settings summary")
    page.focus("#discreet")
    page.keyboard.press("Space")
    after = page.evaluate(SEEN)
    assert after["tab"] == after["lock"] == after["heading"] != before["tab"]
    assert after["artwork"].endswith(f"/kk/{INTERVIEW}/cover.png")
    assert after["download"] == f"{INTERVIEW}-kk.mp3"
    assert after["href"].startswith("/audio/") and "plain" not in after["href"]
    assert "өшірулі" in page.inner_text("#player-status")
    page.keyboard.press("Space")
    assert page.evaluate(SEEN) == before
    assert "қосулы" in page.inner_text("#player-status")
    assert axe_violations(page) == ""


def test_an_article_without_a_content_note_opens_with_its_title(page, live_server):
    seen = opened(page, live_server, "en", SAMPLE)
    assert seen["tab"] == seen["lock"] == seen["heading"] and not page.is_checked("#discreet")


@pytest.mark.parametrize(("setting", "slug", "discreet"), [("never", INTERVIEW, False), ("always", SAMPLE, True)])
def test_the_operator_chooses_the_default(browser, built, setting, slug, discreet):
    with serving(built.root, DISCREET=setting) as base, own_context(browser, base) as context:
        page = context.new_page()
        seen = opened(page, base, "en", slug)
        assert (seen["tab"] == "Reader") is discreet and page.is_checked("#discreet") is discreet


def test_the_discreet_download_is_neutral_in_name_and_tags(page, live_server, built, tmp_path):
    opened(page, live_server, "ru", INTERVIEW)
    with page.expect_download() as info:
        page.click(".downloads a >> nth=0")
    download = info.value
    assert download.suggested_filename == "audio-ru.mp3"
    path = tmp_path / "audio.mp3"
    download.save_as(path)
    with pytest.raises(ID3NoHeaderError):
        ID3(str(path))
    tagged = built.audio / page.evaluate("document.querySelector('#player audio').src.split('/').pop()")
    assert tagged.read_bytes().endswith(path.read_bytes()) and ID3(str(tagged)).getall("TIT2")  # the same audio


def test_the_choice_is_kept_only_with_remember(page, live_server):
    opened(page, live_server, "ru", INTERVIEW)
    page.click("#display-settings summary")
    page.uncheck("#discreet")
    opened(page, live_server, "ru", INTERVIEW)
    assert page.is_checked("#discreet")                           # not remembered: the default again
    page.click("#display-settings summary")
    page.check("#remember")
    page.uncheck("#discreet")
    opened(page, live_server, "ru", INTERVIEW)
    assert not page.is_checked("#discreet") and page.evaluate("document.title") != "Читать и\xa0слушать"
    assert page.inner_text("#player-status") == ""                # restored silently
    page.evaluate("localStorage.clear()")
