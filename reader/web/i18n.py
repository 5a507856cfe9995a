"""Interface strings in the page's language: Jinja's i18n extension fed from PO catalogs
(translations/ui/<lang>.po) read with Babel. Language names come from Babel's locale data."""
from __future__ import annotations

import json

from babel import Locale
from babel.core import negotiate_locale
from flask import Flask, current_app, g

from ..publish.titles import passage_label
from ..settings import LANGUAGES, PAGE_LANGUAGES, SCRIPT_VARIANTS, SOURCE_LANG
from ..translation.interface import Interface, reviewed_strings
from ..translation.script import LATIN_2021, PageLanguage

# The player's speeds, 0.5x to 3x in tenths: the one list (controls.js reads it from the select).
PLAYBACK_RATES = [r / 10 for r in range(5, 31)]


def load_ui_strings(app: Flask) -> dict[str, dict[str, str]]:
    settings = app.config["READER_SETTINGS"]
    return {lang: reviewed_strings(settings, lang) for lang in LANGUAGES}


def gettext(message: str, **variables) -> str:
    """The interface string in the page's language."""
    page = PageLanguage(g.get("ui_lang", SOURCE_LANG))
    strings = current_app.extensions["reader_ui"].get(page.base, {})
    return Interface(page.code, strings, broken_placeholder).gettext(message, **variables)


def broken_placeholder(text: str) -> None:
    current_app.logger.error("interface string %r (%s): a broken placeholder; shown in English", text,
                             g.get("ui_lang", SOURCE_LANG))


def language_name(lang: str) -> str:
    """The language's name in itself, from CLDR: English, Русский, Қазақ тілі (Qazaq tılı)."""
    page = PageLanguage(lang)
    name = Locale.parse(page.base).get_display_name(page.base) or page.base
    return page.written(name[:1].upper() + name[1:])


def format_duration(ms: int, lang: str) -> str:
    """A duration in words, per locale (CLDR): 4 minutes, 4 минуты, 4 минут, 4 minut."""
    from datetime import timedelta

    from babel.dates import format_timedelta

    page = PageLanguage(lang)
    return page.written(format_timedelta(timedelta(milliseconds=ms), locale=page.base, format="long", threshold=1.1))


def format_date(iso: str, lang: str) -> str:
    """A date as the locale writes it (CLDR, long): 25 November 2026, 25 ноября 2026 г."""
    from datetime import date

    from babel.dates import format_date as babel_date

    page = PageLanguage(lang)
    return page.written(babel_date(date.fromisoformat(iso), format="long", locale=page.base))


def script_choices(lang: str) -> list[tuple[str, str]]:
    """For a page with script variants: (page language, script name in that script), e.g.
    [("kk", "Кирилл жазуы"), ("kk-Latn", "Latyn jazuy")]; empty for other pages."""
    page = PageLanguage(lang)
    variants = page.scripts()
    if not variants:
        return []
    scripts = Locale.parse(page.base).scripts
    choices = [(page.base, scripts.get("Cyrl", "Cyrillic"))]
    choices += [(v, PageLanguage(v).written(scripts.get(v.split("-")[1], v))) for v in variants]
    return [(code, name[:1].upper() + name[1:]) for code, name in choices]


def page_language_name(lang: str) -> str:
    """A page language's name in itself, with its script where the language has several:
    "Қазақ тілі (Кирилл жазуы)", "Qazaq tılı (Latyn jazuy)", "Русский"."""
    choices = dict(script_choices(lang))
    return f"{language_name(lang)} ({choices[lang]})" if lang in choices else language_name(lang)


def format_rate(rate: float, lang: str) -> str:
    """A playback rate as the locale writes decimals: 1.5× in English, 1,5× in Russian."""
    from babel.numbers import format_decimal

    return format_decimal(rate, format="0.0", locale=PageLanguage(lang).base) + "×"


def best_language(accept) -> str:
    """The page language for an Accept-Language header; q=0 means "not this one"."""
    wanted = [value.replace("-", "_") for value, quality in accept if quality > 0]
    pages = [p.replace("-", "_") for p in PAGE_LANGUAGES]
    return (negotiate_locale(wanted, pages, sep="_") or SOURCE_LANG).replace("_", "-")


def init_app(app: Flask) -> None:
    app.extensions["reader_ui"] = load_ui_strings(app)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    # install_gettext_callables is added to the environment by the i18n extension above. Not
    # "newstyle": that marks every translation as safe HTML, so a translator's "%" made a 500
    # and a translator's <meta http-equiv="refresh"> sent readers elsewhere. These return plain
    # text, which autoescaping escapes like the article's own strings.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, lambda s, p, n, **kw: gettext(s if n == 1 else p, **kw), newstyle=False)
    app.jinja_env.globals.update(language_name=language_name, script_choices=script_choices,
                                 format_duration=format_duration, format_date=format_date,
                                 page_language_name=page_language_name, format_rate=format_rate,
                                 passage_label=passage_label,
                                 RATES=PLAYBACK_RATES, PAGE_LANGUAGES=PAGE_LANGUAGES,
                                 LANGUAGES=LANGUAGES, SCRIPT_VARIANTS=SCRIPT_VARIANTS,
                                 SEARCH_LETTERS=json.dumps(LATIN_2021, ensure_ascii=False))
