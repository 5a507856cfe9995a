"""A narrator's recording as an operator brings one: `reader narration add`, then a build that
publishes the article in that voice, word by word; an edited passage spoken instead; bad files
refused in one line with nothing built or owned lost."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from narrations import narrator, read_aloud, sentences_of
from projects import article_of

from reader.build.run import build
from reader.cli.main import main
from reader.timing_map import read_map

SAMPLE = "listening-in-three-languages"


@pytest.fixture
def sample(project):
    """The library's sample article (seven passages), built, as the one these settings name."""
    return replace(project, source=project.root / "content" / f"{SAMPLE}.md")


def recording(settings, lang, tmp_path, name="reading.flac"):
    """The article read in `lang` by espeak-ng as another speaker; its true word starts."""
    narration, _ = read_aloud(sentences_of(settings, article_of(settings), lang), narrator("+f3", 125))
    path = tmp_path / name
    sf.write(path, narration.pcm, narration.rate)
    return path, narration


def add(runner, settings, lang, path):
    return runner.invoke(main, ["--root", str(settings.root), "narration", "add", SAMPLE, lang, str(path)])


def credit(settings, lang, name):
    source = settings.source.read_text(encoding="utf-8")
    title_end = source.index("\n\n")
    settings.source.write_text(source[:title_end] + f"\n\nNarrator ({lang}): {name}" + source[title_end:],
                               encoding="utf-8")


def relative_errors_ms(timing, narration) -> np.ndarray:
    """Each word's start after its passage's first word, in the map and in the recording: the
    cut, the pauses and the mix move a passage whole, never its words apart."""
    truth = iter(narration.truth)
    errors = []
    for passage in timing.passages:
        said = [start for _ in passage.sentences for start in next(truth)]
        placed = [w.start_ms for s in passage.sentences for w in s.words]
        errors += [abs((p - placed[0]) - (t - said[0]) * 1000 / narration.rate)
                   for p, t in zip(placed, said, strict=True) if t is not None]
    return np.array(errors)


def test_a_narration_added_and_built_is_the_article_in_that_voice_word_by_word(runner, sample, tmp_path):
    path, narration = recording(sample, "kk", tmp_path)
    credit(sample, "kk", "Айгүл Нұрланқызы")
    result = add(runner, sample, "kk", path)
    assert result.exit_code == 0, result.output
    assert (sample.root / "content" / "narration" / f"{SAMPLE}.kk.flac").read_bytes() == path.read_bytes()
    report = build(sample, ["kk", "ru"])
    assert not [line for line in report.notes if f"{SAMPLE}.kk.flac" in line]    # every passage found
    timing = read_map(article_of(sample).timing_map("kk"))
    assert timing.engine.name == "narration" and timing.engine.credit == "read by Айгүл Нұрланқызы"
    assert {p.engine for p in timing.passages} == {"narration"}
    errors = relative_errors_ms(timing, narration)
    assert np.percentile(errors, 95) <= 60 and errors.max() <= 250, (np.percentile(errors, 95), errors.max())
    assert read_map(article_of(sample).timing_map("ru")).engine.name == "espeak-ng"   # other languages keep theirs
    status = runner.invoke(main, ["--root", str(sample.root), "status", "--article", SAMPLE, "--lang", "kk", "--json"])
    found = json.loads(status.output)[0]["narration"]
    assert found["aligned"] >= 0.95 * found["words"] and found["missing_sentences"] == 0
    assert build(sample, ["kk"]).maps_written == []                      # aligned once: a no-op after
    epub = tmp_path / "kk.epub"
    exported = runner.invoke(main, ["--root", str(sample.root), "export", "epub", "--article", SAMPLE, "--lang", "kk",
                                    str(epub)])
    assert exported.exit_code == 0, exported.output
    import zipfile

    package = zipfile.ZipFile(epub).read("EPUB/package.opf").decode()
    assert '<meta property="media:narrator">Айгүл Нұрланқызы</meta>' in package and "recorded narration" in package
    from reader.web import create_app

    feed = create_app({"READER_ROOT": str(sample.root)}).test_client().get("/kk/feed.xml").data
    item = next(i for i in ET.fromstring(feed).iter("item") if i.findtext("link").rstrip("/").endswith(SAMPLE))
    person = item.find("{https://podcastindex.org/namespace/1.0}person")   # Podcasting 2.0's credit
    assert person is not None and person.text == "Айгүл Нұрланқызы"
    assert (person.get("role"), person.get("group")) == ("narrator", "cast")


def test_an_edited_passage_is_named_and_spoken_by_the_voice(runner, sample, tmp_path):
    path, _ = recording(sample, "kk", tmp_path)
    assert add(runner, sample, "kk", path).exit_code == 0
    from reader.translation import catalog as po

    catalog_path = article_of(sample).catalog("kk")
    catalog = po.load(catalog_path, "kk")
    edited = po.by_passage(catalog)["p2"]
    edited.string = "Бұл сөйлемді диктор ешқашан оқыған жоқ, сондықтан ол жазбада жоқ. Мүлде басқа мәтін."
    po.save(catalog, catalog_path)
    report = build(sample, ["kk"])
    assert [line for line in report.notes if "p2" in line] == [
        f"{sample.root / 'content' / 'narration' / f'{SAMPLE}.kk.flac'}: passage p2 does not match the recording "
        "(edited since, or not read); the voice speaks it"]
    engines = {p.id: p.engine for p in read_map(article_of(sample).timing_map("kk")).passages}
    assert engines["p2"] == "espeak-ng" and engines["title"] == engines["p1"] == "narration"


def test_a_recording_in_another_language_is_said_in_one_line_and_not_used(runner, sample, tmp_path):
    path, _ = recording(sample, "ru", tmp_path)
    assert add(runner, sample, "kk", path).exit_code == 0            # it reads as audio: only the build can tell
    report = build(sample, ["kk"])
    assert [line for line in report.notes if "narration" in line] == [
        f"{sample.root / 'content' / 'narration' / f'{SAMPLE}.kk.flac'}: none of {SAMPLE}'s kk passages was found "
        "in it (is it this article read in kk?); the voice speaks them"]
    assert {p.engine for p in read_map(article_of(sample).timing_map("kk")).passages} == {"espeak-ng"}


@pytest.mark.parametrize("name, content, message", [
    ("notes.flac", b"these are my notes, not audio", "not a recording the reader can read (is it an audio file?)"),
    ("empty.wav", b"", "not a recording the reader can read"),
    ("phone.m4a", b"\0\0\0 ftypM4A ", "a recording is one of .flac, .wav"),
])
def test_a_file_that_is_not_a_recording_is_one_line_and_nothing_is_copied(runner, sample, tmp_path, name, content,
                                                                         message):
    path = tmp_path / name
    path.write_bytes(content)
    result = add(runner, sample, "kk", path)
    assert result.exit_code == 1 and result.output.count("\n") == 1 and message in result.output, result.output
    assert not (sample.root / "content" / "narration").exists()


def test_silence_is_refused(runner, sample, tmp_path):
    path = tmp_path / "silence.wav"
    sf.write(path, np.zeros(22050 * 20, dtype=np.int16), 22050)
    result = add(runner, sample, "kk", path)
    assert result.exit_code == 1 and "silent" in result.output


def test_a_file_over_2_gb_is_refused_before_it_is_read(runner, sample, tmp_path):
    path = tmp_path / "huge.wav"
    with path.open("wb") as f:                        # sparse: 2 GiB and one byte, no disk used
        f.truncate(2 * 1024 ** 3 + 1)
    result = add(runner, sample, "kk", path)
    assert result.exit_code == 1 and "2.0 GB; a narration is at most 2 GB" in result.output


def test_an_existing_recording_is_never_replaced(runner, sample, tmp_path):
    path, _ = recording(sample, "kk", tmp_path)
    mine = sample.root / "content" / "narration" / f"{SAMPLE}.kk.wav"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"the operator's own take")
    result = add(runner, sample, "kk", path)
    assert result.exit_code == 1 and "already has a recording in kk; remove it first" in result.output
    assert mine.read_bytes() == b"the operator's own take"
    assert [p.name for p in mine.parent.iterdir()] == [mine.name]


def test_a_link_out_of_the_project_is_refused_by_the_build(runner, sample, tmp_path):
    path, _ = recording(sample, "kk", tmp_path)
    link = sample.root / "content" / "narration" / f"{SAMPLE}.kk.flac"
    link.parent.mkdir(parents=True)
    os.symlink(path, link)
    before = article_of(sample).timing_map("kk").read_bytes()
    result = runner.invoke(main, ["--root", str(sample.root), "build", "--lang", "kk"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {link}: a narration must be a file inside the project, "
                                     "not a link out of it")
    assert article_of(sample).timing_map("kk").read_bytes() == before


def test_no_setting_chooses_the_narration_engine(runner, sample):
    """A recording is the article's own: READER_ENGINE cannot name it for every language."""
    result = runner.invoke(main, ["--root", str(sample.root), "build", "--engine", "narration"])
    assert result.exit_code == 2 and "'narration' is not one of" in result.output
    from reader.errors import ReaderError
    from reader.speech.engines import engine_named

    with pytest.raises(ReaderError, match="READER_ENGINE='narration': no such engine"):
        engine_named("narration")


def test_prune_keeps_a_narration_s_passages_and_its_record(runner, sample, tmp_path):
    from reader.build.integrity import problems
    from reader.build.prune import prune

    path, _ = recording(sample, "kk", tmp_path)
    assert add(runner, sample, "kk", path).exit_code == 0
    build(sample, ["kk"])
    records = set((sample.audio / "narration").glob("*.json"))
    timing = read_map(article_of(sample).timing_map("kk"))
    narrated = {sample.audio / p.audio for p in timing.passages if p.engine == "narration"}
    narrated |= {sample.audio / f"{Path(p.audio).stem}.json" for p in timing.passages if p.engine == "narration"}
    removed = set(prune(replace(sample, source=None)))
    assert records and len(narrated) > 4 and not removed & (records | narrated), removed & (records | narrated)
    assert all(path.exists() for path in records | narrated)
    assert problems(article_of(sample)) == [] and build(sample, ["kk"]).maps_written == []


def test_the_build_shows_the_alignment_s_progress(runner, sample, tmp_path):
    path, _ = recording(sample, "kk", tmp_path)
    assert add(runner, sample, "kk", path).exit_code == 0
    result = runner.invoke(main, ["--root", str(sample.root), "build", "--lang", "kk", "--article", SAMPLE])
    assert result.exit_code == 0, result.output
    assert f"Aligning {SAMPLE}.kk.flac" in result.output and "timing maps updated: " + SAMPLE in result.output


def test_a_skipped_word_is_not_highlighted_alone(runner, sample, tmp_path):
    """The narrator skips a word: the build marks the damage on the words, not the sentence,
    so the page still follows the rest of that sentence word by word."""
    from narrations import skipped_word

    narration, _ = read_aloud(sentences_of(sample, article_of(sample), "kk"), narrator("+f3", 125))
    middle = next(k for k in range(len(narration.truth) // 2, len(narration.truth)) if len(narration.truth[k]) > 5)
    skipped = skipped_word(narration, middle, 2)
    sf.write(tmp_path / "take.flac", skipped.pcm, skipped.rate)
    assert add(runner, sample, "kk", tmp_path / "take.flac").exit_code == 0
    build(sample, ["kk"])
    sentences = [s for p in read_map(article_of(sample).timing_map("kk")).passages for s in p.sentences]
    damaged = sentences[middle]
    assert any(w.estimated for w in damaged.words[1:4]) and not damaged.estimated
    assert sum(w.estimated for w in damaged.words) <= 3
    assert sum(w.estimated for s in sentences for w in s.words) <= 4          # the rest are found
