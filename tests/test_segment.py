import pytest

from reader.segment import segment


def sentences(text, lang):
    return [text[s.span[0]:s.span[1]] for s in segment(text, lang, "p1")]


def words(text, lang):
    return [text[w.span[0]:w.span[1]] for s in segment(text, lang, "p1") for w in s.words]


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Ms. Umarova is a lawyer. Why is it so? It’s because of ‘custom’.",
     ["Ms. Umarova is a lawyer.", "Why is it so?", "It’s because of ‘custom’."]),
    ("ru", "Айман Умарова — юрист, т. е. правозащитник. А. Аникина осуждена. Почему так?",
     ["Айман Умарова — юрист, т. е. правозащитник.", "А. Аникина осуждена.", "Почему так?"]),
    ("ru", "Она сказала: «Молчание не спасает». Суд признал «пытки».",
     ["Она сказала: «Молчание не спасает».", "Суд признал «пытки»."]),
    ("kk", "Бұл — шындық. Ғ. Мүсірепов т.б. жазушылар. 2018 жылы ол марапатталды.",
     ["Бұл — шындық.", "Ғ. Мүсірепов т.б. жазушылар.", "2018 жылы ол марапатталды."]),
    ("kk", "«Зорлық-зомбылық туралы үндемеу оның жоқ екенін білдірмейді». Бұл маңызды.",
     ["«Зорлық-зомбылық туралы үндемеу оның жоқ екенін білдірмейді».", "Бұл маңызды."]),
])
def test_sentences(lang, text, expected):
    assert sentences(text, lang) == expected


def test_hyphenated_words_and_apostrophes_are_one_word():
    assert words("hard-to-prove offences, it’s", "en") == ["hard-to-prove", "offences", "it’s"]
    assert words("«Зорлық-зомбылық» — по-прежнему", "kk") == ["Зорлық-зомбылық", "по-прежнему"]


def test_dashes_quotes_and_brackets_are_not_words():
    assert words("vulnerable—women, [legally] “torture” — #HearMeToo", "en") == [
        "vulnerable", "women", "legally", "torture", "#HearMeToo"]


def test_ids_are_hierarchical_and_spans_index_the_text():
    text = "One two. Three four."
    result = segment(text, "en", "p7")
    assert [s.id for s in result] == ["p7.s1", "p7.s2"]
    assert [w.id for w in result[1].words] == ["p7.s2.w1", "p7.s2.w2"]
    assert text[slice(*result[1].words[1].span)] == "four"


def test_cyrillic_offsets_are_characters_not_bytes():
    text = "Әйелдер үшін. Қазақстан."
    second = segment(text, "kk", "p1")[1]
    assert text[slice(*second.span)] == "Қазақстан."
