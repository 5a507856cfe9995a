"""A Kazakh article spoken by an installed Piper voice, played in Chromium: the words are
highlighted from the voice's own durations, and the voice is credited on the page."""
import pytest
from browser import axe_violations, open_reader, sample_sync
from click.testing import CliRunner
from piper_voices import build_voice
from projects import copy_project, served

from reader.build.run import build
from reader.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """This module's server: the project with a synthetic Kazakh voice installed, kk built with it."""
    root = tmp_path_factory.mktemp("voiced")
    settings = copy_project(root / "project")
    voice = build_voice(root / "download")
    assert CliRunner().invoke(main, ["--root", str(settings.root), "voices", "install", str(voice)]).exit_code == 0
    build(settings, ["kk"], engine="piper")
    with served(settings.root) as address:
        yield address


def test_the_voice_s_words_are_highlighted_as_it_speaks_them(page, live_server):
    timings = open_reader(page, live_server, "kk")
    assert timings["engine"]["name"] == "piper"
    page.click("#p1\\.s1")
    sample_sync(page, timings)


def test_the_voice_is_credited_in_the_footer_and_the_page_stays_accessible(page, live_server):
    open_reader(page, live_server, "kk")
    credit = page.locator(".voice-credit")
    assert credit.inner_text().startswith("Дауыс: Piper voice kk_KZ-synthetic-medium")
    assert axe_violations(page) == ""
