"""EPUB 3 with Media Overlays from a built language: the article as XHTML (every sentence and
word an element with the timing map's id), its audio, and a SMIL overlay at sentence or word
level, with accessibility metadata (schema.org, EPUB Accessibility 1.1). epubcheck passes it.
"""
from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime

from ...timing_map import TimingMap
from ..passage_view import PassageView, numbered_views
from . import smil as media_overlay
from .base import Format, clock, xml_text

TAGS = {"title": "h1", "pullquote": "blockquote"}
CSS = """body { font-family: serif; line-height: 1.6; }
.caption, .more { font-size: .9em; }
.standfirst { font-style: italic; }
.content-note { border: 2px solid #0b5394; padding: .5em; }
.credits { font-size: .9em; }
blockquote { margin: 1em 0; padding-left: 1em; border-left: 4px solid #0b5394; }
.-epub-media-overlay-active { background: #ffd24d; color: #000; outline: 2px solid #000; }
"""
SUMMARY = ("The full text with synchronised {kind} narration: each sentence is highlighted as it is "
           "read. Headings and the quotation are marked up; the text can be read alone or listened to alone.")


def narrator(timing: TimingMap) -> str:
    """Who reads it: the narrator, or the synthetic voice said to be one."""
    if timing.engine.narrated:
        return timing.engine.voice or "a narrator"
    return f"{timing.engine.credit} (synthetic voice)"


def passage_xhtml(view: PassageView, lang: str) -> str:
    p = view.timing
    parts = []
    for part in view.parts:
        if isinstance(part, str):
            parts.append(xml_text(part))
            continue
        words = "".join(f'<span id="{piece.word_id}">{xml_text(piece.text)}</span>' if piece.word_id
                        else xml_text(piece.text) for piece in part.pieces)
        parts.append(f'<span id="{part.id}">{words}</span>')
    body = "".join(parts)
    lang_attrs = f' lang="{p.lang}" xml:lang="{p.lang}"' if p.lang != lang else ""
    tag = TAGS.get(p.kind, "p")
    if tag == "blockquote":
        return f'<blockquote id="{p.id}" class="pullquote"{lang_attrs}><p>{body}</p></blockquote>'
    return f'<{tag} id="{p.id}" class="{p.kind}"{lang_attrs}>{body}</{tag}>'


def document(title: str, lang: str, body: str) -> str:
    ns = ' xmlns:epub="http://www.idpf.org/2007/ops"'
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml"{ns} lang="{lang}" xml:lang="{lang}">\n'
            f'<head><meta charset="UTF-8"/><title>{xml_text(title)}</title>'
            f'<link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
            f"<body>\n{body}\n</body>\n</html>\n")


def note_xhtml(timing: TimingMap, key: str, lang: str) -> str:
    """The article's content note or credits (shown, not narrated), if its source has one."""
    note = timing.notes.get(key)
    if not note:
        return ""
    lang_attrs = f' lang="{note.lang}" xml:lang="{note.lang}"' if note.lang != lang else ""
    return f'<p class="{key}"{lang_attrs}>{xml_text(note.text)}</p>'


def package(timing: TimingMap, title: str, lang: str, modified: str) -> str:
    summary = SUMMARY.format(kind="recorded" if timing.engine.narrated else "synthetic")
    book_id = uuid.uuid5(uuid.NAMESPACE_URL, f"reader:{lang}:{timing.audio_sha256}")
    duration = clock(timing.duration_ms)
    meta = [
        f'<dc:identifier id="book-id">urn:uuid:{book_id}</dc:identifier>',
        f"<dc:title>{xml_text(title)}</dc:title>",
        f"<dc:language>{lang}</dc:language>",
        *([f"<dc:rights>{xml_text(timing.notes['credits'].text)}</dc:rights>"] if "credits" in timing.notes else []),
        f'<meta property="dcterms:modified">{modified}</meta>',
        f'<meta property="media:duration">{duration}</meta>',
        f'<meta property="media:duration" refines="#overlay">{duration}</meta>',
        f"<meta property=\"media:narrator\">{xml_text(narrator(timing))}</meta>",
        '<meta property="media:active-class">-epub-media-overlay-active</meta>',
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessMode">auditory</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        '<meta property="schema:accessModeSufficient">auditory</meta>',
        *(f'<meta property="schema:accessibilityFeature">{f}</meta>' for f in (
            "synchronizedAudioText", "structuralNavigation", "tableOfContents", "readingOrder",
            "displayTransformability")),
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{xml_text(summary)}</meta>',
    ]
    items = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="article" href="article.xhtml" media-type="application/xhtml+xml" media-overlay="overlay"/>',
        '<item id="overlay" href="article.smil" media-type="application/smil+xml"/>',
        f'<item id="audio" href="audio/{timing.audio}" media-type="audio/mpeg"/>',
        '<item id="style" href="style.css" media-type="text/css"/>',
    ]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" '
            f'xml:lang="{lang}">\n'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n  ' + "\n  ".join(meta) + "\n</metadata>\n"
            "<manifest>\n  " + "\n  ".join(items) + "\n</manifest>\n"
            '<spine><itemref idref="article"/></spine>\n</package>\n')


CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
             '<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>'
             "</rootfiles>\n</container>\n")


def epub(timing: TimingMap, audio: bytes, words: bool = False, now: datetime | None = None) -> bytes:
    """The EPUB file's bytes for one language's timing map and its article audio."""
    lang = timing.lang
    views = numbered_views(timing.passages)
    title = next((v.timing.text for v in views if v.timing.kind == "title"), "")
    modified = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    nav = (f'<nav epub:type="toc" id="toc" role="doc-toc"><h1>{xml_text(title)}</h1><ol>'
           f'<li><a href="article.xhtml#title">{xml_text(title)}</a></li></ol></nav>')
    smil = media_overlay.render(timing, text_href="article.xhtml", audio_href=f"audio/{timing.audio}",
                                level="word" if words else "sentence")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        deflated = {"compress_type": zipfile.ZIP_DEFLATED}
        z.writestr("META-INF/container.xml", CONTAINER, **deflated)
        z.writestr("EPUB/package.opf", package(timing, title, lang, modified), **deflated)
        z.writestr("EPUB/nav.xhtml", document(title, lang, nav), **deflated)
        body = [note_xhtml(timing, "content-note", lang), *(passage_xhtml(v, lang) for v in views),
                note_xhtml(timing, "credits", lang)]
        z.writestr("EPUB/article.xhtml", document(title, lang, "<main>\n" + "\n".join(filter(None, body))
                                                   + "\n</main>"), **deflated)
        z.writestr("EPUB/article.smil", smil, **deflated)
        z.writestr("EPUB/style.css", CSS, **deflated)
        z.writestr(f"EPUB/audio/{timing.audio}", audio, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


FORMAT = Format("epub", "epub", "application/epub+zip", "EPUB 3 with media overlays (read aloud in sync)",
                lambda built: epub(built.timing, built.mp3(), words=built.words), binary=True)
