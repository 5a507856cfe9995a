"""Clean-up of a source's text: one small function per artifact, so that what each fixes is
visible and tested on its own; and the split into blank-line separated blocks."""
from __future__ import annotations

import re


def fix_triple_hyphen_dash(text: str) -> str:
    """`---` is how the scrape spelled an em dash."""
    return re.sub(r"\s*-{3}\s*", "—", text)


def collapse_spaces(text: str) -> str:
    """Double spaces and trailing blanks come from the page's markup, not the author."""
    return re.sub(r"[ \t\r\u00a0\u2028\u2029]+", " ", text).strip()


def drop_unbalanced_closing_quote(text: str) -> str:
    """A closing ” with no opening “ in the same block was left over from a page-wide quote."""
    if text.endswith("”") and text.count("”") > text.count("“"):
        return text[:-1].rstrip()
    return text


def dedupe_lines(lines: list[str]) -> list[str]:
    """The photo caption appears twice in a row (image alt text and caption)."""
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def clean_block(lines: list[str]) -> str:
    text = " ".join(dedupe_lines([collapse_spaces(line) for line in lines if line.strip()]))
    return drop_unbalanced_closing_quote(collapse_spaces(fix_triple_hyphen_dash(text)))


def split_blocks(raw: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, each with the 1-based line number it starts on."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(raw.split("\n"), start=1):  # not splitlines: U+2028 ends no line
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks
