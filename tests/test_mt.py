"""Machine drafts through argostranslate's real code, on tiny models built offline. These
assert the workflow (fuzzy flags, provenance, reviewed entries untouched, pivots, errors),
not translation quality: the models have random weights."""
import socket

import pytest
from argos_tiny import build_model
from projects import article_of

from reader.cli.main import main
from reader.translation import catalog as po


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    out = tmp_path_factory.mktemp("argos-models")
    return {pair: build_model(*pair.split("_"), out) for pair in ("en_ru", "ru_kk")}


@pytest.fixture
def argos_home(tmp_path, monkeypatch):
    """argostranslate's package folder in a temporary place, and no network at all."""
    import argostranslate.settings as argos_settings
    from argostranslate.translate import get_installed_languages

    packages = tmp_path / "argos-packages"
    packages.mkdir()
    monkeypatch.setattr(argos_settings, "package_data_dir", packages)
    monkeypatch.setattr(argos_settings, "package_dirs", [packages])
    get_installed_languages.cache_clear()

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield packages
    get_installed_languages.cache_clear()


def blank(settings, lang, *passage_ids):
    """Remove the translations of some passages, as if they had never been translated."""
    path = article_of(settings).catalog(lang)
    catalog = po.load(path, lang)
    entries = po.by_passage(catalog)
    for pid in passage_ids:
        entries[pid].string = ""
    po.save(catalog, path)
    return {pid: m.string for pid, m in po.by_passage(po.load(path, lang)).items() if pid not in passage_ids}


def test_drafts_fill_only_missing_passages_with_provenance(runner, project, argos_home, tiny_models):
    reviewed_before = blank(project, "ru", "p4", "more")
    assert runner.invoke(main, ["models", "install", str(tiny_models["en_ru"])]).exit_code == 0
    result = runner.invoke(main, ["--root", str(project.root), "translate", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    assert "ru: drafted 2 passage(s): p4 more" in result.output
    entries = po.by_passage(po.load(article_of(project).catalog("ru"), "ru"))
    for pid in ("p4", "more"):
        assert entries[pid].fuzzy and entries[pid].string
        provenance = " ".join(entries[pid].auto_comments)  # Babel wraps long comments at 76 columns
        assert "machine translation: argostranslate 1.11" in provenance, provenance
        assert "model translate-en_ru 0.0.1" in provenance
    assert {pid: m.string for pid, m in entries.items() if pid not in ("p4", "more")} == reviewed_before
    assert not any(m.fuzzy for pid, m in entries.items() if pid not in ("p4", "more"))
    status = runner.invoke(main, ["--root", str(project.root), "status", "--lang", "ru", "--check"])
    assert status.exit_code == 1 and "machine: p4 more" in status.output


def test_kazakh_is_drafted_through_a_russian_pivot(runner, project, argos_home, tiny_models):
    blank(project, "kk", "p8")
    for pair in ("en_ru", "ru_kk"):
        assert runner.invoke(main, ["models", "install", str(tiny_models[pair])]).exit_code == 0
    listed = runner.invoke(main, ["models", "list"]).output
    assert "en→ru  translate-en_ru 0.0.1" in listed and "kk: can be drafted" in listed
    result = runner.invoke(main, ["--root", str(project.root), "translate", "--lang", "kk"])
    assert result.exit_code == 0, result.output
    provenance = " ".join(po.by_passage(po.load(article_of(project).catalog("kk"), "kk"))["p8"].auto_comments)
    assert "model translate-en_ru 0.0.1 + translate-ru_kk 0.0.1, pivot through ru" in provenance, provenance


def test_a_missing_pair_is_one_line_saying_how_to_fix_it(runner, project, argos_home):
    blank(project, "kk", "p8")
    result = runner.invoke(main, ["--root", str(project.root), "translate", "--lang", "kk"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: no argostranslate model for en→kk (nor a pivot through installed models): install one with "
        "`reader models install FILE.argosmodel`, or translate by hand in the article's catalog, "
        "translations/<article>/kk.po")


def test_nothing_to_draft_needs_no_model(runner, project, argos_home):
    result = runner.invoke(main, ["--root", str(project.root), "translate", "--lang", "ru"])
    assert result.exit_code == 0 and "ru: nothing to draft" in result.output


def test_a_file_that_is_not_a_model_is_refused_by_name(runner, tmp_path, argos_home):
    bad = tmp_path / "fake.argosmodel"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(main, ["models", "install", str(bad)])
    assert result.exit_code == 1 and "fake.argosmodel: not an .argosmodel file (a zip archive)" in result.output
