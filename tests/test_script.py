import json

import pytest
from projects import article_of

from reader.build.latin_map import latin_timing_map
from reader.timing_map import read_map
from reader.translation.script import to_latin, transliterate

# Every letter of the Kazakh Cyrillic alphabet, lower and upper case (upper as a word's first
# letter), in the Latin alphabet of 2021.
LETTERS = [
    ("а", "a", "A"), ("ә", "ä", "Ä"), ("б", "b", "B"), ("в", "v", "V"), ("г", "g", "G"), ("ғ", "ğ", "Ğ"),
    ("д", "d", "D"), ("е", "e", "E"), ("ё", "io", "İo"), ("ж", "j", "J"), ("з", "z", "Z"), ("и", "i", "İ"),
    ("й", "i", "İ"), ("к", "k", "K"), ("қ", "q", "Q"), ("л", "l", "L"), ("м", "m", "M"), ("н", "n", "N"),
    ("ң", "ñ", "Ñ"), ("о", "o", "O"), ("ө", "ö", "Ö"), ("п", "p", "P"), ("р", "r", "R"), ("с", "s", "S"),
    ("т", "t", "T"), ("у", "u", "U"), ("ұ", "ū", "Ū"), ("ү", "ü", "Ü"), ("ф", "f", "F"), ("х", "h", "H"),
    ("һ", "h", "H"), ("ц", "ts", "Ts"), ("ч", "ch", "Ch"), ("ш", "ş", "Ş"), ("щ", "ş", "Ş"), ("ъ", "", ""),
    ("ы", "y", "Y"), ("і", "ı", "I"), ("ь", "", ""), ("э", "e", "E"), ("ю", "iu", "İu"), ("я", "ia", "İa"),
]


def test_the_table_covers_the_whole_alphabet():
    assert len(LETTERS) == 42


@pytest.mark.parametrize("cyrillic, lower, upper", LETTERS, ids=[c for c, _, _ in LETTERS])
def test_every_letter(cyrillic, lower, upper):
    assert to_latin(cyrillic) == lower
    assert to_latin(cyrillic.upper() + "а") == upper + "a"


@pytest.mark.parametrize("cyrillic, latin", [
    ("Қазақстан Республикасының Қылмыстық кодексі", "Qazaqstan Respublikasynyñ Qylmystyq kodeksı"),
    ("Зорлық-зомбылық туралы үндемеу", "Zorlyq-zombylyq turaly ündemeu"),
    ("Айман Умарова айтады", "Aiman Umarova aitady"),
    ("Юлия Козлова", "İulia Kozlova"),
    ("жарияланған", "jarialanğan"),
    ("«БҰҰ Әйелдер»", "«BŪŪ Äielder»"),
    ("ЖОҚ, ЮЛИЯ, ІС", "JOQ, İULİA, IS"),
    ("2018 жылы — #HearMeToo", "2018 jyly — #HearMeToo"),
])
def test_words_and_casing(cyrillic, latin):
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize("cyrillic, latin", [
    ("ия", "ia"), ("ию", "iu"), ("иё", "io"), ("ие", "ie"), ("йя", "ia"), ("йю", "iu"), ("ая", "aia"),
    ("Мария", "Maria"), ("МАРИЯ", "MARİA"), ("Ия", "İa"), ("ИЮЛЬ", "İUL"), ("қиын", "qiyn"),
], ids=lambda v: v)
def test_no_doubled_i_after_i_letters(cyrillic, latin):
    assert to_latin(cyrillic) == latin and "ii" not in to_latin(cyrillic).lower()


def test_ch_is_the_one_spelling_outside_the_31_letters():
    alphabet = set("aäbdefgğhıijklmnñoöpqrsştuūüvyz")
    latin = to_latin("".join(c for c, _, _ in LETTERS))
    assert set(latin) - alphabet == {"c"} and to_latin("Чидеринова") == "Chiderinova"


def test_offsets_map_every_cyrillic_position():
    text, offsets = transliterate("Чидеринова іс")
    assert text == "Chiderinova ıs" and len(offsets) == len("Чидеринова іс") + 1
    assert text[offsets[0]:offsets[10]] == "Chiderinova" and text[offsets[11]:offsets[13]] == "ıs"


def test_the_latin_map_keeps_times_and_maps_every_word(built):
    interview = article_of(built)
    cyrillic = json.loads(interview.timing_map("kk").read_text(encoding="utf-8"))
    latin = json.loads(interview.timing_map("kk-Latn").read_text(encoding="utf-8"))
    assert latin == latin_timing_map(read_map(interview.timing_map("kk"))).to_json() and latin["lang"] == "kk-Latn"
    for cp, lp in zip(cyrillic["passages"], latin["passages"], strict=True):
        assert (lp["audio"], lp["lang"]) == (cp["audio"], "kk-Latn")
        for cs, ls in zip(cp["sentences"], lp["sentences"], strict=True):
            assert (ls["start_ms"], ls["end_ms"]) == (cs["start_ms"], cs["end_ms"])
            for cw, lw in zip(cs["words"], ls["words"], strict=True):
                assert lp["text"][slice(*lw["span"])] == to_latin(cp["text"][slice(*cw["span"])])
                assert (lw["id"], lw["start_ms"], lw["end_ms"]) == (cw["id"], cw["start_ms"], cw["end_ms"])
