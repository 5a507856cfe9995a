"""Bad input, as a careless operator or an attacker gives it: one line naming the file, line
or value at fault, a non-zero exit, and nothing already built lost."""
import json
import os
import re
import subprocess

import pytest
from projects import INTERVIEW, article_of, url

from reader.build import integrity
from reader.cli.main import main


def invoke(runner, project, *args, env=None):
    return runner.invoke(main, ["--root", str(project.root), *args], env=env)


def one_line_error(result, *words):
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.strip().split("\n") if line.startswith("Error: ")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def built_files(project):
    return {p: p.read_bytes() for p in project.audio.rglob("*") if p.is_file() and p.name != ".build.lock"}


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", os.urandom(4096), "directory"],
                         ids=["not UTF-8", "random bytes", "a folder"])
def test_a_catalog_that_is_not_text_is_one_line_and_loses_nothing(runner, project, content):
    path = article_of(project).catalog("kk")
    path.unlink()
    if content == "directory":
        path.mkdir()
    else:
        path.write_bytes(content)
    before = built_files(project)
    for command in (["status"], ["build"]):
        one_line_error(invoke(runner, project, *command), "kk.po")
    assert built_files(project) == before


@pytest.mark.parametrize("text, where", [("\x01", "control character U+0001"), ("\x00", "U+0000")])
def test_control_characters_in_an_article_or_catalog_are_named_by_line(runner, project, text, where):
    catalog = article_of(project).catalog("ru")
    lines = catalog.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and len(line) > 20)
    lines[number] = lines[number][:-1] + text + '"'
    catalog.write_text("\n".join(lines), encoding="utf-8")
    one_line_error(invoke(runner, project, "build"), f"ru.po:{number + 1}:", where)

    article = project.source
    article.write_text(article.read_text(encoding="utf-8").replace("\n\n", f"\n\nOdd {text}char.\n\n", 1))
    one_line_error(invoke(runner, project, "status"), f"{article.name}:3:", where)


def test_a_byte_order_mark_and_a_line_separator_do_not_confuse_the_article(tmp_path):
    from reader.source import read_article
    article = tmp_path / "a.md"
    article.write_text("\ufeff# Title\n\nOne\u2028line.\n\nCaption: one\n\nCaption: two\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"a.md:7: a second 'caption' block"):  # line 7, U+2028 ends no line
        read_article(article)
    article.write_text("\ufeff# Title\n\nOne\u2028line.\n", encoding="utf-8")
    passages = read_article(article).passages
    assert [(p.id, p.text) for p in passages] == [("title", "Title"), ("p1", "One line.")]


def test_a_second_entry_for_one_passage_names_both_lines(runner, project):
    catalog = article_of(project).catalog("ru")
    text = catalog.read_text(encoding="utf-8")
    start = text.index('msgctxt "p2"')
    entry = text[start:text.index("\n\n", start)]
    doubled = text + "\n" + entry.replace('msgstr "', 'msgstr "Другой ') + "\n"
    catalog.write_text(doubled, encoding="utf-8")
    first, second = [doubled[:m.start()].count("\n") + 2 for m in re.finditer('msgctxt "p2"', doubled)]
    line = one_line_error(invoke(runner, project, "status"), "'p2'", f"the first is at line {first}")
    assert line.startswith(f"Error: {catalog}:{second}: a second entry")  # lines of their msgid


def test_an_enormous_entry_is_refused_before_it_costs_memory(runner, project):
    import tracemalloc
    catalog = article_of(project).catalog("kk")
    original = catalog.read_text(encoding="utf-8")
    catalog.write_text(original + '\nmsgctxt "huge"\nmsgid "' + "a" * 10_000_000 + '"\nmsgstr ""\n', encoding="utf-8")
    tracemalloc.start()   # this call's own peak, whatever the process held before (ru_maxrss was not)
    try:
        one_line_error(invoke(runner, project, "status"), "kk.po", "at most")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20   # the 10 MB entry is never read whole
    catalog.write_text(original + '\nmsgctxt "long"\nmsgid "' + "a" * 30_000 + '"\nmsgstr ""\n', encoding="utf-8")
    one_line_error(invoke(runner, project, "status"), "kk.po:", "30,000 characters")


@pytest.mark.parametrize("value, words", [
    ("abc", "whole number"), ("", "whole number"), ("1e3", "whole number"),
    ("99999999", "out of range"), ("-5", "out of range")])
def test_a_bad_passage_pause_is_one_line_naming_the_variable(runner, project, value, words):
    before = built_files(project)
    one_line_error(invoke(runner, project, "build", env={"READER_PASSAGE_PAUSE_MS": value}),
                   "READER_PASSAGE_PAUSE_MS", words)
    assert built_files(project) == before


def test_a_passage_pause_in_range_is_used(runner, project):
    result = invoke(runner, project, "build", "--lang", "kk", env={"READER_PASSAGE_PAUSE_MS": "0"})
    assert result.exit_code == 0, result.output
    assert '"pause_ms":0' in article_of(project).timing_map("kk").read_text()


@pytest.mark.parametrize("url", ["javascript:document.body.remove()", "/relative", "ftp://example.org/",
                                 "https://", "data:text/html,hi"])
def test_the_quick_exit_cannot_be_pointed_at_nothing(runner, project, tmp_path, url, monkeypatch):
    from reader.errors import ReaderError
    from reader.web import create_app
    monkeypatch.setenv("READER_EXIT_URL", url)
    with pytest.raises(ReaderError, match="READER_EXIT_URL"):
        create_app({"READER_ROOT": str(project.root)})
    one_line_error(invoke(runner, project, "export", "static", str(tmp_path / "site")), "READER_EXIT_URL")
    assert not (tmp_path / "site").exists()


def test_a_good_exit_url_reaches_the_page(project, monkeypatch):
    from reader.web import create_app
    monkeypatch.setenv("READER_EXIT_URL", "https://example.org/weather")
    html = create_app({"READER_ROOT": str(project.root)}).test_client().get(url("kk")).get_data(as_text=True)
    assert 'href="https://example.org/weather"' in html


def gunicorn(project, env):
    from projects import dockerfile_server
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = dockerfile_server(port)
    if "PORT" in env:                               # the image's PORT, as the operator set it
        command[command.index(f"PORT={port}")] = f"PORT={env['PORT']}"
    return subprocess.run(command, env={**os.environ, "READER_ROOT": str(project.root), "WEB_CONCURRENCY": "2",
                                        **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("broken", ["garbage interface catalog", "bad exit URL"])
def test_gunicorn_refuses_to_boot_with_one_line(project, broken):
    """As the image runs it, with two workers: each worker's failure and gunicorn's HaltServer
    traceback came out in 2 runs of 3, until the app was loaded once before the workers."""
    env = {}
    if broken == "bad exit URL":
        env["READER_EXIT_URL"] = "javascript:void(0)"
    else:
        (project.translations / "ui" / "kk.po").write_bytes(os.urandom(2048))
    for _ in range(3):
        result = gunicorn(project, env)
        assert result.returncode != 0 and "Traceback" not in result.stderr and "HaltServer" not in result.stderr
        lines = [line for line in result.stderr.split("\n") if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert "kk.po" in lines[0] or "READER_EXIT_URL" in lines[0]


def test_an_audio_folder_that_cannot_be_written_is_one_line(runner, tmp_path):
    from projects import copy_project
    project = copy_project(tmp_path / "fresh")
    project.audio.symlink_to("/proc/self/fdinfo")  # not writable, even by root
    one_line_error(invoke(runner, project, "build", "--lang", "kk"), "audio", "cannot write")


@pytest.mark.parametrize("damage", ["[1,2,3]", "no sentences", "word out of order"])
def test_a_damaged_timing_map_is_reported_and_the_rest_still_served(runner, project, damage):
    from reader.web import create_app
    path = article_of(project).timing_map("ru")
    data = json.loads(path.read_text())
    if damage == "no sentences":
        del data["passages"][3]["sentences"]
    elif damage == "word out of order":
        word = data["passages"][3]["sentences"][0]["words"][1]
        word["start_ms"], word["end_ms"] = word["end_ms"] + 10**6, word["end_ms"] + 10**6 + 5
    path.write_text(damage if damage.startswith("[") else json.dumps(data))
    client = create_app({"READER_ROOT": str(project.root)}).test_client()
    addresses = (url("ru"), url("ru", "article.vtt"), url("ru", "timings.json"), "/healthz")
    assert [client.get(p).status_code for p in addresses] == \
        [503, 503, 503, 503]
    assert client.get("/healthz").json["damaged"] == [f"{INTERVIEW}/ru"]
    assert client.get("/ru/").status_code == 200        # the library, without the damaged article
    assert [client.get(p).status_code for p in (url("kk"), url("en"), url("kk", "article.vtt"))] == [200, 200, 200]
    assert any("ru.json: damaged timing map" in line for line in integrity.problems(article_of(project)))
    status = invoke(runner, project, "status", "--check")
    assert status.exit_code == 1 and "ru.json: damaged timing map" in status.output
    one_line_error(invoke(runner, project, "export", "vtt", "--article", INTERVIEW, "--lang", "ru"),
                   "ru.json: damaged timing map")
    assert invoke(runner, project, "build", "--lang", "ru").exit_code == 0
    assert client.get(url("ru")).status_code == 200 and client.get("/healthz").status_code == 200


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo"])
def test_an_article_that_is_a_device_or_a_pipe_is_refused_without_reading_it(runner, project, kind):
    """/dev/zero says it holds 0 bytes and never ends (it ended in MemoryError); a FIFO blocked
    the build for good. Neither is read: one line, and what was built stays."""
    before = built_files(project)
    article = project.root / "content" / "aiman-umarova-interview.md"
    article.unlink()
    if kind == "fifo":
        os.mkfifo(article)
    else:
        article.symlink_to("/dev/zero")
    one_line_error(invoke(runner, project, "build"), str(article), "not a regular file")
    assert built_files(project) == before


def test_a_map_whose_audio_is_gone_is_reported_by_healthz_and_status(runner, project):
    """The server still answers the map, but a reader could not play it: the health check and
    `reader status --check` say so, naming the language and the file."""
    from reader.web import create_app
    timing = json.loads(article_of(project).timing_map("en").read_text())
    (project.audio / timing["audio"]).unlink()
    client = create_app({"READER_ROOT": str(project.root)}).test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json["damaged"] == [f"{INTERVIEW}/en"]
    status = invoke(runner, project, "status", "--check")
    assert status.exit_code == 1 and timing["audio"] in status.output and "missing" in status.output
    assert invoke(runner, project, "build", "--lang", "en").exit_code == 0
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("variable, value", [("WEB_CONCURRENCY", "abc"), ("WEB_CONCURRENCY", "0"),
                                             ("PORT", "abc"), ("PORT", "70000"), ("PORT", "")])
def test_the_images_server_settings_are_one_line(project, variable, value):
    """PORT and WEB_CONCURRENCY, which gunicorn reads itself as it is imported: a traceback, a
    server whose connections hung (0 workers) or gunicorn's own error, until they were checked
    before it starts."""
    result = gunicorn(project, {variable: value})
    lines = [line for line in result.stderr.split("\n") if line.strip()]
    assert result.returncode == 3 and len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {variable}={value!r}: "), lines[0]
