"""A keyboard-only walk through the reader: every control reached with a visible focus, then
play, change speed, move by sentence and leave with the quick exit, without a mouse."""
import re

import pytest

pytestmark = pytest.mark.browser

EXIT = "https://www.bbc.co.uk/weather"
FOCUSED = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  const name = e.closest('.bilingual-choice') ? 'bilingual-choice'
    : (e.dataset.action || e.id || e.className || e.tagName);
  return {name, tag: e.tagName,
          visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""
CONTROLS = {"toggle", "previous-passage", "previous-sentence", "next-sentence", "next-passage", "player-rate",
            "help", "player-seek", "bilingual-choice", "exit-this-page"}


def tab_until(page, name, key="Tab", limit=60):
    """Press Tab (or Shift+Tab) until `name` has the focus; every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        stop = page.evaluate(FOCUSED)
        stops.append(stop)
        if stop["name"] == name:
            return stops
    raise AssertionError(f"{name} never had the focus: {[s['name'] for s in stops]}")


def test_keyboard_only_walk_through(page, live_server):
    page.route(EXIT + "**", lambda route: route.fulfill(status=200, content_type="text/html", body="<p>Weather"))
    page.goto(f"{live_server}/en/aiman-umarova-interview/")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    tab_until(page, "button")  # the content note's "Continue"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "H1"

    # Backwards from the heading to the exit button: every control of the page on the way.
    stops = tab_until(page, "exit-this-page", key="Shift+Tab")
    names = {s["name"] for s in stops}
    assert CONTROLS <= names, CONTROLS - names
    assert all(s["visible"] for s in stops), [s["name"] for s in stops if not s["visible"]]
    # Forward into the article: one stop for all its sentences.
    page.keyboard.press("Tab")
    tab_until(page, "title.s1")
    page.keyboard.press("Tab")   # the next stop is past the article, not its second sentence
    beyond = page.evaluate(FOCUSED)["name"]
    assert not re.fullmatch(r"[\w-]+\.s\d+", beyond), beyond

    # Play, faster, next sentence, all from the player.
    tab_until(page, "toggle", key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('#player audio').paused")
    for _ in range(5):
        page.keyboard.press("+")
    assert page.evaluate("document.querySelector('#player audio').playbackRate") == 1.5
    page.wait_for_selector(".is-current-sentence")  # marked on the frame after playback starts
    sentence = page.evaluate("document.querySelector('.is-current-sentence').id")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('.is-current-sentence').id !== {sentence!r}")

    # Leave at once.
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT)
