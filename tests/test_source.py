from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.source import read_article
from reader.source.cleanup import (
    clean_block,
    collapse_spaces,
    dedupe_lines,
    drop_unbalanced_closing_quote,
    fix_triple_hyphen_dash,
)
from reader.source.scraped import parse_article

# The interview as first scraped: the plain-text format, whose kinds are inferred.
SOURCE = Path(__file__).resolve().parent / "data" / "aiman-umarova-interview.scraped.txt"
MARKED = Path(__file__).resolve().parent.parent / "content" / "aiman-umarova-interview.md"


def test_the_shipped_interview_says_what_the_scrape_said():
    """content/ holds the interview in the article format; every passage is the scrape's."""
    marked = read_article(MARKED)
    spoken = [(p.id, p.kind, p.text) for p in marked.passages if p.kind not in ("content-note", "credits")]
    assert spoken == [(p.id, p.kind, p.text) for p in read_article(SOURCE).passages]
    assert marked.get("content-note").text.startswith("This interview discusses sexual violence")
    assert marked.get("credits").text == "Interview first published by UN Women. Photo: Yuliya Kozlova."


def test_each_scrape_artifact_is_cleaned():
    assert fix_triple_hyphen_dash("a taboo issue---something") == "a taboo issue—something"
    assert collapse_spaces("tried to  kill her,   but ") == "tried to kill her, but"
    assert drop_unbalanced_closing_quote("to go on.”") == "to go on."
    assert drop_unbalanced_closing_quote("for “torture”") == "for “torture”"
    assert dedupe_lines(["Photo: A", "Photo: A", "B"]) == ["Photo: A", "B"]


def test_the_interview_has_every_kind_of_passage_in_order():
    article = read_article(SOURCE)
    kinds = [p.kind for p in article.passages]
    assert kinds[:3] == ["title", "caption", "standfirst"]
    assert kinds[-2:] == ["more", "bio"]
    assert kinds.count("pullquote") == 1
    assert article.get("p3").kind == "pullquote"
    assert article.get("p3").text.startswith("If violence is condemned to silence")
    assert [p.id for p in article.passages if p.kind in ("interview", "pullquote")] == [f"p{n}" for n in range(1, 10)]


def test_the_shown_article_is_clean():
    article = read_article(SOURCE)
    assert article.get("caption").text == "Aiman Umarova. Photo: Yuliya Kozlova"
    for p in article.passages:
        assert "---" not in p.text and "  " not in p.text, p.id
    assert article.get("p9").text.endswith("inspire me to go on.")
    assert "taboo issue—something" in article.get("p2").text


def test_editing_a_passage_never_changes_another_passage_id():
    raw = SOURCE.read_text(encoding="utf-8")
    before = [p.id for p in parse_article(raw).passages]
    edited = raw.replace("\nIf violence is condemned", "\nSilence hides it. If violence is condemned")
    assert edited != raw
    after = parse_article(edited)
    assert [p.id for p in after.passages] == before
    assert after.get("p3").kind == "interview"  # no longer the title's quote: its id stays


def test_a_second_bio_is_reported_with_its_line():
    raw = SOURCE.read_text(encoding="utf-8") + "\n\nAbout Someone Else: another bio.\n"
    with pytest.raises(ReaderError, match=r"interview.txt:\d+: a second 'bio' block"):
        parse_article(raw, "interview.txt")


def test_a_missing_source_names_the_file(tmp_path):
    with pytest.raises(ReaderError, match="nope.txt: source text not found"):
        read_article(tmp_path / "nope.txt")


def test_clean_block_joins_lines():
    assert clean_block(["The overwhelming ", "majority  of cases"]) == "The overwhelming majority of cases"
