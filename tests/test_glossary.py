
import pytest
from projects import REPO

from reader.errors import ReaderError
from reader.translation import glossary

TERMS = glossary.load(REPO / "translations" / "glossary.toml")


def term(en):
    return next(t for t in TERMS if t.en == en)


@pytest.mark.parametrize("en, lang, text, ok", [
    ("Anna Anikina", "ru", "дело Анны Аникиной", True),
    ("Anna Anikina", "ru", "дело Анны Аникеевой", False),
    ("Aiman Umarova", "kk", "Айман Умарованың ісі", True),
    ("Aiman Umarova", "ru", "Об Айман Умаровой", True),
    ("Criminal Code of Kazakhstan", "ru", "Уголовным кодексом Республики Казахстан", True),
    ("Criminal Code of Kazakhstan", "ru", "Уголовным кодексом Казахстана", False),
    ("Criminal Code of Kazakhstan", "kk", "Қазақстан Республикасының Қылмыстық кодексінде", True),
    ("UN Women", "kk", "«БҰҰ Әйелдер» құрылымымен", True),
])
def test_accepted_forms_allow_inflection_but_not_other_words(en, lang, text, ok):
    assert bool(term(en).accepted[lang].search(text)) is ok


def test_a_translation_missing_a_term_is_reported():
    english = "Take for instance, Anna Anikina case."
    assert [t.en for t in glossary.misses(TERMS, english, "Возьмём дело Анны Аникиной.", "ru")] == []
    assert [t.en for t in glossary.misses(TERMS, english, "Возьмём дело А. Аникеевой.", "ru")] == ["Anna Anikina"]


def test_terms_are_whole_words_in_english():
    assert not term("Kazakhstan").in_english("an acclaimed Kazakhstani lawyer")
    assert term("Kazakhstan").in_english("women in Kazakhstan.")


def test_protect_then_restore_puts_the_target_form_in_place():
    text, placeholders = glossary.protect("Reported under the Criminal Code of Kazakhstan by UN Women.", TERMS)
    assert "Criminal" not in text and "Kazakhstan" not in text and "⟦0⟧" in text and "⟦1⟧" in text
    restored, lost = glossary.restore(text.upper(), placeholders, "ru")
    assert "Уголовный кодекс Республики Казахстан" in restored and "«ООН-женщины»" in restored and lost == []
    _, lost = glossary.restore(text.replace("⟦1⟧", ""), placeholders, "kk")
    assert [t.en for t in lost] == ["UN Women"]


def test_a_broken_glossary_names_the_file_and_the_term(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text('[[term]]\nen = "UN Women"\nru = "«ООН-женщины»"\n', encoding="utf-8")
    with pytest.raises(ReaderError, match=r"glossary.toml: term 1 \('UN Women'\) has no 'kk'"):
        glossary.load(path)
    path.write_text('[[term]\nen = "x"\n', encoding="utf-8")
    with pytest.raises(ReaderError, match=r"glossary.toml: .*line 1"):
        glossary.load(path)
