"""Attacks tried: the bad input, hostile paths and HTTP tricks of the adversarial review (issue
10), each run against a fresh copy of a built project as a user would run it (the `reader`
command in its own process, or HTTP to the app). For each: a one-line `Error:` and a non-zero
exit (no traceback), no file of the project changed or lost, and no response naming a Host
the request gave. tests/test_attacks.py asserts on it; benchmarks/build.py prints its figure."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from projects import url

READER = str(Path(sys.executable).parent / "reader")
EVIL = "evil.example"


@dataclass
class Outcome:
    tried: int = 0
    tracebacks: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    not_refused: list[str] = field(default_factory=list)
    reflected: list[str] = field(default_factory=list)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != ".build.lock"}


def rewrite(relative: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return apply


def write_bytes(relative: str, data: bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / relative).unlink(missing_ok=True)
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    return apply


def make_dir(relative: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / relative).unlink(missing_ok=True)
        (root / relative).mkdir(parents=True)
    return apply


def voice_with_config(config: bytes) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        write_bytes("voices/de_DE-x-medium.onnx", b"\x08" + os.urandom(4096))(root)
        write_bytes("voices/de_DE-x-medium.onnx.json", config)(root)
    return damage


def nothing(root: Path) -> None:
    pass


def downloaded_voice(change: Callable[[Path, dict], None]) -> Callable[[Path], None]:
    """A voice built here (tests/piper_voices.py) in download/, then altered as an attacker would."""
    def damage(root: Path) -> None:
        import json

        from piper_voices import build_voice
        model = build_voice(root / "download")
        config = json.loads(model.with_name(model.name + ".json").read_text(encoding="utf-8"))
        change(model, config)
        model.with_name(model.name + ".json").write_text(json.dumps(config), encoding="utf-8")
    return damage


def external_data(model: Path, config: dict) -> None:
    """The model's first constant made an initializer whose bytes live in .ssh/id_rsa."""
    import onnx
    from onnx import TensorProto

    proto = onnx.load(str(model))
    tensor = TensorProto(name="stolen", data_type=TensorProto.FLOAT, dims=[1])
    tensor.data_location = TensorProto.EXTERNAL
    tensor.external_data.add(key="location", value=".ssh/id_rsa")
    proto.graph.initializer.append(tensor)
    model.write_bytes(proto.SerializeToString())


def big_card(model: Path, config: dict) -> None:
    (model.parent / "MODEL_CARD").write_text("* License: " + "x" * 100_000 + "\n", encoding="utf-8")


def special_file(kind: str) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        article = root / ARTICLE
        article.unlink()
        if kind == "fifo":
            os.mkfifo(article)
        else:
            article.symlink_to(kind)
    return damage


def export_with_a_folder_of_the_users(root: Path) -> None:
    from reader.export.static_site import export_static
    from reader.settings import Settings
    site = root.parent / "site"
    export_static(Settings(root, engine="espeak"), site)
    (site / "kk" / "index.html").unlink()
    (site / "kk" / "index.html").mkdir()


def twice_p2(text: str) -> str:
    start = text.index('msgctxt "p2"')
    return text + "\n" + text[start:text.index("\n\n", start)] + "\n"


def unwritable_audio(root: Path) -> None:
    shutil.rmtree(root / "audio")
    (root / "audio").symlink_to("/proc/self/fdinfo")  # not writable, even by root


ARTICLE = "content/aiman-umarova-interview.md"
CATALOGS = "translations/aiman-umarova-interview/"
# (name, damage to the project, reader arguments ({root} and {out} filled in), environment)
CLI_ATTACKS: list[tuple[str, Callable[[Path], None], list[str], dict[str, str]]] = [
    ("static export into the project", nothing, ["export", "static", "{root}"], {}),
    ("static export into audio/", nothing, ["export", "static", "{root}/audio"], {}),
    ("static export over a file", nothing, ["export", "static", "{root}/content/" + ARTICLE.split("/")[1]], {}),
    ("static export into a folder of the user's", nothing, ["export", "static", "{root}/translations"], {}),
    ("file export onto a folder", nothing,
     ["export", "vtt", "--article", "aiman-umarova-interview", "--lang", "kk", "{root}/content"], {}),
    ("file export under /proc", nothing,
     ["export", "mp3", "--article", "aiman-umarova-interview", "--lang", "kk", "/proc/version"], {}),
    ("random bytes as a catalog", write_bytes(CATALOGS + "kk.po", os.urandom(4096)), ["status"], {}),
    ("a folder as a catalog", make_dir(CATALOGS + "ru.po"), ["build"], {}),
    ("a catalog not in UTF-8", write_bytes(CATALOGS + "ru.po", "msgid \"é\"".encode("latin-1")), ["build"], {}),
    ("random bytes as an interface catalog", write_bytes("translations/ui/kk.po", os.urandom(4096)),
     ["export", "static", "{out}"], {}),
    ("a control character in the article", rewrite(ARTICLE, lambda t: t.replace("\n\n", "\n\nBad \x01.\n\n", 1)),
     ["build"], {}),
    ("NUL in a catalog", rewrite(CATALOGS + "kk.po", lambda t: t.replace('msgstr "А', 'msgstr "\x00А', 1)),
     ["build"], {}),
    ("a second catalog entry for one passage", rewrite(CATALOGS + "ru.po", twice_p2), ["status"], {}),
    ("a 10 MB msgid", rewrite(CATALOGS + "kk.po", lambda t: t + '\nmsgid "' + "a" * 10_000_000 + '"\nmsgstr ""\n'),
     ["status"], {}),
    ("a damaged timing map", write_bytes("audio/aiman-umarova-interview/ru.json", b"[1,2,3]"),
     ["export", "json", "--article", "aiman-umarova-interview", "--lang", "ru"], {}),
    ("audio/ not writable", lambda root: unwritable_audio(root), ["build"], {}),
    *[(f"READER_PASSAGE_PAUSE_MS={value!r}", nothing, ["build"], {"READER_PASSAGE_PAUSE_MS": value})
      for value in ("abc", "", "1e3", "99999999", "-5")],
    *[(f"READER_EXIT_URL={value!r}", nothing, ["export", "static", "{out}"], {"READER_EXIT_URL": value})
      for value in ("javascript:alert(1)", "/relative", "data:text/html,x")],
    ("READER_ENGINE='festival'", nothing, ["build"], {"READER_ENGINE": "festival"}),
    ("a voice without its config", write_bytes("voices/kk_KZ-x-medium.onnx", b"\x08" + os.urandom(4096)),
     ["build"], {"READER_ENGINE": "auto"}),
    ("random bytes as a voice config", voice_with_config(os.urandom(2048)), ["voices", "list"], {}),
    ("a voice of a language the reader lacks",
     voice_with_config(b'{"audio": {"sample_rate": 22050}, "espeak": {"voice": "de"}, "phoneme_id_map": {"a": [1]}}'),
     ["build"], {"READER_ENGINE": "piper"}),
    ("installing /proc/version as a voice", nothing, ["voices", "install", "/proc/version"], {}),
    ("installing a folder as a voice", make_dir("download/x.onnx"), ["voices", "install", "{root}/download/x.onnx"],
     {}),
    *[(f"READER_VOICES={value!r}", nothing, ["build"], {"READER_VOICES": value}) for value in ("../../etc", "nope")],
    # Issue 17: a voice is data, text files are files, an export owns only what it wrote.
    ("a voice whose data lives in .ssh/id_rsa", downloaded_voice(external_data),
     ["voices", "install", "{root}/download/kk_KZ-synthetic-medium.onnx"], {}),
    *[(f"a voice config with {name}", downloaded_voice(lambda model, config, change=change: change(config)),
       ["voices", "install", "{root}/download/kk_KZ-synthetic-medium.onnx"], {})
      for name, change in (("its language as text", lambda c: c.update(language="en")),
                           ("a sample rate of 0", lambda c: c["audio"].update(sample_rate=0)),
                           ("a path as its espeak voice", lambda c: c["espeak"].update(voice="../../../etc/passwd")),
                           ("no start symbol", lambda c: c["phoneme_id_map"].pop("^")))],
    ("a 100 KB model card", downloaded_voice(big_card),
     ["voices", "install", "{root}/download/kk_KZ-synthetic-medium.onnx"], {}),
    ("a file where voices/ goes", lambda root: (downloaded_voice(lambda model, config: None)(root),
                                               write_bytes("voices", b"my notes")(root)),
     ["voices", "install", "{root}/download/kk_KZ-synthetic-medium.onnx"], {}),
    ("removing a voice by a path", nothing, ["voices", "remove", "../content/aiman-umarova-interview"], {}),
    ("the article linked to /dev/zero", special_file("/dev/zero"), ["build"], {}),
    ("the article a FIFO", special_file("fifo"), ["build"], {}),
    ("a folder of the user's where the export writes a page", export_with_a_folder_of_the_users,
     ["export", "static", "{out}"], {}),
]


def run_cli_attack(built: Path, name: str, damage, args: list[str], env: dict[str, str], outcome: Outcome) -> None:
    work = Path(tempfile.mkdtemp(prefix="reader-attack-"))
    root = work / "p"
    shutil.copytree(built, root, symlinks=True)
    damage(root)
    before = snapshot(root)
    argv = [a.format(root=root, out=work / "site") for a in args]
    result = subprocess.run([READER, "--root", str(root), *argv], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "READER_ENGINE": "espeak", **env})
    outcome.tried += 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    if "Traceback" in result.stderr:
        outcome.tracebacks.append(f"{name}: {result.stderr.strip().splitlines()[-1]}")
    if result.returncode == 0 or len(errors) != 1:
        outcome.not_refused.append(f"{name}: exit {result.returncode}, {result.stderr.strip()[:200]!r}")
    after = snapshot(root)
    outcome.lost += [f"{name}: {p.relative_to(root)}" for p, data in before.items() if after.get(p) != data]
    shutil.rmtree(work, ignore_errors=True)


def http_attacks(built: Path, outcome: Outcome) -> None:
    """Redirects under a hostile Host header, through the app (the servers pass it on as is)."""
    import re

    from reader.web import create_app
    client = create_app({"READER_ROOT": str(built)}).test_client()
    prefix = re.search(r'"(/static/[0-9a-f]{12}/)reader\.css"', client.get(url("en")).get_data(as_text=True)).group(1)
    for path in ("/kk", "/", "/kk//", f"{prefix}/reader.css", "/kk/with-%2e%2e%2f/", "//kk/", "/static/x/../kk"):
        response = client.get(path, headers={"Host": EVIL, "X-Forwarded-Host": EVIL})
        outcome.tried += 1
        if EVIL in str(response.headers) or EVIL.encode() in response.data:
            outcome.reflected.append(f"{path}: {response.status_code} {response.headers.get('Location')}")


def run_attacks(built: Path) -> Outcome:
    outcome = Outcome()
    for name, damage, args, env in CLI_ATTACKS:
        run_cli_attack(built, name, damage, args, env, outcome)
    http_attacks(built, outcome)
    return outcome


def attack_figures(built: Path) -> list[tuple[str, str, str]]:
    o = run_attacks(built)
    return [("attacks tried (bad input, hostile paths and settings, Host header)",
             f"{o.tried} tried: {len(o.tracebacks)} tracebacks, {len(o.lost)} files lost or changed, "
             f"{len(o.not_refused)} not refused in one line, {len(o.reflected)} Host reflections",
             "0 tracebacks, 0 data lost")]
