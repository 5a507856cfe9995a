"""The interview in Kazakh from a narrator's recording, played in Chromium: the narrator's words
are highlighted as they are said (the same per-frame check as for synthetic speech), and the
page says who reads it."""
import pytest
import soundfile as sf
from browser import STATE, axe_violations, css_id, open_reader, sample_sync
from click.testing import CliRunner
from narrations import narrator, read_aloud, sentences_of, skipped_word
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
    sentences = sentences_of(settings, article_of(settings), "kk")
    reading, _ = read_aloud(sentences, narrator("+f3", 125))
    damaged = next(k for k, s in enumerate(sentences) if s.passage == "p2" and len(s.words) > 5)
    reading = skipped_word(reading, damaged, 2)           # one word the narrator left out
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


def test_a_word_the_narrator_skipped_is_never_highlighted_alone(page, live_server):
    """While an unsure word is said only its sentence is highlighted; the sentence's other
    words are highlighted as they are heard."""
    import time

    timings = open_reader(page, live_server, "kk")
    sentence = next(s for p in timings["passages"] for s in p["sentences"]
                    if any(w.get("estimated") for w in s["words"]))
    unsure = {w["id"]: (w["start_ms"], w["end_ms"]) for w in sentence["words"] if w.get("estimated")}
    page.click(css_id(sentence["id"]))
    seen, during = set(), []
    deadline = time.monotonic() + (sentence["end_ms"] - sentence["start_ms"]) / 1000 + 1
    while time.monotonic() < deadline:
        state = page.evaluate(STATE)
        seen.add(state["word"])
        if any(start + 40 <= state["ms"] < end - 40 for start, end in unsure.values()):
            during.append(state)
        time.sleep(0.02)
    assert not seen & set(unsure), "an unsure word was highlighted on its own"
    assert during and all(s["word"] is None and s["sentence"] == sentence["id"] for s in during), during
    assert len(seen & {w["id"] for w in sentence["words"]}) >= 3, "the sentence's other words were not followed"
