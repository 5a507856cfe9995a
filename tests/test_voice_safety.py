"""A voice is data, never a key to the operator's files (issue 17, item 3): a crafted or broken
Piper voice is refused in one line at install and again at load, nothing half-installed is
left, and an installed voice can be removed by name."""
from __future__ import annotations

import errno
import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner
from piper_voices import build_voice
from projects import copy_project

from reader.cli import main
from reader.speech import voices as voice_files

NAME = "kk_KZ-synthetic-medium"
SECRET = b"\x00\x00\x80\x3fSECRET KEY MATERIAL"   # a float 1.0, then what must never be read


def invoke(root, *args):
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    lines = result.output.strip().splitlines()
    return result, lines


@pytest.fixture(scope="module")
def voice(tmp_path_factory):
    return build_voice(tmp_path_factory.mktemp("voice") / "kk")


@pytest.fixture
def download(tmp_path, voice):
    """A fresh copy of the voice's folder, as a download the operator is about to install."""
    shutil.copytree(voice.parent, tmp_path / "download")
    return tmp_path / "download" / voice.name


def with_external_amplitude(model_path, location):
    """The voice's amplitude moved into an initializer whose bytes live in another file."""
    import onnx
    from onnx import TensorProto

    model = onnx.load(str(model_path))
    nodes = [n for n in model.graph.node if n.output[0] != "amp"]
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    tensor = onnx.TensorProto(name="amp", data_type=TensorProto.FLOAT, dims=[])
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", "0"), ("length", "4")):
        tensor.external_data.add(key=key, value=value)
    model.graph.initializer.append(tensor)
    model_path.write_bytes(model.SerializeToString())


def assert_refused(result, lines, where, fault):
    assert result.exit_code == 1, result.output
    assert len(lines) == 1 and lines[0].startswith(f"Error: {where}") and fault in lines[0], lines
    assert "Traceback" not in result.output


@pytest.mark.parametrize("location", ["secret.txt", ".ssh/id_rsa"])
def test_a_voice_with_external_data_is_refused_at_install(download, tmp_path, monkeypatch, location):
    monkeypatch.chdir(tmp_path)
    (tmp_path / location).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / location).write_bytes(SECRET)
    with_external_amplitude(download, location)
    result, lines = invoke(tmp_path / "project", "voices", "install", str(download))
    assert_refused(result, lines, download, "keeps its data in another file")
    assert not (tmp_path / "project" / "voices").exists()


def test_an_installed_voice_given_external_data_is_refused_at_load(download, tmp_path, monkeypatch):
    """Swapped in after install (by hand, or a disk shared with others): the build refuses
    it, and no byte of the file it names reaches the audio."""
    settings = copy_project(tmp_path / "project")
    assert invoke(settings.root, "voices", "install", str(download))[0].exit_code == 0
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    with_external_amplitude(settings.voice_folder / download.name, "secret.txt")
    result, lines = invoke(settings.root, "build", "--lang", "kk", "--engine", "piper")
    assert result.exit_code == 1 and "keeps its data in another file" in result.output, result.output
    assert "Traceback" not in result.output
    assert not list(settings.audio.glob("pcm/*")) or all(
        SECRET[4:] not in path.read_bytes() for path in settings.audio.rglob("*") if path.is_file())


BROKEN_CONFIGS = {
    "language as text": (lambda c: c.update(language="en"), "'language' must be an object"),
    "speakers as text": (lambda c: c.update(num_speakers="two"), "num_speakers must be a whole number"),
    "speakers null": (lambda c: c.update(num_speakers=None), "num_speakers must be a whole number"),
    "espeak voice a path": (lambda c: c["espeak"].update(voice="../../../etc/passwd"), "espeak.voice must be"),
    "no start id": (lambda c: c["phoneme_id_map"].pop("^"), "phoneme_id_map lacks '^'"),
    "ids not lists": (lambda c: c["phoneme_id_map"].update({"a": 5}), "phoneme_id_map['a'] must be a list"),
    "id past the model": (lambda c: c["phoneme_id_map"].update({"a": [9999]}), "phoneme_id_map['a'] must be"),
    "rate zero": (lambda c: c["audio"].update(sample_rate=0), "audio.sample_rate must be"),
    "rate negative": (lambda c: c["audio"].update(sample_rate=-22050), "audio.sample_rate must be"),
    "rate huge": (lambda c: c["audio"].update(sample_rate=10**12), "audio.sample_rate must be"),
    "rate as text": (lambda c: c["audio"].update(sample_rate="22050"), "audio.sample_rate must be"),
    "not an object": (lambda c: c.clear() or c.update(x=[]) or None, "'audio'"),
    "noise not a number": (lambda c: c["inference"].update(noise_w="loud"), "inference.noise_w must be"),
}


@pytest.mark.parametrize("case", BROKEN_CONFIGS)
def test_every_config_field_a_build_uses_is_checked_at_install(download, tmp_path, case):
    change, fault = BROKEN_CONFIGS[case]
    config = download.with_name(download.name + ".json")
    data = json.loads(config.read_text(encoding="utf-8"))
    change(data)
    config.write_text(json.dumps(data), encoding="utf-8")
    result, lines = invoke(tmp_path / "project", "voices", "install", str(download))
    assert_refused(result, lines, config, fault)
    assert not (tmp_path / "project" / "voices").exists()


def test_a_voice_broken_after_install_is_one_line_at_build_and_can_be_removed(download, tmp_path):
    settings = copy_project(tmp_path / "project")
    invoke(settings.root, "voices", "install", str(download))
    config = settings.voice_folder / (download.name + ".json")
    data = json.loads(config.read_text(encoding="utf-8"))
    data["audio"]["sample_rate"] = 0
    config.write_text(json.dumps(data), encoding="utf-8")
    result, lines = invoke(settings.root, "build", "--lang", "kk")
    assert_refused(result, lines, config, "audio.sample_rate must be")
    (settings.voice_folder / "notes.txt").write_text("mine", encoding="utf-8")
    result, lines = invoke(settings.root, "voices", "remove", NAME)
    assert result.exit_code == 0 and lines == [f"Removed {NAME}: {NAME}.onnx, {NAME}.onnx.json, {NAME}.sha256."]
    assert sorted(p.name for p in settings.voice_folder.iterdir()) == ["notes.txt"]   # not the product's
    assert invoke(settings.root, "build", "--lang", "kk")[0].exit_code == 0   # espeak-ng speaks kk again


@pytest.mark.parametrize("name, fault", [("kk_KZ-nobody-high", "no such voice installed"),
                                         ("../content/aiman-umarova-interview", "not a voice name"),
                                         ("notes.txt", "no such voice installed")])
def test_remove_takes_only_an_installed_voice_by_name(tmp_path, name, fault):
    settings = copy_project(tmp_path / "project")
    settings.voice_folder.mkdir()
    (settings.voice_folder / "notes.txt").write_text("mine", encoding="utf-8")
    before = {p: p.read_bytes() for p in settings.root.rglob("*") if p.is_file()}
    result, lines = invoke(settings.root, "voices", "remove", name)
    assert_refused(result, lines, "", fault)
    assert {p: p.read_bytes() for p in settings.root.rglob("*") if p.is_file()} == before


def test_a_model_card_is_bounded(download, tmp_path):
    (download.parent / "MODEL_CARD").write_text("* License: " + "x" * 100_000 + "\n", encoding="utf-8")
    result, lines = invoke(tmp_path / "project", "voices", "install", str(download))
    assert_refused(result, lines, download.parent / "MODEL_CARD", "a Piper MODEL_CARD is a page of text")
    assert not (tmp_path / "project" / "voices").exists()


def test_a_long_card_field_is_cut_to_what_can_be_shown():
    fields = voice_files.read_card_text("* License: " + "CC BY 4.0 " * 100 + "\n* URL: https://x.example\n")
    assert len(fields["license"]) == 300 and fields["url"] == "https://x.example"
    stars = voice_files.read_card_text(("* " * 20 + " " * 20 + "\n") * 1000)   # the shape that was quadratic
    assert stars == {}


def test_a_voices_entry_that_is_a_file_is_one_line_and_kept(download, tmp_path):
    settings = copy_project(tmp_path / "project")
    settings.voice_folder.write_text("my notes", encoding="utf-8")
    result, lines = invoke(settings.root, "voices", "install", str(download))
    assert_refused(result, lines, settings.voice_folder, "is a file")
    assert settings.voice_folder.read_text(encoding="utf-8") == "my notes"


def test_a_full_disk_during_install_leaves_nothing(download, tmp_path, monkeypatch):
    real_copy = shutil.copyfile

    def copy_until_full(source, destination):
        if str(destination).endswith(".onnx.json.part"):
            with open(destination, "wb") as handle:
                handle.write(b"{\"audio\": ")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(source, destination)

    monkeypatch.setattr(voice_files.shutil, "copyfile", copy_until_full)
    result, lines = invoke(tmp_path / "project", "voices", "install", str(download))
    assert_refused(result, lines, tmp_path / "project" / "voices", "No space left on device")
    assert list((tmp_path / "project" / "voices").iterdir()) == []


def test_the_check_reads_every_tensor_kind():
    """Initializers, node attributes and subgraphs: each place a tensor can name a file."""
    import onnx
    from onnx import TensorProto, helper

    from reader.speech.voice_checks import check_no_external_data

    def external(name):
        tensor = helper.make_tensor(name, TensorProto.FLOAT, [1], np.zeros(1, np.float32).tolist())
        tensor.ClearField("float_data")
        tensor.data_location = TensorProto.EXTERNAL
        tensor.external_data.add(key="location", value="x.bin")
        return tensor

    inner = helper.make_graph([helper.make_node("Constant", [], ["c"], value=external("c"))], "inner", [],
                              [helper.make_tensor_value_info("c", TensorProto.FLOAT, [1])])
    cases = [helper.make_graph([], "g", [], [], initializer=[external("w")]),
             helper.make_graph([helper.make_node("Constant", [], ["k"], value=external("k"))], "g", [], []),
             helper.make_graph([helper.make_node("If", ["cond"], ["o"], then_branch=inner, else_branch=inner)],
                               "g", [], [])]
    for graph in cases:
        with pytest.raises(ValueError, match="keeps its data in another file"):
            check_no_external_data(helper.make_model(graph))
    check_no_external_data(onnx.ModelProto())   # an empty model holds nothing external
