"""Gettext PO catalogs of the article, read and written with Babel.

One catalog per language: msgctxt = passage id, msgid = the English passage, msgstr = the
translation. Babel's parser forgives unterminated strings and keeps `#|` previous msgids as
plain comments, so reading adds a strict line check (naming file and line) and restores
`previous_id`; writing goes to a temporary file that is then renamed.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, escape, normalize, write_po

from ..errors import ReaderError
from ..files import atomic_write
from ..text_files import check_length, read_text

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}$")
_CONTINUATION = re.compile(rf"^{_STRING}$")


def check_syntax(text: str, origin: str) -> None:
    """Every line is blank, a comment, `keyword "string"` or a `"continuation"`."""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].strip()
        elif line.startswith("#") or not line:
            continue
        if line and not (_KEYWORD_LINE.match(line) or _CONTINUATION.match(line)):
            raise ReaderError(f"{origin}:{number}: malformed PO line: {line[:60]}")


def restore_previous_ids(catalog: Catalog) -> None:
    """Babel reads `#| msgid "…"` (and its `#| "…"` continuation lines, for a long msgid) as
    user comments '| msgid "…"', '| "…"'; make them the message's previous_id again."""
    for message in catalog:
        quoted: list[str] = []
        for comment in message.user_comments:
            if comment.startswith("| msgid "):
                quoted = [comment[len("| msgid "):]]
            elif comment.startswith('| "') and quoted:
                quoted.append(comment[2:])
        if quoted:
            message.previous_id = [eval_po_string(" ".join(quoted))]
            message.user_comments = [c for c in message.user_comments if not c.startswith("| ")]


def eval_po_string(quoted: str) -> str:
    from babel.messages.pofile import unescape
    return "".join(unescape(part) for part in re.findall(_STRING, quoted))


class StrictParser(PoFileParser):
    """Babel keeps only the last of two entries for one passage (one msgctxt, or one msgid
    where there is none), and the reviewed one could be the entry lost: refuse instead,
    naming both lines."""

    def __init__(self, catalog: Catalog, origin: str) -> None:
        super().__init__(catalog, abort_invalid=True)
        self.origin = origin
        self.first_line: dict[str, int] = {}

    def _add_message(self) -> None:
        if not self.obsolete:
            key = self.context.denormalize() if self.context else self.messages[0].denormalize()
            line = self.offset + 1
            if key in self.first_line:
                raise ReaderError(f"{self.origin}:{line}: a second entry for {key[:60]!r} "
                                  f"(the first is at line {self.first_line[key]}); keep one")
            self.first_line[key] = line
        super()._add_message()


def load(path: Path, lang: str) -> Catalog:
    """The catalog at `path`, or a new empty one for `lang` if the file does not exist yet."""
    try:
        text = read_text(path)
    except FileNotFoundError:
        return new_catalog(lang)
    check_syntax(text, str(path))
    catalog = Catalog(locale=lang)
    try:
        StrictParser(catalog, str(path)).parse(io.StringIO(text))
    except PoFileError as exc:
        raise ReaderError(f"{path}:{exc.lineno + 1}: {exc}") from None
    for message in catalog:
        for part in (message.id, message.string):
            if isinstance(part, str):
                check_length(part, f"{path}:{message.lineno}", "an entry")
    restore_previous_ids(catalog)
    return catalog


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def placeholder_problems(catalog: Catalog, origin: str) -> list[str]:
    """Interface strings fill `%(name)s` placeholders: a translation must keep exactly the
    placeholders of its English, and where there are any, write a lone % as %%."""
    found = []
    for message in catalog:
        english, translated = text(message.id), text(message.string)
        if not english or not translated or message.fuzzy:
            continue
        wanted = sorted(PLACEHOLDER.findall(english))
        if sorted(PLACEHOLDER.findall(translated)) != wanted:
            found.append(f"{origin}:{message.lineno}: {translated[:50]!r} must keep the placeholders of its "
                         f"English: {', '.join(f'%({name})s' for name in wanted) or 'none'}")
        elif wanted:
            try:
                translated % dict.fromkeys(wanted, "")
            except (ValueError, TypeError, KeyError):
                found.append(f"{origin}:{message.lineno}: {translated[:50]!r} has a % that is no placeholder; "
                             "write it as %%")
    return found


def new_catalog(lang: str) -> Catalog:
    return Catalog(locale=lang, project="reader", fuzzy=False)


def text(value: str | tuple[str, ...] | list[str] | None) -> str:
    """A message's id or string as one text: our catalogs have no plural forms."""
    return value if isinstance(value, str) else ""


def by_passage(catalog: Catalog) -> dict[str, Message]:
    """Entries keyed by passage id (their msgctxt)."""
    return {m.context: m for m in catalog if m.id and m.context}


def save(catalog: Catalog, path: Path) -> None:
    """Write atomically: an interrupted save never leaves a half-written catalog."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_previous=False, sort_output=False)
    text = with_previous_ids(buffer.getvalue().decode("utf-8"), catalog)
    atomic_write(path, text.encode("utf-8"))


def with_previous_ids(text: str, catalog: Catalog) -> str:
    """Add `#| msgid` lines as GNU gettext writes them. Babel's own (include_previous) wraps a
    long previous msgid as prose, which msgfmt rejects ("end-of-line within string")."""
    for message in catalog:
        if message.previous_id and message.context:
            # normalize() prefixes every line but the first (a lone "" when it wraps)
            lines = normalize(message.previous_id[0], prefix="#| ", width=76).splitlines()
            block = "\n".join(["#| msgid " + lines[0]] + lines[1:]) + "\n"
            anchor = f"\nmsgctxt {escape(message.context)}\n"
            text = text.replace(anchor, f"\n{block}msgctxt {escape(message.context)}\n", 1)
    return text
