"""An ear for what we publish: `reader check speech` runs faster-whisper's
real code on a tiny Whisper model built here, which hears every window as "сәлем әлем бүгін
привет мир" (tests/whisper_models.py): so each figure below is known in advance."""
import json

import numpy as np
import pytest
import soundfile
from whisper_models import build_whisper

from reader.check import scoring
from reader.cli import main
from reader.timing_map import read_map

HEARD = "сәлем әлем бүгін привет мир"
ARTICLE = """# Сәлем әлем

Сәлем, әлем! Бүгін привет мир.

Сәлем әлем кеше привет мир 2018.
"""


@pytest.fixture(scope="module")
def ear(tmp_path_factory):
    return build_whisper(tmp_path_factory.mktemp("whisper") / "tiny")


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    """A one-article project built in English (espeak-ng speaks whatever it is given)."""
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("ear-project")
    (root / "content").mkdir()
    (root / "content" / "ear.md").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(root), "build", "--lang", "en"], env={"READER_ENGINE": "espeak"})
    assert result.exit_code == 0, result.output
    return root


def check(runner, root, model, *args):
    return runner.invoke(main, ["--root", str(root), "check", "speech", "--asr", str(model), *args])


def test_each_passage_is_scored_against_what_was_heard(runner, spoken, ear):
    result = check(runner, spoken, ear, "--lang", "en", "--json")
    assert result.exit_code == 0, result.output
    [language] = json.loads(result.output[result.output.index("["):])
    title, p1, p2 = language["passages"]
    assert [p["heard"] for p in (title, p1, p2)] == [HEARD] * 3
    assert (p1["wer"], p1["cer"]) == (0, 0)                                  # case and punctuation aside
    assert title["wer"] == 1.5 and title["cer"] == 17 / 10                    # three words too many: past 100 %
    assert p2["wer"] == 2 / 6 and p2["wer_without_numbers"] == 1 / 5
    assert p2["misheard"] == [["кеше", "бүгін"], ["2018", ""]]
    assert language["most_misheard"] == [["кеше", 1], ["2018", 1]]
    total = scoring.Score(0, 0, 0, 0)
    for text in ("Сәлем әлем", "Сәлем, әлем! Бүгін привет мир.", "Сәлем әлем кеше привет мир 2018."):
        total += scoring.score(scoring.words(text), scoring.words(HEARD))
    assert language["cer"] == total.cer and language["wer"] == total.wer     # weighed by length


@pytest.fixture
def transcribed(monkeypatch):
    """Every call of faster-whisper's transcribe, as (audio, options), passed on to the real one."""
    from faster_whisper import WhisperModel

    calls = []
    real = WhisperModel.transcribe

    def recording(self, audio, **options):
        calls.append((audio, options))
        return real(self, audio, **options)
    monkeypatch.setattr(WhisperModel, "transcribe", recording)
    return calls


def test_decoding_is_the_same_every_time(runner, spoken, ear, transcribed):
    """The same figures twice, and asked for as deterministic decoding is: the tiny model's
    script would repeat under any decoding, so the options faster-whisper receives are checked."""
    first, second = (check(runner, spoken, ear, "--lang", "en", "--json").output for _ in range(2))
    assert first == second
    asked = [options for _, options in transcribed]
    assert len(asked) == 6 and all(kw == asked[0] for kw in asked)
    assert asked[0]["temperature"] == 0.0 and asked[0]["beam_size"] == 5          # one temperature: no fallback
    assert asked[0]["condition_on_previous_text"] is False and asked[0]["vad_filter"] is False
    assert asked[0]["no_speech_threshold"] is None                                # no window dropped as silence
    assert asked[0]["compression_ratio_threshold"] is None and asked[0]["log_prob_threshold"] is None
    assert asked[0]["language"] == "en"


def test_the_text_report_puts_the_worst_passage_first(runner, spoken, ear):
    result = check(runner, spoken, ear, "--lang", "en")
    lines = result.output.splitlines()
    summary = next(line for line in lines if line.startswith("ear en: "))
    assert "WER" in summary and "without numbers" in summary and "3 passages" in summary
    passages = [line.strip() for line in lines if line.startswith("  p") or line.startswith("  title")]
    assert passages[0].startswith("title: CER 170.0 %") and passages[1].startswith("p2: ")
    assert "кеше → бүгін" in passages[1] and "2018 → (nothing)" in passages[1]


def test_a_threshold_fails_the_run_for_ci(runner, spoken, ear):
    passing = check(runner, spoken, ear, "--lang", "en", "--threshold", "100")
    assert passing.exit_code == 0, passing.output
    failing = check(runner, spoken, ear, "--lang", "en", "--threshold", "5")
    assert failing.exit_code == 1 and "Not understood enough: ear en: CER" in failing.output


@pytest.mark.parametrize("problem", ["no folder", "not a model", "not built"])
def test_what_cannot_be_checked_is_one_line(runner, spoken, ear, tmp_path, problem):
    model, langs = ear, ["--lang", "en"]
    if problem == "no folder":
        model = tmp_path / "nowhere"
    elif problem == "not a model":
        model = tmp_path
    else:
        langs = ["--lang", "ru"]
    result = check(runner, spoken, model, *langs)
    assert result.exit_code == 1
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("Error: ") and {"no folder": "no such folder", "not a model": "not a Whisper model",
                                          "not built": "ru is not built yet"}[problem] in line


def test_both_sides_are_normalised_alike():
    assert scoring.words("Ёлка, «ёж» — It’s well-known!") == ["елка", "еж", "it's", "well-known"]
    assert scoring.words("browser’s") == scoring.words("Browser's")
    assert scoring.score(["a", "b", "c"], ["a", "x", "c", "d"]).wer == 2 / 3
    assert scoring.misheard(["a", "b", "c"], ["a", "c"]) == [("b", "")]


def test_the_ear_is_given_each_passage_own_audio_at_16_khz(runner, spoken, ear, transcribed):
    """The tiny model hears the same words whatever it is given, so what it is given is checked:
    each passage's own samples, as float at Whisper's 16 kHz, neither silence nor another's."""
    assert check(runner, spoken, ear, "--lang", "en").exit_code == 0
    given = [audio for audio, _ in transcribed]
    passages = read_map(spoken / "audio" / "ear" / "en.json").passages
    assert len(given) == len(passages) == 3
    for audio, passage in zip(given, passages, strict=True):
        pcm, rate = soundfile.read(str(spoken / "audio" / passage.audio), dtype="float32")
        assert audio.dtype == np.float32 and audio.ndim == 1
        assert abs(len(audio) - len(pcm) * 16_000 / rate) <= 1, passage.id          # 16 kHz, all of it
        expected = np.interp(np.arange(len(audio)) * rate / 16_000, np.arange(len(pcm)), pcm)
        assert np.corrcoef(audio, expected)[0, 1] > 0.95, passage.id                # its own sound
        assert np.sqrt(np.mean(audio ** 2)) == pytest.approx(np.sqrt(np.mean(pcm ** 2)), rel=0.1)


def test_a_narration_is_checked_like_a_voice(runner, spoken, ear, transcribed, tmp_path):
    """A narrator's recording of the article, built: the ear is given each narrated passage's
    own cut of the recording, and scores every passage."""
    import shutil

    from narrations import narrator, read_aloud, sentences_of

    from reader.settings import Settings

    root = tmp_path / "narrated"
    shutil.copytree(spoken, root)
    settings = Settings(root)
    reading, _ = read_aloud(sentences_of(settings, settings.library().only(), "en"), narrator("+f3", 125))
    soundfile.write(tmp_path / "take.wav", reading.pcm, reading.rate)
    assert runner.invoke(main, ["--root", str(root), "narration", "add", "ear", "en", str(tmp_path / "take.wav")]
                         ).exit_code == 0
    assert runner.invoke(main, ["--root", str(root), "build", "--lang", "en"]).exit_code == 0
    passages = read_map(root / "audio" / "ear" / "en.json").passages
    assert {p.engine for p in passages} == {"narration"}
    result = check(runner, root, ear, "--lang", "en", "--json")
    assert result.exit_code == 0, result.output
    [language] = json.loads(result.output[result.output.index("["):])
    assert [p["heard"] for p in language["passages"]] == [HEARD] * 3
    for (audio, _), passage in zip(transcribed, passages, strict=True):
        pcm, rate = soundfile.read(str(root / "audio" / passage.audio), dtype="float32")
        assert abs(len(audio) - len(pcm) * 16_000 / rate) <= 1, passage.id
