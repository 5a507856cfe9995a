"""A link to any sentence (issue 18, item 4), in Chromium: /<lang>/#p3.s1 opens the article at
that sentence, after the content note, marked and focused, ready to play from its start and
not playing; the same link finds it in the other script and in the side-by-side view; "Copy
link" gives the link to the sentence that has the tab stop, and says so."""
import pytest
from projects import url

pytestmark = pytest.mark.browser

AUDIO = "document.querySelector('#player audio')"
IN_VIEW = """id => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.bottom > 0 && r.top < window.innerHeight; }"""


@pytest.mark.parametrize("address", [url("ru", "#p3.s1"), url("kk-Latn", "#p3.s1"), url("kk", "?with=en#p3.s1")])
def test_a_link_opens_the_article_at_its_sentence_ready_to_play(page, live_server, address):
    page.goto(live_server + address)
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    assert page.is_visible("#content-note") and page.is_hidden("#article")   # the content note still comes first
    page.click("#content-note a")
    page.wait_for_function("() => document.activeElement.id === 'p3.s1'")
    assert page.eval_on_selector("#p3\\.s1", "e => e.classList.contains('is-linked') && e.tabIndex === 0")
    page.wait_for_function(IN_VIEW, arg="p3.s1")
    start = int(page.get_attribute("#p3\\.s1", "data-start"))
    page.wait_for_function(f"() => Math.abs({AUDIO}.currentTime * 1000 - {start}) < 50")
    assert page.evaluate(f"{AUDIO}.paused")   # no autoplay
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime * 1000 >= {start}")


def test_copy_link_gives_the_current_sentence(page, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(f"{live_server}/en/aiman-umarova-interview/")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    page.focus("#title\\.s1")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    current = page.evaluate("document.activeElement.id")
    page.focus("#copy-link")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('player-status').textContent === "
                           "'Link to the sentence copied.'")
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server}/en/aiman-umarova-interview/#{current}"


@pytest.mark.parametrize("fragment", ["#%", "#%E0%A4", "#p3.s1%"])
def test_a_malformed_link_still_gives_a_working_page(page, live_server, fragment):
    """An address anyone can type: the page opens at its start with every control wired (it
    threw in reader.js, leaving the player, follow, settings and offline choice dead)."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server + url("ru", fragment))
    page.wait_for_selector('#player[data-ready="true"]', state="attached", timeout=5000)
    page.click("#content-note a")
    page.click("#display-settings summary")
    page.select_option("#text-size", "150")
    page.click("#p2\\.s1")
    page.wait_for_function(f"() => !{AUDIO}.paused")
    assert errors == []
    library = page.context.new_page()
    library.on("pageerror", lambda error: errors.append(str(error)))
    library.goto(f"{live_server}/ru/{fragment}")
    library.wait_for_load_state("load")
    assert errors == [] and library.url.endswith(f"/ru/{fragment}")
