"""Stage 2: a passage's text → sentences → words, each a character span of the displayed text.

Rule-based on purpose: the texts are short, the languages are three, and every rule below
is one a reviewer can read and a test can pin (abbreviations, initials, «» quotes, dashes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

# Lower-cased abbreviations (without their final dot) after which a period ends no sentence.
ABBREVIATIONS = {
    "en": {"mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.n", "jr", "sr"},
    "ru": {"т", "д", "п", "е", "г", "гг", "ул", "им", "см", "напр", "др", "пр", "стр", "руб", "тыс",
           "млн", "млрд", "проф", "акад", "т.е", "т.д", "т.п", "т.к"},
    "kk": {"т", "б", "ж", "с", "ә", "т.б", "т.с.с", "ғ", "бз", "мыс", "проф", "акад", "тыс", "млн", "млрд"},
}

# A word: letters/digits, joined through inner hyphens or apostrophes ("hard-to-prove",
# «Зорлық-зомбылық», "It’s"), digit groups ("1,000"), and a leading # for hashtags.
WORD = re.compile(r"#?\w+(?:(?:[-‐‑'’]|(?<=\d)[.,](?=\d))\w+)*")

# A candidate sentence end: terminal punctuation, any closing quotes or brackets, then space.
# It starts where a run of punctuation starts and takes the run whole (possessive), so that a
# long run is looked at once, not once from each of its characters: linear time.
CANDIDATE_END = re.compile(r"(?<![.!?…])[.!?…]++[»”’\"')\]]*+(?=\s)")
LONGEST_ABBREVIATION = max(len(a) for known in ABBREVIATIONS.values() for a in known)
OPENERS = "«“„‘\"([—–-"


@dataclass(frozen=True)
class Word:
    id: str
    span: Span


@dataclass(frozen=True)
class Sentence:
    id: str
    span: Span
    words: tuple[Word, ...]


def token_before(text: str, end: int) -> str:
    """The token that ends at `end` (the punctuation excluded), e.g. "Ms" or "т.е". Only as far
    back as an abbreviation reaches: a longer token is none, and is given as ""."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        if end - start > LONGEST_ABBREVIATION:
            return ""
        start -= 1
    return text[start:end].strip(".")


def is_abbreviation(token: str, lang: str) -> bool:
    if len(token) == 1 and token.isalpha():
        return True  # initials ("А. Умарова", "J. Smith") and "т. е.", "т. б."
    return token.lower() in ABBREVIATIONS.get(lang, set())


def first_letter_after(text: str, pos: int) -> int:
    """The index of the first character after `pos` that is not a space (len(text) if none)."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def starts_sentence(text: str, pos: int) -> bool:
    """Does the text after `pos` (past spaces) look like the start of a new sentence?"""
    pos = first_letter_after(text, pos)
    if pos == len(text):
        return False
    if text[pos] in OPENERS:
        pos = first_letter_after(text, pos + 1)
        return pos < len(text) and (text[pos].isupper() or text[pos].isdigit())
    return text[pos].isupper() or text[pos].isdigit()


def sentence_ends(text: str, lang: str) -> list[int]:
    ends = []
    for match in CANDIDATE_END.finditer(text):
        punct = match.group(0)
        if punct[0] == "." and len(punct.rstrip("»”’\"')]")) == 1:
            if is_abbreviation(token_before(text, match.start()), lang):
                continue
        if starts_sentence(text, match.end()):
            ends.append(match.end())
    return ends + [len(text)]


def strip_span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_words(text: str, span: Span, sentence_id: str) -> tuple[Word, ...]:
    start, end = span
    found = WORD.finditer(text, start, end)
    return tuple(Word(f"{sentence_id}.w{n}", m.span()) for n, m in enumerate(found, start=1))


def segment(text: str, lang: str, passage_id: str) -> tuple[Sentence, ...]:
    """Sentences with hierarchical ids (p3.s2) holding words (p3.s2.w5); spans index `text`."""
    sentences: list[Sentence] = []
    start = 0
    for end in sentence_ends(text, lang):
        span = strip_span(text, start, end)
        start = end
        if span[0] == span[1]:
            continue
        sid = f"{passage_id}.s{len(sentences) + 1}"
        words = split_words(text, span, sid)
        if words:
            sentences.append(Sentence(sid, span, words))
        elif sentences:  # stray punctuation: fold into the previous sentence
            last = sentences[-1]
            sentences[-1] = Sentence(last.id, (last.span[0], span[1]), last.words)
    return tuple(sentences)
