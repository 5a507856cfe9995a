# The reader, built and served by a production WSGI server (waitress) as a non-root user.
FROM python:3.11-slim
WORKDIR /app
RUN useradd --create-home --uid 10001 reader
COPY pyproject.toml README.md babel.cfg ./
COPY reader ./reader
COPY content ./content
COPY translations ./translations
COPY static ./static
RUN pip install --no-cache-dir . && mkdir -p audio && chown -R reader:reader /app
USER reader
# Build at image time so the container serves at once; the build needs no network.
RUN reader build
ENV READER_ROOT=/app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)"
CMD ["reader", "serve", "--host", "0.0.0.0", "--port", "8080", "--no-build"]
