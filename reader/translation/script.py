"""Kazakh in the Latin alphabet of January 2021, transliterated from the reviewed Cyrillic.

Deterministic, letter by letter. The 2021 alphabet has 31 letters (A Ä B D E F G Ğ H I İ J
K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z); letters of Russian origin that it lacks (ё ц ч щ
ъ ь э ю я) are written as is common practice: io, ts, ch, ş, —, —, e, iu, ia. After и or
й, whose own letter is i, ё ю я drop their i (Юлия → İulia, жарияланған → jarialanğan), so
no word gets a doubled ii. One deliberate exception to the 31 letters: ч is "ch". It occurs
only in names and Russian loanwords (Чидеринова), and "ch" is how Kazakhstani passports and
the 2018 alphabet write it, so a name stays recognisable; the 2021 alphabet itself has no C.
`transliterate` returns each Cyrillic offset's Latin one: character counts change (ч → ch), so
the Latin page's timing map (reader/build/latin_map.py) maps every span through them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..settings import SCRIPT_VARIANTS

LATIN_2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "ş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}


def upper(latin: str) -> str:
    """Turkic casing: i ↔ İ and ı ↔ I (str.upper would make i into a dotless I)."""
    return latin.replace("i", "İ").upper()


IOTATED = "ёюя"      # written io, iu, ia: their i is already there after и or й
I_LETTERS = "ий"


def letter(text: str, i: int) -> str:
    """One Cyrillic letter in Latin, cased like its word: Юлия → İulia, ЮЛИЯ → İULİA."""
    char = text[i]
    latin = LATIN_2021.get(char.lower())
    if latin is None:
        return char
    if char.lower() in IOTATED and i > 0 and text[i - 1].lower() in I_LETTERS:
        latin = latin[1:]
    if not char.isupper():
        return latin
    neighbours = text[max(i - 1, 0):i] + text[i + 1:i + 2]
    all_caps = any(c.isupper() for c in neighbours)
    return upper(latin) if all_caps else upper(latin[:1]) + latin[1:]


def transliterate(text: str) -> tuple[str, list[int]]:
    """The Latin text and, for each Cyrillic offset (and the end), its Latin offset."""
    parts, offsets, position = [], [], 0
    for i in range(len(text)):
        offsets.append(position)
        latin = letter(text, i)
        parts.append(latin)
        position += len(latin)
    offsets.append(position)
    return "".join(parts), offsets


def to_latin(text: str) -> str:
    return transliterate(text)[0]


@dataclass(frozen=True)
class PageLanguage:
    """A page's language: its code (kk-Latn), the language whose text, audio and locale data it
    shows (kk), and whether it writes them in another script, transliterated."""

    code: str

    @property
    def base(self) -> str:
        return SCRIPT_VARIANTS.get(self.code, self.code)

    @property
    def transliterated(self) -> bool:
        return self.base != self.code

    def written(self, text: str) -> str:
        """Text of the base language as this page writes it."""
        return to_latin(text) if self.transliterated else text

    def scripts(self) -> list[str]:
        """The page languages that show the same language in other scripts (kk: kk-Latn)."""
        return [variant for variant, base in SCRIPT_VARIANTS.items() if base == self.base]
