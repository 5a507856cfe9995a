"""How the reader looks: narrow and wide, light and dark, 200 % zoom, Kazakh letters in one
font, highlight contrast, and axe-core on every state a reader can bring the page to.
Screenshots go to test-artifacts/ to be looked at."""
import pytest
from browser import (
    ARTIFACTS,
    axe_violations,
    contrast,
    fonts_drawing,
    no_horizontal_scroll,
    open_reader,
    own_context,
    wait_visible_below_player,
)

pytestmark = pytest.mark.browser

KAZAKH = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
STACK = ["Noto Serif", "DejaVu Serif", "PT Serif", "Times New Roman"]  # as in reader.css


def play_from(page, sentence="#p5\\.s1"):
    page.click(sentence)
    page.wait_for_selector(".is-current-word")
    page.wait_for_timeout(900)  # let the following scroll settle


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_narrow_and_wide_light_and_dark(page, live_server, width, scheme):
    page.set_viewport_size({"width": width, "height": 720})
    page.emulate_media(color_scheme=scheme)
    open_reader(page, live_server, "kk")
    play_from(page)
    assert no_horizontal_scroll(page)
    wait_visible_below_player(page, ".is-current-word")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"reader-{width}-{scheme}.png"))


def test_at_200_percent_zoom_nothing_scrolls_sideways_and_the_word_stays_visible(browser, live_server):
    """200 % zoom on a 1280 x 800 screen: a 640 x 400 CSS px window at device scale 2."""
    with own_context(browser, live_server, viewport={"width": 640, "height": 400}, device_scale_factor=2) as context:
        page = context.new_page()
        open_reader(page, live_server, "ru")
        assert page.eval_on_selector("#player", "e => getComputedStyle(e).position") == "static"  # too short to stick
        play_from(page, "#p8\\.s1")
        assert no_horizontal_scroll(page)
        wait_visible_below_player(page, ".is-current-word")
        page.click('[data-action="help"]')
        assert no_horizontal_scroll(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "reader-zoom-200.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlights_are_distinct_without_colour_and_keep_contrast(page, live_server, scheme):
    page.emulate_media(color_scheme=scheme)
    timings = open_reader(page, live_server, "en", "?with=ru")
    play_from(page, "#p2\\.s1")
    word = next(p for p in timings["passages"] if p["id"] == "p2")["sentences"][0]["words"][2]
    page.click('[data-action="toggle"]')  # paused in the middle of a word: all three marks show
    page.evaluate(f"document.querySelector('#player audio').currentTime = {(word['start_ms'] + word['end_ms']) / 2000}")
    page.wait_for_selector(".is-current-word#p2\\.s1\\.w3")
    style = page.evaluate("""() => { const get = (s) => getComputedStyle(document.querySelector(s));
        const [w, s, m, b] = [get('.is-current-word'), get('.is-current-sentence'),
                              get('.is-matching-sentence'), get('body')];
        return {page: b.backgroundColor, text: w.color, word: w.backgroundColor, outline: w.outlineColor,
                outlineStyle: w.outlineStyle, sentence: s.backgroundColor, sentenceText: s.color,
                line: s.textDecorationLine, style: s.textDecorationStyle, matchLine: m.textDecorationLine,
                matchStyle: m.textDecorationStyle}; }""")
    # Not colour alone: the word is boxed, the sentence underlined, its twin underlined dotted.
    assert style["outlineStyle"] == "solid" and style["line"] == "underline" and style["matchLine"] == "underline"
    assert style["style"] == "solid" and style["matchStyle"] == "dotted"
    assert contrast(style["text"], style["word"]) >= 4.5 and contrast(style["sentenceText"], style["sentence"]) >= 4.5
    # Each mark stands out by >= 3:1 from what surrounds it (WCAG 1.4.11).
    assert max(contrast(style["outline"], style["page"]), contrast(style["word"], style["page"])) >= 3
    assert max(contrast(style["outline"], style["sentence"]), contrast(style["word"], style["sentence"])) >= 3
    assert contrast(style["sentenceText"], style["sentence"]) >= 3  # the underline is in the text's colour


@pytest.mark.parametrize("selector", ["h1", ".standfirst", "[data-passage=p1]"])
def test_kazakh_letters_are_drawn_by_one_font_of_our_stack(page, live_server, selector):
    """Chromium reports the platform fonts that drew a node's text: every Kazakh letter,
    upright, italic and bold, comes from the same font, one the stylesheet names."""
    open_reader(page, live_server, "kk")
    page.evaluate(f"""() => {{ const probe = document.createElement('span'); probe.id = 'probe';
        probe.textContent = '{KAZAKH} Қазақ тілі';
        document.querySelector('#article {selector}').append(probe); }}""")
    fonts = fonts_drawing(page, "#probe")
    assert len(fonts) == 1 and fonts[0]["familyName"] in STACK, fonts


@pytest.mark.parametrize("state", ["bilingual", "help", "settings", "narrow", "zoomed-text", "dark"])
def test_axe_finds_no_violations_in_any_state(page, live_server, state):
    if state == "narrow":
        page.set_viewport_size({"width": 320, "height": 640})
    if state == "dark":
        page.emulate_media(color_scheme="dark")
    open_reader(page, live_server, "kk-Latn" if state == "dark" else "ru", "?with=en" if state == "bilingual" else "")
    play_from(page, "#p1\\.s1")
    if state == "help":
        page.click('[data-action="help"]')
    if state in ("settings", "zoomed-text"):
        page.click("#display-settings summary")
    if state == "zoomed-text":
        page.select_option("#text-size", "200")
        page.select_option("#line-spacing", "2.4")
    assert axe_violations(page) == ""
    assert no_horizontal_scroll(page)
