from pathlib import Path

import pytest
from projects import INTERVIEW, article_of

from reader.build import run as pipeline
from reader.errors import ReaderError
from reader.segment import segment
from reader.speech.espeak_ng import espeak, ssml_with_marks
from reader.speech.pronounce import lexicon, spoken_words

LEXICONS = Path(__file__).resolve().parent.parent / "translations" / "pronunciation"


def spoken_sentence(text, lang):
    sentence = segment(text, lang, "p1")[0]
    spans = [w.span for w in sentence.words]
    return spans, spoken_words(text, spans, lexicon(LEXICONS, lang))


@pytest.mark.parametrize("lang, text, word, say", [
    ("en", "Ms. Umarova works with UN Women.", "Ms", "Miz"),
    ("en", "Visit #HearMeToo now.", "#HearMeToo", "Hear Me Too"),
    ("ru", "В 2018 году она стала одной из десяти.", "2018", "две тысячи восемнадцатом"),
    ("kk", "2018 жылы ол марапатталды.", "2018", "екі мың он сегізінші"),
    ("kk", "Бөлім #HearMeToo.", "#HearMeToo", "Hear Me Too"),   # Latin: espeak-ng reads it in English
    ("ru", "Структура «ООН-женщины».", "ООН-женщины", "а-он-женщины"),
    ("ru", "Госдепартамент США.", "США", "сэ-шэ-а"),
])
def test_each_spoken_form_stays_tied_to_its_displayed_word(lang, text, word, say):
    spans, spoken = spoken_sentence(text, lang)
    assert len(spoken) == len(spans)  # one spoken form per displayed word, in order
    n = [text[slice(*span)] for span in spans].index(word)
    assert spoken[n] == say
    assert f'<mark name="{n}"/>{say}' in ssml_with_marks(text, spans, spoken, lang)


def test_the_displayed_text_is_never_changed(built):
    import json
    en = json.loads(article_of(built).timing_map("en").read_text(encoding="utf-8"))
    standfirst = next(p for p in en["passages"] if p["id"] == "standfirst")
    assert "Ms. Umarova is collaborating" in standfirst["text"]
    assert any(standfirst["text"][slice(*w["span"])] == "Ms" for s in standfirst["sentences"] for w in s["words"])


@pytest.mark.parametrize("lang, text", [("en", "Ms. Umarova is a lawyer."), ("ru", "А. Аникина отбывает наказание.")])
def test_no_mark_is_lost_after_an_abbreviation_or_an_initial(lang, text):
    spans, spoken = spoken_sentence(text, lang)
    assert "." not in ssml_with_marks(text, spans, spoken, lang).split('<mark name="1"/>')[0]
    assert None not in espeak().speak(text, spans, lang, spoken).word_starts


def test_an_em_dash_between_words_is_a_pause():
    assert ssml_with_marks("vulnerable—women", [(0, 10), (11, 16)]) == \
        '<speak><mark name="0"/>vulnerable, <mark name="1"/>women</speak>'


def test_editing_the_lexicon_resynthesises_only_the_passages_with_that_word(project):
    path = project.pronunciation / "en.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Ms" = "Miz"', '"Ms" = "Mizz"'), encoding="utf-8")
    report = pipeline.build(project)
    assert report.synthesised == 1 and report.maps_written == [f"{INTERVIEW}/en"]


def test_a_broken_lexicon_names_its_file(project):
    (project.pronunciation / "kk.toml").write_text('[words]\n"2018" = ""\n', encoding="utf-8")
    with pytest.raises(ReaderError, match=r"kk.toml: the spoken form of '2018' must be non-empty text"):
        pipeline.build(project)


@pytest.mark.parametrize("where", ["interview", "sample article"])
def test_every_abbreviation_and_year_in_the_shipped_articles_has_a_spoken_form(where, built, tmp_path):
    """ООН-женщины was spelled «о-о-эн», АҚШ «а-қы-шы», and years were read as plain numbers:
    each such word now has a reviewed entry, in every language."""
    import shutil

    from projects import REPO

    from reader.build.status import collect
    from reader.settings import Settings

    if where == "interview":
        settings = built
    else:
        shutil.copytree(REPO / "samples" / "listening-in-three-languages", tmp_path / "sample")
        settings = Settings(tmp_path / "sample", engine="espeak")
    assert {s.lang: s.unheard for s in collect(settings, article_of(settings))} == {"en": [], "kk": [], "ru": []}


def test_a_catalog_gaining_an_abbreviation_without_a_spoken_form_fails_the_check(project):
    from click.testing import CliRunner

    from reader.cli import main
    from reader.translation import catalog as po

    path = article_of(project).catalog("kk")
    catalog = po.load(path, "kk")
    entry = po.by_passage(catalog)["p2"]
    entry.string = po.text(entry.string) + " НАТО 1995 жылы да үндемеді."
    po.save(catalog, path)
    result = CliRunner().invoke(main, ["--root", str(project.root), "status", "--check"])
    assert result.exit_code == 1
    assert "kk: '1995' has no entry in the pronunciation lexicon (kk.toml)" in result.output
    assert "kk: 'НАТО' has no entry in the pronunciation lexicon (kk.toml)" in result.output
