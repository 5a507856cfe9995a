"""The engine table (reader/speech/engines.py): a new engine is a SpeechEngine and one entry, and
the build chooses it, speaks with it, times its words from it, records it in the map and the
cluster's identity, and credits it as its entry says; nothing else names engines."""
import numpy as np
import pytest
from projects import article_of

from reader.build import cluster
from reader.build.plan import choose_engines
from reader.build.run import build
from reader.errors import ReaderError
from reader.speech.base import Utterance
from reader.speech.engines import ENGINES, FALLBACK, EngineKind, engine_named
from reader.timing_map import read_map

RATE, WORD = 22050, 2205     # a made-up voice: every word a tenth of a second


class Hum:
    """A tone per word, so that each word's start is known to the sample."""

    name, version = "hum", "1.0"

    def voice(self, lang: str) -> str:
        return f"hum-{lang}"

    def speak(self, text, words, lang, spoken=None) -> Utterance:
        tone = (3000 * np.sin(np.arange(WORD) * 2 * np.pi * 220 / RATE)).astype(np.int16)
        return Utterance(np.tile(tone, len(words)), RATE, tuple(i * WORD for i in range(len(words))))


HUM = EngineKind("hum", "Hum", "a tone per word", lambda lang, voices: lang == "kk", lambda model, threads: Hum(),
                 lambda version, voice, dataset, licence: f"Hum {version} ({voice})", ("numpy",),
                 cannot="Hum has no voice for {langs}: espeak-ng speaks it")


@pytest.fixture
def hum(monkeypatch):
    monkeypatch.setitem(ENGINES, "hum", HUM)
    cluster.identity.cache_clear()
    yield HUM
    cluster.identity.cache_clear()


def test_a_new_engine_is_one_entry_in_the_table(project, hum):
    report = build(project, ["kk"], engine="hum", workers=1)   # in this process, where the entry was added
    assert report.synthesised > 0
    timing = read_map(article_of(project).timing_map("kk"))
    assert timing.engine.name == "hum" and timing.engine.credit == "Hum 1.0 (hum-kk)"
    spoken = [p for p in timing.passages if p.lang == "kk"]
    assert spoken and all(p.engine == "hum" for p in spoken)
    for passage in spoken:
        for sentence in passage.sentences:
            starts = [w.start_ms - sentence.words[0].start_ms for w in sentence.words]
            assert starts == [i * 100 for i in range(len(starts))], sentence.id   # the engine's own times
    assert ("numpy", np.__version__) in cluster.identity()


def test_choosing_by_name_says_where_it_cannot_speak(hum):
    engines, notes = choose_engines(["kk", "ru"], "hum", {})
    assert engines == {"kk": "hum", "ru": FALLBACK.name}
    assert notes == ["Hum has no voice for ru: espeak-ng speaks it"]
    assert choose_engines(["kk"], "espeak", {})[0] == {"kk": "espeak-ng"}     # the one engine, by either word


def test_an_engine_not_in_the_table_is_one_line_naming_the_setting():
    with pytest.raises(ReaderError, match=r"READER_ENGINE='festival': no such engine; choose one of: auto, piper"):
        engine_named("festival")
