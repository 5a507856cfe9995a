"""The interview in Kazakh from a narrator's recording, played in Chromium: the narrator's words
are highlighted as they are said (the same per-frame check as for synthetic speech), and the
page says who reads it."""
import pytest
import soundfile as sf
from browser import axe_violations, open_reader, sample_sync
from click.testing import CliRunner
from narrations import narrator, read_aloud, sentences_of
from projects import INTERVIEW, article_of, copy_project, served

from reader.build.run import build
from reader.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("narrated")
    settings = copy_project(root / "project")
    source = settings.source.read_text(encoding="utf-8")
    title_end = source.index("\n\n")
    settings.source.write_text(source[:title_end] + "\n\nNarrator (kk): Айгүл Нұрланқызы" + source[title_end:],
                               encoding="utf-8")
    reading, _ = read_aloud(sentences_of(settings, article_of(settings), "kk"), narrator("+f3", 125))
    sf.write(root / "take.flac", reading.pcm, reading.rate)
    added = CliRunner().invoke(main, ["--root", str(settings.root), "narration", "add", INTERVIEW, "kk",
                                      str(root / "take.flac")])
    assert added.exit_code == 0, added.output
    build(settings, ["kk"])
    with served(settings.root) as address:
        yield address


def test_the_narrator_s_words_are_highlighted_as_they_are_said(page, live_server):
    timings = open_reader(page, live_server, "kk")
    assert timings["engine"]["name"] == "narration"
    page.click("#p1\\.s1")
    sample_sync(page, timings)


def test_the_narrator_is_credited_and_the_page_stays_accessible(page, live_server):
    open_reader(page, live_server, "kk")
    assert page.locator(".voice-credit").inner_text() == "Оқыған: Айгүл Нұрланқызы"
    assert axe_violations(page) == ""
