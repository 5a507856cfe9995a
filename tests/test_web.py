import json
import re

import pytest
from projects import article_of, url


def asset(client, name):
    """The versioned address the page itself uses for a static file."""
    html = client.get(url("en")).get_data(as_text=True)
    return re.search(r'"(/static/[0-9a-f]{12}/)reader\.css"', html).group(1) + name


def timing(client, lang):
    return json.loads(client.get(f"/{lang}/aiman-umarova-interview/timings.json").data)


@pytest.mark.parametrize("header, lang", [("ru-RU,ru;q=0.9,en;q=0.5", "ru"), ("kk", "kk"),
                                          ("de-DE,kk;q=0.5", "kk"), ("fr", "en"), (None, "en")])
def test_root_redirects_to_the_best_language(client, header, lang):
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.status_code == 302 and response.location.endswith(f"/{lang}/")


@pytest.mark.parametrize("lang", ["en", "kk", "kk-Latn", "ru"])
def test_reader_page_is_an_article_whose_words_are_the_timed_words(client, lang):
    html = client.get(f"/{lang}/aiman-umarova-interview/").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert html.count("<h1") == 1 and "<blockquote" in html and "<article" in html
    words = re.findall(r'<span class="w" id="([^"]+)">([^<]+)</span>', html)
    expected = [(w["id"], p["text"][slice(*w["span"])])
                for p in timing(client, lang)["passages"] for s in p["sentences"] for w in s["words"]]
    assert [(i, t.replace("&#39;", "'")) for i, t in words] == expected


def test_page_language_names_come_in_their_own_language(client):
    html = client.get(url("en")).get_data(as_text=True)
    for name in ("English", "Қазақ тілі", "Русский"):
        assert name in html


def test_interface_is_translated(client):
    assert "Мақаланы тыңдау" in client.get(url("kk")).get_data(as_text=True)
    assert "Слушать статью" in client.get(url("ru")).get_data(as_text=True)


def test_page_makes_no_third_party_requests(client):
    """Nothing the page loads comes from elsewhere; the one outside address is the quick exit,
    a place the reader chooses to go, never fetched by the page."""
    html = client.get(url("kk")).get_data(as_text=True)
    assert not re.search(r'src="(https?:)?//', html)
    assert set(re.findall(r'href="((?:https?:)?//[^"]*)"', html)) == {"https://www.bbc.co.uk/weather"}


def test_unknown_language_is_a_404_page_in_the_readers_style(client):
    response = client.get("/de/")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and "reader.css" in html and 'href="/kk/"' in html


def test_audio_supports_range_requests(client):
    name = timing(client, "kk")["audio"]
    whole = client.get(f"/audio/{name}")
    assert whole.status_code == 200 and whole.mimetype == "audio/mpeg"
    part = client.get(f"/audio/{name}", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == whole.data[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.data)}"
    assert client.get(f"/audio/{name}", headers={"Range": "bytes=999999999-"}).status_code == 416


@pytest.mark.parametrize("path", ["/audio/../translations/kk.po", "/audio/kk.json", "/audio/%2e%2e%2fkk.po",
                                  "/audio/0123456789abcdef0123.wav"])
def test_only_built_mp3s_are_served_as_audio(client, path):
    assert client.get(path).status_code == 404


def test_untranslated_passage_is_english_and_marked(tmp_path, project):
    from reader.build.run import build
    from reader.web import create_app
    path = article_of(project).catalog("ru")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "Айман Умарова. Фото: Юлия Козлова"', 'msgstr ""'),
                    encoding="utf-8")
    build(project, ["ru"])
    html = create_app({"READER_ROOT": str(project.root)}).test_client().get(url("ru")).get_data(as_text=True)
    assert re.search(r'<p class="caption" data-passage="caption" data-label="Подпись к\u00a0фото" lang="en">', html)
    assert "Перевод ещё не готов: текст показан на английском." in html


def test_page_before_any_build_says_how_to_build(tmp_path):
    from reader.web import create_app
    client = create_app({"READER_ROOT": str(tmp_path)}).test_client()
    assert client.get(url("kk")).status_code == 404                   # no such article
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "aiman-umarova-interview.md").write_text("# T\n\nText.\n")
    response = client.get(url("kk"))
    assert response.status_code == 503 and "reader build" in response.get_data(as_text=True)
    response = client.get("/kk/")
    assert response.status_code == 200 and "reader build" in response.get_data(as_text=True)


def test_the_only_live_region_is_the_players_status_line(client):
    """The highlight is never announced: one polite status line, which the scripts fill only
    after a listener's action (the browser tests check that playing leaves it alone)."""
    html = client.get(url("ru")).get_data(as_text=True)
    assert html.count('role="status"') == 1 and "aria-live" not in html and 'role="alert"' not in html
    for name in ("highlight.js", "timeline.js", "sentences.js", "follow.js"):
        script = client.get(asset(client, name)).get_data(as_text=True)
        assert "aria-live" not in script and "ariaLive" not in script and "textContent" not in script, name


def test_static_assets_are_served_from_this_server(client):
    assert client.get(asset(client, "reader.css")).status_code == 200
    assert client.get(asset(client, "reader.js")).mimetype in ("text/javascript", "application/javascript")


def test_kazakh_pages_offer_both_scripts(client):
    cyrillic = client.get(url("kk")).get_data(as_text=True)
    latin = client.get(url("kk-Latn")).get_data(as_text=True)
    assert '<html lang="kk-Latn">' in latin
    for html in (cyrillic, latin):
        assert f'href="{url("kk")}" lang="kk"' in html and "Кирилл жазуы" in html
        assert f'href="{url("kk-Latn")}" lang="kk-Latn"' in html and "Latyn jazuy" in html
    assert '<span class="w" id="title.s1.w1">Aiman</span> <span class="w" id="title.s1.w2">Umarova</span>' in latin
    assert "Maqalany tyñdau" in latin  # the interface, transliterated too
    assert 'class="languages scripts"' not in client.get(url("ru")).get_data(as_text=True)  # no script switcher


def test_accept_language_can_ask_for_latin_kazakh(client):
    assert client.get("/", headers={"Accept-Language": "kk-Latn"}).location.endswith("/kk-Latn/")


@pytest.mark.parametrize("lang, phrase", [("en", "Listening time: about "), ("ru", "Время прослушивания: примерно "),
                                          ("kk", "Тыңдау уақыты: шамамен "), ("kk-Latn", "Tyñdau uaqyty: şamamen ")])
def test_listening_time_is_worded_per_locale(client, lang, phrase):
    from datetime import timedelta

    from babel.dates import format_timedelta

    from reader.translation.script import to_latin
    total = timing(client, lang)["duration_ms"]
    duration = format_timedelta(timedelta(milliseconds=total), locale=lang[:2], format="long", threshold=1.1)
    expected = phrase + (to_latin(duration) if lang == "kk-Latn" else duration)
    assert expected in client.get(f"/{lang}/aiman-umarova-interview/").get_data(as_text=True)


def test_a_stale_translation_is_never_shown(project):
    from reader.build.run import build
    from reader.translation import catalog as po
    from reader.web import create_app
    source = project.source
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Additionally, existing laws often", "Additionally, the existing laws often"), encoding="utf-8")
    build(project, ["ru"])
    entry = po.by_passage(po.load(article_of(project).catalog("ru"), "ru"))["p4"]
    assert entry.fuzzy and entry.previous_id[0].startswith("Additionally, existing laws")
    html = create_app({"READER_ROOT": str(project.root)}).test_client().get(url("ru")).get_data(as_text=True)
    assert '<p data-passage="p4" data-label="Абзац 3" lang="en">' in html and "действующие законы" not in html
    assert "Перевод обновляется: текст показан на английском." in html


def test_every_response_keeps_the_referrer_private(client):
    for path in (url("kk"), asset(client, "reader.js"), "/nowhere", url("ru", "timings.json")):
        assert client.get(path).headers["Referrer-Policy"] == "no-referrer"


def test_every_page_has_the_quick_exit_and_the_reader_a_content_note(client):
    for path in (url("kk"), url("en"), "/nowhere/"):
        html = client.get(path).get_data(as_text=True)
        assert 'class="exit-this-page" href="https://www.bbc.co.uk/weather" rel="nofollow noreferrer"' in html
    html = client.get(url("ru")).get_data(as_text=True)
    assert "Беттен шығу" in client.get(url("kk")).get_data(as_text=True)
    assert html.index('id="content-note"') < html.index('id="article"')
    assert "сексуальном насилии" in html and "Читать дальше" in html and "«ООН-женщины». Фото: Юлия Козлова." in html


def test_nothing_is_hidden_from_screen_readers_and_no_tab_order_is_forced(client):
    for path in (url("kk"), url("ru", "?with=en")):
        html = client.get(path).get_data(as_text=True)
        hidden = re.findall(r'<(\w+)[^>]*aria-hidden="true"', html)
        assert set(hidden) == {"svg"}  # decorative icons only
        assert not re.search(r'tabindex="[1-9]', html)


def test_every_passage_says_its_language(client):
    """The page's lang covers its passages; an English fallback or the other column says its own."""
    html = client.get(url("kk", "?with=ru")).get_data(as_text=True)
    assert '<html lang="kk">' in html and html.count('<div class="column other" lang="ru">') == 14


def test_a_map_replaced_while_its_page_renders_is_not_cached_as_the_new_one(project, monkeypatch):
    """The page's cache key took the map's time after the article was read: a build replacing
    the map in between left the old page cached under the new map's time, served until the next
    build."""
    import json
    import os

    from reader.web import create_app
    from reader.web.views import article as views  # where the page looks its article up

    client = create_app({"READER_ROOT": str(project.root)}).test_client()
    path = article_of(project).timing_map("en")
    real = views.servable_article

    def build_finishes_meanwhile(lang, slug):
        article = real(lang, slug)
        if lang == "en" and not hasattr(build_finishes_meanwhile, "done"):
            build_finishes_meanwhile.done = True
            data = json.loads(path.read_text())
            title = data["passages"][0]
            title["text"] = title["text"].upper()   # the same spans: the map stays whole
            for sentence in title.get("sentences", []):
                if "text" in sentence:
                    sentence["text"] = sentence["text"].upper()
            build_finishes_meanwhile.title = title["text"]
            path.write_text(json.dumps(data))
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        return article

    monkeypatch.setattr(views, "servable_article", build_finishes_meanwhile)
    client.get(url("en"))   # rendered from the article read before the map changed
    assert build_finishes_meanwhile.title in client.get(url("en")).get_data(as_text=True)
