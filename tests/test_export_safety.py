"""Exports write only what they own: a static export never removes a folder it did not write,
a file export never replaces a folder, a link or a device, and every refusal is one line.
Written files get the permissions a user expects (the umask; an existing file's own mode)."""
import os
import stat

import pytest
from projects import INTERVIEW, article_of

from reader.cli.main import main
from reader.export.static_site import MARKER


def export(runner, project, *args):
    """reader export KIND …: a file export is of the interview, the static one of the library."""
    article = ["--article", INTERVIEW] if args[0] != "static" else []
    return runner.invoke(main, ["--root", str(project.root), "export", args[0], *article, *args[1:]])


def one_line_error(result, *words):
    assert result.exit_code == 1, result.output
    line = result.output.strip()
    assert "\n" not in line and line.startswith("Error: ") and "Traceback" not in line, result.output
    for word in words:
        assert word in line, line


def snapshot(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_static_export_into_the_project_or_its_audio_is_refused_and_nothing_is_lost(runner, project):
    (project.root / ".git").mkdir()
    (project.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = snapshot(project.root)
    for target in (project.root, project.audio, project.root.parent, project.audio / "site"):
        one_line_error(export(runner, project, "static", str(target)), "is the project")
    assert snapshot(project.root) == before


def test_a_folder_the_export_did_not_write_is_refused_and_left_as_it_was(runner, project, tmp_path):
    mine = tmp_path / "photos"
    mine.mkdir()
    (mine / "holiday.jpg").write_bytes(b"\xff\xd8 mine")
    one_line_error(export(runner, project, "static", str(mine)), "not empty", MARKER)
    assert snapshot(mine) == {mine / "holiday.jpg": b"\xff\xd8 mine"}


def test_a_file_in_the_way_of_a_static_export_is_refused_and_kept(runner, project, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    one_line_error(export(runner, project, "static", str(notes)), "not a folder")
    assert notes.read_text() == "my notes" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "project"]


def test_an_empty_folder_is_written_and_an_earlier_export_updated_keeping_the_users_files(runner, project,
                                                                                             tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert export(runner, project, "static", str(site)).exit_code == 0
    assert (site / MARKER).is_file() and (site / "kk" / "index.html").is_file()
    (site / "NOTES.md").write_text("added by the user after the export")
    result = export(runner, project, "static", str(site))
    assert result.exit_code == 0, result.output
    assert (site / "NOTES.md").read_text() == "added by the user after the export"
    assert (site / "kk" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]  # nothing left beside it


@pytest.mark.parametrize("where", ["a folder", "/proc", "a missing place under /proc"])
def test_a_file_export_to_a_place_it_cannot_write_is_one_line(runner, project, tmp_path, where):
    target = {"a folder": tmp_path, "/proc": "/proc/version", "a missing place under /proc": "/proc/nope/kk.vtt"}[where]
    one_line_error(export(runner, project, "vtt", "--lang", "kk", str(target)), str(target))
    assert os.path.isdir(tmp_path)


def test_a_file_export_writes_through_a_link_and_a_device(runner, project, tmp_path):
    real = tmp_path / "real.vtt"
    real.write_text("old")
    link = tmp_path / "captions.vtt"
    link.symlink_to(real)
    assert export(runner, project, "vtt", "--lang", "kk", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("WEBVTT")
    assert export(runner, project, "vtt", "--lang", "kk", "/dev/null").exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_built_and_exported_files_follow_the_umask_and_keep_their_mode(runner, tmp_path):
    from projects import copy_project
    project = copy_project(tmp_path / "fresh")
    catalog = article_of(project).catalog("kk")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgid "Aiman Umarova. Photo: Yuliya Kozlova"',
                                                                   'msgid "Aiman Umarova. Photo: Y. Kozlova"'))
    catalog.chmod(0o664)
    old = os.umask(0o022)
    try:
        assert runner.invoke(main, ["--root", str(project.root), "build", "--lang", "kk"]).exit_code == 0
        assert export(runner, project, "epub", "--lang", "kk", str(tmp_path / "kk.epub")).exit_code == 0
        assert export(runner, project, "static", str(tmp_path / "site")).exit_code == 0
    finally:
        os.umask(old)
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in [*project.audio.rglob("*"), tmp_path / "kk.epub",
                                                          *(tmp_path / "site").rglob("*")] if p.name != ".build.lock"}
    assert {oct(m) for p, m in modes.items() if p.is_file()} == {"0o644"}
    assert {oct(m) for p, m in modes.items() if p.is_dir()} | {oct(stat.S_IMODE((tmp_path / "site").stat().st_mode))} \
        == {"0o755"}
    assert stat.S_IMODE(catalog.stat().st_mode) == 0o664 and "Y. Kozlova" in catalog.read_text()


def hold_build_lock(project):
    import fcntl
    lock = open(project.audio / ".build.lock", "a+")
    fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def start_export(project, dest):
    import subprocess
    import sys
    reader = os.path.join(os.path.dirname(sys.executable), "reader")
    return subprocess.Popen([reader, "--root", str(project.root), "export", "static", str(dest)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_line(stream, words, timeout=30):
    import select
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if select.select([stream], [], [], 0.1)[0]:
            line = stream.readline()
            if words in line:
                return line
    raise AssertionError(f"no line saying {words!r}")


def test_a_static_export_waits_for_a_running_build_so_the_site_is_one_builds(project, tmp_path):
    """It took no lock and read each map twice: during a build, 5 exports in 20 published a
    page playing an MP3 that was not in the export."""
    lock = hold_build_lock(project)
    process = start_export(project, tmp_path / "site")
    wait_for_line(process.stderr, "A build is running; the export waits")
    assert not (tmp_path / "site" / "kk").exists()
    lock.close()
    assert process.wait(timeout=120) == 0
    import hashlib
    import json
    for lang in ("en", "kk", "ru"):
        timing = json.loads((tmp_path / "site" / lang / INTERVIEW / "timings.json").read_text())
        audio = tmp_path / "site" / "audio" / timing["audio"]
        assert hashlib.sha256(audio.read_bytes()).hexdigest() == timing["audio_sha256"]
        assert f'audio/{timing["audio"]}' in (tmp_path / "site" / lang / INTERVIEW / "index.html").read_text()


def test_sigterm_during_a_static_export_leaves_no_copy_behind(project, tmp_path):
    """It left a hidden full copy (.site.xxxxxxxx, audio included) beside the target."""
    import signal
    lock = hold_build_lock(project)
    process = start_export(project, tmp_path / "site")
    wait_for_line(process.stderr, "A build is running")
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    lock.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
    assert list((tmp_path / "site").iterdir()) == []
