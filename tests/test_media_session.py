"""Lock screen and headset (Media Session API), in Chromium: the article's title, publication
and picture, and each action a phone or headset can send. The handlers the page registers are
recorded as it registers them, then called as the system would call them."""
import urllib.request

import pytest
from browser import open_reader

pytestmark = pytest.mark.browser

RECORD_HANDLERS = """window.__handlers = {};
const register = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
navigator.mediaSession.setActionHandler = (action, handler) => { window.__handlers[action] = handler;
                                                                  register(action, handler); };"""
AUDIO = "document.querySelector('#player audio')"


def test_the_lock_screen_shows_the_article_and_its_buttons_work(page, live_server):
    page.add_init_script(RECORD_HANDLERS)
    open_reader(page, live_server, "ru")
    read = """() => { const m = navigator.mediaSession.metadata;
        return {title: m.title, album: m.album, artist: m.artist, artwork: m.artwork.map(a => a.src)}; }"""
    discreet = page.evaluate(read)   # the interview has a content note: discreet by default
    assert discreet["title"] == "Читать и\u00a0слушать" and discreet["artwork"][0].endswith("/ru/cover.png")
    page.click("#display-settings summary")
    page.uncheck("#discreet")
    metadata = page.evaluate(read)
    assert metadata["title"] == page.inner_text("#article h1").strip()
    assert metadata["album"] == metadata["artist"] == "Читать и\u00a0слушать"
    with urllib.request.urlopen(metadata["artwork"][0]) as picture:   # the article's cover, in Russian
        assert picture.headers["Content-Type"] == "image/png"
        assert metadata["artwork"][0].endswith("/ru/aiman-umarova-interview/cover.png")
    assert set(page.evaluate("Object.keys(window.__handlers)")) >= {
        "play", "pause", "previoustrack", "nexttrack", "seekbackward", "seekforward", "seekto"}

    page.evaluate("window.__handlers.play({action: 'play'})")
    page.wait_for_function(f"() => !{AUDIO}.paused && navigator.mediaSession.playbackState === 'playing'")
    page.evaluate("window.__handlers.seekto({action: 'seekto', seekTime: 30})")
    page.wait_for_function(f"() => Math.abs({AUDIO}.currentTime - 30) < 1")
    before = page.evaluate("document.getElementById('player').dataset.passage")
    page.evaluate("window.__handlers.nexttrack({action: 'nexttrack'})")
    page.wait_for_function(f"() => document.getElementById('player').dataset.passage !== {before!r}")
    after = page.evaluate("document.getElementById('player').dataset.passage")
    page.evaluate("window.__handlers.previoustrack({action: 'previoustrack'})")
    page.wait_for_function(f"() => document.getElementById('player').dataset.passage !== {after!r}")
    at = page.evaluate(f"{AUDIO}.currentTime")
    page.evaluate("window.__handlers.seekforward({action: 'seekforward'})")
    page.wait_for_function(f"() => {AUDIO}.currentTime >= {at} + 9")
    page.evaluate("window.__handlers.pause({action: 'pause'})")
    page.wait_for_function(f"() => {AUDIO}.paused && navigator.mediaSession.playbackState === 'paused'")
