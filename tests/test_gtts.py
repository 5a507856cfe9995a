"""The gTTS engine against responses in Google's wire format (tests/gtts_wire.py): gTTS's own
request and parsing code runs; only the transport is replaced. No test touches the network."""
import json
from pathlib import Path

import pytest
import requests
from gtts_wire import KNOWN_STARTS_MS, request_text, response
from projects import article_of

from reader.build import run as pipeline
from reader.errors import ReaderError
from reader.segment import segment
from reader.speech.google import GoogleEngine


@pytest.fixture
def transport(monkeypatch):
    """Answers gTTS's requests from a script: 'ok', an HTTP status, or 'down' (no connection)."""
    script, sent = [], []

    def send(session, request, **kwargs):
        sent.append(request_text(request))
        step = script.pop(0) if script else "ok"
        if step == "down":
            raise requests.exceptions.ConnectionError("Failed to establish a new connection")
        return response(request) if step == "ok" else response(request, status=step, body=b"")

    monkeypatch.setattr(requests.Session, "send", send)
    return script, sent


@pytest.fixture
def engine(monkeypatch):
    waits = []
    google = GoogleEngine(sleep=waits.append)
    monkeypatch.setitem(__import__("reader.speech.engines", fromlist=["_engines"])._engines, "gtts", google)
    return google, waits


ERROR_MS = 30   # the aligner's word starts against the known ones (measured: at most 7 ms)


def speak(google, text, lang="en"):
    """As the build calls it: with the spoken forms from the language's lexicon."""
    from projects import REPO

    from reader.speech.pronounce import lexicon, spoken_words
    words = [w.span for w in segment(text, lang, "p1")[0].words]
    spoken = spoken_words(text, words, lexicon(REPO / "translations" / "pronunciation", lang))
    return google.speak(text, words, lang, spoken)


def test_a_sentence_comes_back_with_its_words_found_in_googles_audio(transport, engine):
    script, sent = transport
    google, _ = engine
    utterance = speak(google, "Ms. Umarova is a lawyer who helps survivors.")
    assert sent == [("Miz Umarova is a lawyer who helps survivors.", "en")]  # the lexicon's spoken form
    assert utterance.sample_rate == 22050 and not utterance.estimated
    assert None not in utterance.word_starts and list(utterance.word_starts) == sorted(utterance.word_starts)
    found = [start * 1000 / utterance.sample_rate for start in utterance.word_starts]
    errors = [abs(a - b) for a, b in zip(found, KNOWN_STARTS_MS[sent[0][0]], strict=True)]
    print("word start errors (ms):", [round(e) for e in errors])
    assert max(errors) < ERROR_MS, errors   # where each word really starts in what Google sent


def test_429_then_success_retries_with_backoff(transport, engine):
    script, sent = transport
    google, waits = engine
    script += [429, 503, "ok"]
    assert speak(google, "Reporting these crimes is important.").pcm.size > 0
    assert len(sent) == 3 and waits == [0.5, 1.0]


def test_a_persistent_error_is_one_line_naming_the_language(transport, engine):
    script, _ = transport
    google, _ = engine
    script += [500, 500, 500, 500]
    with pytest.raises(ReaderError, match=r"^gTTS \(en\): 500 "):
        speak(google, "Reporting these crimes is important.")


def test_no_connection_falls_back_to_espeak_with_one_line(transport, engine, project):
    script, _ = transport
    script.append("down")
    report = pipeline.build(project, ["en", "kk"], engine="auto")
    assert report.notes == [
        "gTTS unavailable, so espeak-ng speaks en: gTTS (en): no answer from Google's speech "
        "service (offline, or blocked by a firewall or proxy)",
        # then, per language espeak-ng speaks, how to get a voice listeners follow better
        "en: espeak-ng speaks it, which listeners follow poorly; a neural voice: reader voices install "
        "en_US-libritts-high (reader voices available --lang en lists others)",
        "kk: espeak-ng speaks it, which listeners follow poorly; a neural voice: reader voices install "
        "kk_KZ-issai-high (reader voices available --lang kk lists others)"]
    timing = json.loads(article_of(project).timing_map("en").read_text(encoding="utf-8"))
    assert {p["engine"] for p in timing["passages"]} == {"espeak-ng"}


def test_kazakh_is_never_sent_to_google(transport, engine, project):
    _, sent = transport
    with pytest.raises(ReaderError, match="gTTS has no voice for language 'kk'"):
        engine[0].voice("kk")
    report = pipeline.build(project, ["kk"], engine="gtts")
    assert report.notes[0] == "gTTS has no voice for kk: espeak-ng speaks it" and sent == []
    assert report.notes[1].startswith("kk: espeak-ng speaks it, which listeners follow poorly")


def test_english_built_with_gtts_records_the_engine_and_keeps_timings_inside_the_audio(transport, engine, project):
    report = pipeline.build(project, ["en"], engine="gtts", workers=1)
    assert report.notes == [] and report.synthesised == 14
    timing = json.loads(article_of(project).timing_map("en").read_text(encoding="utf-8"))
    assert timing["engine"]["name"] == "gtts" and {p["engine"] for p in timing["passages"]} == {"gtts"}
    sentences = [s for p in timing["passages"] for s in p["sentences"]]
    assert sum(not s["estimated"] for s in sentences) >= 0.9 * len(sentences)
    for p in timing["passages"]:
        previous = p["offset_ms"]
        for s in p["sentences"]:
            for w in s["words"]:
                assert previous <= w["start_ms"] < w["end_ms"] <= p["offset_ms"] + p["duration_ms"]
                previous = w["start_ms"]
    # the article MP3 the page plays holds each passage's PCM where the map says (<= 10 ms)
    from measure import misplacement

    from reader.build.article_audio import load_pcm
    from reader.mp3 import decode
    decoded, rate = decode((project.audio / timing["audio"]).read_bytes())
    for p in timing["passages"][::5]:
        pcm = load_pcm(project.audio, Path(p["audio"]).stem)[: rate // 2]
        found = misplacement(decoded, pcm, p["offset_ms"] * rate // 1000, rate // 10)
        assert abs(found) * 1000 // rate <= 10, (p["id"], found)


def test_offline_with_english_voiced_the_note_names_the_language_gtts_was_wanted_for(transport, engine):
    """With a Piper voice for English, gTTS is wanted for Russian only: the note said
    "gTTS (en): no answer", naming a language Google was never going to speak."""
    from reader.build.plan import choose_engines

    script, sent = transport
    script.append("down")
    engines, notes = choose_engines(["en", "kk", "ru"], "auto", {"en": object()})
    assert engines == {"en": "piper", "kk": "espeak-ng", "ru": "espeak-ng"}
    assert notes == ["gTTS unavailable, so espeak-ng speaks ru: gTTS (ru): no answer from Google's speech "
                     "service (offline, or blocked by a firewall or proxy)"]
    assert [lang for _, lang in sent] == ["ru"]
