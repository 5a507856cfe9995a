"""What a screen reader is given: Chromium's accessibility tree of the page (Playwright's
ARIA snapshot), with the player ignored or used."""
import pytest
from browser import open_reader

pytestmark = pytest.mark.browser


def test_the_article_reads_as_an_article_with_landmarks_and_headings(page, live_server):
    open_reader(page, live_server, "kk")
    tree = page.locator("body").aria_snapshot()
    for landmark in ("- banner:", "- main:", "- article:", "- contentinfo:", '- navigation "Тіл":'):
        assert landmark in tree, landmark
    assert 'heading "Айман Умарова айтады: «Зорлық-зомбылық' in tree and '[level=1]' in tree
    assert "- blockquote:" in tree  # the pull-quote is a quote
    assert '- link "Мақалаға өту"' in tree.splitlines()[0]  # the skip link comes first


def test_the_player_is_a_named_group_of_named_controls_in_the_page_language(page, live_server):
    open_reader(page, live_server, "ru")
    player = page.locator("#player-controls").aria_snapshot()
    assert player.startswith('- group "Слушать статью":')
    for control in ('button "Слушать"', 'button "Предыдущий абзац"', 'button "Предыдущее предложение"',
                    'button "Следующее предложение"', 'button "Следующий абзац"', 'combobox "Скорость"',
                    'button "Быстрые клавиши"', 'slider "Место в статье"'):
        assert control in player, control


def test_every_passage_of_the_other_language_is_announced_in_it(page, live_server):
    open_reader(page, live_server, "en", "?with=kk")
    langs = page.eval_on_selector_all("#article [data-twin]", "es => es.map(e => e.closest('[lang]').lang)")
    assert langs and set(langs) == {"kk"}
    assert page.locator("nav.bilingual-choice").aria_snapshot().startswith('- navigation "Side by side with":')
