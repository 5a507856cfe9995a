from reader.source.model import Article, Passage
from reader.translation import catalog as po
from reader.translation.translate import MACHINE, MISSING, REVIEWED, SOURCE, STALE, draft, resolve, sync

ARTICLE = Article((Passage("title", "title", "A title"), Passage("p1", "interview", "First."),
                   Passage("p2", "interview", "Second.")))


def catalog_with(*entries):
    catalog = po.new_catalog("kk")
    for context, english, translation, flags in entries:
        catalog.add(english, translation, context=context, flags=flags)
    return catalog


def by_id(translations):
    return {t.passage_id: t for t in translations}


def test_reviewed_beats_machine_beats_english():
    catalog = catalog_with(("title", "A title", "Тақырып", set()), ("p1", "First.", "Бірінші.", {"fuzzy"}))
    result = by_id(resolve(ARTICLE, catalog, "kk"))
    assert (result["title"].status, result["title"].lang, result["title"].text) == (REVIEWED, "kk", "Тақырып")
    assert (result["p1"].status, result["p1"].lang) == (MACHINE, "kk")
    assert (result["p2"].status, result["p2"].lang, result["p2"].text) == (MISSING, "en", "Second.")


def test_english_is_its_own_source():
    assert {t.status for t in resolve(ARTICLE, None, "en")} == {SOURCE}


def test_a_changed_english_passage_makes_its_translation_stale_never_shown():
    catalog = catalog_with(("p1", "First.", "Бірінші.", set()))
    changed = Article((Passage("p1", "interview", "First, edited."),))
    assert sync(catalog, changed)
    entry = po.by_passage(catalog)["p1"]
    assert entry.fuzzy and entry.previous_id == ["First."] and entry.string == "Бірінші."
    shown = resolve(changed, catalog, "kk")[0]
    assert (shown.status, shown.lang, shown.text) == (STALE, "en", "First, edited.")


def test_sync_adds_new_passages_and_is_quiet_when_nothing_changed():
    catalog = po.new_catalog("ru")
    assert sync(catalog, ARTICLE)
    assert set(po.by_passage(catalog)) == {"title", "p1", "p2"}
    assert not sync(catalog, ARTICLE)


class ShoutingEngine:
    """A real engine for the workflow test: deterministic, offline, obviously machine-made."""

    name, provenance = "shout", "shout 1.0"

    def translate(self, text, source, target):
        return f"[{target}] {text.upper()}"


def test_machine_drafts_fill_gaps_and_never_touch_reviewed_entries():
    catalog = catalog_with(("title", "A title", "Тақырып", set()), ("p1", "First (old).", "Ескі.", set()))
    assert sync(catalog, ARTICLE)
    drafted = draft(catalog, ARTICLE, ShoutingEngine(), "kk")
    assert drafted == ["p1", "p2"]
    entries = po.by_passage(catalog)
    assert entries["title"].string == "Тақырып" and not entries["title"].fuzzy
    assert entries["p2"].string == "[kk] SECOND." and entries["p2"].fuzzy
    assert any(c.startswith("machine translation: shout 1.0") for c in entries["p2"].auto_comments)
    assert by_id(resolve(ARTICLE, catalog, "kk"))["p1"].status == MACHINE


def test_machine_drafts_keep_glossary_terms_in_their_target_form():
    from pathlib import Path

    from reader.translation import glossary
    terms = glossary.load(Path(__file__).resolve().parent.parent / "translations" / "glossary.toml")
    article = Article((Passage("p6", "interview", "It is covered by the Criminal Code of Kazakhstan."),))
    catalog = po.new_catalog("ru")
    draft(catalog, article, ShoutingEngine(), "ru", terms)
    text = po.by_passage(catalog)["p6"].string
    assert text == "[ru] IT IS COVERED BY THE Уголовный кодекс Республики Казахстан."
