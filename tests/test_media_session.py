"""Lock screen and headset (Media Session API), in Chromium: the article's title, publication
and picture, and each action a phone or headset can send. The handlers the page registers are
recorded as it registers them, then called as the system would call them, each with the audio
paused so that playback cannot meet a wait by itself."""
import json
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
    timings = open_reader(page, live_server, "ru")
    call, at = handler_caller(page), place_checker(page)
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

    starts = [p["sentences"][0]["start_ms"] / 1000 for p in timings["passages"]]
    call("play")
    page.wait_for_function(f"() => !{AUDIO}.paused && navigator.mediaSession.playbackState === 'playing'",
                           timeout=5000)
    call("pause")
    page.wait_for_function(f"() => {AUDIO}.paused && navigator.mediaSession.playbackState === 'paused'",
                           timeout=2000)
    # Paused from here on: the audio stands still, so only the handler can bring it to each place.
    call("seekto", seekTime=30)
    at(30)
    here = max(i for i, start in enumerate(starts) if start <= 30)
    call("nexttrack")
    at(starts[here + 1])
    call("previoustrack")
    at(starts[here])
    call("seekforward")
    at(starts[here] + 10)           # the step a headset's button takes: 10 s
    call("seekbackward")
    at(starts[here])
    call("seekbackward", seekOffset=3)
    at(starts[here] - 3)
    call("seekforward", seekOffset=5)
    at(starts[here] + 2)
    assert page.evaluate(f"{AUDIO}.paused"), "a seek started the audio"


def handler_caller(page):
    def call(action, **details):
        page.evaluate(f"window.__handlers.{action}({json.dumps({'action': action, **details})})")
    return call


def place_checker(page):
    def at(seconds):
        page.wait_for_function(f"() => Math.abs({AUDIO}.currentTime - {seconds}) < 0.05", timeout=2000)
    return at
