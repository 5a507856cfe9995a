"""Search in the article, skipping captions and pull quotes, and the sleep timer (issue 28), in
Chromium as a reader uses them; each with axe-core."""
import re

import pytest
from browser import axe_violations, css_id, open_reader
from projects import INTERVIEW
from test_reading_settings import AUDIO, choose, sentence

pytestmark = pytest.mark.browser


def search_for(page, query):
    page.fill("#search-query", query)
    page.press("#search-query", "Enter")
    page.wait_for_function("() => document.getElementById('player-status').textContent.length > 0")
    return page.eval_on_selector_all("#search-results mark", "all => all.map(m => m.textContent)")


def holding(timings, pattern):
    """The ids of the sentences whose text matches `pattern` (case aside)."""
    return [s["id"] for p in timings["passages"] for s in p["sentences"]
            if re.search(pattern, p["text"][s["span"][0]:s["span"][1]], re.IGNORECASE)]


def test_kazakh_latin_finds_cyrillic_and_cyrillic_finds_latin(page, live_server):
    timings = open_reader(page, live_server, "kk")
    marks = search_for(page, "QAZAQSTAN")
    assert len(marks) == len(holding(timings, "қазақстан")) == 4
    assert all(m.lower().startswith("қазақстан") for m in marks)              # the page's own script
    assert page.inner_text("#player-status") == "Табылған сөйлемдер: 4"
    latin = open_reader(page, live_server, "kk-Latn")
    marks = search_for(page, "қазақстан")
    assert len(marks) == len(holding(latin, "qazaqstan")) == 4
    assert all(m.lower().startswith("qazaqstan") for m in marks)


def test_russian_finds_yo_written_as_ye_whatever_the_case(page, live_server):
    open_reader(page, live_server, "ru")
    assert search_for(page, "ПОДЧИНЕННОСТЬ") == ["подчинённость"]
    assert search_for(page, "возьмем") == ["Возьмём"]
    assert search_for(page, "жжжж") == []
    assert page.inner_text("#player-status") == "Ни одно предложение этого не содержит."


def test_a_result_takes_the_reader_to_its_sentence_ready_to_play(page, live_server):
    timings = open_reader(page, live_server, "kk")
    search_for(page, "патриархалдық")
    target = holding(timings, "патриархалдық")[0]
    page.click("#search-results button")
    assert page.evaluate("document.activeElement.id") == target
    assert page.eval_on_selector(css_id(target), "e => e.classList.contains('is-linked')")
    start = next(s["start_ms"] for p in timings["passages"] for s in p["sentences"] if s["id"] == target)
    page.wait_for_function(f"() => Math.abs({AUDIO}.currentTime * 1000 - {start}) < 5")
    assert page.evaluate(f"{AUDIO}.paused")                                    # ready, not playing
    box = page.eval_on_selector(css_id(target), "e => e.getBoundingClientRect().toJSON()")
    assert 0 <= box["top"] and box["bottom"] <= page.viewport_size["height"]
    page.keyboard.press("Enter")                                             # and it plays from there
    page.wait_for_function(f"() => !{AUDIO}.paused && "
                           f"document.querySelector('.is-current-sentence')?.id === '{target}'")
    assert axe_violations(page) == ""


PASSAGES_HEARD = f"""() => {{ window.heard = []; const a = {AUDIO};
    const tick = () => {{ if (!a.paused) window.heard.push(a.currentTime * 1000); requestAnimationFrame(tick); }};
    tick(); }}"""


def heard_within(page, start, end):
    return [ms for ms in page.evaluate("window.heard") if start + 200 <= ms < end]


@pytest.mark.parametrize("skipping", ["on", "off"])
def test_captions_and_pull_quotes_are_skipped_only_when_asked(page, live_server, skipping):
    timings = open_reader(page, live_server, "ru")
    choose(page, "skip", skipping)
    page.select_option("#player-rate", "2")
    caption, standfirst = (next(p for p in timings["passages"] if p["id"] == i) for i in ("caption", "standfirst"))
    page.evaluate(PASSAGES_HEARD)
    page.click(css_id(sentence(timings, "title")["id"]))
    page.wait_for_function(f"() => {AUDIO}.currentTime * 1000 > {standfirst['offset_ms'] + 500}", timeout=20_000)
    in_caption = heard_within(page, caption["offset_ms"], standfirst["offset_ms"])
    assert (in_caption == []) == (skipping == "on"), in_caption


def test_a_caption_the_reader_chooses_is_played_even_when_skipping(page, live_server):
    timings = open_reader(page, live_server, "ru")
    choose(page, "skip", "on")
    caption = next(p for p in timings["passages"] if p["id"] == "caption")
    page.click(css_id(caption["sentences"][0]["id"]))
    page.wait_for_function(f"() => {AUDIO}.currentTime * 1000 > {caption['sentences'][0]['end_ms']}", timeout=10_000)
    assert page.evaluate(MARKED_PASSAGE) == "caption"


MARKED_PASSAGE = "() => document.getElementById('player').dataset.passage"


def with_a_short_timer(page, minutes):
    """The timer's own code with a test's duration: one more option, chosen as a reader would."""
    page.evaluate(f"""() => document.getElementById('sleep-timer').append(new Option('{minutes} min', '{minutes}'))""")
    choose(page, "sleep-timer", str(minutes))


VOLUME = f"""() => {{ window.volumes = []; const a = {AUDIO};
    a.addEventListener('volumechange', () => window.volumes.push(a.volume)); }}"""


@pytest.mark.parametrize("rate", ["1", "2"])
def test_the_sleep_timer_plays_to_the_end_of_the_paragraph_fades_and_stops(page, live_server, rate):
    timings = open_reader(page, live_server, "kk")
    p1 = next(p for p in timings["passages"] if p["id"] == "p1")
    last = p1["sentences"][-1]
    page.select_option("#player-rate", rate)
    page.evaluate(VOLUME)
    with_a_short_timer(page, 0.02)                                            # 1.2 s
    assert "0.02 min" in page.inner_text("#player-status")                  # said when set
    page.click(css_id(last["id"]))
    page.wait_for_function(f"() => {AUDIO}.paused && {AUDIO}.currentTime * 1000 > {last['start_ms'] + 500}",
                           timeout=30_000)
    stopped = page.evaluate(f"{AUDIO}.currentTime * 1000")
    assert 0 <= stopped - last["end_ms"] <= 150, (stopped, last["end_ms"])
    volumes = page.evaluate("window.volumes")
    assert any(0 < v < 0.5 for v in volumes) and volumes[-1] == 1             # faded, then set back
    assert page.inner_text("#player-status") == "Ұйқы таймері: дыбыс тоқтады."
    assert page.eval_on_selector("#sleep-timer", "e => e.value") == "off"
    assert axe_violations(page) == ""


def test_at_the_end_of_this_paragraph(page, live_server):
    timings = open_reader(page, live_server, "ru")
    p1 = next(p for p in timings["passages"] if p["id"] == "p1")
    page.select_option("#player-rate", "2")
    page.click(css_id(p1["sentences"][-1]["id"]))
    page.wait_for_function(f"() => !{AUDIO}.paused")
    choose(page, "sleep-timer", "passage")
    assert page.inner_text("#player-status") == "Таймер сна: звук остановится в конце этого абзаца."
    page.wait_for_function(f"() => {AUDIO}.paused", timeout=30_000)
    assert 0 <= page.evaluate(f"{AUDIO}.currentTime * 1000") - p1["sentences"][-1]["end_ms"] <= 150


def test_the_library_finds_a_sentence_in_any_article_and_its_link_opens_it(page, live_server):
    page.goto(f"{live_server}/kk-Latn/")
    page.fill("#library-query", "ҚАЗАҚСТАН")
    page.press("#library-query", "Enter")
    page.wait_for_function("() => document.getElementById('library-search-status').textContent.length > 0")
    links = page.eval_on_selector_all("#library-results a", "all => all.map(a => [a.pathname + a.hash, a.textContent])")
    assert len(links) >= 4 and all("qazaqstan" in text.lower() for _, text in links)
    assert any(path.startswith(f"/kk-Latn/{INTERVIEW}/#") for path, _ in links)
    assert axe_violations(page) == ""
    target = next(path for path, _ in links if path.startswith(f"/kk-Latn/{INTERVIEW}/#"))
    page.click(f"#library-results a[href$='{target.split('#')[1]}']")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")                                             # the article's content note first
    page.wait_for_function(f"() => document.activeElement.id === '{target.split('#')[1]}'")


def test_a_learner_listens_and_repeats_beside_the_other_language(page, live_server):
    """Kazakh beside Russian: the page stops after the Kazakh sentence, its Russian twin marked
    beside it while the learner says it again."""
    timings = open_reader(page, live_server, "kk", "?with=ru")
    choose(page, "pace", "repeat")
    first = sentence(timings, "p1")
    page.click(css_id(first["id"]))
    page.wait_for_selector("#pace-turn:not([hidden])", timeout=20_000)
    assert page.evaluate(f"{AUDIO}.paused")
    twin = page.eval_on_selector(css_id(first["id"]), "e => e.dataset.match")
    assert page.eval_on_selector(css_id(twin), "e => e.classList.contains('is-matching-sentence')")
    assert page.eval_on_selector(css_id(twin), "e => e.closest('[lang]').lang") == "ru"
    assert axe_violations(page) == ""


def test_the_library_of_a_static_export_searches_from_files(browser, site):
    from browser import own_context

    with own_context(browser, site.as_uri()) as context:
        page = context.new_page()
        page.goto((site / "ru" / "index.html").as_uri())
        page.fill("#library-query", "возьмем")
        page.press("#library-query", "Enter")
        page.wait_for_selector("#library-results a")
        link = page.eval_on_selector("#library-results a", "a => [a.href, a.querySelector('mark').textContent]")
        assert link[1] == "Возьмём" and link[0].startswith((site / "ru" / INTERVIEW).as_uri())
        assert context.errors == []


def test_at_the_end_of_the_article(page, live_server):
    timings = open_reader(page, live_server, "ru")
    last = timings["passages"][-1]["sentences"][-1]
    before = timings["passages"][-1]["sentences"][-2] if len(timings["passages"][-1]["sentences"]) > 1 else last
    page.select_option("#player-rate", "2")
    page.evaluate(VOLUME)
    choose(page, "sleep-timer", "article")
    page.click(css_id(before["id"]))
    page.wait_for_function(f"() => {AUDIO}.paused && {AUDIO}.currentTime * 1000 > {last['start_ms']}", timeout=60_000)
    assert 0 <= page.evaluate(f"{AUDIO}.currentTime * 1000") - last["end_ms"] <= 150
    assert any(0 < v < 0.5 for v in page.evaluate("window.volumes"))
    assert page.inner_text("#player-status") == "Таймер сна: звук остановлен."
