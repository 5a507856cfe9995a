"""What a person at risk is promised, tried in Chromium as they would be exposed: reading
stores nothing in the browser unless they choose it; the quick exit removes what they chose
to keep; moving between the reader's pages leaves no history entry that Back would show.
On the live server and on the static export served over http."""
import re

import pytest
from browser import own_context
from projects import INTERVIEW, url

pytestmark = pytest.mark.browser

EXIT = "https://www.bbc.co.uk/weather"
STORED = """async () => ({
  local: Object.keys(localStorage), session: Object.keys(sessionStorage),
  caches: 'caches' in window ? await caches.keys() : [],
  workers: 'serviceWorker' in navigator ? (await navigator.serviceWorker.getRegistrations()).map(r => r.scope) : [],
  databases: (await indexedDB.databases()).map(d => d.name), cookies: document.cookie})"""
NOTHING = {"local": [], "session": [], "caches": [], "workers": [], "databases": [], "cookies": ""}


@pytest.fixture(params=["live", "static"])
def where(request, live_server):
    """(the address of the kk page's folder for a language, the origin's own non-reader URL)"""
    if request.param == "live":
        return live_server, f"{live_server}/healthz"
    static = request.getfixturevalue("static_server")
    return static, static.rsplit("/site", 1)[0] + "/"


def page_url(base, path):
    """The URL of a reader page: the static export has index.html files."""
    return f"{base}/{path}" + ("index.html" if "/site" in base else "")


@pytest.fixture
def context(browser, where):
    """A context of its own: every request must stay on this machine; the quick exit's
    destination is answered here."""
    weather = ("<title>Weather</title><p>Weather</p>")
    answer = (EXIT, lambda route: route.fulfill(status=200, content_type="text/html", body=weather))
    with own_context(browser, where[0].rsplit("/site", 1)[0], answers=[answer]) as ctx:
        yield ctx
        assert ctx.errors == []


def open_page(context, url):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    return page


def stored(context, origin_url):
    """What this origin holds, read from a page of the origin that is not the reader's."""
    probe = context.new_page()
    probe.goto(origin_url)
    found = probe.evaluate(STORED)
    probe.close()
    return found


def test_reading_without_choosing_stores_nothing(context, where):
    base, origin = where
    page = open_page(context, page_url(base, f"kk/{INTERVIEW}/"))
    page.wait_for_timeout(1500)  # the content note is still up: time for anything to register
    assert stored(context, origin) == NOTHING
    page.click("#content-note a")
    page.click("#p2\\.s1")
    page.wait_for_selector(".is-current-word")
    page.click("#display-settings summary")
    page.select_option("#text-size", "150")
    page.click(".options a[hreflang='ru']")  # side by side with Russian
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.wait_for_timeout(1000)
    assert page.evaluate(STORED) == NOTHING
    assert stored(context, origin) == NOTHING


def test_the_quick_exit_removes_all_the_reader_kept(context, where):
    base, origin = where
    page = open_page(context, page_url(base, f"ru/{INTERVIEW}/"))
    page.click("#content-note a")
    page.click("#display-settings summary")
    page.check("#remember")
    expected = {"local": ["reader-settings"]}
    if "/site" in base:  # the offline copy is offered where it can work: the static export over http
        page.check("#keep-offline")
        page.wait_for_selector('html[data-offline="ready"]', state="attached", timeout=20000)
        expected |= {"caches": ["reader"], "workers": [base + "/"]}
    else:
        assert page.is_hidden("#keep-offline")
    assert page.evaluate(STORED) == NOTHING | expected
    blanked = page.evaluate("""() => { document.querySelector('.exit-this-page').click();
        return document.documentElement.classList.contains('is-exiting')
               && getComputedStyle(document.body).visibility === 'hidden'; }""")
    assert blanked  # hidden at once, while the stored things are removed
    page.wait_for_url(EXIT)
    assert stored(context, origin) == NOTHING


def test_back_after_the_quick_exit_shows_no_reader_page(context, where):
    base, _ = where
    page = context.new_page()  # about:blank: where this person was before the reader
    page.goto(page_url(base, "en/"))                          # the library's index, then the interview
    page.click(f"#title-{INTERVIEW} a")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click(".site-header .languages a[hreflang='kk']")
    page.wait_for_url(re.compile(url("kk") + r"(index\.html)?$"))
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    page.click(".options a[hreflang='ru']")
    page.wait_for_url(re.compile(url("kk") + r"(with-ru/index\.html|\?with=ru)$"))
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(EXIT)
    page.go_back()
    assert page.url == "about:blank"


def test_in_page_links_leave_no_history_entry(context, where):
    """Arrive by a link to a sentence, use the skip link (by keyboard, as its users do), the
    content note's "Continue reading", then the quick exit: Back lands where the person was."""
    base, _ = where
    page = context.new_page()  # about:blank
    page.goto(page_url(base, f"kk/{INTERVIEW}/") + "#p3.s1")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("#main$"))
    page.click("#content-note a")
    assert page.evaluate("document.activeElement.id") == "p3.s1"   # the sentence linked to
    assert page.evaluate("history.length") == 2   # about:blank and the reader: nothing added
    page.click(".exit-this-page")
    page.wait_for_url(EXIT)
    page.go_back()
    assert page.url == "about:blank"


@pytest.mark.parametrize("scripts", [False, True])
def test_without_scripts_the_page_says_the_exit_leaves_a_history_entry(browser, live_server, scripts):
    """Without scripts the exit is a plain link (Back returns) and Shift does nothing: the page
    says so in its language, and only then."""
    with own_context(browser, live_server, java_script_enabled=scripts) as context:
        page = context.new_page()
        page.goto(f"{live_server}/ru/{INTERVIEW}/")
        if scripts:
            assert page.locator(".without-scripts").count() == 0
        else:
            line = page.locator(".without-scripts")
            assert line.is_visible() and "«Назад»" in line.inner_text() and "Shift" in line.inner_text()


def test_a_page_restored_after_the_quick_exit_stays_hidden_and_leaves_again(browser, live_server):
    """The browser may show the page again from its back-forward cache (pageshow, persisted):
    it must still be blank and leave at once. Playwright's Chromium runs without that cache, so
    the restore is the event the browser would fire, on the page the first exit left."""
    visits = []

    def no_content(route):   # a 204 leaves the page where it is, as if the first exit were still loading
        visits.append(route.request.url)
        route.fulfill(status=204)

    with own_context(browser, live_server, answers=[(EXIT, no_content)]) as context:
        page = context.new_page()
        page.goto(f"{live_server}/kk/aiman-umarova-interview/")
        page.wait_for_selector('#player[data-ready="true"]', state="attached")
        assert page.evaluate("""() => { document.querySelector('.exit-this-page').click();
            return document.documentElement.classList.contains('is-exiting'); }""")
        for _ in range(50):
            if visits:
                break
            page.wait_for_timeout(100)
        assert len(visits) == 1
        page.evaluate("""() => { document.documentElement.classList.remove('is-exiting');
            window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true})); }""")
        assert page.evaluate("document.documentElement.classList.contains('is-exiting')")   # blank again at once
        for _ in range(50):
            if len(visits) == 2:
                break
            page.wait_for_timeout(100)
        assert len(visits) == 2   # and leaving again


CACHED = """async (urls) => { const found = [];
  for (const url of urls) {
    try {
      const response = await fetch(url, {cache: "only-if-cached", mode: "same-origin"});
      if (response.ok) found.push(url);
    } catch { /* not in the cache: the fetch fails */ }
  }
  return found; }"""


def in_browser_cache(context, probe_url, urls):
    """Which of `urls` the browser's HTTP cache still holds, asked from a fresh page of the
    same origin as anyone with the device could (only-if-cached never goes to the network)."""
    probe = context.new_page()
    probe.goto(probe_url)
    found = probe.evaluate(CACHED, urls)
    probe.close()
    return found


def on_disk(profile, urls):
    """Which of `urls` the profile's cache folder names. Chromium keeps the audio a page
    played as partial entries that only-if-cached cannot find, but they are on the disk."""
    import re

    files = [path.read_bytes() for path in profile.rglob("*") if path.is_file() and "Cache" in path.parts[-3:]]
    # A folder's URL itself, not as the start of a longer one (…/ru/ begins every article's).
    named = {url: re.compile(re.escape(url.encode()) + (rb"(?![\w%.-])" if url.endswith("/") else b""))
             for url in urls}
    return [url for url in urls if any(named[url].search(data) for data in files)]


@pytest.fixture(params=["live", "static"])
def unrouted(request, built, tmp_path, monkeypatch):
    """The reader on 127.0.0.1, live or as its static export on a host that sends the export's
    _headers, whose quick exit leads to a page of its own: (its base, the exit's address, the
    page of the origin to probe from). Playwright turns the HTTP cache off in any context with
    a route, so a cache test cannot use the guard; it watches every request instead."""
    from static_host import static_host

    if request.param == "static":
        from reader.export.static_site import export_static

        folder = tmp_path / "host"
        folder.mkdir()
        with static_host(folder) as (base, load_rules):
            monkeypatch.setenv("READER_EXIT_URL", f"{base}/left.html")
            export_static(built, folder)
            (folder / "left.html").write_text("<p>Weather</p>")
            load_rules()
            yield base, f"{base}/left.html", f"{base}/left.html"
        return
    import threading

    from werkzeug.serving import make_server

    from reader.web import create_app

    app = create_app({"READER_ROOT": str(built.root)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["EXIT_URL"] = f"{base}/healthz?left"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base, app.config["EXIT_URL"], f"{base}/healthz"
    server.shutdown()


@pytest.fixture
def profile(browser_type, browser_type_launch_args, tmp_path):
    """A browser with a profile on disk, as a person's is: (its context, its folder)."""
    folder = tmp_path / "profile"
    context = browser_type.launch_persistent_context(folder, **browser_type_launch_args)
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    yield context, folder, requested
    context.close()


def read_and_play(context, base, page_path):
    """Open the Russian interview, play from a sentence, seek, pause: the addresses of all it
    loaded that name the article, and of its stylesheet (shared by every page)."""
    page = open_page(context, f"{base}/{page_path}")
    page.click("#content-note a")
    page.click("#p2\\.s1")
    page.wait_for_function("() => document.querySelector('#player audio').currentTime > 1")
    page.evaluate("""() => { const audio = document.querySelector('#player audio');
        if (audio.seekable.end(0) > 61) audio.currentTime = 60; }""")   # a host without ranges cannot seek
    page.wait_for_function("() => document.querySelector('#player audio').currentTime > 2")
    page.evaluate("document.querySelector('#player audio').pause()")
    article = page.eval_on_selector("#player", """p => [location.href, p.dataset.timings, p.dataset.artwork,
        p.querySelector('audio').currentSrc, p.querySelector('track').src, 'chapters.json', '../']
        .map(url => new URL(url, location.href).href)""")
    return page, article, page.eval_on_selector("link[rel=stylesheet]", "link => link.href")


PAGE = {"live": f"ru/{INTERVIEW}/", "static": f"ru/{INTERVIEW}/index.html"}


def test_the_browser_keeps_no_article_page_or_audio(profile, unrouted):
    """Read and play the interview, close the browser: neither its page, map, captions, cover
    nor audio is in the browser's HTTP cache, asked from a page or read on the disk. The shared
    stylesheet is (so each probe can see what is kept)."""
    (context, folder, requested), (base, _, probe) = profile, unrouted
    page, article, stylesheet = read_and_play(context, base, PAGE["static" if probe.endswith("left.html") else "live"])
    page.close()
    assert in_browser_cache(context, probe, article + [stylesheet]) == [stylesheet]
    context.close()
    assert on_disk(folder, article + [stylesheet]) == [stylesheet]
    assert all(url.startswith(base + "/") for url in requested)


def test_the_quick_exit_clears_the_browser_cache(profile, unrouted):
    """After the quick exit, nothing of the site is in the browser's HTTP cache."""
    (context, folder, requested), (base, exit_url, probe) = profile, unrouted
    page, article, stylesheet = read_and_play(context, base, PAGE["static" if probe.endswith("left.html") else "live"])
    page.click(".exit-this-page")
    page.wait_for_url(exit_url)
    assert in_browser_cache(context, probe, article + [stylesheet]) == []
    context.close()
    assert on_disk(folder, article + [stylesheet]) == []
    assert all(url.startswith(base + "/") for url in requested)
