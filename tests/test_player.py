"""The reader's own player in Chromium: its controls, shortcuts, status line, following scroll,
roving tab stop and the opt-in memory, as a listener uses them."""
import pytest
from browser import STATE, axe_violations, css_id, open_reader, visible_below_player, wait_visible_below_player
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PLAYING = "() => !document.querySelector('#player audio').paused"


def status(page):
    return page.evaluate("document.getElementById('player-status').textContent")


def says(page, text):
    page.wait_for_function(f"() => document.getElementById('player-status').textContent === {text!r}")


def current_sentence(page, sentence_id):
    page.wait_for_selector(css_id(sentence_id) + ".is-current-sentence")


def paused_at(page, live_server, lang, sentence_id):
    """The reader opened, played from a sentence and paused there with the Play button."""
    timings = open_reader(page, live_server, lang)
    page.click(css_id(sentence_id))
    page.wait_for_function(PLAYING)
    page.click('[data-action="toggle"]')
    page.wait_for_function("() => document.querySelector('#player audio').paused")
    return timings


def test_the_readers_controls_replace_the_browsers_and_say_what_they_did(page, live_server):
    open_reader(page, live_server, "ru")
    assert page.evaluate("document.querySelector('#player audio').controls") is False
    play = page.get_by_role("button", name="Слушать")
    play.click()
    page.wait_for_function(PLAYING)
    expect(page.get_by_role("button", name="Пауза")).to_be_visible()  # shown on the play event, a moment later
    says(page, "Воспроизведение: Заголовок")
    page.get_by_role("button", name="Пауза").click()
    says(page, "Пауза: Заголовок")


def test_previous_and_next_sentence_and_paragraph(page, live_server):
    paused_at(page, live_server, "en", "p2.s2")
    moves = [("Next sentence", "p2.s3", "Paused: Paragraph 2"),
             ("Next paragraph", "p3.s1", "Paused: Quote"),
             ("Previous paragraph", "p2.s1", "Paused: Paragraph 2"),
             ("Previous sentence", "p1.s3", "Paused: Paragraph 1")]
    for name, sentence, said in moves:
        page.get_by_role("button", name=name, exact=True).click()
        current_sentence(page, sentence)
        says(page, said)
    assert page.evaluate(STATE)["paused"]  # moving does not start playback


def test_arrow_keys_in_the_player_move_by_sentence_and_paragraph(page, live_server):
    paused_at(page, live_server, "kk", "p1.s1")
    page.focus('[data-action="toggle"]')
    page.keyboard.press("ArrowRight")
    current_sentence(page, "p1.s2")
    page.keyboard.press("Shift+ArrowRight")
    current_sentence(page, "p2.s1")
    page.keyboard.press("ArrowLeft")
    current_sentence(page, "p1.s3")
    says(page, "Кідіртілді: 1-абзац")


def test_speed_from_half_to_three_times_in_tenths(page, live_server):
    open_reader(page, live_server, "ru")
    options = page.eval_on_selector_all("#player-rate option", "os => os.map(o => Number(o.value))")
    assert options == [r / 10 for r in range(5, 31)]
    page.select_option("#player-rate", "1.5")
    assert page.evaluate(STATE)["rate"] == 1.5
    page.focus('[data-action="help"]')
    page.keyboard.press("+")
    assert page.evaluate(STATE)["rate"] == 1.6 and status(page) == "Скорость: 1,6×"
    for _ in range(15):
        page.keyboard.press("-")
    assert page.evaluate(STATE)["rate"] == 0.5 and page.input_value("#player-rate") == "0.5"


def test_single_key_shortcuts_act_only_in_the_player(page, live_server):
    open_reader(page, live_server, "en")
    page.focus("#p1\\.s1")  # in the article (a screen reader's keys pass through here)
    for key in ("k", "?", "+"):
        page.keyboard.press(key)
    state = page.evaluate(STATE)
    assert state["paused"] and state["rate"] == 1 and not page.is_visible("#player-help")
    page.focus('[data-action="next-sentence"]')
    page.keyboard.press("k")
    page.wait_for_function(PLAYING)


def test_help_dialog_lists_the_shortcuts_and_gives_focus_back(page, live_server):
    open_reader(page, live_server, "kk")
    page.click('[data-action="help"]')
    dialog = page.get_by_role("dialog", name="Жылдам пернелер")
    assert dialog.is_visible() and "Ойнату немесе кідірту" in dialog.inner_text()
    assert axe_violations(page) == ""
    page.keyboard.press("Escape")
    assert dialog.is_hidden()
    assert page.evaluate("document.activeElement.dataset.action") == "help"


def test_position_and_duration_are_shown_and_the_slider_seeks(page, live_server):
    timings = open_reader(page, live_server, "en")
    total = timings["duration_ms"] // 1000
    assert page.inner_text("#player-time") == f"0:00 / {total // 60}:{total % 60:02d}"
    p7 = next(p for p in timings["passages"] if p["id"] == "p7")
    second = p7["sentences"][0]["start_ms"] // 1000 + 1
    page.eval_on_selector("#player-seek", f"""s => {{ s.value = {second};
        s.dispatchEvent(new Event('input', {{bubbles: true}})); }}""")
    page.wait_for_function("() => document.querySelector('.is-current-sentence')?.id?.startsWith('p7.')")
    assert page.inner_text("#player-time").startswith(f"{second // 60}:{second % 60:02d} /")


def test_nothing_is_announced_while_playing_and_the_title_stays(page, live_server):
    open_reader(page, live_server, "ru")
    title = page.title()
    page.click("#caption\\.s1")
    said = "Воспроизведение: Подпись к\u00a0фото"
    says(page, said)
    page.wait_for_function("() => document.getElementById('player').dataset.passage === 'standfirst'", timeout=15000)
    assert status(page) == said and page.title() == title  # sentences and words went by in silence


def test_one_tab_stop_in_the_article_that_follows_the_reading(page, live_server):
    open_reader(page, live_server, "en")
    stops = page.eval_on_selector_all("#article .s", "ss => ss.filter(s => s.tabIndex === 0).map(s => s.id)")
    assert stops == ["title.s1"]
    page.focus("#title\\.s1")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "caption.s2"
    page.keyboard.press("Enter")
    page.wait_for_function(PLAYING)
    page.wait_for_function("() => document.querySelector('#standfirst\\\\.s1').tabIndex === 0", timeout=10000)
    assert page.eval_on_selector_all("#article .s", "ss => ss.filter(s => s.tabIndex === 0).length") == 1
    assert page.eval_on_selector_all("[tabindex]", "es => es.every(e => e.tabIndex <= 0)")


def test_following_stops_when_the_reader_scrolls_away_and_comes_back(page, live_server):
    page.set_viewport_size({"width": 800, "height": 600})
    open_reader(page, live_server, "en")
    page.click("#p1\\.s1")
    page.wait_for_function(PLAYING)
    page.wait_for_timeout(1200)
    page.mouse.wheel(0, 6000)  # the reader scrolls down to the biography
    back = page.get_by_role("button", name="Back to the current position")
    back.wait_for()
    page.wait_for_function("() => document.querySelector('.is-current-sentence')?.id === 'p1.s2'", timeout=15000)
    page.wait_for_timeout(1200)
    assert not visible_below_player(page, ".is-current-sentence")  # the page did not jump back
    back.click()
    wait_visible_below_player(page, ".is-current-sentence")
    assert back.is_hidden()


def test_text_size_and_spacing_change_the_article_only(page, live_server):
    open_reader(page, live_server, "kk")
    size, p1 = "e => parseFloat(getComputedStyle(e).fontSize)", "#article [data-passage=p1]"
    before, player_before = page.eval_on_selector(p1, size), page.eval_on_selector(".time", size)
    page.click("#display-settings summary")
    page.select_option("#text-size", "200")
    page.select_option("#line-spacing", "2.4")
    assert page.eval_on_selector(p1, size) == 2 * before
    assert page.eval_on_selector(".time", size) == player_before
    spacing = "e => parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize)"
    assert page.eval_on_selector(p1, spacing) == pytest.approx(2.4)


def test_nothing_is_stored_unless_the_reader_opts_in(page, live_server):
    open_reader(page, live_server, "ru")
    page.click("#p2\\.s1")
    page.wait_for_function(PLAYING)
    page.select_option("#player-rate", "1.3")
    page.click("#display-settings summary")
    page.select_option("#text-size", "150")
    page.click('[data-action="toggle"]')
    assert page.evaluate("localStorage.length") == 0 and page.evaluate("document.cookie") == ""

    page.check("#remember")
    says(page, "Ваши настройки и\u00a0место в\u00a0статье теперь хранятся в\u00a0этом браузере.")
    where = page.evaluate("document.querySelector('#player audio').currentTime")
    page.reload()
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.wait_for_function("() => document.querySelector('#player audio').currentTime > 0")
    state = page.evaluate(STATE)
    assert state["rate"] == 1.3 and abs(state["ms"] / 1000 - where) < 0.05
    assert page.input_value("#text-size") == "150" and page.is_checked("#remember")

    page.click("#content-note a")
    page.click("#display-settings summary")
    page.uncheck("#remember")
    assert page.evaluate("localStorage.length") == 0
    says(page, "Ваши настройки и\u00a0место в\u00a0статье удалены из этого браузера.")


def test_selecting_text_while_playing_does_not_jump(page, live_server):
    open_reader(page, live_server, "en")
    page.click("#p1\\.s1")
    page.wait_for_function(PLAYING)
    box = page.eval_on_selector("#p9\\.s1", "e => { const b = e.getClientRects()[0]; return [b.x, b.y, b.width]; }")
    page.mouse.move(box[0] + 2, box[1] + 5)
    page.mouse.down()
    page.mouse.move(box[0] + box[2] - 2, box[1] + 5, steps=5)
    page.mouse.up()
    assert len(page.evaluate("String(getSelection())")) > 10
    page.wait_for_timeout(300)
    assert page.evaluate(STATE)["passage"] == "p1"  # still reading where it was


def test_with_reduced_motion_the_page_moves_at_once(page, live_server):
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size({"width": 800, "height": 600})
    open_reader(page, live_server, "ru")
    page.click("#p1\\.s1")
    page.wait_for_function(PLAYING)
    page.mouse.wheel(0, 6000)
    back = page.locator("#back-to-current")
    back.wait_for()
    back.click()
    page.wait_for_timeout(50)  # a smooth scroll would still be on its way
    assert visible_below_player(page, ".is-current-sentence")
