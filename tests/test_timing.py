import numpy as np

from reader.build.timing import fill_missing_starts, join_passage, spread_ties
from reader.segment import Sentence, Word
from reader.speech.base import Utterance

RATE = 1000  # one sample per millisecond keeps the arithmetic readable


def tone(ms, silent_tail=0):
    return np.concatenate([np.full(ms, 5000, np.int16), np.zeros(silent_tail, np.int16)])


def test_a_lost_mark_is_placed_between_its_neighbours_by_characters():
    spans = [(0, 4), (5, 9), (10, 14)]
    assert fill_missing_starts([0, None, 600], spans, 1000) == [0, 300, 600]


def test_words_sharing_a_start_share_the_time_by_length():
    assert spread_ties([0, 200, 200, 900], [(0, 2), (3, 6), (7, 12), (13, 15)], 1000) == [0, 200, 462, 900]


def test_sentences_follow_each_other_and_pauses_are_not_words():
    s1 = Sentence("p1.s1", (0, 9), (Word("p1.s1.w1", (0, 3)), Word("p1.s1.w2", (4, 8))))
    s2 = Sentence("p1.s2", (10, 14), (Word("p1.s2.w1", (10, 13)),))
    first = Utterance(np.concatenate([tone(300, 200), tone(400, 300)]), RATE, (0, 500))
    second = Utterance(tone(250, 100), RATE, (0,))
    pcm, (t1, t2) = join_passage([s1, s2], [first, second])
    assert pcm.size == 1200 + 350
    assert [(w.start_ms, w.end_ms) for w in t1.words] == [(0, 300), (500, 900)]
    assert (t1.start_ms, t1.end_ms) == (0, 900)
    assert (t2.start_ms, t2.end_ms) == (1200, 1450)
    assert [(w.start_ms, w.end_ms) for w in t2.words] == [(1200, 1450)]
