# The two commands: `make run` (install, build what is missing, serve on 127.0.0.1)
# and `make test` (install with test tools, lint, type-check, then the whole suite). Needs python3 >= 3.11.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 5000

.PHONY: run test install install-test browser benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# [voices]: Piper (piper-tts, onnxruntime, onnx) for neural voices, used once one is installed.
install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[voices]'

# argostranslate depends on stanza, which depends on torch: the CPU build first, or pip
# would fetch a CUDA build of several gigabytes.
install-test: $(BIN)/python browser
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'

# Debian's Chromium for the browser tests (never `playwright install`: it downloads a browser),
# gettext's msgfmt for the catalog checks, and epubcheck (Java) for the EPUB export.
DEBIAN_TOOLS = chromium gettext epubcheck
browser:
	@test -x /usr/bin/chromium && command -v msgfmt >/dev/null && test -f /usr/share/java/epubcheck.jar || { \
	  echo "Installing from Debian: $(DEBIAN_TOOLS)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEBIAN_TOOLS) >/dev/null; }

run: install
	$(BIN)/reader serve --host 127.0.0.1 --port $(PORT)

# Lint (ruff, with bugbear) and types (mypy over reader/) first: a finding fails the run.
test: install-test
	$(BIN)/ruff check reader tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

# Every figure: build, audio, aligner, sync in Chromium, page weight, load (wrk on gunicorn);
# then neural voices' cost with random-weight Piper voices (torch, installed by install-test).
benchmark: install-test
	@command -v wrk >/dev/null || { DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python benchmarks/build.py --browser
	$(BIN)/python benchmarks/neural_voices.py

clean:
	rm -rf $(VENV) audio/*.mp3 audio/*.json test-artifacts
