"""The MP3 describes itself: ID3v2.3 tags and a chapter at each passage,
in the page's language; the name still the SHA-256 of the bytes, the audio unchanged."""
import hashlib
import io
import json
import subprocess
from dataclasses import replace

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from PIL import Image
from projects import article_of

from reader.build.integrity import problems
from reader.build.run import build
from reader.mp3 import decode
from reader.timing_map import read_map

PUBLICATION = {"en": "Reader", "kk": "Оқу және тыңдау", "ru": "Читать и\u00a0слушать"}


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_the_article_mp3_carries_its_tags_and_chapters(built, lang):
    timing = read_map(article_of(built).timing_map(lang))
    path = built.audio / timing.audio
    tags = ID3(str(path))
    assert tags.version == (2, 3, 0)
    assert str(tags["TIT2"]) == next(p.text for p in timing.passages if p.kind == "title")
    assert str(tags["TALB"]) == PUBLICATION[lang] and str(tags["TPE1"]) == PUBLICATION[lang]   # no author given
    assert str(tags["TLAN"]) == {"en": "eng", "kk": "kaz", "ru": "rus"}[lang]
    assert str(tags["TXXX:voice"]) == timing.engine.credit
    assert str(tags.getall("COMM")[0]) == timing.notes["credits"].text
    cover = tags.getall("APIC")[0]
    assert cover.mime == "image/png" and Image.open(io.BytesIO(cover.data)).size == (600, 600)
    assert len(cover.data) < 40_000
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == [p.id for p in timing.passages]
    chapters = {c.element_id: c for c in tags.getall("CHAP")}
    for passage in timing.passages:
        chapter = chapters[passage.id]
        assert chapter.start_time == passage.offset_ms
        assert abs(chapter.end_time - (passage.offset_ms + passage.duration_ms)) <= 1
        assert passage.text.startswith(str(chapter.sub_frames["TIT2"]).removesuffix("…").rstrip(".,;:"))
    assert hashlib.sha256(path.read_bytes()).hexdigest()[:20] + ".mp3" == timing.audio
    assert MP3(str(path)).info.length == pytest.approx(timing.duration_ms / 1000, abs=0.1)


def test_a_dated_article_with_an_author_says_so(built):
    sample = replace(built, source=built.root / "content" / "listening-in-three-languages.md")
    tags = ID3(str(sample.audio / read_map(article_of(sample).timing_map("ru")).audio))
    assert str(tags["TDRC"]) == "2026-11-25" and str(tags["TPE1"]) == "The reader's developers"


def test_new_credits_retag_the_file_and_leave_the_audio_as_it_was(project):
    """Credits are not spoken, but the tags say them: a new file, by name and tags, with the
    same sound."""
    before = read_map(article_of(project).timing_map("en"))
    old_pcm, _ = decode((project.audio / before.audio).read_bytes())
    source = project.source
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Credits: ", "Credits: Reviewed. ", 1), encoding="utf-8")
    assert build(project, ["en"]).synthesised == 0
    after = read_map(article_of(project).timing_map("en"))
    assert after.audio != before.audio
    assert "Reviewed. Interview first published" in str(ID3(str(project.audio / after.audio))["COMM:credits:eng"])
    new_pcm, _ = decode((project.audio / after.audio).read_bytes())
    assert (new_pcm == old_pcm).all()
    assert problems(article_of(project)) == []


def ffprobe_chapters(path) -> list[tuple[int, str]]:
    """The chapters as ffmpeg reads them (what many players use): start and title, in its order."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return [(round(float(c["start_time"]) * 1000), c.get("tags", {}).get("title", ""))
            for c in json.loads(out)["chapters"]]


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_ffprobe_and_mutagen_read_every_chapter_in_time_order(built, lang):
    """ID3v2.3, chapter frames in time order: ffmpeg 5 dropped every v2.4 chapter whose title
    was over 127 bytes (most Kazakh ones) and listed the rest in the order of their frames."""
    for article in replace(built, source=None).library():
        timing = read_map(article.timing_map(lang))
        path = built.audio / timing.audio
        expected = [(p.offset_ms, str(ID3(str(path))[f"CHAP:{p.id}"].sub_frames["TIT2"])) for p in timing.passages]
        assert ffprobe_chapters(path) == expected, f"{article.slug} ({lang})"
        mutagen_order = [c.start_time for c in ID3(str(path)).getall("CHAP")]
        assert sorted(mutagen_order) == [start for start, _ in expected]
        assert ID3(str(path)).version == (2, 3, 0)
