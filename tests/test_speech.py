import numpy as np
import pytest

from reader.errors import ReaderError
from reader.segment import segment
from reader.speech.espeak_ng import espeak, ssml_with_marks


def spoken(text, lang):
    sentence = segment(text, lang, "p1")[0]
    return sentence, espeak().speak(text, [w.span for w in sentence.words], lang)


@pytest.mark.parametrize("lang, text", [
    ("en", "She works on hard-to-prove cases, in Kazakhstan."),
    ("ru", "Айман Умарова — адвокат и правозащитница."),
    ("kk", "Зорлық-зомбылық туралы үндемеу оның жоқ екенін білдірмейді."),
])
def test_every_word_gets_an_increasing_start_inside_the_audio(lang, text):
    sentence, utt = spoken(text, lang)
    assert utt.sample_rate == 22050
    assert utt.pcm.dtype == np.int16 and utt.pcm.size > utt.sample_rate // 2
    starts = utt.word_starts
    assert len(starts) == len(sentence.words) and None not in starts  # hyphenated words included
    assert starts[0] == 0 and list(starts) == sorted(starts) and starts[-1] < utt.pcm.size


def test_markup_characters_are_spoken_as_text():
    assert ssml_with_marks("a < b & c", [(0, 1), (4, 5), (8, 9)]) == \
        '<speak><mark name="0"/>a &lt; <mark name="1"/>b &amp; <mark name="2"/>c</speak>'
    _, utt = spoken("Salt & pepper <cheap>.", "en")
    assert None not in utt.word_starts


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ReaderError, match="no voice for language 'de'"):
        espeak().speak("Hallo Welt.", [(0, 5), (6, 10)], "de")
