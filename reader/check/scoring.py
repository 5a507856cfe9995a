"""Scoring a transcript against the text it should say: the same normalisation on both sides
(case, punctuation, ё as е), word and character error rates from one edit distance each, and
the words most likely misheard, from the alignment of the words."""
from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words(text: str) -> list[str]:
    """Lower-case words without punctuation; ё is е (Russian writes either), ’ is ' (a
    recogniser writes either)."""
    return WORD.findall(text.casefold().replace("ё", "е").replace("’", "'"))


def without_numbers(found: list[str]) -> list[str]:
    """The words without those written with digits: a recogniser may write 2018 in words or in
    digits, and either is heard right."""
    return [w for w in found if not any(c.isdigit() for c in w)]


def alignment(ref: list, hyp: list) -> list[tuple[str, object, object]]:
    """Levenshtein alignment: ("ok" | "sub" | "del" | "ins", ref item, hyp item), in order."""
    rows, cols = len(ref) + 1, len(hyp) + 1
    cost = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        cost[i][0] = i
    for j in range(cols):
        cost[0][j] = j
    for i in range(1, rows):
        above, here = cost[i - 1], cost[i]
        for j in range(1, cols):
            here[j] = min(above[j] + 1, here[j - 1] + 1, above[j - 1] + (ref[i - 1] != hyp[j - 1]))
    ops: list[tuple[str, object, object]] = []
    i, j = len(ref), len(hyp)
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            ops.append(("ok" if ref[i - 1] == hyp[j - 1] else "sub", ref[i - 1], hyp[j - 1]))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            ops.append(("del", ref[i - 1], None))
            i -= 1
        else:
            ops.append(("ins", None, hyp[j - 1]))
            j -= 1
    return ops[::-1]


def errors(ref: list, hyp: list) -> int:
    return sum(op != "ok" for op, _, _ in alignment(ref, hyp))


@dataclass(frozen=True)
class Score:
    """Errors and reference lengths, so that a language's rates weigh its passages by length."""

    word_errors: int
    words: int
    char_errors: int
    chars: int

    @property
    def wer(self) -> float:
        return self.word_errors / max(self.words, 1)

    @property
    def cer(self) -> float:
        return self.char_errors / max(self.chars, 1)

    def __add__(self, other: Score) -> Score:
        return Score(self.word_errors + other.word_errors, self.words + other.words,
                     self.char_errors + other.char_errors, self.chars + other.chars)


def score(ref: list[str], hyp: list[str]) -> Score:
    """WER over words, CER over the characters of the words joined by single spaces. CER
    stays meaningful where WER is not: a recogniser looping on speech it cannot follow
    inserts words without end and takes WER past 100 %."""
    ref_chars, hyp_chars = list(" ".join(ref)), list(" ".join(hyp))
    return Score(errors(ref, hyp), len(ref), errors(ref_chars, hyp_chars), len(ref_chars))


def misheard(ref: list[str], hyp: list[str]) -> list[tuple[str, str]]:
    """(the word written, what was heard or "" for nothing) for each word the alignment did
    not match: the candidates for a lexicon entry."""
    return [(r, h or "") for op, r, h in alignment(ref, hyp) if op in ("sub", "del")]  # type: ignore[misc]
