import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from measure import misplacement
from mutagen.id3 import ID3
from projects import INTERVIEW, article_of

from reader.build import run as pipeline
from reader.build import work
from reader.errors import ReaderError
from reader.files import atomic_write
from reader.mp3 import decode
from reader.settings import LANGUAGES


def load_map(settings, lang):
    return json.loads(article_of(settings).timing_map(lang).read_text(encoding="utf-8"))


def all_words(passage):
    return [w for s in passage["sentences"] for w in s["words"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_passage_sentence_and_word_is_timed_within_the_article_audio(built, lang):
    timing = load_map(built, lang)
    assert timing["format"] == "reader-timings/2" and timing["lang"] == lang
    assert (built.audio / timing["audio"]).exists() and len(timing["passages"]) == 14
    previous_end = 0
    for p in timing["passages"]:
        assert (built.audio / p["audio"]).exists()
        assert p["lang"] == lang and p["status"] in ("reviewed", "source")
        assert p["offset_ms"] >= previous_end  # passages follow each other, a pause between
        for s in p["sentences"]:
            assert s["start_ms"] >= previous_end and s["end_ms"] <= p["offset_ms"] + p["duration_ms"]
            for w in s["words"]:
                assert s["start_ms"] <= w["start_ms"] < w["end_ms"] <= s["end_ms"], w["id"]
                assert w["start_ms"] >= previous_end, w["id"]
                assert isinstance(w["start_ms"], int) and isinstance(w["end_ms"], int)
                assert s["span"][0] <= w["span"][0] < w["span"][1] <= s["span"][1]
                previous_end = w["end_ms"]
        previous_end = p["offset_ms"] + p["duration_ms"]
    assert previous_end <= timing["duration_ms"]  # the last word ends before the audio does


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_passage_plays_in_the_article_audio_where_the_map_says(built, lang):
    """Decode the article MP3 the page plays and find each passage's own PCM in it: the
    offset from where the timing map puts it is the error a listener would see."""
    from reader.build.article_audio import load_pcm
    timing = load_map(built, lang)
    decoded, rate = decode((built.audio / timing["audio"]).read_bytes())
    assert abs(decoded.size * 1000 // rate - timing["duration_ms"]) <= 10
    for p in timing["passages"][::4]:
        pcm = load_pcm(built.audio, Path(p["audio"]).stem)[: rate // 2]
        found = misplacement(decoded, pcm, p["offset_ms"] * rate // 1000, rate // 10)
        assert abs(found) * 1000 // rate <= 10, (p["id"], found)


def test_kazakh_words_are_the_displayed_kazakh_words(built):
    title = load_map(built, "kk")["passages"][0]
    shown = [title["text"][slice(*w["span"])] for w in all_words(title)]
    assert shown[:3] == ["Айман", "Умарова", "айтады"] and "Зорлық-зомбылық" in shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_article_mp3_is_mono_at_most_32_kbps_and_named_by_its_bytes(built, lang):
    import hashlib

    import soundfile
    timing = load_map(built, lang)
    path = built.audio / timing["audio"]
    assert soundfile.info(str(path)).channels == 1
    speech = path.stat().st_size - ID3(str(path)).size   # the audio; the tags (cover, chapters) apart
    assert speech * 8 / timing["duration_ms"] <= 32  # kbit/s
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert timing["audio_sha256"] == digest and timing["audio"] == digest[:20] + ".mp3"


def test_no_passage_is_encoded_to_mp3_only_the_article(built):
    """Each passage is kept as lossless PCM for the article; nothing plays a passage's own MP3."""
    from dataclasses import replace

    articles = {json.loads(one.timing_map(lang).read_text())["audio"] for one in replace(built, source=None).library()
                for lang in LANGUAGES}
    assert {p.name for p in built.audio.glob("*.mp3")} == articles and len(articles) == 9


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_passage_sounds_the_same_whatever_the_process_said_before(built, lang, tmp_path):
    """libespeak-ng keeps state between utterances; the same passage must still give the
    same samples, or two builds of one input would differ (and the audio name would lie)."""
    jobs = pipeline.plan(built, article_of(built), [lang]).jobs[lang]
    job, other = jobs[2], jobs[5]
    work.synthesise(other, tmp_path)
    work.synthesise(job, tmp_path)
    for name in (f"pcm/{job.key}.flac", f"{job.key}.json"):
        assert (tmp_path / name).read_bytes() == (built.audio / name).read_bytes(), name


def test_two_cold_builds_give_the_same_bytes(tmp_path):
    """In-process and in two worker processes, passages land in different processes in a
    different order: the files must not differ by a single byte."""
    from projects import copy_project
    one, two = copy_project(tmp_path / "one"), copy_project(tmp_path / "two")
    pipeline.build(one, ["kk"], workers=1)
    pipeline.build(two, ["kk"], workers=2)

    def files(settings):
        # the stamp (inputs.json) records the files' times, for the next build: not content
        return {p.relative_to(settings.audio): p.read_bytes() for p in settings.audio.rglob("*.*")
                if p.name not in (".build.lock", "inputs.json")}
    assert files(one) == files(two) and len(files(one)) > 20


def test_a_no_op_rebuild_synthesises_nothing_and_rewrites_nothing(project):
    def built_files():
        return {p: p.stat().st_mtime_ns for p in project.audio.rglob("*") if p.name != ".build.lock"}
    before = built_files()
    report = pipeline.build(project)
    assert report.synthesised == 0 and report.maps_written == []
    assert built_files() == before


def test_editing_one_translation_resynthesises_only_that_passage(project):
    path = article_of(project).catalog("ru")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Фото: Юлия Козлова", "Фотография: Юлия Козлова"), encoding="utf-8")
    article_before = load_map(project, "ru")["audio"]
    report = pipeline.build(project)
    assert report.synthesised == 1 and report.maps_written == [f"{INTERVIEW}/ru"]
    assert load_map(project, "ru")["passages"][1]["text"] == "Айман Умарова. Фотография: Юлия Козлова"
    assert load_map(project, "ru")["audio"] != article_before  # the continuous audio follows


def test_a_malformed_catalog_stops_the_build_and_keeps_what_is_served(project):
    served = article_of(project).timing_map("kk").read_bytes()
    path = article_of(project).catalog("kk")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[30] = 'msgstr "unterminated'
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReaderError, match=r"kk.po:31: malformed PO line"):
        pipeline.build(project)
    assert article_of(project).timing_map("kk").read_bytes() == served
    assert all((project.audio / p["audio"]).exists() for p in load_map(project, "kk")["passages"])
    assert (project.audio / load_map(project, "kk")["audio"]).exists()


def test_an_interrupted_write_leaves_the_old_file_and_no_partial_one(tmp_path, monkeypatch):
    target = tmp_path / "a.mp3"
    target.write_bytes(b"old")
    real_fdopen = os.fdopen

    class DiesHalfway:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise KeyboardInterrupt  # as if the build were stopped mid-write

    monkeypatch.setattr("reader.files.os.fdopen", lambda fd, mode: DiesHalfway(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new audio")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.mp3"]


def test_english_fallback_is_spoken_in_english(project):
    path = article_of(project).catalog("kk")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "Айман Умарова. Фото: Юлия Козлова"', 'msgstr ""'), encoding="utf-8")
    pipeline.build(project)
    caption = load_map(project, "kk")["passages"][1]
    english = load_map(project, "en")["passages"][1]
    assert (caption["status"], caption["lang"], caption["audio"]) == ("missing", "en", english["audio"])


def test_an_unknown_language_lists_the_supported_ones(built):
    with pytest.raises(ReaderError, match="unknown language 'de'; supported: en, kk, ru"):
        pipeline.build(built, ["de"])


def test_a_passage_with_nothing_to_say_is_named(project):
    path = article_of(project).catalog("kk")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "Айман Умарова. Фото: Юлия Козлова"', 'msgstr "— … —"'), encoding="utf-8")
    with pytest.raises(ReaderError, match=r"passage caption \(kk\): no words to speak"):
        pipeline.build(project)


def test_a_new_speaking_rate_re_speaks_the_language_slower(project, monkeypatch):
    """The rate is part of every audio key: a new one re-speaks the language, and the map says
    which rate it was spoken at."""
    from reader.speech.espeak_ng import EspeakEngine

    before = load_map(project, "ru")
    monkeypatch.setitem(EspeakEngine.RATES, "ru", 140)
    report = pipeline.build(project, ["ru"], workers=1)
    after = load_map(project, "ru")
    assert report.synthesised == len(after["passages"])
    assert after["engine"]["voice"] == "ru, 140 words a minute" and before["engine"]["voice"] == "ru"
    assert after["duration_ms"] > before["duration_ms"] * 1.1


def test_a_pause_between_words_re_speaks_the_language_with_it(project, monkeypatch):
    """A word gap (measured by benchmarks/espeak_intelligibility.py, none by default) is in
    every audio key and the map, and lengthens the speech by about that much a word."""
    from reader.speech.espeak_ng import EspeakEngine

    before = load_map(project, "ru")
    monkeypatch.setitem(EspeakEngine.WORD_GAPS_MS, "ru", 30)
    report = pipeline.build(project, ["ru"], workers=1)
    after = load_map(project, "ru")
    assert report.synthesised == len(after["passages"])
    assert after["engine"]["voice"] == "ru, 30 ms between words"
    gaps = sum(len(s["words"]) - 1 for p in after["passages"] for s in p["sentences"])
    assert after["duration_ms"] - before["duration_ms"] > 20 * gaps


def test_a_build_with_nothing_to_do_imports_no_audio_machinery(project):
    """`reader build` when nothing changed decides from the stamps alone: numpy, soundfile, the
    workers and the speech engines' audio code are never imported (they were 0.17 s of every
    such build). How long it takes is the benchmark's figure."""
    command = [sys.executable, "-X", "importtime", "-c", "from reader.cli import main; main()",
               "--root", str(project.root), "build"]
    env = {**os.environ, "READER_ENGINE": "espeak"}
    subprocess.run(command, env=env, capture_output=True, check=True)      # whatever the copy needs
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")}
    assert "reader.build.run" in imported and "Built 0 passage" in second.stdout + second.stderr
    assert not {"numpy", "soundfile", "reader.build.work", "reader.build.article_audio"} & imported


def test_building_one_language_after_all_of_them_plans_nothing(project, monkeypatch):
    """A stamp is per language: `reader build --lang kk` after a build of every language finds
    kk as it was, and goes no further than the stamps."""
    from reader.build import work

    pipeline.build(replace(project, source=None))              # every article, every language
    planned = []
    monkeypatch.setattr(work, "make", lambda *args, **kwargs: planned.append(args) or (0, [], []))
    assert pipeline.build(project, ["kk"]).maps_written == [] and planned == []
