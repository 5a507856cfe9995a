"""Interface catalogs are text, not HTML (issue 17, item 5): a translator's string is escaped
like the article's, a lone % cannot break a page, and a broken placeholder is named by
`reader status --check` while the page shows the English string."""
import re
import threading

import pytest
from browser import own_context
from click.testing import CliRunner
from projects import url
from werkzeug.serving import make_server

from reader.cli import main
from reader.export.static_site import export_static
from reader.translation import catalog as po
from reader.web import create_app

EVIL = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'


def with_ui_strings(project, lang, strings):
    """The project's own interface catalog for `lang`: the product's, with these msgstrs."""
    path = project.translations / "ui" / f"{lang}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = po.load(project.ui_catalog(lang), lang)
    for english, translated in strings.items():
        catalog[english].string = translated
    po.save(catalog, path)
    return path


def test_a_percent_sign_in_a_translation_does_not_break_the_page_or_the_export(project, tmp_path):
    with_ui_strings(project, "kk", {"Text size": "Мәтін өлшемі, %"})
    client = create_app({"READER_ROOT": str(project.root)}).test_client()
    page = client.get(url("kk"))
    assert page.status_code == 200 and "Мәтін өлшемі, %" in page.get_data(as_text=True)
    assert export_static(project, tmp_path / "site") > 0


def test_html_in_a_translation_is_shown_as_text(project):
    with_ui_strings(project, "ru", {"Text size": EVIL})
    html = create_app({"READER_ROOT": str(project.root)}).test_client().get(url("ru")).get_data(as_text=True)
    assert "&lt;meta http-equiv=&#34;refresh&#34;" in html
    assert not re.search(r"<meta[^>]+refresh", html)


@pytest.mark.browser
def test_html_in_a_translation_sends_no_reader_elsewhere(project, browser):
    with_ui_strings(project, "ru", {"Text size": EVIL, "Exit this page": EVIL})
    server = make_server("127.0.0.1", 0, create_app({"READER_ROOT": str(project.root)}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with own_context(browser, base) as context:
            page = context.new_page()
            page.goto(f"{base}/ru/aiman-umarova-interview/")
            page.wait_for_timeout(1500)   # the refresh would have fired at 0 s
            assert page.url.endswith(url("ru")) and context.left == []
            assert page.locator("meta[http-equiv]").count() == 0
            assert EVIL in page.inner_text(".exit-this-page")
    finally:
        server.shutdown()


def test_a_broken_placeholder_shows_english_and_status_check_names_it(project):
    path = with_ui_strings(project, "kk", {"Listening time: about %(duration)s": "Тыңдау уақыты: %(uzaqtyq)s",
                                           "Paragraph %(number)s": "%(number)s-абзац, 100%"})
    page = create_app({"READER_ROOT": str(project.root)}).test_client().get(url("kk"))
    assert page.status_code == 200 and "Listening time: about" in page.get_data(as_text=True)
    result = CliRunner().invoke(main, ["--root", str(project.root), "status", "--check"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if str(path) in line]
    assert len(lines) == 2, result.output
    assert any("must keep the placeholders of its English: %(duration)s" in line for line in lines)
    assert any("has a % that is no placeholder; write it as %%" in line for line in lines)


def test_the_shipped_interface_catalogs_have_whole_placeholders(project):
    for lang in ("kk", "ru"):
        path = project.ui_catalog(lang)
        assert po.placeholder_problems(po.load(path, lang), str(path)) == []


def test_status_check_passes_on_the_shipped_catalogs(project):
    result = CliRunner().invoke(main, ["--root", str(project.root), "status", "--check"])
    assert result.exit_code == 0, result.output

