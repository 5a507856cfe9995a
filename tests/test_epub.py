"""EPUB 3 with Media Overlays: valid by epubcheck, its overlay pointing at real elements with
the timing map's times, the article audio inside unchanged, accessibility metadata declared."""
import json
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest
from projects import INTERVIEW, article_of

from reader.cli.main import main

EPUBCHECK = "/usr/share/java/epubcheck.jar"  # Debian's epubcheck (make test installs it)
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "smil": "http://www.w3.org/ns/SMIL", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def books(built, tmp_path_factory):
    from click.testing import CliRunner
    folder = tmp_path_factory.mktemp("epub")
    made = {}
    for lang, words in (("kk", False), ("ru", True), ("kk-Latn", False), ("en", True)):
        path = folder / f"interview-{lang}.epub"
        args = ["--root", str(built.root), "export", "epub", "--article", INTERVIEW, "--lang", lang, str(path)]
        args += ["--words"] if words else []
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        made[lang] = path
    return made


@pytest.mark.parametrize("lang", ["kk", "ru", "kk-Latn", "en"])
def test_epubcheck_finds_no_error_or_warning(books, lang):
    result = subprocess.run(["java", "-jar", EPUBCHECK, str(books[lang])], capture_output=True, text=True)
    assert result.returncode == 0 and "0 fatals / 0 errors / 0 warnings" in result.stdout, result.stdout + result.stderr


def test_the_container_starts_with_an_uncompressed_mimetype(books):
    with zipfile.ZipFile(books["kk"]) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"


def test_package_declares_language_overlay_and_accessibility(books):
    with zipfile.ZipFile(books["kk"]) as z:
        opf = ET.fromstring(z.read("EPUB/package.opf"))
    assert opf.find("opf:metadata/dc:language", NS).text == "kk"
    props = {}
    for meta in opf.findall("opf:metadata/opf:meta", NS):
        props.setdefault(meta.get("property"), []).append(meta.text)
    assert set(props["schema:accessMode"]) == {"textual", "auditory"}
    assert "synchronizedAudioText" in props["schema:accessibilityFeature"]
    assert props["schema:accessibilitySummary"][0] and props["schema:accessibilityHazard"] == ["none"]
    assert props["media:active-class"] == ["-epub-media-overlay-active"]
    article = opf.find("opf:manifest/opf:item[@id='article']", NS)
    assert article.get("media-overlay") == "overlay"


@pytest.mark.parametrize("lang, level", [("kk", "sentence"), ("ru", "word")])
def test_overlay_points_at_every_element_with_the_maps_times(books, built, lang, level):
    timing = json.loads(article_of(built).timing_map(lang).read_text())
    with zipfile.ZipFile(books[lang]) as z:
        smil = ET.fromstring(z.read("EPUB/article.smil"))
        ids = set(re.findall(r' id="([^"]+)"', z.read("EPUB/article.xhtml").decode()))
        audio = z.read(f"EPUB/audio/{timing['audio']}")
    assert audio == (built.audio / timing["audio"]).read_bytes()
    items = [s for p in timing["passages"] for s in p["sentences"]]
    if level == "word":
        items = [w for s in items for w in s["words"]]
    pars = smil.findall(".//smil:par", NS)
    assert [p.find("smil:text", NS).get("src").split("#")[1] for p in pars] == [i["id"] for i in items]
    assert all(p.find("smil:text", NS).get("src").split("#")[1] in ids for p in pars)
    first = pars[0].find("smil:audio", NS)
    h, m, s = items[0]["start_ms"] // 3600000, items[0]["start_ms"] // 60000 % 60, items[0]["start_ms"] % 60000
    assert first.get("clipBegin") == f"{h:02d}:{m:02d}:{s // 1000:02d}.{s % 1000:03d}"


def test_an_epub_needs_a_file_to_write(runner, built):
    result = runner.invoke(main, ["--root", str(built.root), "export", "epub", "--article", INTERVIEW, "--lang", "kk"])
    assert result.exit_code != 0 and "epub export needs a file to write" in result.output
