from projects import INTERVIEW, article_of, url

from reader.cli.main import main


def test_build_then_status_reports_every_language(runner, project):
    result = runner.invoke(main, ["--root", str(project.root), "build"])
    assert result.exit_code == 0, result.output
    assert "Built 0 passage audio file(s)" in result.output
    status = runner.invoke(main, ["--root", str(project.root), "status"])
    assert status.exit_code == 0
    assert ("kk (published): 14 passages + 2 notes; 16 reviewed, 0 unreviewed, 0 machine, 0 stale, 0 missing; "
            "audio 14/14 built" in status.output)
    assert "en: 14 passages + 2 notes; source language; audio 14/14 built" in status.output


def test_status_lists_passages_that_need_work(runner, project):
    path = article_of(project).catalog("ru")
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgid "Aiman Umarova. Photo: Yuliya Kozlova"', 'msgid "Aiman Umarova. Photo: Y. Kozlova"'), encoding="utf-8")
    status = runner.invoke(main, ["--root", str(project.root), "status", "--lang", "ru"])
    assert "1 stale" in status.output and "stale: caption" in status.output
    assert "audio 14/14 built" in status.output  # the English fallback is already spoken


def test_an_english_edit_reaches_the_catalogs_by_a_build_not_by_status(runner, project):
    """Status and planning read; only a build writes the catalogs back, as pybabel update would:
    the changed passage's translation kept, fuzzy, with the old English beside it."""
    catalog = article_of(project).catalog("kk")
    before = catalog.read_bytes()
    source = project.source.read_text(encoding="utf-8")
    assert "Photo: Yuliya Kozlova" in source
    project.source.write_text(source.replace("Photo: Yuliya Kozlova", "Photo: Y. Kozlova"), encoding="utf-8")
    status = runner.invoke(main, ["--root", str(project.root), "status", "--lang", "kk"])
    assert "stale: caption" in status.output and catalog.read_bytes() == before
    assert runner.invoke(main, ["--root", str(project.root), "build", "--lang", "kk"]).exit_code == 0
    written = catalog.read_text(encoding="utf-8")
    assert '#| msgid "Aiman Umarova. Photo: Yuliya Kozlova"' in written
    assert 'msgid "Aiman Umarova. Photo: Y. Kozlova"' in written


def test_an_unknown_language_is_one_line_listing_the_supported(runner, project):
    result = runner.invoke(main, ["--root", str(project.root), "build", "--lang", "de"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: unknown language 'de'; supported: en, kk, ru"


def test_a_malformed_catalog_is_one_line_naming_file_and_line(runner, project):
    path = article_of(project).catalog("ru")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgctxt "x"\nmsgid "broken\n', encoding="utf-8")
    result = runner.invoke(main, ["--root", str(project.root), "build"])
    assert result.exit_code == 1
    line = result.output.strip()
    assert "\n" not in line and line.startswith("Error: ") and "ru.po:" in line and "malformed PO line" in line


def test_a_fresh_project_builds_with_a_progress_bar(runner, tmp_path):
    from projects import copy_project
    settings = copy_project(tmp_path / "fresh")
    result = runner.invoke(main, ["--root", str(settings.root), "build", "--lang", "kk"])
    assert result.exit_code == 0, result.output
    assert "Synthesising passages" in result.output
    assert article_of(settings).timing_map("kk").exists() and not article_of(settings).timing_map("ru").exists()


def test_serve_builds_what_is_missing_then_prints_its_url(runner, tmp_path, monkeypatch):
    from projects import copy_project
    settings = copy_project(tmp_path / "fresh")
    served = {}
    monkeypatch.setattr("waitress.serve", lambda app, **kw: served.update(kw, app=app))  # instead of blocking
    result = runner.invoke(main, ["--root", str(settings.root), "serve", "--port", "5123"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("Serving the reader at http://127.0.0.1:5123/  (Ctrl+C to stop)")
    assert (served["host"], served["port"]) == ("127.0.0.1", 5123)
    assert all(article_of(settings).timing_map(lang).exists() for lang in ("en", "kk", "ru"))
    assert served["app"].test_client().get(url("kk")).status_code == 200


def test_status_as_json(runner, project):
    import json
    result = runner.invoke(main, ["--root", str(project.root), "status", "--json"])
    statuses = json.loads(result.output)
    assert {s["article"] for s in statuses} == {INTERVIEW, "listening-in-three-languages", "reading-safely"}
    data = {s["lang"]: s for s in statuses if s["article"] == INTERVIEW}
    assert data["kk"]["translations"] == {"reviewed": 16, "unreviewed": 0, "machine": 0, "stale": 0,
                                          "missing": 0}  # with 2 notes
    assert data["kk"]["published"] and data["en"]["translations"] == {"source": 16}


def test_the_shipped_published_languages_pass_the_check(runner):
    """The check CI runs: the repository's own kk and ru catalogs are complete and reviewed."""
    from projects import REPO
    result = runner.invoke(main, ["--root", str(REPO), "status", "--check"])
    assert result.exit_code == 0, result.output


def test_the_check_fails_on_a_machine_draft_or_a_glossary_miss(runner, project):
    path = article_of(project).catalog("ru")
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgctxt "p4"', '#, fuzzy\nmsgctxt "p4"')
    text = text.replace("Анны Аникиной", "Анны Аникеевой")
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["--root", str(project.root), "status", "--check", "--lang", "ru"])
    assert result.exit_code == 1
    assert f"Not ready: {INTERVIEW}: ru: machine: p4" in result.output
    assert (f"Not ready: {INTERVIEW}: ru: p5 lacks the glossary form of 'Anna Anikina' (Анна Аникина)"
            in result.output)
