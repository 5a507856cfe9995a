"""Which phoneme starts each displayed word.

A Piper voice speaks the phonemes espeak-ng makes of the whole sentence, in context: English
"in the" becomes one group "ɪnðə", "have been" becomes "hɐvbɪn", "1990" becomes two groups.
So the sentence's phonemes are compared with each word's own phonemes (what to say for it,
phonemized alone) by edit distance, stress marks, spaces and punctuation aside: each word
starts at the first sentence phoneme matched to one of its own. Matches need not be exact
("hɐv" against "hˈæv"): the path through the table keeps every word in order.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

STRESS = frozenset("ˈˌ")
SKIPPED = STRESS | frozenset(" .,;:!?¡¿-–—'\"()«»“”„…")


def sounds(phonemes: Sequence[str]) -> list[int]:
    """Indices of the phonemes that are sounds (not stress, space or punctuation)."""
    return [i for i, p in enumerate(phonemes) if p not in SKIPPED]


def edit_table(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Levenshtein distances between every prefix of a and of b; each row vectorised with a
    running minimum (the insertion chain is a min over earlier cells plus their distance)."""
    n, m = len(a), len(b)
    table = np.zeros((n + 1, m + 1), dtype=np.int32)
    table[0] = np.arange(m + 1)
    b_arr = np.array(b, dtype=object)
    steps = np.arange(m + 1)
    for i in range(1, n + 1):
        previous = table[i - 1]
        candidate = np.empty(m + 1, dtype=np.int32)
        candidate[0] = i
        candidate[1:] = np.minimum(previous[1:] + 1, previous[:-1] + (b_arr != a[i - 1]))
        table[i] = np.minimum.accumulate(candidate - steps) + steps
    return table


def matched_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """(i, j) for every a[i] matched or substituted with b[j] on a cheapest path."""
    table = edit_table(a, b)
    i, j, pairs = len(a), len(b), []
    while i > 0 and j > 0:
        here = table[i, j]
        if here == table[i - 1, j - 1] + (a[i - 1] != b[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif here == table[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def word_starts(sentence: Sequence[str], forms: Sequence[Sequence[str]]) -> list[int | None]:
    """For each word (its phonemes alone in `forms`), the index in `sentence` of the phoneme
    where the voice starts it, a stress mark before it included; None if none of its sounds is
    in the sentence (the caller places it between its neighbours)."""
    a_index = sounds(sentence)
    a = [sentence[i] for i in a_index]
    owner = [w for w, form in enumerate(forms) for i in sounds(form)]
    b = [p for form in forms for p in (form[i] for i in sounds(form))]
    starts: list[int | None] = [None] * len(forms)
    for i, j in matched_pairs(a, b):
        word = owner[j]
        if starts[word] is None:
            starts[word] = a_index[i]
    for word, start in enumerate(starts):
        if start is not None:
            while start > 0 and sentence[start - 1] in STRESS:
                start -= 1
            starts[word] = start
    return starts
