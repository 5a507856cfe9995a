"""Machine translation with argostranslate (the optional `mt` extra), fully offline.

argostranslate 1.11 splits sentences with MiniSBD or stanza models it downloads on first
use (offline: URLError), and answers a missing pair with an AttributeError. So the engine
gives every package translation the reader's own sentence splitter, and turns a missing
pair into one line that says how to fix it. Pivots (en→ru→kk when en→ru and ru→kk are
installed) are argostranslate's own; the provenance names every model on the way.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReaderError
from ..segment import segment
from ..settings import SOURCE_LANG

INSTALL_HINT = "pip install -e '.[mt]' (install torch==2.13.0 first for the CPU build)"


def argos():
    """Import argostranslate only when a command needs it (it pulls stanza and torch)."""
    try:
        import argostranslate.package
        import argostranslate.translate
    except ImportError:
        raise ReaderError(f"machine translation needs argostranslate: {INSTALL_HINT}") from None
    return argostranslate


class ReaderSentencizer:
    """argostranslate's sentence-splitter interface, answered by the reader's own rules."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def split_sentences(self, text: str) -> list[str]:
        return [text[slice(*s.span)] for s in segment(text, self.lang, "mt")] or [text]


@dataclass(frozen=True)
class Model:
    from_code: str
    to_code: str
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()


def installed_models() -> list[Model]:
    at = argos()
    return sorted((Model(p.from_code, p.to_code, f"translate-{p.from_code}_{p.to_code}", p.package_version)
                   for p in at.package.get_installed_packages() if p.type == "translate"),
                  key=lambda m: (m.from_code, m.to_code))


def model_in(path: Path) -> Model:
    """What an .argosmodel file holds, from its metadata.json, before anything is installed."""
    if not path.is_file():
        raise ReaderError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ReaderError(f"{path}: not an .argosmodel file (a zip archive)")
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/metadata.json")]
        if not names:
            raise ReaderError(f"{path}: no <package>/metadata.json inside: not an argostranslate package")
        try:
            meta = json.loads(archive.read(names[0]))
        except ValueError as exc:
            raise ReaderError(f"{path}: {names[0]} is not valid JSON ({exc})") from None
    if meta.get("type", "translate") != "translate" or not meta.get("from_code") or not meta.get("to_code"):
        raise ReaderError(f"{path}: not a translation package (type {meta.get('type')!r})")
    return Model(meta["from_code"], meta["to_code"], f"translate-{meta['from_code']}_{meta['to_code']}",
                 str(meta.get("package_version", "")))


def install_model(path: Path) -> Model:
    model = model_in(path)
    argos().package.install_from_path(path)
    return model


def package_chain(translation) -> list:
    """The PackageTranslations a (cached, composite) argostranslate translation runs through."""
    if hasattr(translation, "underlying"):
        return package_chain(translation.underlying)
    if hasattr(translation, "t1"):
        return package_chain(translation.t1) + package_chain(translation.t2)
    return [translation] if hasattr(translation, "pkg") else []


class ArgosEngine:
    """A TranslationEngine for one target language from English."""

    name = "argostranslate"

    def __init__(self, target: str) -> None:
        at = argos()
        # argostranslate caches translations in a module list whose Language objects outlive
        # cache_clear(): a model installed later in the same process would not join a pivot.
        getattr(at.translate, "installed_translates", []).clear()
        at.translate.get_installed_languages.cache_clear()
        languages = {lang.code: lang for lang in at.translate.get_installed_languages()}
        source, goal = languages.get(SOURCE_LANG), languages.get(target)
        translation = source.get_translation(goal) if source and goal else None
        if translation is None:
            raise ReaderError(
                f"no argostranslate model for {SOURCE_LANG}→{target} (nor a pivot through installed models): "
                f"install one with `reader models install FILE.argosmodel`, or translate by hand in the "
                f"article's catalog, translations/<article>/{target}.po")
        self._translation = translation
        steps = package_chain(translation)
        for step in steps:
            step.sentencizer = ReaderSentencizer(step.pkg.from_code)
        self.models = [Model(s.pkg.from_code, s.pkg.to_code, f"translate-{s.pkg.from_code}_{s.pkg.to_code}",
                             s.pkg.package_version) for s in steps]
        self.pivots = [m.to_code for m in self.models[:-1]]
        from importlib.metadata import version
        self.version = version("argostranslate")

    @property
    def provenance(self) -> str:
        models = " + ".join(str(m) for m in self.models)
        pivot = f", pivot through {', '.join(self.pivots)}" if self.pivots else ""
        return f"{self.name} {self.version}, model {models}{pivot}"

    def translate(self, text: str, source: str, target: str) -> str:
        return self._translation.translate(text)
