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
COPY --from=wheel /wheels /wheels
COPY requirements/app.txt /wheels/
# requirements/app.txt is the product's dependencies with [production] (gunicorn),
# [voices] (Piper: piper-tts, GPL-3.0, with onnxruntime) for neural voices, and [cluster]
# (Dask's distributed), so that the image holds what a build worker needs (dask worker).
RUN pip install --no-cache-dir --require-hashes --no-deps -r /wheels/app.txt \
 && pip install --no-cache-dir --no-deps /wheels/reader-*.whl && rm -r /wheels
RUN useradd --create-home --uid 10001 reader
# The project: the library's articles and their reviewed catalogs (translations/<article>/),
# with the glossary. Scripts, styles, interface strings and lexicons come with the package
# (the copies of translations/ui and translations/pronunciation above are left out); audio/
# is built below.
WORKDIR /app
COPY --chown=reader:reader content ./content
COPY --from=wheel --chown=reader:reader /catalogs ./translations
# Piper voices installed in the build context (reader voices install PATH.onnx, before docker
# build) come into the image and speak their languages; none is fine. Or mount a folder of
# them at /app/voices and run `reader build` in the container.
# --chown as they are copied: a `chown -R` afterwards stored every voice twice (63 MB more).
COPY --from=wheel --chown=reader:reader /src/voices ./voices
RUN mkdir -p audio && chown reader:reader /app /app/audio
USER reader
ENV READER_ROOT=/app WEB_CONCURRENCY=2 PORT=8080
# Build at image time so the container serves at once. The build needs no network: auto uses
# an installed Piper voice, else gTTS for en and ru when Google answers, else espeak-ng;
# --build-arg READER_ENGINE=espeak gives the same image offline every time.
ARG READER_ENGINE=auto
RUN READER_ENGINE=$READER_ENGINE reader build
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=2)"
# --preload: the app (and its settings' check) is loaded once, before workers are forked, so a
# bad setting is one line and exit 3, not each worker's traceback and gunicorn's HaltServer.
# Audio built inside a running container (reader build there) is lost with the container:
# build at image time, as above, or mount a volume at /app/audio.
# No access log (gunicorn's would record every reader's IP address, browser and the article
# read): the reader logs requests itself only as READER_ACCESS_LOG says (docs/serving.md).
CMD exec gunicorn --bind "0.0.0.0:$PORT" --preload --backlog 2048 reader.wsgi:app
