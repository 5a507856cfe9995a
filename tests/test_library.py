"""A library of articles (issue 18, item 1): content/<slug>.md each with its own catalogs in
translations/<slug>/, built together or one at a time, listed newest first at /<lang>/, each
at /<lang>/<slug>/, and the addresses of the days of one article still answering."""
import io
import json
import re
import shutil
from dataclasses import replace

import pytest
from browser import own_context
from projects import INTERVIEW, REPO, article_of

from reader.build.run import build
from reader.cli import main
from reader.errors import ReaderError
from reader.settings import Settings
from reader.web import create_app

SAMPLE = "listening-in-three-languages"
SAFETY = "reading-safely"


def library(settings: Settings) -> Settings:
    return replace(settings, source=None)


def test_the_index_lists_every_article_newest_first(client):
    html = client.get("/en/").get_data(as_text=True)
    titles = re.findall(r'<h2 id="title-([a-z0-9-]+)"><a href="/en/\1/"', html)
    # dated ones newest first (2026-11-30, 2026-11-25), the undated interview last
    assert titles == [SAFETY, SAMPLE, INTERVIEW]
    assert '<time datetime="2026-11-25">November 25, 2026</time>' in html
    assert "The reader&#39;s developers" in html
    assert html.count("Listening time: about ") == 3
    # the interview's content note is on the index too, before anyone opens it
    interview = html[html.index(f'id="title-{INTERVIEW}"'):]
    assert "Content note" in interview and "sexual violence" in interview


def test_the_index_says_which_translations_are_reviewed(client, project):
    kk = client.get("/kk/").get_data(as_text=True)
    assert kk.count("Аударма тексерілген") == 1 and "Аударма әлі тексерілмеген" not in kk   # the interview
    assert kk.count("Аударманы ана тілі ретінде сөйлейтін редактор әлі тексермеген") == 2    # ours
    assert "Қараша" in kk or "қараша" in kk                      # the date in Kazakh (CLDR)
    assert "Мақалалар" in kk
    from reader.translation import catalog as po

    path = article_of(project).catalog("kk")
    catalog = po.load(path, "kk")
    po.by_passage(catalog)["p3"].flags.add("fuzzy")             # a machine draft, not reviewed
    po.save(catalog, path)
    build(project, ["kk"])
    from reader.web import create_app

    kk = create_app({"READER_ROOT": str(project.root)}).test_client().get("/kk/").get_data(as_text=True)
    entry = kk[kk.index(f'id="title-{INTERVIEW}"'):]
    assert entry.index("Аударма әлі тексерілмеген") < entry.index("</article>")
    assert kk.count("Аударма тексерілген") == 0          # the only reviewed one now has a machine draft


@pytest.mark.parametrize("lang", ["en", "kk", "kk-Latn", "ru"])
def test_each_article_lives_at_its_own_address(client, lang):
    for slug in (INTERVIEW, SAMPLE, SAFETY):
        page = client.get(f"/{lang}/{slug}/")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert f'data-timings="/{lang}/{slug}/timings.json"' in html
        assert client.get(f"/{lang}/{slug}/timings.json").json["slug"] == slug
        # switching language keeps the article
        assert f'href="/ru/{slug}/"' in html and f'href="/kk/{slug}/"' in html
    assert client.get(f"/{lang}/no-such-article/").status_code == 404


@pytest.mark.parametrize("old, new", [
    ("/ru/?with=en", f"/ru/{INTERVIEW}/?with=en"),
    ("/kk/with-ru/", f"/kk/{INTERVIEW}/with-ru/"),
    ("/en/timings.json", f"/en/{INTERVIEW}/timings.json"),
    ("/kk-Latn/article.vtt", f"/kk-Latn/{INTERVIEW}/article.vtt"),
])
def test_addresses_of_one_article_days_move_permanently_to_the_first_article(client, old, new):
    response = client.get(old)
    assert response.status_code == 308 and response.headers["Location"] == new
    assert client.get(new).status_code == 200


def test_details_are_read_from_the_article(tmp_path):
    from reader.source import read_article

    source = tmp_path / "a.md"
    source.write_text("# Title\n\nDate: 2020-12-01\nAuthor: UN Women\n\nText.\n")
    article = read_article(source)
    assert (article.date, article.author) == ("2020-12-01", "UN Women")
    assert [p.id for p in article.passages] == ["title", "p1"]     # details are not passages


@pytest.mark.parametrize("text, message", [
    ("# T\n\nDate: 1 December 2020\n\nText.\n", r"a\.md:3: Date: '1 December 2020' is not a date written YYYY-MM-DD"),
    ("# T\n\nDate: 2020-02-30\n\nText.\n", r"a\.md:3: Date: '2020-02-30' is not a date"),
    ("# T\n\nDate: 2020-12-01\nWritten by me\n\nText.\n", r"a\.md:3: 'Written by me': a block of details holds only"),
    ("# T\n\nAuthor: A\n\nAuthor: B\n\nText.\n", r"a\.md:5: a second 'Author:' line"),
    ("Date: 2020-12-01\n\n# T\n", r"a\.md:1: the article must start with its title"),
])
def test_bad_details_are_one_line_naming_the_line(tmp_path, text, message):
    from reader.source import read_article

    source = tmp_path / "a.md"
    source.write_text(text)
    with pytest.raises(ReaderError, match=message):
        read_article(source)


def test_an_article_is_built_or_checked_alone_with_article(runner, project):
    result = runner.invoke(main, ["--root", str(project.root), "status", "--article", SAFETY])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{SAFETY}:\n") and INTERVIEW not in result.output
    result = runner.invoke(main, ["--root", str(project.root), "build", "--article", "nope"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: no article 'nope' in {project.root / 'content'}; the articles are: {INTERVIEW}, {SAMPLE}, {SAFETY}"]


def test_a_change_rebuilds_only_its_article(project):
    whole = library(project)
    assert build(whole).maps_written == []                           # nothing changed: nothing planned
    source = project.root / "content" / f"{SAFETY}.md"
    source.write_text(source.read_text().replace("with headphones", "with earphones"))
    report = build(whole, ["en"])
    assert report.synthesised == 1 and report.maps_written == [f"{SAFETY}/en"]
    assert build(whole, ["en"]).maps_written == []


def test_a_damaged_file_is_built_again_though_no_input_changed(project):
    """The stamp that spares a no-op build its planning notices a built file changed since."""
    from reader.build.integrity import problems
    from reader.timing_map import read_map

    whole = library(project)
    article = whole.library().article(SAMPLE)
    mp3 = whole.audio / read_map(article.timing_map("ru")).audio
    mp3.write_bytes(mp3.read_bytes()[:1000])
    assert problems(article)
    build(whole)
    assert not problems(article)


@pytest.mark.parametrize("which", ["mp3", "pcm"])
def test_a_file_damaged_in_place_with_its_time_put_back_is_built_again(project, which):
    """Same size, same time, other bytes: the stamp compares contents, not size and time (the
    damaged MP3 was served under its immutable name)."""
    import os

    from reader.build.integrity import problems
    from reader.timing_map import read_map

    whole = library(project)
    article = whole.library().article(SAMPLE)
    timing = read_map(article.timing_map("ru"))
    path = whole.audio / (timing.audio if which == "mp3" else timing.passages[1].audio)
    before, state = path.read_bytes(), path.stat()
    damaged = bytearray(before)
    damaged[len(damaged) // 2: len(damaged) // 2 + 64] = bytes(64)
    path.write_bytes(bytes(damaged))
    os.utime(path, ns=(state.st_atime_ns, state.st_mtime_ns))
    assert which == "pcm" or problems(article)
    build(whole)
    assert path.read_bytes() == before and not problems(article)


def test_a_catalog_edit_rebuilds_that_language(project):
    from reader.translation import catalog as po

    whole = library(project)
    article = whole.library().article(SAFETY)
    path = article.catalog("ru")
    catalog = po.load(path, "ru")
    po.by_passage(catalog)["p5"].string = "Вместо чтения можно слушать в\u00a0наушниках."
    po.save(catalog, path)
    report = build(whole)
    assert report.synthesised == 1 and report.maps_written == [f"{SAFETY}/ru"]


def test_a_one_article_project_keeps_its_catalogs_where_they_were(tmp_path, runner):
    """Made before libraries: content/<one>.md and translations/kk.po. It builds and checks as
    it did; a second article then asks, in one line, for the catalogs to be moved."""
    shutil.copytree(REPO / "samples" / SAMPLE, tmp_path / "p")
    root = tmp_path / "p"
    settings = Settings(root, engine="espeak")
    assert article_of(settings).catalog("kk") == root / "translations" / "kk.po"
    result = runner.invoke(main, ["--root", str(root), "status", "--check"])
    assert result.exit_code == 0, result.output
    (root / "content" / "second.md").write_text("# Second\n\nText.\n")
    result = runner.invoke(main, ["--root", str(root), "status"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {root / 'translations' / 'kk.po'}: in a library each article has its own catalogs; move it to "
        f"translations/<slug>/kk.po for the article it translates (e.g. {root / 'translations' / SAMPLE / 'kk.po'})"]
    assert (root / "translations" / "kk.po").exists()                # nothing moved or lost


@pytest.mark.parametrize("name, message", [
    ("pcm.md", r"pcm\.md: an article's file name is its address"),
    ("with-ru.md", r"with-ru\.md: an article's file name is its address"),
    ("Интервью.md", r"Интервью\.md: an article's file name is its address"),
])
def test_an_unusable_file_name_is_one_line(tmp_path, name, message):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / name).write_text("# T\n\nText.\n")
    with pytest.raises(ReaderError, match=message):
        Settings(tmp_path).library()


def test_file_names_become_addresses(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "Why We Listen.md").write_text("# T\n\nText.\n")
    assert [a.slug for a in Settings(tmp_path).library()] == ["why-we-listen"]
    (tmp_path / "content" / "why-we-listen.txt").write_text("T\n\nText.\n")
    with pytest.raises(ReaderError, match=r"why-we-listen\.txt: has the same address \(why-we-listen\) as Why We"):
        Settings(tmp_path).library()


def test_prune_removes_what_no_article_uses_and_keeps_the_users(project):
    from reader.build.prune import prune

    whole = library(project)
    old_map = project.audio / "en.json"                          # a map of the days of one article
    shutil.copy(article_of(project).timing_map("en"), old_map)
    mine = project.audio / "notes" / "en.json"                   # the user's, named like a map
    mine.parent.mkdir()
    mine.write_text('{"my": "notes"}')
    (project.root / "content" / f"{SAFETY}.md").unlink()         # an article withdrawn
    removed = {p.relative_to(project.audio).as_posix() for p in prune(whole)}
    assert "en.json" in removed and f"{SAFETY}/en.json" in removed and f"{SAFETY}/inputs.json" in removed
    assert not (project.audio / SAFETY).exists()
    assert mine.read_text() == '{"my": "notes"}'
    assert article_of(project).timing_map("en").exists() and whole.library().article(SAMPLE).timing_map("kk").exists()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "kk", "kk-Latn", "ru"])
def test_the_index_is_accessible_and_leads_to_each_article(page, live_server, lang):
    from browser import axe_violations

    page.goto(f"{live_server}/{lang}/")
    assert axe_violations(page) == ""
    assert page.locator("main h1").count() == 1 and page.locator("main ul.library > li h2 a").count() == 3
    assert page.is_visible(".exit-this-page")
    page.keyboard.press("Tab")                                   # the skip link comes first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.click(f"#title-{SAFETY} a")
    page.wait_for_url(f"**/{lang}/{SAFETY}/")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")


@pytest.mark.browser
@pytest.mark.parametrize("address", ["/ru/#p3.s1", "/kk-Latn/#p3.s1"])
def test_a_sentence_link_of_one_article_days_opens_that_sentence(page, live_server, address):
    """/ru/#p3.s1 named a sentence of the one article there was: the index sends it on, in place
    of itself in the history."""
    page.goto(live_server + "/en/")
    page.goto(live_server + address)
    lang = address.split("/")[1]
    page.wait_for_url(f"{live_server}/{lang}/{INTERVIEW}/#p3.s1")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    page.wait_for_function("() => document.activeElement.id === 'p3.s1'")
    page.go_back()
    assert page.url == live_server + "/en/"                      # not the index it passed through


@pytest.mark.browser
def test_the_exported_index_works_from_files(browser, site):
    with own_context(browser, site.as_uri()) as context:
        page = context.new_page()
        page.goto((site / "kk" / "index.html").as_uri())
        page.click(f"#title-{SAMPLE} a")
        page.wait_for_url(f"**/kk/{SAMPLE}/index.html")
        page.wait_for_selector('#player[data-ready="true"]', state="attached")
        page.goto((site / "ru" / "index.html").as_uri() + "#p3.s1")
        page.wait_for_url(f"**/ru/{INTERVIEW}/index.html#p3.s1")
        page.goto((site / "en" / "with-ru" / "index.html").as_uri())   # an address of one article days
        page.wait_for_url(f"**/en/{INTERVIEW}/with-ru/index.html")
        assert context.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("address", [f"/ru/{SAMPLE}/", f"/kk-Latn/{SAFETY}/", f"/en/{SAFETY}/embed"])
def test_every_article_plays_in_sync(page, live_server, address):
    """The sync and the accessibility the interview's pages are held to, on the other articles,
    a Latin page and an embed page."""
    import json

    from browser import axe_violations, sample_sync

    page.goto(live_server + address)
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    assert axe_violations(page) == ""
    timings = json.loads(page.evaluate("fetch(document.getElementById('player').dataset.timings).then(r => r.text())"))
    page.click("#p1\\.s1")                                         # play from the first paragraph
    sample_sync(page, timings)


def test_a_cover_of_the_operators_is_noticed_by_a_no_op_build(project):
    """The MP3 carries the cover: adding one re-tags the article without any text changing."""
    import io

    from mutagen.id3 import ID3
    from PIL import Image

    from reader.timing_map import read_map

    whole = library(project)
    before = read_map(article_of(project).timing_map("en")).audio
    (project.root / "content" / "covers").mkdir()
    picture = io.BytesIO()
    Image.new("RGB", (1400, 1400), (120, 20, 60)).save(picture, format="PNG")
    (project.root / "content" / "covers" / f"{INTERVIEW}.png").write_bytes(picture.getvalue())
    report = build(whole, ["en"])
    after = read_map(article_of(project).timing_map("en")).audio
    assert report.synthesised == 0 and after != before
    cover = ID3(str(project.audio / after)).getall("APIC")[0].data
    shown = Image.open(io.BytesIO(cover)).convert("RGB").getpixel((300, 300))
    assert all(abs(a - b) <= 4 for a, b in zip(shown, (120, 20, 60), strict=True))      # the operator's picture


def test_stray_entries_in_the_covers_folder_stop_nothing(project):
    """Only the covers the reader uses count: a dangling link, a folder, a FIFO and a large
    TIFF beside them neither stop a build nor the server, and change nothing built."""
    import os

    whole = library(project)
    before = read_map_audio(project)
    covers = project.root / "content" / "covers"
    covers.mkdir()
    (covers / "gone.png").symlink_to(covers / "nowhere.png")
    (covers / "old.png").mkdir()
    os.mkfifo(covers / "pipe.png")
    (covers / "scan.tiff").write_bytes(b"II*\0" + bytes(70 * 1024 * 1024))
    report = build(whole, ["en"])
    assert report.synthesised == 0 and read_map_audio(project) == before      # nothing re-tagged
    client = create_app({"READER_ROOT": str(project.root)}).test_client()
    assert client.get(f"/en/{INTERVIEW}/").status_code == 200
    assert client.get("/en/cover.png").status_code == 200


def test_a_cover_of_another_kind_than_its_name_is_refused_in_one_line(project):
    from PIL import Image

    covers = project.root / "content" / "covers"
    covers.mkdir()
    picture = io.BytesIO()
    Image.new("RGB", (1400, 1400), (120, 20, 60)).save(picture, format="JPEG")
    (covers / f"{INTERVIEW}.png").write_bytes(picture.getvalue())
    with pytest.raises(ReaderError, match=rf"covers/{INTERVIEW}\.png: a JPEG image named \.png; rename it "
                                          rf"{INTERVIEW}\.jpg"):
        build(library(project), ["en"])


def read_map_audio(project):
    from reader.timing_map import read_map

    return read_map(article_of(project).timing_map("en")).audio


def test_a_translation_no_native_speaker_has_read_is_not_called_reviewed(client, runner, built):
    """Our own translations of "Reading and listening safely" are flagged unreviewed in their
    catalogs: the index and `reader status` say so (they said 8 of 8 reviewed)."""
    for lang, says in (("ru", "Перевод ещё не проверен редактором-носителем языка"),
                       ("kk", "Аударманы ана тілі ретінде сөйлейтін редактор әлі тексермеген")):
        html = client.get(f"/{lang}/").get_data(as_text=True)
        entry = html[html.index(f'id="title-{SAFETY}"'):html.index(f'id="title-{SAMPLE}"')]
        assert says in entry and "Перевод проверен" not in entry and "Аударма тексерілген" not in entry
    result = runner.invoke(main, ["--root", str(built.root), "status", "--article", SAFETY, "--json"])
    counts = {s["lang"]: s["translations"] for s in json.loads(result.output)}
    assert counts["ru"]["reviewed"] == counts["kk"]["reviewed"] == 0
    assert counts["ru"]["unreviewed"] == counts["kk"]["unreviewed"] == 11
