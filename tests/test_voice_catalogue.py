"""Voices by name (issue 19, item 1): `reader voices install NAME` and `reader voices available`
run their real download code against a local HTTP server laid out like Piper's voice
repository (voices.json, then lang/locale/name/quality/files), holding a voice built here."""
import functools
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest
from piper_voices import build_voice

from reader.cli import main

NAME = "kk_KZ-synthetic-medium"
FOLDER = "kk/kk_KZ/synthetic/medium"
CARD = "# Model card for synthetic (medium)\n\n* Language: kk_KZ\n* License: CC0\n* Dataset: built by the tests\n"


def entry(root: Path, name: str, folder: str, family: str, locale: str) -> dict:
    files = {}
    for path in sorted((root / folder).iterdir()):
        data = path.read_bytes()
        files[f"{folder}/{path.name}"] = {"size_bytes": len(data), "md5_digest": hashlib.md5(data).hexdigest()}
    return {"key": name, "name": name.split("-")[1], "quality": name.split("-")[2],
            "language": {"code": locale, "family": family, "region": locale[3:], "name_native": family},
            "num_speakers": 1, "files": files, "aliases": []}


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    """A voice repository: the synthetic kk voice, and a German one the reader cannot use."""
    root = tmp_path_factory.mktemp("piper-voices")
    build_voice(root / FOLDER, NAME, card=CARD)
    (root / FOLDER / "MODEL_CARD").write_text(CARD, encoding="utf-8")
    build_voice(root / "de/de_DE/other/low", "de_DE-other-low", espeak_voice="de", family="de")
    catalogue = {NAME: entry(root, NAME, FOLDER, "kk", "kk_KZ"),
                 "de_DE-other-low": entry(root, "de_DE-other-low", "de/de_DE/other/low", "de", "de_DE")}
    (root / "voices.json").write_text(json.dumps(catalogue), encoding="utf-8")
    return root


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the repository; a path under /stops/ sends half its bytes and hangs up."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/proxy/"):                         # as a proxy wanting credentials answers
            self.send_response(407)
            self.send_header("Proxy-Authenticate", 'Basic realm="office"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.startswith("/stops/") and self.path.endswith(".onnx"):
            data = Path(self.translate_path(self.path.replace("/stops/", "/", 1))).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        if self.path.startswith("/stops/"):
            self.path = self.path.replace("/stops/", "/", 1)
        super().do_GET()


@pytest.fixture
def mirror(repository, tmp_path):
    """A copy of the repository served on 127.0.0.1 (a test may tamper with its copy)."""
    root = tmp_path / "mirror"
    shutil.copytree(repository, root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", root
    server.shutdown()


def run(runner, project, mirror_url, *args):
    return runner.invoke(main, ["--root", str(project), "voices", *args], env={"READER_VOICE_MIRROR": mirror_url})


def one_line(result):
    """The error: one line (besides the progress bar's label, which goes to stderr before it)."""
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.strip().splitlines() if not line.startswith("Downloading ")]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_a_voice_is_installed_by_name_and_speaks_its_language(runner, mirror, tmp_path):
    url, root = mirror
    result = run(runner, tmp_path, url, "install", NAME)
    assert result.exit_code == 0, result.output
    assert f"Installed {NAME} (kk, medium" in result.output and "licence CC0" in result.output
    for name, source_name in ((f"{NAME}.onnx", f"{NAME}.onnx"), (f"{NAME}.onnx.json", f"{NAME}.onnx.json"),
                              (f"{NAME}.card", "MODEL_CARD")):
        installed = tmp_path / "voices" / name
        source = root / FOLDER / source_name
        assert installed.read_bytes() == source.read_bytes(), name
    listed = run(runner, tmp_path, url, "list")
    assert f"* kk  {NAME}  medium" in listed.output
    again = run(runner, tmp_path, url, "install", NAME)              # the same voice again: nothing to do
    assert again.exit_code == 0 and "Already installed" in again.output


def test_the_catalogue_lists_the_voices_for_this_readers_languages(runner, mirror, tmp_path):
    url, root = mirror
    result = run(runner, tmp_path, url, "available")
    assert result.exit_code == 0, result.output
    size = sum((root / FOLDER / f).stat().st_size for f in (f"{NAME}.onnx", f"{NAME}.onnx.json", "MODEL_CARD"))
    assert NAME in result.output and f"{size / 1_000_000:.1f} MB" in result.output and "medium" in result.output
    assert "de_DE" not in result.output                               # not a language of the reader
    assert run(runner, tmp_path, url, "available", "--lang", "ru").output.startswith("No voice")


def nothing_installed(project: Path) -> bool:
    return not (project / "voices").exists() or not any((project / "voices").iterdir())


def test_a_name_the_catalogue_lacks_is_one_line(runner, mirror, tmp_path):
    url, _ = mirror
    line = one_line(run(runner, tmp_path, url, "install", "kk_KZ-nobody-high"))
    assert "'kk_KZ-nobody-high': no such voice in the catalogue" in line and "reader voices available" in line
    line = one_line(run(runner, tmp_path, url, "install", "de_DE-other-low"))
    assert "speaks de_DE, not one of this reader's languages" in line
    assert nothing_installed(tmp_path)


def test_a_tampered_file_is_refused_and_nothing_is_left(runner, mirror, tmp_path):
    url, root = mirror
    model = root / FOLDER / f"{NAME}.onnx"
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF                                      # same size, other bytes
    model.write_bytes(bytes(data))
    line = one_line(run(runner, tmp_path, url, "install", NAME))
    assert f"{NAME}.onnx: its MD5 is not the catalogue's" in line
    assert nothing_installed(tmp_path)


def test_a_download_cut_short_is_refused_and_nothing_is_left(runner, mirror, tmp_path):
    url, _ = mirror
    line = one_line(run(runner, tmp_path, url + "/stops", "install", NAME))
    assert f"{NAME}.onnx" in line and ("cut short" in line or "stopped" in line) and "run the command again" in line
    assert nothing_installed(tmp_path)


def test_offline_is_one_line_saying_what_to_do(runner, tmp_path):
    import socket

    with socket.socket() as s:                                        # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    line = one_line(run(runner, tmp_path, f"http://127.0.0.1:{port}", "install", NAME))
    assert "voices.json: cannot be reached" in line and "READER_VOICE_MIRROR" in line and "HTTPS_PROXY" in line
    assert nothing_installed(tmp_path)


def test_an_installed_voice_of_that_name_is_never_replaced(runner, mirror, tmp_path):
    url, _ = mirror
    other = build_voice(tmp_path / "other", NAME, amplitude=0.9)      # another voice under the same name
    assert run(runner, tmp_path, url, "install", str(other)).exit_code == 0
    before = (tmp_path / "voices" / f"{NAME}.onnx").read_bytes()
    line = one_line(run(runner, tmp_path, url, "install", NAME))
    assert "a different voice file of that name is installed" in line
    assert (tmp_path / "voices" / f"{NAME}.onnx").read_bytes() == before


def test_an_offline_copy_of_the_repository_works_as_a_mirror(runner, repository, tmp_path):
    result = run(runner, tmp_path, repository.as_uri(), "install", NAME)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "voices" / f"{NAME}.onnx").is_file()


def test_a_catalogue_naming_a_file_outside_the_repository_is_refused(runner, mirror, tmp_path):
    url, root = mirror
    catalogue = json.loads((root / "voices.json").read_text())
    files = catalogue[NAME]["files"]
    files["../../../etc/passwd.onnx"] = files.pop(f"{FOLDER}/{NAME}.onnx")
    (root / "voices.json").write_text(json.dumps(catalogue))
    assert "not a Piper voice catalogue" in one_line(run(runner, tmp_path, url, "install", NAME))


def test_a_proxy_wanting_credentials_is_one_line_saying_where_they_go(runner, mirror, tmp_path):
    url, _ = mirror
    line = one_line(run(runner, tmp_path, url + "/proxy", "available"))
    assert "the proxy asks for credentials (HTTP 407)" in line and "HTTPS_PROXY" in line


def test_the_build_names_a_better_voice_where_espeak_speaks_unless_chosen():
    from reader.build.plan import espeak_notes

    notes = espeak_notes({"en": "gtts", "kk": "espeak-ng", "ru": "piper"}, "auto")
    assert notes == ["kk: espeak-ng speaks it, which listeners follow poorly; a neural voice: reader voices install "
                     "kk_KZ-issai-high (reader voices available --lang kk lists others)"]
    assert espeak_notes({"kk": "espeak-ng"}, "espeak") == []             # the operator chose espeak-ng


def test_a_negative_size_is_refused_before_any_download(runner, mirror, tmp_path):
    """A size below zero read the whole stream into memory (1.6 GB for 600 MB)."""
    url, root = mirror
    catalogue = json.loads((root / "voices.json").read_text())
    catalogue[NAME]["files"][f"{FOLDER}/{NAME}.onnx"]["size_bytes"] = -1
    (root / "voices.json").write_text(json.dumps(catalogue))
    line = one_line(run(runner, tmp_path, url, "install", NAME))
    assert "not a Piper voice catalogue" in line and "size" in line
    assert not (tmp_path / "voices").exists() or not any((tmp_path / "voices").iterdir())


def test_a_deeply_nested_catalogue_is_one_line(runner, mirror, tmp_path):
    url, root = mirror
    (root / "voices.json").write_text("[" * 100_000 + "]" * 100_000)
    assert "not a Piper voice catalogue" in one_line(run(runner, tmp_path, url, "available"))


@pytest.mark.parametrize("field", ["name", "quality", "family"])
def test_terminal_escapes_in_the_catalogue_are_never_printed(runner, mirror, tmp_path, field):
    """A hostile mirror's names could move the cursor or rewrite what the terminal shows."""
    url, root = mirror
    catalogue = json.loads((root / "voices.json").read_text())
    evil = "\x1b]0;owned\x07\x1b[2J"
    if field == "name":
        catalogue[f"kk_KZ-{evil}-medium"] = catalogue.pop(NAME)
    elif field == "quality":
        catalogue[NAME]["quality"] = evil
    else:
        catalogue[NAME]["language"]["family"] = "kk" + evil
    (root / "voices.json").write_text(json.dumps(catalogue))
    result = run(runner, tmp_path, url, "available")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "not a Piper voice catalogue" in one_line(result)
