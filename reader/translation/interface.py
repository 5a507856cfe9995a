"""The interface's strings (translations/ui/<lang>.po) in a page language, wherever they are
said: on the pages, in the MP3's tags and in the chapters an export writes. A page in another
script of a language (kk-Latn) gets its base language's strings transliterated."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..settings import SOURCE_LANG, Settings
from . import catalog as po
from .script import PageLanguage

PUBLICATION = "Reader"      # the interface's name of the publication, in English


def reviewed_strings(settings: Settings, lang: str) -> dict[str, str]:
    """A base language's translated interface strings (none for English, none fuzzy)."""
    path = settings.ui_catalog(lang)
    if lang == SOURCE_LANG or not path.exists():
        return {}
    return {po.text(m.id): po.text(m.string) for m in po.load(path, lang) if m.id and m.string and not m.fuzzy}


@dataclass(frozen=True)
class Interface:
    """One page language's interface strings."""

    lang: str
    strings: Mapping[str, str]
    on_broken: Callable[[str], None] = lambda text: None   # told of a translation with a broken placeholder

    @classmethod
    def of(cls, settings: Settings, lang: str) -> Interface:
        return cls(lang, reviewed_strings(settings, PageLanguage(lang).base))

    def gettext(self, message: str, **variables: object) -> str:
        text = self.strings.get(message, message)
        if text != message:                       # a translation, written in the page's script
            text = PageLanguage(self.lang).written(text)
        if not variables:
            return text
        try:
            return text % variables
        except (KeyError, ValueError, TypeError):   # `reader status --check` names it; English meanwhile
            self.on_broken(text)
            return message % variables


def publication(settings: Settings, lang: str) -> str:
    """The publication's name in a language, as the pages say it."""
    return Interface.of(settings, lang).gettext(PUBLICATION)
