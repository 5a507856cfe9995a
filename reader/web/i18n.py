"""Interface strings in the page's language: Jinja's i18n extension fed from PO catalogs
(translations/ui/<lang>.po) read with Babel. Language names come from Babel's locale data."""
from __future__ import annotations

from babel import Locale
from babel.core import negotiate_locale
from flask import Flask, current_app, g

from .. import catalog as po
from ..settings import LANGUAGES, SOURCE_LANG


def load_ui_strings(app: Flask) -> dict[str, dict[str, str]]:
    settings = app.config["READER_SETTINGS"]
    strings = {}
    for lang in LANGUAGES:
        path = settings.ui_catalog(lang)
        if lang != SOURCE_LANG and path.exists():
            strings[lang] = {m.id: m.string for m in po.load(path, lang) if m.id and m.string and not m.fuzzy}
    return strings


def gettext(message: str, **variables) -> str:
    lang = g.get("ui_lang", SOURCE_LANG)
    text = current_app.extensions["reader_ui"].get(lang, {}).get(message, message)
    return text % variables if variables else text


def language_name(lang: str) -> str:
    """The language's name in itself, from CLDR: English, Русский, Қазақ тілі."""
    name = Locale.parse(lang).get_display_name(lang)
    return name[:1].upper() + name[1:]


def best_language(accept: list[str]) -> str:
    return negotiate_locale([a.replace("-", "_") for a in accept], LANGUAGES, sep="_") or SOURCE_LANG


def init_app(app: Flask) -> None:
    app.extensions["reader_ui"] = load_ui_strings(app)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, lambda s, p, n, **kw: gettext(s if n == 1 else p, **kw),
                                            newstyle=True)
    app.jinja_env.globals.update(language_name=language_name, LANGUAGES=LANGUAGES)
