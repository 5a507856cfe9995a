"""Helpers shared by the browser tests: open the reader, read its state, sample its sync."""
import contextlib
import json
import re
import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from projects import INTERVIEW

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

STATE = """() => { const a = document.querySelector('#player audio');
  return {ms: a.currentTime * 1000, rate: a.playbackRate, paused: a.paused,
          passage: document.getElementById('player').dataset.passage,
          word: document.querySelector('.is-current-word')?.id ?? null,
          sentence: document.querySelector('.is-current-sentence')?.id ?? null}; }"""
FRAME_MS = 1000 / 60


def css_id(element_id):
    return "#" + element_id.replace(".", "\\.")


def open_reader(page, live_server, lang, query=""):
    """The reader page past its content note; returns the timing map it plays."""
    page.goto(f"{live_server}/{lang}/{INTERVIEW}/{query}")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    return json.loads(page.evaluate("fetch(document.getElementById('player').dataset.timings).then(r => r.text())"))


def word_at(timings, passage_id, ms):
    passage = next(p for p in timings["passages"] if p["id"] == passage_id)
    return next((w["id"] for s in passage["sentences"] for w in s["words"] if w["start_ms"] <= ms < w["end_ms"]), None)


def sample_sync(page, timings, count=60, every=0.05):
    """Sample the page while it plays. A sample is right when the highlighted word is the one
    whose span contains the audio's current time (none in a pause). The page can change the
    highlight once per animation frame, so near a word boundary a sample may fall in the
    frame between: we require >= 90 % strictly right and >= 97 % right within one frame of
    media time. benchmarks/build.py --browser reports the strict figure on more samples."""
    samples = []
    for _ in range(count):
        state = page.evaluate(STATE)
        if not state["paused"]:
            samples.append(state)
        time.sleep(every)
    assert len(samples) >= count * 0.8, "the audio did not keep playing"
    strict = [s for s in samples if s["word"] == word_at(timings, s["passage"], s["ms"])]
    frame = [s for s in samples if s["word"] in {word_at(timings, s["passage"], s["ms"] + d * FRAME_MS * s["rate"])
                                                 for d in (-1, 0, 1)}]
    wrong = [(s["ms"], s["word"], word_at(timings, s["passage"], s["ms"])) for s in samples if s not in strict]
    assert len(strict) / len(samples) >= 0.90, wrong
    assert len(frame) / len(samples) >= 0.97, wrong
    assert len({s["word"] for s in samples}) >= 4, "the highlight did not move"
    return samples




def axe_violations(page):
    """axe-core's WCAG 2.2 A/AA audit of the page as it is now: its report, empty if clean."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return "" if results.violations_count == 0 else results.generate_report()


VISIBLE_BELOW_PLAYER = """e => {
    const b = e.getBoundingClientRect();
    const top = Math.max(document.getElementById('player').getBoundingClientRect().bottom,
                         document.querySelector('.exit-bar').getBoundingClientRect().bottom);
    return b.bottom > top && b.top < window.innerHeight && b.right > 0 && b.left < window.innerWidth; }"""


def visible_below_player(page, selector):
    """True when the element is on screen and not under the sticky exit bar or player."""
    return page.eval_on_selector(selector, VISIBLE_BELOW_PLAYER)


def wait_visible_below_player(page, selector, timeout=5000):
    """Until the element is on screen below the player (a smooth scroll takes its time)."""
    page.wait_for_function(f"() => ({VISIBLE_BELOW_PLAYER})(document.querySelector({selector!r}))", timeout=timeout)


def fonts_drawing(page, selector):
    """The platform fonts Chromium drew the element's text with (DevTools'
    CSS.getPlatformFontsForNode): what is on screen, not what the stylesheet asks for."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def luminance(css):
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    """WCAG's contrast ratio of two CSS rgb() colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def stay_on(allowed, left, answers=()):
    """The guard every browser test runs under: a request for anything but the `allowed`
    origins (or data:) is refused and recorded in `left`. `answers` are (prefix, handler) pairs
    for addresses a test answers itself (the quick exit's destination)."""
    prefixes = tuple(a if a.endswith("/") else a + "/" for a in allowed) + ("data:",)

    def guard(route):
        url = route.request.url
        answer = next((handler for prefix, handler in answers if url.startswith(prefix)), None)
        if answer:
            answer(route)
        elif url.startswith(prefixes):
            route.fallback()
        else:
            left.append(url)
            route.abort()
    return guard


@contextlib.contextmanager
def own_context(browser, *allowed, answers=(), **options):
    """A browser context of a test's own, guarded as the shared page is (stay_on), recording
    its pages' script errors in `context.errors`. A request that left fails the test."""
    context = browser.new_context(**options)
    context.left, context.errors = [], []
    context.route("**/*", stay_on(allowed, context.left, answers))
    context.on("page", lambda page: page.on("pageerror", lambda error: context.errors.append(str(error))))
    try:
        yield context
    finally:
        context.close()
    assert context.left == [], f"requests left this machine: {context.left}"
