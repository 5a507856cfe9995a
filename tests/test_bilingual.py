"""The bilingual view: two languages side by side, passage by passage, sentence by sentence."""
import re

import pytest
from browser import axe_violations, css_id, no_horizontal_scroll, open_reader
from projects import url

PLAYING = "() => !document.querySelector('#player audio').paused"


def matches(html):
    return dict(re.findall(r'<span class="s" id="([^"]+)"(?: data-start="\d+")? data-match="([^"]+)"', html))


def test_passages_stand_in_pairs_with_each_column_in_its_language(client):
    html = client.get(url("kk", "?with=ru")).get_data(as_text=True)
    pairs = re.findall(r'<div class="pair">\s*<div class="column">\s*<\w+ [^>]*data-passage="([^"]+)"'
                       r'.*?<div class="column other" lang="ru">\s*<\w+ [^>]*data-twin="([^"]+)"', html, re.S)
    assert len(pairs) == len(client.get(url("kk", "timings.json")).json["passages"]) and all(a == b for a, b in pairs)
    assert html.count("<h1") == 1  # the other column's title is not a second h1


def test_every_sentence_has_a_twin_in_the_other_language_and_back(client):
    found = matches(client.get(url("ru", "?with=en")).get_data(as_text=True))
    mains = {k: v for k, v in found.items() if not k.startswith("alt.")}
    others = {k: v for k, v in found.items() if k.startswith("alt.")}
    assert mains and others
    assert all(v in others for v in mains.values()) and all(v in mains for v in others.values())
    assert mains["p1.s2"] == "alt.p1.s2"
    # English has 4 sentences in the standfirst, Russian 5: matched by position, in order
    standfirst = [mains[f"standfirst.s{i}"] for i in range(1, 6)]
    assert standfirst[0] == "alt.standfirst.s1" and standfirst[-1] == "alt.standfirst.s4"
    assert standfirst == sorted(standfirst)


def test_sentences_split_differently_are_matched_by_position():
    from reader.timing_map import PassageTiming, SentenceTiming
    from reader.web.bilingual import match_sentences

    def passage(text, cuts):
        spans = list(zip([0, *cuts], [*cuts, len(text)], strict=True))
        sentences = tuple(SentenceTiming(f"p.s{i + 1}", span, 0, 0, ()) for i, span in enumerate(spans))
        return PassageTiming("p", "interview", "en", "source", text, "espeak-ng", "", 0, 0, sentences)

    one = passage("A long first sentence; and its end. A second.", [35])
    three = passage("Long first. Its end. A second one.", [11, 20])
    assert match_sentences(three, one) == {"p.s1": "p.s1", "p.s2": "p.s1", "p.s3": "p.s2"}
    split = match_sentences(one, three)  # the long sentence is told in two: either is its twin
    assert split["p.s1"] in ("p.s1", "p.s2") and split["p.s2"] == "p.s3"


@pytest.mark.parametrize("query", ["?with=de", "?with=kk", "?with=../en"])
def test_a_bilingual_view_that_cannot_be_is_a_404(client, query):
    assert client.get(f"/kk/aiman-umarova-interview/{query}").status_code == 404


def test_the_language_picker_is_plain_links(client):
    html = client.get(url("en")).get_data(as_text=True)
    assert re.search(r'<a href="/en/aiman-umarova-interview/\?with=kk-Latn" lang="kk-Latn" hreflang="kk-Latn">'
                     r'Qazaq tılı \(Latyn jazuy\)</a>', html)
    paired = client.get(url("en", "?with=ru")).get_data(as_text=True)
    assert f'href="{url("en", "?with=ru")}" lang="ru" hreflang="ru" aria-current="page"' in paired
    assert f'<a href="{url("ru", "?with=en")}">Listen in the other language: Русский</a>' in paired
    assert client.get(url("en", "with-ru/")).get_data(as_text=True).count('class="column other" lang="ru"') == 14


@pytest.mark.browser
def test_the_matching_sentence_is_marked_in_the_other_language(page, live_server):
    open_reader(page, live_server, "kk", "?with=ru")
    page.click("#p2\\.s2")
    page.wait_for_selector("#p2\\.s2.is-current-sentence")
    page.wait_for_selector(css_id("alt.p2.s2") + ".is-matching-sentence")
    assert page.eval_on_selector_all(".is-matching-sentence", "es => es.length") == 1
    assert axe_violations(page) == ""


@pytest.mark.browser
def test_a_click_in_the_other_column_plays_its_twin(page, live_server):
    timings = open_reader(page, live_server, "ru", "?with=en")
    page.click(css_id("alt.p7.s3"))
    page.wait_for_function(PLAYING)
    page.wait_for_selector("#p7\\.s3.is-current-sentence")
    start = next(p for p in timings["passages"] if p["id"] == "p7")["sentences"][2]["start_ms"]
    assert page.evaluate("document.querySelector('#player audio').currentTime * 1000") >= start - 50


@pytest.mark.browser
@pytest.mark.parametrize("width, side_by_side", [(1280, True), (360, False)])
def test_columns_side_by_side_or_stacked_on_a_narrow_screen(page, live_server, width, side_by_side):
    page.set_viewport_size({"width": width, "height": 800})
    open_reader(page, live_server, "en", "?with=kk")
    x = page.eval_on_selector("[data-twin=p1]", "e => e.getBoundingClientRect().left")
    main_x = page.eval_on_selector("#article [data-passage=p1]", "e => e.getBoundingClientRect().left")
    assert (x > main_x + 200) == side_by_side
    assert no_horizontal_scroll(page)
