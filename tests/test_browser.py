"""The reader in a real browser: Debian's Chromium driven by Playwright, audited by axe-core."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import ARTIFACTS, STATE, WCAG, css_id, open_reader, own_context, sample_sync
from projects import url

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["kk", "kk-Latn", "ru", "en"])
def test_words_are_highlighted_as_they_are_spoken(page, live_server, lang):
    timings = open_reader(page, live_server, lang)
    page.click("#p1\\.s1")
    samples = sample_sync(page, timings)
    for state in samples:
        if state["word"]:
            assert state["word"].startswith(state["sentence"] + ".")  # the word is inside the marked sentence
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"playing-{lang}.png"))


def test_highlight_follows_a_seek_and_a_pause(page, live_server):
    timings = open_reader(page, live_server, "ru")
    page.click("#p5\\.s2")
    page.wait_for_function("() => document.getElementById('player').dataset.passage === 'p5'")
    sample_sync(page, timings)
    p5 = next(p for p in timings["passages"] if p["id"] == "p5")
    target = p5["sentences"][0]["words"][3]
    page.evaluate(f"""() => {{ const a = document.querySelector('#player audio'); a.pause();
                     a.currentTime = {(target['start_ms'] + target['end_ms']) / 2000}; }}""")
    page.wait_for_function(f"() => document.querySelector('.is-current-word')?.id === '{target['id']}'")
    page.evaluate("document.querySelector('#player audio').play()")
    sample_sync(page, timings)


def test_enter_on_a_sentence_plays_from_there(page, live_server):
    timings = open_reader(page, live_server, "kk")
    page.focus("#p2\\.s2")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('#player audio').paused")
    # The player marks its passage on the next animation frame after playback starts.
    page.wait_for_function("() => document.getElementById('player').dataset.passage === 'p2'", timeout=5000)
    state = page.evaluate(STATE)
    p2 = next(p for p in timings["passages"] if p["id"] == "p2")
    assert state["ms"] >= p2["sentences"][1]["start_ms"] - 50


def test_playback_continues_into_the_next_passage(page, live_server):
    open_reader(page, live_server, "en")
    page.click("#caption\\.s2")  # "Photo: Yuliya Kozlova", the end of a short passage
    page.wait_for_function("() => document.getElementById('player').dataset.passage === 'standfirst'", timeout=10000)
    page.wait_for_function("() => document.querySelector('.is-current-word')?.id?.startsWith('standfirst.s1.')")
    assert not page.evaluate(STATE)["paused"]


@pytest.mark.parametrize("path", [url("kk"), url("kk-Latn"), url("ru"), url("en"), "/nowhere/",
                                  url("ru", "#content-note")])
def test_axe_finds_no_wcag_violations(page, live_server, path):
    page.goto(live_server + path)
    if path != "/nowhere/":
        page.wait_for_selector('#player[data-ready="true"]', state="attached")
    if "#" not in path and path != "/nowhere/":
        page.click("#content-note a")  # the article, past the content note
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_no_violations_while_playing(page, live_server):
    open_reader(page, live_server, "kk")
    page.click("#p3\\.s1")
    page.wait_for_selector(".is-current-word")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def test_no_request_leaves_this_machine(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_reader(page, live_server, "ru")
    page.click("#p1\\.s1")
    page.wait_for_selector(".is-current-word")
    assert requested
    assert all(url.startswith(live_server + "/") or url.startswith("data:") for url in requested), requested


def test_highlight_keeps_up_at_double_speed(page, live_server):
    timings = open_reader(page, live_server, "en")
    page.click("#p2\\.s1")
    page.evaluate("document.querySelector('#player audio').playbackRate = 2")
    sample_sync(page, timings)


def test_replay_after_the_end_starts_the_article_again(page, live_server):
    timings = open_reader(page, live_server, "kk")
    page.click(css_id(timings["passages"][-1]["sentences"][-1]["id"]))
    page.wait_for_function("() => document.getElementById('player').dataset.passage === 'bio'"
                           " && !document.querySelector('#player audio').paused")
    page.evaluate(f"document.querySelector('#player audio').currentTime = {(timings['duration_ms'] - 600) / 1000}")
    page.wait_for_function("() => document.querySelector('#player audio').ended", timeout=10000)
    assert page.evaluate(STATE)["word"] is None
    page.evaluate("document.querySelector('#player audio').play()")
    samples = sample_sync(page, timings)
    assert all(state["passage"] == "title" for state in samples)


def test_the_current_sentence_is_scrolled_into_view(page, live_server):
    page.set_viewport_size({"width": 400, "height": 600})
    open_reader(page, live_server, "ru")
    page.keyboard.press("End")  # the reader scrolls to the bottom...
    page.focus("#p7\\.s1")
    page.keyboard.press("Enter")  # ...then plays p7 from the keyboard: p7 comes into view
    page.wait_for_selector("#p7\\.s1.is-current-sentence")
    # Following may scroll smoothly: wait until the sentence's top is on screen (or time out).
    # The audio is not kept by the browser, so playing from p7 first fetches that range: under
    # the whole suite's load that took more than 5 s once.
    page.wait_for_function("() => { const top = document.getElementById('p7.s1').getBoundingClientRect().top;"
                           " return 0 <= top && top < 600; }", timeout=15000)


def test_without_javascript_the_article_reads_and_plays(browser, live_server):
    with own_context(browser, live_server, java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(f"{live_server}/kk/aiman-umarova-interview/")
        assert page.inner_text("h1").startswith("Айман Умарова айтады")
        assert page.is_visible("#content-note") and page.is_visible("#article")  # the note, then the article
        assert page.is_visible("#player audio") and page.is_hidden("#player-keys")
        assert page.get_attribute("#player audio", "src").startswith("/audio/")


EXIT = "https://www.bbc.co.uk/weather"


@pytest.fixture
def neutral_site(page):
    """The quick exit's destination, answered here: no request leaves this machine."""
    visits = []

    def answer(route):
        visits.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Weather</p>")

    page.route(EXIT + "**", answer)
    return visits


def test_the_content_note_comes_first_and_continue_opens_the_article(page, live_server):
    page.goto(f"{live_server}/en/aiman-umarova-interview/")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    assert page.is_visible("#content-note") and page.is_hidden("#article") and page.is_hidden("#player")
    page.focus("#content-note a")
    page.keyboard.press("Enter")
    assert page.is_visible("#article") and page.is_hidden("#content-note")
    assert page.evaluate("document.activeElement.tagName") == "H1"


@pytest.mark.parametrize("how", ["button", "shift"])
def test_quick_exit_hides_the_page_at_once_and_back_does_not_bring_it(page, live_server, neutral_site, how):
    page.goto(f"{live_server}/kk/aiman-umarova-interview/")
    page.goto(f"{live_server}/ru/aiman-umarova-interview/")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    if how == "button":
        page.click(".exit-this-page")
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(EXIT)
    assert neutral_site == [EXIT]
    page.go_back()  # the reader page was replaced, not left in history
    assert page.url.endswith(url("kk"))


def test_shift_pressed_with_other_keys_between_does_not_exit(page, live_server, neutral_site):
    open_reader(page, live_server, "en")
    for key in ("Shift", "a", "Shift", "b", "Shift"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert neutral_site == [] and page.url.endswith(url("en"))


def test_printing_shows_the_article_without_the_player(page, live_server):
    open_reader(page, live_server, "ru")
    page.click("#p1\\.s1")
    page.wait_for_selector(".is-current-word")
    page.emulate_media(media="print")
    assert page.is_hidden("#player") and page.is_hidden(".exit-bar") and page.is_visible("#article h1")
    assert page.eval_on_selector(".is-current-word", "e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"


def test_the_help_dialog_has_its_own_way_out(page, live_server, neutral_site):
    """A modal dialog makes the page behind it inert, the sticky exit button included."""
    open_reader(page, live_server, "kk")
    page.click('[data-action="help"]')
    page.click("#player-help .exit-this-page")
    page.wait_for_url(EXIT)
    assert neutral_site == [EXIT]
