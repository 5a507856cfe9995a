"""The forced aligner measured on speech whose word times are known: espeak-ng renderings of the
same sentence at another rate and in another voice variant, aligned to the default rendering."""
import numpy as np
import pytest
from measure import Rendering

from reader.segment import segment
from reader.speech.align import carry_starts, dtw, mfcc
from reader.speech.espeak_ng import espeak

SENTENCES = [
    ("en", "The overwhelming majority of criminal cases I get are related to sexual violence."),
    ("ru", "Подавляющее большинство уголовных дел, которые ко мне попадают, связаны с сексуальным насилием."),
]


def render(lang, text, **how):
    sentence = segment(text, lang, "p1")[0]
    return (Rendering(**how) if how else espeak()).speak(text, [w.span for w in sentence.words], lang)


@pytest.mark.parametrize("how", [{"rate": 140}, {"rate": 220}, {"variant": "f3"}], ids=["slower", "faster", "f3"])
def test_word_starts_carried_to_another_rendering_land_within_60_ms(how):
    errors = []
    for lang, text in SENTENCES:
        reference, target = render(lang, text), render(lang, text, **how)
        carried, _ = carry_starts(reference.pcm, reference.word_starts, target.pcm, reference.sample_rate)
        errors += [abs(c - t) * 1000 / reference.sample_rate
                   for c, t in zip(carried, target.word_starts, strict=True) if c is not None and t is not None]
    assert len(errors) >= 20
    assert np.percentile(errors, 95) <= 60, sorted(errors)[-5:]


def test_dtw_of_a_recording_with_itself_is_the_diagonal():
    features = mfcc(render("en", "Yet, reporting these crimes is important.").pcm, 22050)
    first, cost = dtw(features, features)
    assert list(first) == list(range(len(features))) and cost == 0


def test_unrelated_speech_costs_more_than_the_same_words():
    reference = render("en", "Reporting these crimes is important.")
    same = render("en", "Reporting these crimes is important.", rate=150)
    other = render("en", "Children and women deserve justice today.", rate=150)
    _, near = carry_starts(reference.pcm, reference.word_starts, same.pcm, 22050)
    _, far = carry_starts(reference.pcm, reference.word_starts, other.pcm, 22050)
    assert far > near * 1.3
