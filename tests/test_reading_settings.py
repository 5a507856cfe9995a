"""The reading settings (issue 28) in Chromium, as a reader sets them: what is highlighted and
in which colours, the typeface and spacing, and the pace (stop after each sentence, listen and
repeat, play a sentence again), at 1x and 2x; each with axe-core."""
import json

import pytest
from browser import (
    axe_violations,
    contrast,
    css_id,
    fonts_drawing,
    no_horizontal_scroll,
    open_reader,
    own_context,
)
from projects import INTERVIEW

pytestmark = pytest.mark.browser

MARKS = """() => ({word: document.querySelector('.is-current-word')?.id ?? null,
                   sentence: document.querySelector('.is-current-sentence')?.id ?? null})"""
AUDIO = "document.querySelector('#player audio')"


def choose(page, setting, value):
    """Open the settings (if closed) and choose, as a reader does with the select."""
    if not page.eval_on_selector("#display-settings", "e => e.open"):
        page.click("#display-settings summary")
    page.select_option(f"#{setting}", value)


def sentence(timings, passage_id, index=0):
    return next(p for p in timings["passages"] if p["id"] == passage_id)["sentences"][index]


def with_sentences(timings, count=3):
    """The first paragraph of at least `count` sentences (its id)."""
    return next(p["id"] for p in timings["passages"] if p["id"].startswith("p") and len(p["sentences"]) >= count)


def pause_in_a_word(page, timings, passage_id="p5"):
    """Paused in the middle of the middle word of the passage's first sentence."""
    page.click(css_id(sentence(timings, passage_id)["id"]))
    page.wait_for_selector(".is-current-sentence")
    page.click('[data-action="toggle"]')
    words = sentence(timings, passage_id)["words"]
    word = words[len(words) // 2]
    middle = (word["start_ms"] + word["end_ms"]) / 2
    page.evaluate(f"{AUDIO}.currentTime = {middle / 1000}")
    page.wait_for_function(f"() => Math.abs({AUDIO}.currentTime * 1000 - {middle}) < 5")
    page.wait_for_timeout(100)
    return word


def test_the_highlight_can_be_words_sentences_or_nothing(page, live_server):
    timings = open_reader(page, live_server, "kk")
    word = pause_in_a_word(page, timings)
    marks = page.evaluate(MARKS)
    assert marks == {"word": word["id"], "sentence": sentence(timings, "p5")["id"]}
    choose(page, "highlight", "sentence")
    assert page.evaluate(MARKS) == {"word": None, "sentence": sentence(timings, "p5")["id"]}
    page.click('[data-action="toggle"]')                     # and while it plays on
    page.wait_for_timeout(600)
    assert page.evaluate(MARKS)["word"] is None and page.evaluate(MARKS)["sentence"] is not None
    choose(page, "highlight", "none")
    page.wait_for_timeout(300)
    assert page.evaluate(MARKS) == {"word": None, "sentence": None}
    assert page.evaluate(f"!{AUDIO}.paused")                 # the audio never stopped for it
    choose(page, "highlight", "word")
    page.wait_for_selector(".is-current-word")


COLOURS = """() => { const get = (s) => getComputedStyle(document.querySelector(s));
    const [w, s, b] = [get('.is-current-word'), get('.is-current-sentence'), get('body')];
    return {page: b.backgroundColor, pageText: b.color, text: w.color, word: w.backgroundColor,
            outline: w.outlineColor, sentence: s.backgroundColor, sentenceText: s.color}; }"""


@pytest.mark.parametrize("colour", ["yellow", "blue", "green", "pink"])
@pytest.mark.parametrize("scheme", ["light", "dark", "high contrast"])
def test_every_highlight_colour_keeps_aa_contrast(page, live_server, colour, scheme):
    page.emulate_media(color_scheme="light" if scheme == "light" else "dark")
    timings = open_reader(page, live_server, "en")
    pause_in_a_word(page, timings)
    choose(page, "highlight-colour", colour)
    if scheme == "high contrast":
        choose(page, "contrast", "high")
    style = page.evaluate(COLOURS)
    assert contrast(style["text"], style["word"]) >= 4.5 and contrast(style["sentenceText"], style["sentence"]) >= 4.5
    assert contrast(style["pageText"], style["page"]) >= (7 if scheme == "high contrast" else 4.5)
    # Each mark stands out by >= 3:1 from what surrounds it (WCAG 1.4.11).
    assert max(contrast(style["outline"], style["page"]), contrast(style["word"], style["page"])) >= 3
    assert max(contrast(style["outline"], style["sentence"]), contrast(style["word"], style["sentence"])) >= 3
    if scheme == "high contrast":
        assert style["page"] == "rgb(0, 0, 0)"
    else:
        assert (colour == "yellow") == (style["word"] == "rgb(255, 210, 77)")   # the choice is what is drawn


def test_a_device_asking_for_more_contrast_gets_the_high_contrast_colours(browser, live_server):
    with own_context(browser, live_server, contrast="more") as context:
        page = context.new_page()
        open_reader(page, live_server, "ru")
        assert page.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 0)"
        assert page.eval_on_selector("#contrast", "e => e.value") == "high"


def test_the_legible_typeface_draws_every_kazakh_letter_and_the_text_reflows_at_320_px(page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    open_reader(page, live_server, "kk")
    for setting, value in (("text-size", "200"), ("line-spacing", "2.4"), ("font", "andika"),
                           ("letter-spacing", "wide"), ("word-spacing", "wide"), ("column", "narrow")):
        choose(page, setting, value)
    assert no_horizontal_scroll(page)
    page.evaluate("""() => { const probe = document.createElement('span'); probe.id = 'probe';
        probe.textContent = 'ӘәҒғҚқҢңӨөҰұҮүҺһІі Қазақ тілі; Ää Ğğ Ūū Şş Ññ Iı; Русский; English';
        document.querySelector('#article [data-passage=p1]').append(probe); }""")
    page.wait_for_function("() => document.fonts.check('16px Andika', 'ӘҒҚ Ğ')")
    fonts = fonts_drawing(page, "#probe")
    assert [f["familyName"] for f in fonts] == ["Andika"], fonts        # both scripts, one font, ours
    spacing = page.eval_on_selector("#probe", "e => [getComputedStyle(e).letterSpacing, "
                                              "getComputedStyle(e).wordSpacing]")
    size = page.eval_on_selector("#probe", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert [round(float(v[:-2]) / size, 2) for v in spacing] == [0.12, 0.16]
    assert page.eval_on_selector("main", "e => e.getBoundingClientRect().width") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.eval_on_selector("main", "e => parseFloat(getComputedStyle(e).maxWidth)") < 40 * 18


def stops(page):
    """Record each stop (pause) and each start (play) of the audio, with the page clock."""
    page.evaluate(f"""() => {{ window.paceLog = []; const a = {AUDIO};
        for (const kind of ['pause', 'playing'])
          a.addEventListener(kind, () => window.paceLog.push({{kind, ms: a.currentTime * 1000,
                                                              at: performance.now(), rate: a.playbackRate}})); }}""")


def wait_for_stop(page, count, timeout=20_000):
    page.wait_for_function(f"() => window.paceLog.filter(e => e.kind === 'pause').length >= {count}",
                           timeout=timeout)
    return [e for e in page.evaluate("window.paceLog") if e["kind"] == "pause"][count - 1]


@pytest.mark.parametrize("rate", ["1", "2"])
def test_sentence_by_sentence_stops_at_each_end_and_space_goes_on(page, live_server, rate):
    timings = open_reader(page, live_server, "kk")
    choose(page, "pace", "sentence")
    page.select_option("#player-rate", rate)
    passage = with_sentences(timings)
    first, second = sentence(timings, passage, 0), sentence(timings, passage, 1)
    stops(page)
    page.click(css_id(first["id"]))
    stop = wait_for_stop(page, 1)
    assert 0 <= stop["ms"] - first["end_ms"] <= 150, (stop["ms"], first["end_ms"])
    page.wait_for_timeout(500)
    assert page.evaluate(f"{AUDIO}.paused") and page.evaluate(MARKS)["sentence"] == first["id"]   # it waits
    page.keyboard.press(" ")                                    # the focus is on the sentence clicked
    stop = wait_for_stop(page, 2)
    assert 0 <= stop["ms"] - second["end_ms"] <= 150, (stop["ms"], second["end_ms"])
    page.click('[data-action="toggle"]')                        # the play button goes on too
    page.wait_for_function(f"() => {AUDIO}.currentTime * 1000 > {sentence(timings, passage, 2)['start_ms']}")


@pytest.mark.parametrize("rate", ["1", "2"])
def test_listen_and_repeat_leaves_a_silence_as_long_as_the_sentence(page, live_server, rate):
    timings = open_reader(page, live_server, "kk")
    choose(page, "pace", "repeat")
    page.select_option("#player-rate", rate)
    first = sentence(timings, with_sentences(timings), 0)
    stops(page)
    page.click(css_id(first["id"]))
    stop = wait_for_stop(page, 1)
    assert 0 <= stop["ms"] - first["end_ms"] <= 150
    assert page.is_visible("#pace-turn")
    page.wait_for_function("() => window.paceLog.filter(e => e.kind === 'playing').length >= 2", timeout=30_000)
    resumed = [e for e in page.evaluate("window.paceLog") if e["kind"] == "playing"][1]
    silence = resumed["at"] - stop["at"]
    own = first["end_ms"] - first["start_ms"]          # the sentence's own length, whatever the speed
    assert own - 100 <= silence <= own + 400, (silence, own)
    assert not page.is_visible("#pace-turn") and resumed["ms"] >= first["end_ms"]


def test_twice_as_long_a_silence_when_asked(page, live_server):
    timings = open_reader(page, live_server, "kk")
    choose(page, "pace", "repeat")
    choose(page, "repeat-time", "2")
    page.select_option("#player-rate", "2")
    first = sentence(timings, with_sentences(timings), 0)
    stops(page)
    page.click(css_id(first["id"]))
    stop = wait_for_stop(page, 1)
    page.wait_for_function("() => window.paceLog.filter(e => e.kind === 'playing').length >= 2", timeout=30_000)
    resumed = [e for e in page.evaluate("window.paceLog") if e["kind"] == "playing"][1]
    own = first["end_ms"] - first["start_ms"]
    assert 2 * own - 100 <= resumed["at"] - stop["at"] <= 2 * own + 400


def test_r_plays_the_sentence_again_slower_when_asked_then_the_speed_comes_back(page, live_server):
    timings = open_reader(page, live_server, "kk")
    choose(page, "pace", "sentence")
    choose(page, "repeat-rate", "0.75")
    first = sentence(timings, with_sentences(timings), 0)
    stops(page)
    page.click(css_id(first["id"]))
    wait_for_stop(page, 1)
    page.focus('[data-action="toggle"]')
    page.keyboard.press("r")                                    # in the player, as the help says
    page.wait_for_function("() => window.paceLog.filter(e => e.kind === 'playing').length >= 2")
    again = [e for e in page.evaluate("window.paceLog") if e["kind"] == "playing"][1]
    assert abs(again["ms"] - first["start_ms"]) < 60 and again["rate"] == 0.8   # 0.75 of 1x, to the 0.1 steps
    stop = wait_for_stop(page, 2)                               # the same sentence, to its end
    assert 0 <= stop["ms"] - first["end_ms"] <= 150 and page.evaluate(f"{AUDIO}.playbackRate") == 1
    page.click('[data-action="repeat"]')                        # the button does the same
    page.wait_for_function("() => window.paceLog.filter(e => e.kind === 'playing').length >= 3")
    assert abs([e for e in page.evaluate("window.paceLog") if e["kind"] == "playing"][2]["ms"] - first["start_ms"]) < 60


def test_choices_are_kept_only_when_remember_is_on(page, live_server):
    open_reader(page, live_server, "ru")
    for setting, value in (("highlight", "sentence"), ("pace", "repeat"), ("font", "andika"), ("contrast", "high")):
        choose(page, setting, value)
    assert page.evaluate("localStorage.length") == 0
    page.check("#remember")
    open_reader(page, live_server, "ru")
    state = page.evaluate("() => ({...document.documentElement.dataset})")
    assert {k: state.get(k) for k in ("highlight", "pace", "font", "contrast")} == {
        "highlight": "sentence", "pace": "repeat", "font": "andika", "contrast": "high"}
    page.click("#display-settings summary")
    page.uncheck("#remember")
    assert page.evaluate("localStorage.length") == 0


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_nothing_with_every_setting_changed(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 720})
    timings = open_reader(page, live_server, "kk")
    for setting, value in (("font", "andika"), ("letter-spacing", "wide"), ("word-spacing", "wide"),
                           ("column", "narrow"), ("highlight-colour", "blue"), ("contrast", "high"),
                           ("pace", "repeat")):
        choose(page, setting, value)
    page.click(css_id(sentence(timings, "p5")["id"]))
    page.wait_for_selector("#pace-turn:not([hidden])", timeout=20_000)
    assert axe_violations(page) == ""
    assert no_horizontal_scroll(page)


def sentence_mode_stops_and_the_typeface_loads(page, timings):
    choose(page, "font", "andika")
    choose(page, "pace", "sentence")
    # the page's own Andika loaded (fonts.check alone says true of a family no rule names)
    assert page.evaluate("() => document.fonts.load('16px Andika', 'Қазақ').then((faces) => faces.length)") > 0
    first = sentence(timings, with_sentences(timings), 0)
    stops(page)
    page.click(css_id(first["id"]))
    stop = wait_for_stop(page, 1)
    assert 0 <= stop["ms"] - first["end_ms"] <= 150


def test_the_embed_page_offers_the_same(page, live_server):
    timings = open_reader(page, live_server, "kk")
    page.goto(f"{live_server}/kk/{INTERVIEW}/embed")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    sentence_mode_stops_and_the_typeface_loads(page, timings)
    assert axe_violations(page) == ""


def test_the_static_export_offers_the_same_from_files(browser, site):
    with own_context(browser, site.as_uri()) as context:
        page = context.new_page()
        page.goto((site / "kk" / INTERVIEW / "index.html").as_uri())
        page.wait_for_selector('#player[data-ready="true"]', state="attached")
        page.click("#content-note a")
        timings = json.loads(page.eval_on_selector("#timings", "e => e.textContent"))
        sentence_mode_stops_and_the_typeface_loads(page, timings)
        assert context.errors == []


BAND = """() => { const [a, b] = [document.querySelector('.ruler-above'), document.querySelector('.ruler-below')];
    const word = document.getElementById(window.wordAt());
    const r = word ? word.getClientRects()[0] : null;
    return {hidden: a.hidden, top: a.getBoundingClientRect().bottom, bottom: b.getBoundingClientRect().top,
            word: r ? [r.top, r.bottom] : null}; }"""


@pytest.mark.parametrize("rate", ["1", "2"])
def test_line_focus_follows_the_audio_and_then_the_keyboard(page, live_server, rate):
    timings = open_reader(page, live_server, "kk")
    choose(page, "ruler", "one")
    page.select_option("#player-rate", rate)
    words = [w for p in timings["passages"] for s in p["sentences"] for w in s["words"]]
    page.evaluate("""words => { window.wordAt = () => {
        const ms = document.querySelector('#player audio').currentTime * 1000;
        let id = null; for (const w of words) if (w.start_ms <= ms) id = w.id; return id; }; }""",
                  [{"id": w["id"], "start_ms": w["start_ms"]} for w in words])
    page.click(css_id(sentence(timings, "p2", 1)["id"]))
    inside, tops = 0, set()
    for _ in range(60):
        band = page.evaluate(BAND)
        assert not band["hidden"]
        # the word heard is inside the band (a frame's lag allowed: the word may have just changed line)
        if band["word"] and band["top"] - 1 <= band["word"][0] and band["word"][1] <= band["bottom"] + 1:
            inside += 1
        tops.add(round(band["top"]))
        page.wait_for_timeout(150)
    assert inside >= 54 and len(tops) >= 2                          # it moved down the lines with the audio
    assert 20 <= band["bottom"] - band["top"] <= 80                   # one line tall
    page.click('[data-action="toggle"]')
    page.focus(css_id(sentence(timings, "p2", 1)["id"]))
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getClientRects()[0].toJSON()")
    band = page.evaluate(BAND)
    assert band["top"] <= focused["top"] and focused["bottom"] <= band["bottom"]
    choose(page, "ruler", "off")
    assert page.evaluate(BAND)["hidden"]
