# The reader, installed from its wheel as any user would install it, built and served by a
# production WSGI server (gunicorn, sync workers) as a non-root user. Sync workers expect a
# buffering proxy or CDN in front for slow clients on the open internet; `reader serve`
# (waitress) needs none. Settings: see docs/serving.md.
# What it installs is the lock's (requirements/, made by `make lock`): exact versions, hashes
# checked, the same versions `make test` tested.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/build.txt \
 && pip wheel --no-cache-dir --no-deps --no-build-isolation --wheel-dir /wheels . && mkdir -p voices \
 && mkdir /catalogs && cp -r translations/. /catalogs/ && rm -r /catalogs/ui /catalogs/pronunciation

FROM python:3.11-slim
# The lock first, in a layer of its own: a release that changes only the reader's code reuses
# this layer (about 364 MB) and adds one of the size of its wheel.
# requirements/app.txt is the product's dependencies with [production] (gunicorn),
# [voices] (Piper: piper-tts, GPL-3.0, with onnxruntime) for neural voices, and [cluster]
# (Dask's distributed), so that the image holds what a build worker needs (dask worker).
COPY requirements/app.txt /tmp/app.txt
RUN pip install --no-cache-dir --require-hashes --no-deps -r /tmp/app.txt && rm /tmp/app.txt
COPY --from=wheel /wheels /wheels
RUN pip install --no-cache-dir --no-deps /wheels/reader-*.whl && rm -r /wheels
RUN useradd --create-home --uid 10001 reader
# The project: the library's articles and their reviewed catalogs (translations/<article>/),
# with the glossary. Scripts, styles, interface strings and lexicons come with the package
# (the copies of translations/ui and translations/pronunciation above are left out).
# Owned by root and built as root: the serving user (reader) can read what it serves and
# change none of it.
WORKDIR /app
COPY content ./content
COPY --from=wheel /catalogs ./translations
# Piper voices installed in the build context (reader voices install PATH.onnx, before docker
# build) come into the image and speak their languages; none is fine.
COPY --from=wheel /src/voices ./voices
ENV READER_ROOT=/app WEB_CONCURRENCY=2 PORT=8080
# Build at image time so the container serves at once. The build needs no network: auto uses
# an installed Piper voice, else gTTS for en and ru when Google answers, else espeak-ng;
# --build-arg READER_ENGINE=espeak gives the same image offline every time.
ARG READER_ENGINE=auto
RUN READER_ENGINE=$READER_ENGINE reader build
USER reader
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=2)"
# gunicorn, once PORT and WEB_CONCURRENCY are checked (one line and exit 3 if not), with the
# app loaded before the workers fork, no access log (the reader logs requests only as
# READER_ACCESS_LOG says), and nothing written outside /dev/shm: the container runs with a
# read-only root (docs/serving.md). To build inside a container (new voices mounted at
# /app/voices), run `reader build` as root with /app/audio a volume.
CMD exec python -m reader.web.production --host 0.0.0.0
