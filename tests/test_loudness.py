"""Every article at the spoken-word norm (issue 13): -16 LUFS integrated, true peak at or under
-1 dBTP, measured as a listener meets it, on the decoded MP3; one gain per article, so passages
keep their loudness relative to each other."""
import json

import numpy as np
import pytest
from measure import integrated_loudness, true_peak_dbtp
from mix_harness import plain_tags
from projects import article_of

from reader.build.loudness import CEILING_DBFS, TARGET_LUFS, normalise
from reader.mp3 import decode
from reader.speech.espeak_ng import espeak

RATE = 22050


def spoken(text: str, lang: str, level: float) -> np.ndarray:
    words = [(i, i + len(w)) for i, w in zip(np.cumsum([0] + [len(w) + 1 for w in text.split()]), text.split(),
                                             strict=False)]
    pcm = espeak().speak(text, words, lang).pcm
    return (pcm * level).astype(np.int16)


def test_quiet_speech_is_raised_to_the_norm_with_its_peaks_under_the_ceiling():
    pcm = spoken("Violence must not be condemned to silence, says the lawyer from Almaty.", "en", 0.2)
    out = normalise(pcm, RATE)
    assert integrated_loudness(out / 32768, RATE) == pytest.approx(TARGET_LUFS, abs=0.1)
    assert 20 * np.log10(np.abs(out).max() / 32768) <= CEILING_DBFS + 0.01


def test_one_gain_for_the_article_keeps_a_quieter_passage_quieter():
    quiet = spoken("Зорлық-зомбылық туралы үндемеу.", "kk", 0.1)
    loud = spoken("Зорлық-зомбылық туралы үндемеу.", "kk", 0.2)
    out = normalise(np.concatenate([quiet, np.zeros(RATE, np.int16), loud]), RATE)
    first, second = out[: quiet.size] / 32768, out[-loud.size:] / 32768
    # 6 dB apart before. Speech at -16 LUFS peaks about 6 dB over the ceiling, and the limiter
    # takes more from the louder one (measured: 2.2 LU apart after); a gain per passage would
    # have made them equal.
    assert integrated_loudness(second, RATE) - integrated_loudness(first, RATE) > 1.5


def test_silence_stays_silence():
    assert not normalise(np.zeros(RATE * 2, np.int16), RATE).any()


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_each_built_article_plays_at_the_norm(built, lang):
    timing = json.loads(article_of(built).timing_map(lang).read_text(encoding="utf-8"))
    pcm, rate = decode((built.audio / timing["audio"]).read_bytes())
    x = (pcm if pcm.ndim == 1 else pcm[:, 0]) / 32768
    assert integrated_loudness(x, rate) == pytest.approx(TARGET_LUFS, abs=1.0)
    assert true_peak_dbtp(x) <= -1.0


def test_a_voice_with_a_dc_offset_still_reaches_the_norm(tmp_path):
    """An offset is silent and the meter ignores it, but it counted in the peaks the limiter
    held down: a voice with one came out several LU quiet."""
    from reader.build.article_audio import Piece, build_article, save_pcm

    speech = spoken("Violence must not be condemned to silence, says the lawyer from Almaty.", "en", 0.1)
    shifted = np.clip(speech.astype(np.int32) + 6000, -32768, 32767).astype(np.int16)
    save_pcm(tmp_path, "k1", shifted, RATE)
    article = build_article(tmp_path, [Piece("k1", shifted.size, RATE)], 0, None, plain_tags(1))
    pcm, rate = decode((tmp_path / article.name).read_bytes())
    assert integrated_loudness(pcm / 32768, rate) == pytest.approx(TARGET_LUFS, abs=1.0)


def test_the_k_weighting_is_the_standards_at_48_khz():
    """ITU-R BS.1770-4, Table 1 and Table 2: the published coefficients, not our derivation's
    own output."""
    from reader.build.loudness import biquads

    (shelf_b, shelf_a), (pass_b, pass_a) = biquads(48000)
    np.testing.assert_allclose(shelf_b, [1.53512485958697, -2.69169618940638, 1.19839281085285], atol=1e-9)
    np.testing.assert_allclose(shelf_a, [1.0, -1.69065929318241, 0.73248077421585], atol=1e-9)
    np.testing.assert_allclose(pass_b, [1.0, -2.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(pass_a, [1.0, -1.99004745483398, 0.99007225036621], atol=1e-9)


def tone(level_dbfs: float, seconds: float, rate: int = 48000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return 10 ** (level_dbfs / 20) * np.sin(2 * np.pi * 1000 * t)


# EBU Tech 3341 (2016), cases 1-5: stereo 1 kHz tones, the same in both channels, each expected
# at the value given within ±0.1 LU. Our meter measures one channel: 10·log10(2) = 3.01 LU less.
EBU_3341 = {
    "1: -23 dBFS, 20 s": ([(-23, 20)], -23.0),
    "2: -33 dBFS, 20 s": ([(-33, 20)], -33.0),
    "3: relative gate": ([(-36, 10), (-23, 60), (-36, 10)], -23.0),
    "4: both gates": ([(-72, 10), (-36, 10), (-23, 60), (-36, 10), (-72, 10)], -23.0),
    "5: -26, -20, -26 dBFS": ([(-26, 20), (-20, 20.1), (-26, 20)], -23.0),
}


@pytest.mark.parametrize("case", EBU_3341)
def test_the_meter_reads_ebu_tech_3341s_test_signals(case):
    from reader.build.loudness import integrated_loudness

    parts, stereo_lufs = EBU_3341[case]
    signal = np.concatenate([tone(level, seconds) for level, seconds in parts])
    assert integrated_loudness(signal, 48000) == pytest.approx(stereo_lufs - 10 * np.log10(2), abs=0.1)


def test_the_limiter_from_a_span_of_groups_is_the_limiter_of_the_whole():
    from measure import limiter_whole

    from reader.build.loudness import limiter_span

    rng = np.random.default_rng(7)
    peaks = rng.uniform(0, 2, 5000).astype(np.float32)
    whole = limiter_whole(peaks.astype(np.float64) * 1.3, RATE, 0.7)
    for a, b in [(0, 1), (0, 40), (3, 17), (100, 4999), (4990, 5000), (2500, 2501)]:
        np.testing.assert_allclose(limiter_span(peaks, a, b, RATE, 0.7, 1.3), whole[a:b], rtol=1e-6)


def test_an_article_mixed_in_chunks_is_the_article_mixed_whole(monkeypatch):
    """Mixing holds one chunk at a time (memory flat whatever the length): the chunks' seams
    (the K-weighting's tail carried over, the limiter's look-ahead across them) change nothing
    a listener or the meter could tell, within one step of the last bit."""
    from reader.build import loudness

    rng = np.random.default_rng(3)
    speech = np.concatenate([(rng.standard_normal(RATE // 3) * rng.uniform(500, 9000)).astype(np.int16)
                             for _ in range(40)])
    whole = normalise(speech, RATE)
    monkeypatch.setattr(loudness, "CHUNK", loudness.GROUP * 1000)   # 8,000 samples: 29 chunks
    chunked = normalise(speech, RATE)
    assert np.abs(whole.astype(np.int32) - chunked).max() <= 1
    assert integrated_loudness(chunked / 32768, RATE) == pytest.approx(TARGET_LUFS, abs=0.1)


def test_mixing_memory_does_not_grow_with_the_article():
    """It held about 52 MB per minute of audio (5,000 short passages, 4.4 hours, peaked at
    14.3 GB): now one chunk and one passage at a time. Measured in fresh processes."""
    from mix_harness import measure

    _, short, _ = measure(1)
    _, long, _ = measure(8)
    assert long - short < 25, (short, long)   # MiB; it was about 370 MiB more for 7 minutes more
