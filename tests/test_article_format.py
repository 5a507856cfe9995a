"""Any article in the documented format (reader/source/marked.py) builds and reads like the
interview: the second sample article, its own catalogs, notes shown but never spoken."""
import shutil

import pytest
from projects import REPO, article_of

from reader.cli.main import main
from reader.errors import ReaderError
from reader.settings import Settings
from reader.source.marked import parse_marked

SAMPLE = REPO / "samples" / "listening-in-three-languages"


def test_each_marker_gives_its_kind_and_id():
    article = parse_marked("# A title\n\nCaption: A photo\n\nStandfirst: In short.\n\nContent note: Hard topics."
                           "\n\nFirst\nparagraph, hard-wrapped.\n\n> A quote\n> on two lines.\n\nSecond.\n\n"
                           "More: Elsewhere.\n\nBio: About her.\n\nCredits: First published here.\n")
    assert [(p.id, p.kind) for p in article.passages] == [
        ("title", "title"), ("caption", "caption"), ("standfirst", "standfirst"), ("content-note", "content-note"),
        ("p1", "interview"), ("p2", "pullquote"), ("p3", "interview"), ("more", "more"), ("bio", "bio"),
        ("credits", "credits")]
    assert article.get("p1").text == "First paragraph, hard-wrapped."
    assert article.get("p2").text == "A quote on two lines."
    assert article.get("title").text == "A title"


def test_a_paragraph_that_merely_starts_with_a_word_and_colon_stays_a_paragraph():
    article = parse_marked("# T\n\nNote: this is the body.\n")
    assert article.get("p1").text == "Note: this is the body."


@pytest.mark.parametrize("raw, message", [
    ("A paragraph first.\n\n# Title\n", r"a.md:1: the article must start with its title"),
    ("# T\n\nCaption: one\n\nBody.\n\nCaption: two\n", r"a.md:7: a second 'caption' block"),
    ("# T\n\nBio:\n", r"a.md:3: a 'bio' block with no text"),
    ("\n\n", r"a.md: no text found"),
])
def test_bad_articles_are_one_line_naming_file_and_line(raw, message):
    with pytest.raises(ReaderError, match=message):
        parse_marked(raw, "a.md")


def test_a_source_without_root_makes_its_folder_the_project(tmp_path):
    settings = Settings.from_env(None, SAMPLE / "content" / "listening-in-three-languages.md")
    assert settings.root == SAMPLE and article_of(settings).catalog("kk") == SAMPLE / "translations" / "kk.po"
    assert article_of(settings).slug == "listening-in-three-languages"
    (tmp_path / "content").mkdir()
    for name in ("one.md", "two.md"):
        (tmp_path / "content" / name).write_text("# T\n", encoding="utf-8")
    with pytest.raises(ReaderError, match=r"several articles \(one.md, two.md\); choose one with --article SLUG"):
        Settings(tmp_path).library().only()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample article copied and built with `reader --source FILE build`."""
    from click.testing import CliRunner
    root = tmp_path_factory.mktemp("sample") / "listening"
    for part in ("content", "translations"):
        shutil.copytree(SAMPLE / part, root / part)
    source = root / "content" / "listening-in-three-languages.md"
    result = CliRunner().invoke(main, ["--source", str(source), "build"])
    assert result.exit_code == 0, result.output
    return Settings.from_env(None, source)


def test_the_sample_builds_with_its_own_reviewed_catalogs(sample, runner):
    result = runner.invoke(main, ["--source", str(sample.source), "status", "--check"])
    assert result.exit_code == 0, result.output
    assert "kk (published): 7 passages + 1 note; 8 reviewed" in result.output
    assert all(article_of(sample).timing_map(lang).exists() for lang in ("en", "kk", "kk-Latn", "ru"))


def test_the_sample_page_has_its_credits_no_content_note_and_the_interface_translated(sample):
    from reader.web import create_app
    client = create_app({"READER_ROOT": str(sample.root)}).test_client()
    html = client.get("/kk/listening-in-three-languages/").get_data(as_text=True)
    assert "<h1" in html and "Үш тілде тыңдау және оқу" in html
    assert 'id="content-note"' not in html
    assert "Бағдарламаның құжаттамасы үшін жазылды, 2026" in html  # credits, from the article's catalog
    assert "Мақаланы тыңдау" in html  # the interface, from the product's catalogs
    assert 'download="listening-in-three-languages-kk.mp3"' in html
    spoken = client.get("/kk/listening-in-three-languages/timings.json").json
    assert [p["id"] for p in spoken["passages"]] == ["title", "standfirst", "p1", "p2", "p3", "p4", "bio"]
    assert spoken["notes"]["credits"]["status"] == "reviewed"


@pytest.mark.browser
def test_the_sample_opens_without_a_gate_and_plays(browser, sample):
    import threading

    from werkzeug.serving import make_server

    from reader.web import create_app
    server = make_server("127.0.0.1", 0, create_app({"READER_ROOT": str(sample.root)}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/ru/listening-in-three-languages/")
        page.wait_for_selector('#player[data-ready="true"]', state="attached")
        assert page.is_visible("#article h1") and page.is_visible("#player")
        page.click("#p1\\.s2")
        page.wait_for_function("() => document.querySelector('.is-current-word')?.id?.startsWith('p1.s2.')")
        assert all(url.startswith(f"http://127.0.0.1:{server.server_port}/") for url in requested), requested
    finally:
        page.close()
        server.shutdown()
