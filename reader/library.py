"""The library: which articles a project holds, and where each one's files are. Every path of
the project's content/, translations/ and audio/ is written here once (Layout); an article is
found once, with its name and source (ArticleRef); the library is the articles found in
content/, or the one chosen (Library). Every stage asks these, never the folders themselves.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NewType

from .errors import ReaderError

Slug = NewType("Slug", str)   # an article's name in addresses and file names: why-we-listen

# Not a name the project's folders already use, nor a bilingual page's folder (with-ru).
RESERVED_SLUGS = ("pcm", "ui", "pronunciation")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")   # what slug_of makes: the web takes no other
SOURCE_SUFFIXES = (".md", ".txt")                # article format, scraped text
NARRATION_SUFFIXES = (".flac", ".wav", ".ogg", ".opus", ".mp3", ".aiff")   # what libsndfile reads
LIBRARY_COVER = "library"                        # content/covers/library.png: the feed's picture
STAMP_NAME = "inputs.json"                       # audio/<slug>/inputs.json: what its last build read


def slug_of(path: Path) -> Slug:
    """content/Why We Listen.md → why-we-listen (its address: /en/why-we-listen/)."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if not slug or slug in RESERVED_SLUGS or slug.startswith("with-"):
        raise ReaderError(f"{path}: an article's file name is its address; name it with letters, digits and "
                          f"hyphens (e.g. my-article.md), not {', '.join(RESERVED_SLUGS)} or with-…")
    return Slug(slug)


@dataclass(frozen=True)
class Layout:
    """A project folder: content/<slug>.md (and covers/), translations/<slug>/<lang>.po,
    audio/<slug>/<lang>.json and the stamp beside them."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def covers(self) -> Path:
        """The operator's pictures: content/covers/<slug>.png (or .jpg), library.png."""
        return self.content / "covers"

    @property
    def translations(self) -> Path:
        return self.root / "translations"

    @property
    def audio(self) -> Path:
        return self.root / "audio"

    def sources(self) -> list[Path]:
        """Every article's file in content/, by name; two files of one address are refused."""
        found = sorted((p for suffix in SOURCE_SUFFIXES for p in self.content.glob(f"*{suffix}")),
                       key=lambda p: p.name)
        slugs: dict[str, Path] = {}
        for path in found:
            slug = slug_of(path)
            if slug in slugs:
                raise ReaderError(f"{path}: has the same address ({slug}) as {slugs[slug].name}; rename one")
            slugs[slug] = path
        return found

    @property
    def narrations(self) -> Path:
        """A narrator's recordings: content/narration/<slug>.<lang>.flac (or .wav, .ogg, .mp3…)."""
        return self.content / "narration"

    def narration_candidates(self, slug: str, lang: str) -> list[Path]:
        return [self.narrations / f"{slug}.{lang}{suffix}" for suffix in NARRATION_SUFFIXES]

    def narration_record(self, key: str) -> Path:
        """audio/narration/<key>.json: where a recording's sentences were found (build/narrate.py)."""
        return self.audio / "narration" / f"{key}.json"

    def has_source(self, slug: str) -> bool:
        return any((self.content / f"{slug}{suffix}").is_file() for suffix in SOURCE_SUFFIXES)

    def catalog(self, slug: str, lang: str) -> Path:
        return self.translations / slug / f"{lang}.po"

    def legacy_catalog(self, lang: str) -> Path:
        """translations/<lang>.po: a project of one article's, made before libraries."""
        return self.translations / f"{lang}.po"

    def folder(self, slug: str) -> Path:
        """audio/<slug>/: the article's timing maps and its stamp (its audio files are named by
        content, in audio/ itself, shared by articles that say the same thing)."""
        return self.audio / slug

    def timing_map(self, slug: str, lang: str) -> Path:
        return self.folder(slug) / f"{lang}.json"

    def stamp(self, slug: str) -> Path:
        """What the article's last build read (build/stamps.py)."""
        return self.folder(slug) / STAMP_NAME

    def built(self, lang: str) -> list[Slug]:
        """The articles with a map in this page language, by name: what the web and the
        exports publish, whether or not their source is still in content/."""
        if not self.audio.is_dir():
            return []
        return sorted(Slug(folder.name) for folder in self.audio.iterdir()
                      if SLUG.fullmatch(folder.name) and self.timing_map(folder.name, lang).is_file())


@dataclass(frozen=True)
class ArticleRef:
    """One article of the library: its name, its source, and its files in each language.
    `alone` is whether the project holds no other article: only then may its catalogs be the
    translations/<lang>.po of the days before libraries."""

    slug: Slug
    source: Path
    layout: Layout
    alone: bool = True

    def catalog(self, lang: str) -> Path:
        """translations/<slug>/<lang>.po, or translations/<lang>.po where a project of one
        article has it. In a library that file belongs to no article by name: it must be
        moved, rather than be silently ignored or given to the wrong article."""
        own = self.layout.catalog(self.slug, lang)
        legacy = self.layout.legacy_catalog(lang)
        if own.exists() or own.parent.is_dir() or not legacy.exists():
            return own
        if self.alone:
            return legacy
        raise ReaderError(f"{legacy}: in a library each article has its own catalogs; move it to "
                          f"translations/<slug>/{lang}.po for the article it translates (e.g. {own})")

    def timing_map(self, lang: str) -> Path:
        return self.layout.timing_map(self.slug, lang)

    def narration(self, lang: str) -> Path | None:
        """The narrator's recording of this article in `lang`, if there is one: a file in
        content/narration/ itself (a link that leads out of the project is refused)."""
        found = [path for path in self.layout.narration_candidates(self.slug, lang) if path.exists()]
        if not found:
            return None
        if len(found) > 1:
            raise ReaderError(f"{found[1]}: a second recording of {self.slug} in {lang} (also {found[0].name}); "
                              "keep one")
        path = found[0]
        if not path.resolve().is_relative_to(self.layout.root.resolve()) or not path.resolve().is_file():
            raise ReaderError(f"{path}: a narration must be a file inside the project, not a link out of it")
        return path

    @property
    def folder(self) -> Path:
        return self.layout.folder(self.slug)

    @property
    def stamp(self) -> Path:
        return self.layout.stamp(self.slug)


@dataclass(frozen=True)
class Library:
    """The articles a command works on: every one in content/, or the one chosen (--source,
    --article). Found once, when the command starts."""

    layout: Layout
    articles: tuple[ArticleRef, ...]

    @classmethod
    def find(cls, root: Path, source: Path | None = None) -> Library:
        """content/'s articles; with a source, that one alone. With none in content/, the one
        expected (content/article.md), so that its absence is named when it is read."""
        layout = Layout(root)
        sources = layout.sources()
        if source is not None:
            alone = all(path == source for path in sources)
            return cls(layout, (ArticleRef(slug_of(source), source, layout, alone),))
        if not sources:
            expected = layout.content / "article.md"
            return cls(layout, (ArticleRef(slug_of(expected), expected, layout),))
        alone = len(sources) == 1
        return cls(layout, tuple(ArticleRef(slug_of(path), path, layout, alone) for path in sources))

    def __iter__(self) -> Iterator[ArticleRef]:
        return iter(self.articles)

    @property
    def slugs(self) -> list[Slug]:
        return [article.slug for article in self.articles]

    def select(self, slug: str | None) -> Library:
        """The library narrowed to one article (--article SLUG), or as it is."""
        return self if not slug else Library(self.layout, (self.article(slug),))

    def article(self, slug: str) -> ArticleRef:
        found = next((article for article in self.articles if article.slug == slug), None)
        if found is None:
            raise ReaderError(f"no article {slug!r} in {self.layout.content}; "
                              f"the articles are: {', '.join(self.slugs) or 'none'}")
        return found

    def only(self) -> ArticleRef:
        """The one article a command for one article works on."""
        if len(self.articles) > 1:
            raise ReaderError(f"{self.layout.content}: several articles "
                              f"({', '.join(a.source.name for a in self.articles)}); choose one with --article SLUG")
        return self.articles[0]
