"""`reader prune`: after an edit and a rebuild, only the superseded files go."""
import json

from projects import article_of

from reader.build import integrity
from reader.build import run as pipeline
from reader.cli.main import main


def test_prune_removes_only_what_an_edit_left_behind(project, runner):
    catalog = article_of(project).catalog("ru")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Фото:", "Фотография:"), encoding="utf-8")
    old_article = json.loads(article_of(project).timing_map("ru").read_text())["audio"]
    assert pipeline.build(project, ["ru"]).synthesised == 1
    mine = [project.audio / "intro.mp3", project.audio / "notes.json", project.audio / "pcm" / "take-2.flac"]
    for path in mine:
        path.write_bytes(b"the user's own")
    before = {p for p in project.audio.rglob("*") if p.is_file()}

    dry = runner.invoke(main, ["--root", str(project.root), "prune", "--dry-run"])
    assert dry.exit_code == 0 and "Would remove 3 unused built file(s)" in dry.output
    assert {p for p in project.audio.rglob("*") if p.is_file()} == before

    result = runner.invoke(main, ["--root", str(project.root), "prune"])
    assert result.exit_code == 0, result.output
    gone = before - {p for p in project.audio.rglob("*") if p.is_file()}
    assert {p.suffix for p in gone} == {".mp3", ".json", ".flac"} and len(gone) == 3
    assert project.audio / old_article in gone
    assert all(path.read_bytes() == b"the user's own" for path in mine)  # not written by a build: never pruned
    assert integrity.problems(article_of(project)) == [] and pipeline.build(project).synthesised == 0
