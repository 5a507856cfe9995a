"""Stage 3: passages → the text to show and speak in each language.

Resolution: a reviewed entry, or a person's translation flagged `unreviewed` (not yet read by
a native-speaking editor) > a machine draft (fuzzy, with a provenance comment) > the English
passage, shown with lang="en" and marked as not yet translated. An entry whose
English changed since it was translated is stale: it is shown as English, never silently.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from babel.messages.catalog import Catalog, Message

from ..library import ArticleRef
from ..settings import SOURCE_LANG
from ..source import read_article
from ..source.model import Article
from .catalog import by_passage, load, save, text
from .glossary import Term, protect, restore

REVIEWED, MACHINE, STALE, MISSING, SOURCE = "reviewed", "machine", "stale", "missing", "source"
UNREVIEWED = "unreviewed"   # a person's translation that no native-speaking editor has read yet
HUMAN = (REVIEWED, UNREVIEWED)


@dataclass(frozen=True)
class Translation:
    passage_id: str
    kind: str
    lang: str      # the language of `text`: the target, or English when falling back
    text: str
    status: str    # reviewed | unreviewed | machine | stale | missing | source


def entry_status(message: Message | None, english: str) -> str:
    if message is None or not message.string:
        return MISSING
    if message.id != english or message.previous_id:
        return STALE
    if message.fuzzy:
        return MACHINE
    return UNREVIEWED if UNREVIEWED in message.flags else REVIEWED


def resolve(article: Article, catalog: Catalog | None, lang: str) -> list[Translation]:
    if lang == SOURCE_LANG or catalog is None:
        return [Translation(p.id, p.kind, SOURCE_LANG, p.text, SOURCE) for p in article.passages]
    entries = by_passage(catalog)
    result = []
    for p in article.passages:
        status = entry_status(entries.get(p.id), p.text)
        if status in (*HUMAN, MACHINE):
            result.append(Translation(p.id, p.kind, lang, text(entries[p.id].string), status))
        else:
            result.append(Translation(p.id, p.kind, SOURCE_LANG, p.text, status))
    return result


def sync(catalog: Catalog, article: Article) -> bool:
    """Bring the catalog in step with the article, as `pybabel update --previous` would:
    new passages get an empty entry; a changed English passage keeps its translation but
    becomes fuzzy with the old msgid kept as previous. Returns True if anything changed."""
    entries = by_passage(catalog)
    changed = False
    for p in article.passages:
        message = entries.get(p.id)
        if message is None:
            catalog.add(p.text, "", context=p.id, auto_comments=[f"passage: {p.kind}"])
            changed = True
        elif message.id != p.text:
            catalog.delete(message.id, context=p.id)
            catalog.add(p.text, message.string, context=p.id, flags=set(message.flags) | {"fuzzy"},
                        auto_comments=message.auto_comments, user_comments=message.user_comments,
                        previous_id=[text(message.id)])
            changed = True
    return changed


def in_step(path: Path, lang: str, article: Article, write: bool = False) -> Catalog:
    """The catalog as it follows the article now (sync); with `write`, saved if that changed it."""
    catalog = load(path, lang)
    if sync(catalog, article) and write:
        save(catalog, path)
    return catalog


def keep_in_step(ref: ArticleRef, langs: Iterable[str]) -> None:
    """Before a build plans an article: each of its catalogs written back if the source moved
    on, as `pybabel update` would (a new passage gains an entry, a changed English one's
    translation turns fuzzy), so that the translator finds what the page shows."""
    article = read_article(ref.source)
    for lang in langs:
        if lang != SOURCE_LANG:
            in_step(ref.catalog(lang), lang, article, write=True)


class TranslationEngine(Protocol):
    """A machine translation engine (argostranslate: translation/mt.py)."""

    name: str

    @property
    def provenance(self) -> str: ...   # one line for the catalog: engine, version, models, pivots

    def translate(self, text: str, source: str, target: str) -> str: ...


def draft(catalog: Catalog, article: Article, engine: TranslationEngine, lang: str,
          terms: Sequence[Term] = ()) -> list[str]:
    """Fill missing or stale entries with machine drafts: fuzzy, with a `#.` provenance
    comment, glossary terms protected from the engine and put back in their target form.
    A reviewed entry is never touched. Returns the passage ids drafted."""
    entries = by_passage(catalog)
    drafted = []
    for p in article.passages:
        if entry_status(entries.get(p.id), p.text) not in (MISSING, STALE):
            continue
        protected, placeholders = protect(p.text, list(terms))
        text, lost = restore(engine.translate(protected, SOURCE_LANG, lang), placeholders, lang)
        comments = [f"passage: {p.kind}", f"machine translation: {engine.provenance}, {date.today().isoformat()}"]
        comments += [f"glossary: the engine lost {t.en!r}; use {t.forms[lang]!r}" for t in lost]
        if p.id in entries:
            catalog.delete(entries[p.id].id, context=p.id)
        catalog.add(p.text, text, context=p.id, flags={"fuzzy"}, auto_comments=comments)
        drafted.append(p.id)
    return drafted
