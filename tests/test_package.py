"""The package is the product: a wheel built from this repository, installed outside it,
builds and serves a new article with every script, style and interface string it needs."""
import hashlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from projects import REPO

NOTE = "# A test note\n\nOne short paragraph, read aloud and highlighted.\n"
TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel, built without network (hatchling from the test extras) and installed on
    its own into a folder outside the repository."""
    wheels, target = tmp_path_factory.mktemp("wheels"), tmp_path_factory.mktemp("site")
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                 str(REPO)])
    assert built.returncode == 0, built.stderr
    noise = [line for line in (built.stdout + built.stderr).splitlines()
             if re.search(r"warn", line, re.I) and "is ignored: it is neither a file nor a directory" not in line]
    assert noise == []  # this machine's pip prints one notice about a missing local index; nothing else
    wheel = next(wheels.glob("reader-*.whl"))
    done = run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)])
    assert done.returncode == 0, done.stderr
    return target


def reader(target, cwd, *args, **kw):
    env = {**os.environ, "PYTHONPATH": str(target), "READER_ENGINE": "espeak"}
    env.pop("READER_ROOT", None)
    command = [sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main())", *args]
    return (subprocess.Popen if kw.pop("background", False) else run)(command, cwd=cwd, env=env, **kw)


def test_the_installed_package_is_the_one_running_and_carries_its_files(installed, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = run([sys.executable, "-c", "import reader, reader.settings as s; print(reader.__file__); "
                 "print(s.product_data('static')); print(s.product_data('translations', 'ui', 'kk.po'))"],
                cwd=tmp_path, env=env)
    lines = where.stdout.split()
    assert len(lines) == 3 and all(line.startswith(str(installed)) for line in lines), where.stdout + where.stderr
    assert all(Path(line).exists() for line in lines)


def test_an_article_outside_the_repository_builds_and_every_asset_is_served(installed, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "test-note.md").write_text(NOTE, encoding="utf-8")
    build = reader(installed, tmp_path, "--source", "content/test-note.md", "build", "--lang", "en")
    assert build.returncode == 0, build.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = reader(installed, tmp_path, "--source", "content/test-note.md", "serve", "--no-build", "--port",
                    str(port), background=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(base + "/en/test-note/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert ">paragraph<" in page and ">note<" in page  # each word is its own element
        version = re.search(r'/static/([0-9a-f]{12})/reader\.css', page)[1]
        assert version != hashlib.sha256().hexdigest()[:12]  # not the hash of an empty folder
        fetched, queue = {}, re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
        while queue:
            url = queue.pop()
            if url in fetched:
                continue
            with urllib.request.urlopen(base + url, timeout=5) as response:
                fetched[url] = (response.status, response.headers.get_content_type())
                body = response.read().decode("utf-8", "replace")
            queue += [url.rsplit("/", 1)[0] + "/" + name for name in re.findall(r'from "\./([\w-]+\.js)"', body)]
        assert len(fetched) >= 10  # the stylesheet, the icon, each script and every module it imports
        for url, (status, kind) in fetched.items():
            assert status == 200 and kind == TYPES[Path(url).suffix], (url, status, kind)
    finally:
        server.terminate()
        server.wait()


def test_the_interface_strings_ship_in_the_wheel(installed, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "note.md").write_text(NOTE, encoding="utf-8")
    assert reader(installed, tmp_path, "build", "--lang", "kk").returncode == 0
    page = run([sys.executable, "-c", "from reader.web import create_app; client = create_app({'READER_ROOT': '.'})"
                ".test_client(); print(client.get('/kk/note/').get_data(as_text=True))"],
               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)}).stdout
    assert "Жылдам пернелер" in page and "Ойнату" in page  # the Kazakh interface, from the packaged catalog
