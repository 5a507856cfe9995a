import json
import re
import xml.etree.ElementTree as ET

import pytest
import webvtt
from projects import INTERVIEW, article_of, url

from reader.cli.main import main
from reader.publish.formats import smil
from reader.publish.formats import webvtt as vtt
from reader.publish.formats.base import clock
from reader.timing_map import read_map

SMIL = "{http://www.w3.org/ns/SMIL}"


def load(built, lang):
    return json.loads(article_of(built).timing_map(lang).read_text(encoding="utf-8"))


def ms(timestamp):
    h, m, s = timestamp.split(":")
    return (int(h) * 3600 + int(m) * 60) * 1000 + round(float(s) * 1000)


def test_clock_is_exact_from_integer_milliseconds():
    assert clock(0) == "00:00:00.000" and clock(3_723_045) == "01:02:03.045"


@pytest.mark.parametrize("lang", ["en", "kk", "kk-Latn", "ru"])
def test_webvtt_parses_back_with_every_sentence_and_word_time(built, lang):
    timing = load(built, lang)
    captions = webvtt.from_string(vtt.render(read_map(article_of(built).timing_map(lang))))
    sentences = [(p, s) for p in timing["passages"] for s in p["sentences"]]
    assert len(captions) == len(sentences)
    for caption, (passage, s) in zip(captions, sentences, strict=True):
        assert caption.identifier == s["id"]
        assert (ms(caption.start), ms(caption.end)) == (s["start_ms"], s["end_ms"])
        assert caption.text.replace("\n", " ") == passage["text"][slice(*s["span"])]
        stamps = [ms(t) for t in re.findall(r"<(\d\d:\d\d:\d\d\.\d\d\d)>", caption.raw_text)]
        assert stamps == sorted(set(stamps)) and all(s["start_ms"] < t < s["end_ms"] for t in stamps)
        assert set(stamps) <= {w["start_ms"] for w in s["words"]}
        assert len(stamps) >= len(s["words"]) - 2  # only words sharing a start or at the cue's edge go without


@pytest.mark.parametrize("level", ["sentence", "word"])
def test_smil_media_overlay_points_at_page_ids_and_audio_clips(built, client, level):
    timing = load(built, "kk")
    root = ET.fromstring(smil.render(read_map(article_of(built).timing_map("kk")), level=level))
    assert root.get("version") == "3.0"
    pars = root.findall(f".//{SMIL}par")
    items = [x for p in timing["passages"] for s in p["sentences"] for x in (s["words"] if level == "word" else [s])]
    assert len(pars) == len(items)
    page_ids = set(re.findall(r'id="([^"]+)"', client.get(url("kk")).get_data(as_text=True)))
    for par, item in zip(pars, items, strict=True):
        text, audio = par.find(f"{SMIL}text"), par.find(f"{SMIL}audio")
        assert text.get("src") == f"article.xhtml#{item['id']}" and item["id"] in page_ids
        assert audio.get("src") == timing["audio"]
        assert (ms(audio.get("clipBegin")), ms(audio.get("clipEnd"))) == (item["start_ms"], item["end_ms"])


def test_export_command_writes_each_format(runner, built, tmp_path):
    out = tmp_path / "kk.mp3"
    result = runner.invoke(main, ["--root", str(built.root), "export", "mp3", "--article", INTERVIEW, "--lang", "kk",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (built.audio / load(built, "kk")["audio"]).read_bytes()
    vtt = runner.invoke(main, ["--root", str(built.root), "export", "vtt", "--article", INTERVIEW,
                               "--lang", "ru"]).output
    assert vtt.startswith("WEBVTT\n\ntitle.s1\n00:00:00.000 --> ")
    exported = json.loads(runner.invoke(main, ["--root", str(built.root), "export", "json", "--article", INTERVIEW,
                                               "--lang", "en"]).output)
    assert exported == load(built, "en")


def test_export_errors_are_one_line(runner, built, tmp_path):
    result = runner.invoke(main, ["--root", str(built.root), "export", "vtt", "--article", INTERVIEW, "--lang", "de"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: unknown language 'de'; supported: en, kk, kk-Latn, ru"
    result = runner.invoke(main, ["--root", str(tmp_path), "export", "smil", "--lang", "kk"])
    assert result.exit_code == 1 and "kk is not built yet; run: reader build" in result.output


def test_page_offers_downloads_and_a_captions_track(client):
    html = client.get(url("ru")).get_data(as_text=True)
    article = json.loads(client.get(url("ru", "timings.json")).data)["audio"]
    assert (f'<a href="/audio/{article}" download="aiman-umarova-interview-ru.mp3"\n'
            f'       data-discreet-href="/audio/plain/{article}" data-discreet-download="audio-ru.mp3">аудио (MP3)</a>'
            ) in html
    assert f'<track kind="captions" src="{url("ru", "article.vtt")}" srclang="ru"' in html
    response = client.get(url("ru", "article.vtt"))
    assert response.status_code == 200 and response.mimetype == "text/vtt"
    assert client.get("/de/article.vtt").status_code == 404


def test_every_format_in_the_table_is_offered_everywhere(runner, built, client, site):
    """The format table (reader/publish/formats/) is the one list: each format is a choice of
    `reader export` that writes the same bytes the server serves, and each file beside a page
    is served with its media type and written by the static export for every article."""
    from reader.publish.formats import FORMATS, PAGE_FILES

    for name, form in FORMATS.items():
        out = built.root.parent / f"exported.{form.extension}"
        result = runner.invoke(main, ["--root", str(built.root), "export", name, "--article", INTERVIEW,
                                      "--lang", "kk", "-o", str(out)])
        assert result.exit_code == 0 and out.stat().st_size > 100, (name, result.output)
        if form.page_file:
            served = client.get(f"/kk/{INTERVIEW}/{form.page_file}")
            assert served.status_code == 200 and served.mimetype == form.media_type.split(";")[0]
            assert served.data == out.read_bytes(), name
        out.unlink()
    for article in built.library():
        for lang in ("en", "kk", "kk-Latn", "ru"):
            for page_file in PAGE_FILES:
                assert (site / lang / article.slug / page_file).stat().st_size > 0, (article.slug, lang, page_file)
