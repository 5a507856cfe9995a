"""`reader export static`: every page as the server renders it, relative URLs, classic script
bundles; tried in Chromium from file:// and from a plain static server under a sub-path, where
the service worker keeps a visited article readable and playable offline."""
import re

import pytest
from browser import own_context

from reader.errors import ReaderError
from reader.export.static_site import classic_bundle, export_static, relative

FIRST_WORD = "() => !!document.querySelector('.is-current-word')"


def test_urls_become_relative_and_folders_get_their_index():
    html = '<a href="/kk/">x</a><script src="/static/abc/r.js"></script><a href="https://example.org/">'
    assert relative(html, 2) == ('<a href="../../kk/index.html">x</a><script src="../../static/abc/r.js"></script>'
                                 '<a href="https://example.org/">')
    assert relative('<a href="/">', 0) == '<a href="./index.html">'


def test_bundles_put_dependencies_first_and_refuse_clashing_names(tmp_path):
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport function a() { return b(); }\n')
    (tmp_path / "b.js").write_text("export function b() { return 1; }\n")
    bundle = classic_bundle(tmp_path, "a.js")
    assert bundle.index("function b()") < bundle.index("function a()") and "import" not in bundle
    assert "export" not in bundle
    (tmp_path / "b.js").write_text("export function b() { return 1; }\nfunction a() {}\n")
    with pytest.raises(ReaderError, match="'a' is also declared"):
        classic_bundle(tmp_path, "a.js")


def test_every_page_is_there_with_no_root_relative_address(site):
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    # the front page, an index per language, and per article its 4 pages and 4 × 3 side by side;
    # then the side-by-side addresses of the days of one article, now pages that lead on
    assert len(pages) == 1 + 4 + 3 * (4 + 4 * 3) + 4 * 3
    assert "kk/aiman-umarova-interview/with-ru/index.html" in pages and "kk/with-ru/index.html" in pages
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(?:href|src|data-[a-z-]+)="/(?!/)', html), page
        for named in re.findall(r'data-(?:discreet-href|neutral-artwork|artwork)="([^"]+)"', html):
            assert (page.parent / named).is_file(), (page, named)   # discreet mode's files are there too
        assert 'type="module"' not in html and "Content-Security-Policy" in html
    assert (site / "sw.js").exists() and (site / "manifest.webmanifest").exists()


def test_a_second_export_replaces_its_own_files_and_keeps_the_users(built, tmp_path):
    """As a GitHub Pages workflow keeps them: a CNAME, .git/, notes. An earlier export's file
    the new one no longer writes goes; nothing else does."""
    import json

    dest = tmp_path / "site"
    export_static(built, dest)
    users = {"CNAME": "reader.example.org\n", ".git/config": "[core]\n", "NOTES.md": "mine\n"}
    for name, text in users.items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text(text)
    marker = json.loads((dest / ".reader-export").read_text())
    (dest / "old" / "gone.html").parent.mkdir()
    (dest / "old" / "gone.html").write_text("from an earlier export")
    marker["files"].append("old/gone.html")
    (dest / ".reader-export").write_text(json.dumps(marker))
    export_static(built, dest)
    assert {name: (dest / name).read_text() for name in users} == users
    assert not (dest / "old").exists() and (dest / "kk" / "index.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert not list(dest.glob(".reader-export-staging-*"))


def test_a_file_of_the_users_where_the_export_would_write_is_refused(built, tmp_path):
    dest = tmp_path / "site"
    export_static(built, dest)
    (dest / "kk" / "index.html").unlink()
    (dest / "kk" / "index.html").mkdir()   # not a file the export wrote
    with pytest.raises(ReaderError, match="the reader did not write what is there"):
        export_static(built, dest)
    assert (dest / "kk" / "index.html").is_dir()


@pytest.mark.browser
def test_the_site_works_from_file_urls(browser, site):
    with own_context(browser, site.as_uri()) as context:
        opened_from_files(context, site)


def opened_from_files(context, site):
    page = context.new_page()
    page.goto((site / "kk" / "aiman-umarova-interview" / "index.html").as_uri())
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    page.click("#p2\\.s1")
    page.wait_for_function(FIRST_WORD)
    page.click("text=Русский >> nth=-1")  # side by side with Russian
    page.wait_for_url("**/kk/aiman-umarova-interview/with-ru/index.html")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    assert page.locator(".column.other").count() == 14
    page.click('nav[aria-label="Тіл"] >> text=English')
    page.wait_for_url("**/en/aiman-umarova-interview/index.html")
    assert context.errors == []


@pytest.mark.browser
def test_an_article_kept_for_offline_reads_and_plays_offline(browser, static_server):
    with own_context(browser, static_server.rsplit("/site", 1)[0]) as context:
        played_offline(context, static_server)


def played_offline(context, static_server):
    page = context.new_page()
    page.goto(f"{static_server}/ru/aiman-umarova-interview/index.html")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    page.click("#display-settings summary")
    page.check("#keep-offline")  # the reader's own choice: nothing is kept without it
    page.wait_for_selector('html[data-offline="ready"]', state="attached", timeout=20000)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    page.click("#p5\\.s1")  # a seek into the audio: the service worker cuts the range from its cache
    page.wait_for_function(FIRST_WORD)
    page.wait_for_function("() => document.querySelector('.is-current-sentence')?.id?.startsWith('p5.')")
    start = page.evaluate("document.querySelector('#player audio').currentTime")
    page.wait_for_function(f"() => document.querySelector('#player audio').currentTime > {start} + 0.5")
    assert context.errors == []
