"""The glossary: names and terms with the form each translation must use.

Read by `reader status` (a translation lacking the form of a term its English has is
reported) and by machine drafting (terms are protected from the engine, then replaced by
their target form)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReaderError
from ..text_files import read_text

TARGETS = ("kk", "ru")


@dataclass(frozen=True)
class Term:
    en: str
    forms: dict[str, str]              # language → the form drafts use
    accepted: dict[str, re.Pattern]    # language → what a translation must contain

    def in_english(self, text: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(self.en)}(?!\w)", text) is not None


def pattern(match: str) -> re.Pattern:
    """`*` is any word ending; without one, the last word may take any suffix."""
    if "*" not in match:
        match += "*"
    words = r"\w*".join(re.escape(part) for part in match.split("*"))
    return re.compile("(?<!\\w)" + words.replace("\\ ", r"\s+"))  # a no-break space is a space too


def load(path: Path) -> list[Term]:
    if not path.exists():
        return []
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ReaderError(f"{path}: {exc}") from None
    terms = []
    for number, entry in enumerate(data.get("term", []), start=1):
        missing = [key for key in ("en", *TARGETS) if not entry.get(key)]
        if missing:
            raise ReaderError(f"{path}: term {number} ({entry.get('en', '?')!r}) has no {missing[0]!r}")
        forms = {lang: entry[lang] for lang in TARGETS}
        accepted = {lang: pattern(entry.get(f"{lang}_match", entry[lang])) for lang in TARGETS}
        terms.append(Term(entry["en"], forms, accepted))
    return terms


def misses(terms: list[Term], english: str, translation: str, lang: str) -> list[Term]:
    """Terms the English passage has whose accepted form the translation lacks."""
    return [t for t in terms if lang in t.accepted and t.in_english(english)
            and not t.accepted[lang].search(translation)]


def protect(text: str, terms: list[Term]) -> tuple[str, dict[str, Term]]:
    """Replace each term by a placeholder an MT engine passes through (⟦0⟧, ⟦1⟧ …);
    longer terms first, so "Criminal Code of Kazakhstan" wins over "Kazakhstan"."""
    placeholders: dict[str, Term] = {}
    for term in sorted(terms, key=lambda t: -len(t.en)):
        if term.in_english(text):
            key = f"⟦{len(placeholders)}⟧"
            text = re.sub(rf"(?<!\w){re.escape(term.en)}(?!\w)", key, text)
            placeholders[key] = term
    return text, placeholders


def restore(text: str, placeholders: dict[str, Term], lang: str) -> tuple[str, list[Term]]:
    """Put each term's target form back; returns the terms whose placeholder the engine lost."""
    lost = []
    for key, term in placeholders.items():
        if key in text:
            text = text.replace(key, term.forms[lang])
        else:
            lost.append(term)
    return text, lost
