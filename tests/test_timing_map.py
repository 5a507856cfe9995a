"""The timing map has one typed form: every built map reads into it and writes back the same
JSON, and a map that breaks one of its promises is refused when read."""
import json

import pytest
from projects import article_of

from reader.errors import ReaderError
from reader.timing_map import TimingMap, read_map


@pytest.mark.parametrize("lang", ["en", "kk", "kk-Latn", "ru"])
def test_every_built_map_reads_and_writes_back_unchanged(built, lang):
    raw = json.loads(article_of(built).timing_map(lang).read_text(encoding="utf-8"))
    timing = read_map(article_of(built).timing_map(lang))
    assert isinstance(timing, TimingMap) and timing.to_json() == raw
    assert timing.passages[0].sentences[0].words[0].id == "title.s1.w1"


@pytest.mark.parametrize("damage, says", [
    (lambda m: m["passages"][2]["sentences"][0].update(start_ms="soon"), "whole numbers"),
    (lambda m: m["passages"][2]["sentences"][0]["words"][0].update(span=[0, 10**6]), "text span"),
    (lambda m: m.update(duration_ms=1000), "times lie outside"),
    (lambda m: m.pop("audio_key"), "no 'audio_key'"),
    (lambda m: m.update(format="reader-timings/1"), "not a reader-timings/2 map"),
    (lambda m: m["passages"][2]["sentences"][0]["words"][1].update(estimated="maybe"), "must be true or false"),
])
def test_a_map_that_breaks_a_promise_is_refused_naming_it(built, tmp_path, damage, says):
    data = json.loads(article_of(built).timing_map("kk").read_text(encoding="utf-8"))
    damage(data)
    path = tmp_path / "kk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReaderError, match=says):
        read_map(path)


def test_a_word_not_found_in_the_audio_is_marked_alone(built, tmp_path):
    """A narration's unsure word: "estimated" on that word only, read and written back as is."""
    data = json.loads(article_of(built).timing_map("kk").read_text(encoding="utf-8"))
    data["passages"][2]["sentences"][0]["words"][1]["estimated"] = True
    path = tmp_path / "kk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    timing = read_map(path)
    words = timing.passages[2].sentences[0].words
    assert [w.estimated for w in words[:3]] == [False, True, False] and not timing.passages[2].sentences[0].estimated
    assert timing.to_json() == data
