"""Commands around machine translation: `reader translate`, `reader models install|list`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ReaderError
from ..library import ArticleRef
from ..settings import PUBLISHED, Settings
from .options import article_option, lang_option


@click.command()
@lang_option
@article_option
@click.pass_obj
def translate(settings: Settings, langs: tuple[str, ...], article: str | None) -> None:
    """Draft missing or stale passages of every article (or one) with argostranslate (fuzzy,
    never over a reviewed one)."""
    from ..build.plan import check_languages
    from ..settings import SOURCE_LANG
    from ..translation import glossary
    from ..translation.mt import ArgosEngine

    terms = glossary.load(settings.glossary)
    engines: dict[str, ArgosEngine] = {}
    for lang in [lang for lang in check_languages(langs or PUBLISHED) if lang != SOURCE_LANG]:
        for one in settings.library().select(article):
            draft_article(one, lang, terms, engines)


def draft_article(ref: ArticleRef, lang: str, terms, engines: dict) -> None:
    from ..source import read_article
    from ..translation import catalog as po
    from ..translation.mt import ArgosEngine
    from ..translation.translate import MISSING, STALE, draft, resolve, sync

    article = read_article(ref.source)
    path = ref.catalog(lang)
    catalog = po.load(path, lang)
    sync(catalog, article)
    todo = [t.passage_id for t in resolve(article, catalog, lang) if t.status in (MISSING, STALE)]
    where = f"{ref.slug}: {lang}"
    if not todo:
        click.echo(f"{where}: nothing to draft (every passage is translated and current)")
        return
    engine = engines.get(lang) or engines.setdefault(lang, ArgosEngine(lang))
    with click.progressbar([lang], label=f"Drafting {where} with {engine.provenance}", file=sys.stderr) as bar:
        for _ in bar:
            drafted = draft(catalog, article, engine, lang, terms)
    if drafted:
        po.save(catalog, path)
    click.echo(f"{where}: drafted {len(drafted)} passage(s){': ' + ' '.join(drafted) if drafted else ''}; "
               f"review them in {path}")


@click.group()
def models() -> None:
    """Machine translation models (argostranslate packages)."""


@models.command("install")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def models_install(path: Path) -> None:
    """Install an .argosmodel file (offline; nothing is downloaded)."""
    from ..translation.mt import install_model

    model = install_model(path)
    click.echo(f"Installed {model} ({model.from_code}→{model.to_code}).")


@models.command("list")
def models_list() -> None:
    """Installed models, and which languages can be drafted from English."""
    from ..translation.mt import ArgosEngine, installed_models

    for model in installed_models():
        click.echo(f"{model.from_code}→{model.to_code}  {model}")
    for lang in PUBLISHED:
        try:
            click.echo(f"{lang}: can be drafted ({ArgosEngine(lang).provenance})")
        except ReaderError:
            click.echo(f"{lang}: no model reaches it from English; "
                       f"translate by hand in translations/<article>/{lang}.po")
