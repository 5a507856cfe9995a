"""Piper voices (issue 13): installed from files, used for their language, word times from the
voice's own durations. The voices are synthetic (tests/piper_voices.py): each phoneme id lasts
a known number of frames, and the sound is silent in word gaps."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner
from measure import integrated_loudness, true_peak_dbtp
from piper_voices import build_voice, expected_starts
from projects import INTERVIEW, article_of, copy_project, url

from reader.build.run import build
from reader.cli import main
from reader.segment import segment
from reader.speech.piper_tts import PiperEngine
from reader.timing_map import read_map

CARD = "# Model card\n\n## Dataset\n\n* URL: https://github.com/IS2AI/Kazakh_TTS\n* License: CC BY 4.0\n"


@pytest.fixture(scope="module")
def voices(tmp_path_factory):
    folder = tmp_path_factory.mktemp("voices")
    return {"kk": build_voice(folder / "kk", card=CARD),
            "en": build_voice(folder / "en", "en_US-synthetic-medium", "en-us", "en"),
            "ru": build_voice(folder / "ru", "ru_RU-synthetic-medium", "ru", "ru", speakers=3),
            "plain": build_voice(folder / "plain", "kk_KZ-plain-medium", with_durations=False)}


def speak(model, text, lang, spoken=None):
    engine = PiperEngine(model)
    sentence = segment(text, lang, "p1")[0]
    spans = [(w.span[0] - sentence.span[0], w.span[1] - sentence.span[0]) for w in sentence.words]
    return engine, engine.speak(text, spans, lang, spoken), [text[a:b] for a, b in spans]


def group_starts(phonemes: list[str]) -> list[int]:
    """Index of the first phoneme of each space-separated group."""
    return [i for i, p in enumerate(phonemes) if p != " " and (i == 0 or phonemes[i - 1] == " ")]


def test_each_word_starts_at_the_sample_the_voice_gives_its_first_phoneme(voices):
    """Kazakh: a hyphenated word (one group), a number (four groups: бір мың тоғыз жүз…), a comma."""
    text = "Зорлық-зомбылық туралы үндемеу, 1990 жылы басталды."
    engine, utterance, words = speak(voices["kk"], text, "kk")
    phonemes = engine.phonemes(text)
    at = expected_starts(phonemes, engine._load().config.phoneme_id_map)
    groups = group_starts(phonemes)
    per_word = [len("".join(engine.phonemes(w)).split()) for w in words]
    assert per_word == [1, 1, 1, 4, 1, 1]
    first_group = np.cumsum([0, *per_word[:-1]])
    assert list(utterance.word_starts) == [at[groups[g]] for g in first_group]
    assert not utterance.estimated


def test_words_espeak_runs_together_still_start_where_their_own_phonemes_do(voices):
    """English "in the" is one group, "ɪnðə": "the" starts at ð, not with "in"."""
    text = "In the words of a lawyer, there have been attempts."
    engine, utterance, words = speak(voices["en"], text, "en")
    phonemes = engine.phonemes(text)
    joined = "".join(phonemes)
    assert "ɪnðə" in joined and "hɐvbɪn" in joined
    at = expected_starts(phonemes, engine._load().config.phoneme_id_map)
    starts = dict(zip(words, utterance.word_starts, strict=True))
    assert starts["the"] == at[joined.index("ðə")]
    assert starts["been"] == at[joined.index("bɪn")]
    assert starts["words"] == at[joined.index("wˈɜː")]
    assert list(utterance.word_starts) == sorted(utterance.word_starts)


def test_a_spoken_form_from_the_lexicon_is_what_the_voice_says_for_its_word(voices):
    text = "Ms. Umarova spoke."
    engine, utterance, words = speak(voices["en"], text, "en", ["Miz", "Umarova", "spoke"])
    phonemes = engine.phonemes("Miz Umarova spoke.")
    at = expected_starts(phonemes, engine._load().config.phoneme_id_map)
    assert list(utterance.word_starts) == [at[i] for i in group_starts(phonemes)]


def test_a_multi_speaker_voice_speaks_with_its_default_speaker(voices, tmp_path):
    """The synthetic voice makes speaker n (n + 1) times as loud: the config's default
    speaker is the one heard."""
    _, first, words = speak(voices["ru"], "Насилие не должно замалчиваться.", "ru")
    third = build_voice(tmp_path, "ru_RU-synthetic-medium", "ru", "ru", speakers=3, default_speaker=2)
    _, loud, _ = speak(third, "Насилие не должно замалчиваться.", "ru")
    assert len(first.word_starts) == len(words) == 4 and first.word_starts == loud.word_starts
    assert np.abs(loud.pcm).max() / np.abs(first.pcm).max() == pytest.approx(3, rel=0.01)


def test_a_voice_without_a_duration_tensor_falls_back_to_alignment_and_says_so(voices):
    """The synthetic sound is a tone, nothing like speech: the aligner cannot trust it."""
    _, utterance, words = speak(voices["plain"], "Зорлық туралы үндемеу.", "kk")
    assert utterance.estimated and len(utterance.word_starts) == len(words)


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_install_checks_and_copies_the_voice_and_list_names_its_credit(voices, tmp_path):
    result = invoke(tmp_path, "voices", "install", str(voices["kk"]))
    assert result.exit_code == 0, result.output
    assert "Installed kk_KZ-synthetic-medium (kk, medium, 22050 Hz" in result.output
    installed = sorted(p.name for p in (tmp_path / "voices").iterdir())
    assert installed == ["kk_KZ-synthetic-medium.card", "kk_KZ-synthetic-medium.onnx",
                         "kk_KZ-synthetic-medium.onnx.json", "kk_KZ-synthetic-medium.sha256"]
    listing = invoke(tmp_path, "voices", "list").output
    assert "* kk  kk_KZ-synthetic-medium  medium  22050 Hz  synthetic, https://github.com/IS2AI/Kazakh_TTS" in listing
    assert "licence CC BY 4.0" in listing
    again = invoke(tmp_path, "voices", "install", str(voices["kk"]))
    assert again.exit_code == 0 and "Already installed" in again.output


def test_a_voice_without_a_model_card_installs_with_its_licence_unknown(voices, tmp_path):
    result = invoke(tmp_path, "voices", "install", str(voices["en"]))
    assert result.exit_code == 0 and "licence unknown" in result.output


@pytest.mark.parametrize("damage, fault", [
    ("no config", ".onnx.json: missing"),
    ("bad json", ".onnx.json: not a Piper voice config"),
    ("not onnx", ".onnx: not an ONNX model"),
    ("german", "the voice speaks 'de'"),
])
def test_a_missing_corrupt_or_mismatched_voice_is_one_line_naming_the_file(voices, tmp_path, damage, fault):
    source = tmp_path / "download"
    shutil.copytree(voices["kk"].parent, source)
    model = source / voices["kk"].name
    config = model.with_name(model.name + ".json")
    if damage == "no config":
        config.unlink()
    elif damage == "bad json":
        config.write_text("{not json", encoding="utf-8")
    elif damage == "not onnx":
        model.write_bytes(b"<html>404 Not Found</html>" * 4)
    else:
        data = json.loads(config.read_text(encoding="utf-8"))
        data["language"] = {"family": "de"}
        config.write_text(json.dumps(data), encoding="utf-8")
    result = invoke(tmp_path / "project", "voices", "install", str(model))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {source}") and fault in lines[0]
    assert not (tmp_path / "project" / "voices").exists()


def test_a_different_voice_under_an_installed_name_is_refused_and_the_installed_one_kept(voices, tmp_path):
    invoke(tmp_path, "voices", "install", str(voices["kk"]))
    before = (tmp_path / "voices" / voices["kk"].name).read_bytes()
    other = build_voice(tmp_path / "other", amplitude=0.5)
    result = invoke(tmp_path, "voices", "install", str(other))
    assert result.exit_code == 1 and "a different voice file of that name is installed" in result.output
    assert (tmp_path / "voices" / voices["kk"].name).read_bytes() == before


@pytest.fixture
def voiced(tmp_path, voices):
    settings = copy_project(tmp_path / "project")
    assert invoke(settings.root, "voices", "install", str(voices["kk"])).exit_code == 0
    return settings


def test_an_installed_voice_speaks_its_language_and_its_timings_are_the_models(voiced, monkeypatch):
    """Built as `reader build` does (auto: the voice for kk, espeak-ng for the others here),
    each Kazakh word starts in the decoded article MP3 where the map says, to within 10 ms:
    every word after a gap starts with sound after the voice's silence."""
    from reader.mp3 import decode

    build(voiced, ["kk", "en"], engine="piper")
    timing = read_map(article_of(voiced).timing_map("kk"))
    assert timing.engine.name == "piper" and timing.engine.voice == "kk_KZ-synthetic-medium"
    assert timing.engine.licence == "CC BY 4.0"
    assert read_map(article_of(voiced).timing_map("en")).engine.name == "espeak-ng"
    pcm, rate = decode((voiced.audio / timing.audio).read_bytes())
    pcm = pcm if pcm.ndim == 1 else pcm[:, 0]
    loud = np.abs(pcm.astype(np.int32)) > 1000
    checked = 0
    for passage in timing.passages:
        for sentence in passage.sentences:
            for word in sentence.words[1:]:
                at = word.start_ms * rate // 1000
                onset = at - 20 * rate // 1000 + int(np.argmax(loud[at - 20 * rate // 1000:]))
                if loud[at - 30 * rate // 1000: at - 12 * rate // 1000].any():
                    continue          # no gap before it (a hyphen, a number's groups): nothing to see
                assert abs(onset - at) * 1000 // rate <= 10, (word.id, onset, at)
                checked += 1
    assert checked > 200
    assert integrated_loudness(pcm / 32768, rate) == pytest.approx(-16, abs=1)   # at the norm too
    assert true_peak_dbtp(pcm / 32768) <= -1


def test_the_voice_is_credited_on_the_page_in_the_epub_the_static_site_and_status(voiced, tmp_path):
    from reader.web import create_app

    build(voiced, ["kk"], engine="piper")
    page = create_app({"READER_ROOT": str(voiced.root), "TESTING": True}).test_client().get(url("kk")).text
    assert 'Дауыс: <span lang="en">Piper voice kk_KZ-synthetic-medium (synthetic, ' \
           'https://github.com/IS2AI/Kazakh_TTS, licence CC BY 4.0)</span>' in page
    epub = tmp_path / "kk.epub"
    assert invoke(voiced.root, "export", "epub", "--article", INTERVIEW, "--lang", "kk", str(epub)).exit_code == 0
    import zipfile
    opf = zipfile.ZipFile(epub).read("EPUB/package.opf").decode()
    assert "<meta property=\"media:narrator\">Piper voice kk_KZ-synthetic-medium" in opf
    site = tmp_path / "site"
    assert invoke(voiced.root, "export", "static", str(site)).exit_code == 0
    page = (site / "kk" / INTERVIEW / "index.html").read_text(encoding="utf-8")
    assert "Piper voice kk_KZ-synthetic-medium" in page
    status = invoke(voiced.root, "status", "--lang", "kk").output
    assert "built (Piper voice kk_KZ-synthetic-medium (synthetic, https://github.com/IS2AI/Kazakh_TTS, " \
           "licence CC BY 4.0))" in status


def test_a_new_voice_file_respeaks_only_its_language(voiced, voices):
    from reader.build.plan import plan

    build(voiced, ["kk", "ru"], engine="piper")
    before = plan(voiced, article_of(voiced), ["kk", "ru"], engines={"kk": "piper", "ru": "espeak-ng"})
    config = voiced.voice_folder / "kk_KZ-synthetic-medium.onnx.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    data["inference"]["length_scale"] = 1.1
    config.write_text(json.dumps(data), encoding="utf-8")
    after = plan(voiced, article_of(voiced), ["kk", "ru"], engines={"kk": "piper", "ru": "espeak-ng"})
    assert all(a.key != b.key for a, b in zip(after.jobs["kk"], before.jobs["kk"], strict=True))
    assert [j.key for j in after.jobs["ru"]] == [j.key for j in before.jobs["ru"]]
    report = build(voiced, ["kk", "ru"], engine="piper")
    assert report.synthesised == len(after.jobs["kk"])


def test_engine_espeak_still_forces_espeak_where_a_voice_is_installed(voiced):
    build(voiced, ["kk"], engine="espeak")
    assert read_map(article_of(voiced).timing_map("kk")).engine.name == "espeak-ng"


def test_a_damaged_installed_voice_stops_the_build_with_one_line_naming_it(voiced):
    model = voiced.voice_folder / "kk_KZ-synthetic-medium.onnx"
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    result = invoke(voiced.root, "build", "--lang", "kk", "--engine", "piper")
    assert result.exit_code == 1
    error = result.output.strip().splitlines()[-1]
    assert error.startswith("Error: passage") and str(model) in error and "reinstall it" in error


def test_a_sentence_sounds_the_same_whatever_was_said_before_it(tmp_path):
    """A VITS voice draws noise; onnxruntime's generator runs on from one sentence to the next,
    so the same sentence came out different after another one. The engine feeds noise seeded
    by the sentence itself."""
    noisy = build_voice(tmp_path, "kk_KZ-noisy-medium", noisy=True)
    engine, first, _ = speak(noisy, "Зорлық-зомбылық туралы үндемеу.", "kk")
    sentence = segment("Ол заңгер.", "kk", "p2")[0]
    engine.speak("Ол заңгер.", [(w.span[0], w.span[1]) for w in sentence.words], "kk")
    sentence = segment("Зорлық-зомбылық туралы үндемеу.", "kk", "p1")[0]
    again = engine.speak("Зорлық-зомбылық туралы үндемеу.", [w.span for w in sentence.words], "kk")
    assert np.array_equal(first.pcm, again.pcm)
    _, fresh, _ = speak(noisy, "Зорлық-зомбылық туралы үндемеу.", "kk")
    assert np.array_equal(first.pcm, fresh.pcm)
    assert np.abs(first.pcm).max() > 0.3 * 32767 * 1.05     # the noise is there: the tone alone peaks at 0.3


def test_an_untranslated_passage_in_a_voiced_language_is_spoken_in_its_own_language(tmp_path, voices):
    """Edit an English passage: until its Kazakh is reviewed again, the Kazakh page shows and
    speaks the English. The Kazakh voice cannot say it: espeak-ng does, at its own rate,
    brought to the 16 kHz of this (low quality) Kazakh voice's article."""
    settings = copy_project(tmp_path / "project")
    low = build_voice(tmp_path / "low", "kk_KZ-synthetic-low", rate=16000)
    assert invoke(settings.root, "voices", "install", str(low)).exit_code == 0
    source = settings.source
    source.write_text(source.read_text(encoding="utf-8").replace("lawyer", "attorney", 1), encoding="utf-8")
    build(settings, ["kk"], engine="piper")
    timing = read_map(article_of(settings).timing_map("kk"))
    english = [p for p in timing.passages if p.lang == "en"]
    assert english and all(p.engine == "espeak-ng" for p in english)
    assert {p.engine for p in timing.passages if p.lang == "kk"} == {"piper"}
    from reader.mp3 import decode
    pcm, rate = decode((settings.audio / timing.audio).read_bytes())
    assert rate == 16000 and abs(pcm.shape[0] * 1000 // rate - timing.duration_ms) <= 60


def test_a_voice_without_piper_installed_is_one_line_saying_how_to_install_it(voiced, monkeypatch):
    import importlib.metadata

    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    monkeypatch.setattr("reader.speech.engines._engines", {})
    result = invoke(voiced.root, "build", "--lang", "kk", "--engine", "piper")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].endswith(
        "Piper voices need the piper-tts package: pip install 'reader[voices]' (make run installs it)")
