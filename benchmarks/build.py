"""Every figure of the reader, printed as one table: build, audio, aligner, sync (--browser),
page weight, and load on the production server (benchmarks/serving.py).

    python benchmarks/build.py [--browser] [--repeat N] [--load-seconds S]

Runs in a temporary copy of the project, so nothing in the working tree changes.
Times are wall-clock (time.perf_counter) on this machine; each build figure is the median
of --repeat runs. --browser also plays every language in headless Chromium and reports how
often the highlighted word is the one whose span contains the audio's current time.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the harnesses the tests assert on, whose figures are printed here

import logging  # noqa: E402

from reader.build.run import build  # noqa: E402
from reader.settings import LANGUAGES, Settings  # noqa: E402

INTERVIEW = "aiman-umarova-interview"


def fresh_copy(dest: Path) -> Settings:
    """The library copied; its settings narrowed to the interview, which the figures measure
    (as before libraries). `reader build` there builds every article."""
    for part in ("content", "translations", "static"):
        shutil.copytree(REPO / part, dest / part)
    return Settings(dest, source=dest / "content" / f"{INTERVIEW}.md")


def timed(fn, *args, **kwargs) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def noop_process_seconds(settings: Settings, runs: int = 5) -> float:
    """Wall time of the command a user types when nothing has changed."""
    import subprocess
    command = [str(Path(sys.executable).parent / "reader"), "--root", str(settings.root), "build"]
    env = {**os.environ, "READER_ENGINE": "espeak"}
    return statistics.median(timed(subprocess.run, command, env=env, capture_output=True, check=True)[0]
                             for _ in range(runs))


def import_process_seconds(runs: int = 5) -> float:
    """Wall time of a process that only imports the CLI: what every command pays first."""
    import subprocess
    command = [sys.executable, "-c", "import reader.cli"]
    return statistics.median(timed(subprocess.run, command, check=True)[0] for _ in range(runs))


def whole_check_ms(settings: Settings, runs: int = 5) -> tuple[float, float]:
    """What a no-op build spends reading every built file to find one damaged in place (its
    SHA-256 against the stamp's), and how many MB that is."""
    from reader.build.stamps import Stamp, file_state

    files = [settings.audio / name for article in settings.library()
             for entry in Stamp.read(article).languages.values() for name in entry["files"]]
    took = statistics.median(timed(lambda: [file_state(path) for path in files])[0] for _ in range(runs))
    return took * 1000, sum(path.stat().st_size for path in files) / 1e6


def build_figures(repeat: int) -> tuple[list[tuple[str, str, str]], Settings]:
    colds, noops, edits = [], [], []
    for n in range(repeat):
        settings = fresh_copy(Path(tempfile.mkdtemp(prefix="reader-bench-")) / "p")
        cold, _ = timed(build, settings, engine="espeak")
        noop, _ = timed(build, settings, engine="espeak")
        catalog = settings.library().only().catalog("ru")
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("Фото:", f"Фото ({n}):"), encoding="utf-8")
        edit, report = timed(build, settings, engine="espeak")
        colds.append(cold), noops.append(noop), edits.append((edit, report.synthesised))
    audio_s = sum(json.loads(settings.library().only().timing_map(lang).read_text(encoding="utf-8"))["duration_ms"]
                  for lang in LANGUAGES) / 1000
    rows = [
        ("cold build, en+kk+ru (espeak-ng)", f"{statistics.median(colds):.2f} s", "<= 3 s"),
        ("real-time factor of a cold build, all languages (synthesis + MP3 encoding, 2 processes)",
         f"{audio_s / statistics.median(colds):.0f}x real time ({audio_s / 60:.1f} min of audio)", ""),
        ("no-op rebuild (in-process)", f"{statistics.median(noops) * 1000:.0f} ms", "<= 500 ms"),
        ("no-op `reader build` as a whole process (start, imports, checks, exit)",
         f"{noop_process_seconds(settings):.2f} s (median of 5)", "<= 0.3 s"),
        ("importing the CLI as a process (python -c 'import reader.cli'), for the row above",
         f"{import_process_seconds():.2f} s (median of 5)", "the no-op within 0.1 s of it"),
        ("of a no-op build of the interview: reading every built file's SHA-256 (finds one damaged in place)",
         "{:.0f} ms for {:.1f} MB".format(*whole_check_ms(settings)), ""),
        ("rebuild after editing one ru passage",
         f"{statistics.median(e for e, _ in edits):.2f} s, {edits[0][1]} passage(s) re-synthesised", "1 passage"),
    ]
    return rows, settings


def generated_library(dest: Path, count: int) -> Settings:
    """A library of `count` articles: the sample article, each copy with its own title and
    first paragraph (numbered), so that every article has passages of its own to speak."""
    (dest / "content").mkdir(parents=True)
    sample = (REPO / "content" / "listening-in-three-languages.md").read_text(encoding="utf-8")
    for n in range(count):
        text = sample.replace("# Listening and reading", f"# Article {n}: listening and reading")
        text = text.replace("Every paragraph is a passage.", f"Every paragraph of article {n} is a passage.")
        (dest / "content" / f"article-{n:03}.md").write_text(text, encoding="utf-8")
    return Settings(dest, engine="espeak")


def library_figures(count: int = 50) -> list[tuple[str, str, str]]:
    """Build work scales with the library: a no-op build stays short, an edit re-speaks only
    what it changed. kk and ru are untranslated here, so their pages speak the English."""
    settings = generated_library(Path(tempfile.mkdtemp(prefix="reader-library-")) / "p", count)
    cold, first = timed(build, settings, engine="espeak")
    noop, again = timed(build, settings, engine="espeak")
    source = settings.root / "content" / "article-007.md"
    source.write_text(source.read_text(encoding="utf-8").replace("is only a draft", "is just a draft"),
                      encoding="utf-8")
    edit, report = timed(build, settings, engine="espeak")
    return [
        (f"library of {count} articles: cold build, en+kk+ru (espeak-ng)",
         f"{cold:.1f} s, {first.synthesised} passages spoken", ""),
        (f"library of {count} articles: no-op rebuild (in-process)", f"{noop * 1000:.0f} ms", ""),
        (f"library of {count} articles: no-op `reader build` as a whole process",
         f"{noop_process_seconds(settings):.2f} s (median of 5)", "<= 0.5 s"),
        (f"library of {count} articles: rebuild after editing one paragraph of one article",
         f"{edit:.2f} s, {report.synthesised} passage(s) spoken, {len(report.maps_written)} map(s) written "
         f"({', '.join(sorted({m.split('/')[0] for m in report.maps_written}))})", "1 passage, 1 article"),
    ]


def real_time_factors() -> list[tuple[str, str, str]]:
    """Each language built alone from cold with espeak-ng; gTTS needs Google, unreachable here."""
    rows = []
    for lang in LANGUAGES:
        settings = fresh_copy(Path(tempfile.mkdtemp(prefix="reader-rtf-")) / "p")
        seconds, _ = timed(build, settings, [lang], engine="espeak")
        timing = settings.library().only().timing_map(lang)
        audio_s = json.loads(timing.read_text(encoding="utf-8"))["duration_ms"] / 1000
        rows.append((f"real-time factor, {lang}, espeak-ng (cold build of {lang} alone)",
                     f"{audio_s / seconds:.0f}x real time ({audio_s:.0f} s of audio in {seconds:.2f} s)", ""))
    rows.append(("real-time factor, en and ru, gtts", "not measurable here: Google cannot be reached offline", ""))
    return rows


def audio_figures(settings: Settings) -> list[tuple[str, str, str]]:
    rows = []
    for lang in LANGUAGES:
        timing = json.loads(settings.library().only().timing_map(lang).read_text(encoding="utf-8"))
        seconds = timing["duration_ms"] / 1000
        size = (settings.audio / timing["audio"]).stat().st_size
        rows.append((f"article audio {lang}: length, size, bitrate",
                     f"{seconds / 60:.1f} min, {size / 1024:.0f} KiB, {size * 8 / seconds / 1000:.1f} kbps "
                     f"({size / 1024 / (seconds / 60):.0f} KiB/min)", "<= 32 kbps"))
        rows.append((f"timing error at the end of the article, {lang}",
                     f"{end_drift_ms(settings, timing)} ms", "<= 10 ms"))
        rows.append((f"loudness of the article, {lang} (decoded MP3, BS.1770-4)", loudness(settings, timing),
                     "-16 LUFS, <= -1 dBTP"))
    return rows


def loudness(settings: Settings, timing: dict) -> str:
    """Integrated loudness and true peak of the article as a listener's player decodes it."""
    from measure import integrated_loudness, true_peak_dbtp

    from reader.mp3 import decode

    pcm, rate = decode((settings.audio / timing["audio"]).read_bytes())
    samples = pcm.astype("float64") / 32768
    return f"{integrated_loudness(samples, rate):.1f} LUFS integrated, true peak {true_peak_dbtp(samples):+.1f} dBTP"


def end_drift_ms(settings: Settings, timing: dict) -> int:
    """Where the last passage really starts in the decoded article MP3, against the map."""
    from measure import misplacement

    from reader.build.article_audio import load_pcm
    from reader.mp3 import decode

    decoded, rate = decode((settings.audio / timing["audio"]).read_bytes())
    last = timing["passages"][-1]
    pcm = load_pcm(settings.audio, Path(last["audio"]).stem)[: rate // 2]
    return abs(misplacement(decoded, pcm, last["offset_ms"] * rate // 1000, rate // 5)) * 1000 // rate


def aligner_figures() -> list[tuple[str, str, str]]:
    """Carry word starts from the default espeak-ng rendering of the first 30 English sentences
    to a slower, a faster and a female-variant rendering, whose starts are known."""
    import numpy as np
    from measure import Rendering

    from reader.segment import segment
    from reader.source import read_article
    from reader.speech.align import carry_starts
    from reader.speech.espeak_ng import espeak

    article = read_article(Settings(REPO).library().article(INTERVIEW).source)
    errors, started = [], time.perf_counter()
    english = [s for p in article.passages for s in segment(p.text, "en", p.id)][:30]
    for how in ({"rate": 140}, {"rate": 220}, {"variant": "f3"}):
        for s in english:
            text = next(p.text for p in article.passages if s.id.startswith(p.id + "."))[slice(*s.span)]
            spans = [(w.span[0] - s.span[0], w.span[1] - s.span[0]) for w in s.words]
            reference, target = espeak().speak(text, spans, "en"), Rendering(**how).speak(text, spans, "en")
            carried, _ = carry_starts(reference.pcm, reference.word_starts, target.pcm, reference.sample_rate)
            errors += [abs(c - t) * 1000 / 22050 for c, t in zip(carried, target.word_starts, strict=True)
                       if c is not None and t is not None]
    seconds = time.perf_counter() - started
    return [("forced aligner error (en, 30 sentences x 3 renderings)",
             f"median {np.median(errors):.1f} ms, p95 {np.percentile(errors, 95):.1f} ms, "
             f"max {max(errors):.0f} ms over {len(errors)} words ({seconds:.1f} s)", "p95 <= 60 ms")]


def sample_highlight(browser, base: str, lang: str, rate: int) -> tuple[int, int]:
    """Play from the first interview paragraph; count samples whose highlighted word is the
    one whose span contains the audio's current time (or none, in a pause)."""
    page = browser.new_page()
    page.goto(f"{base}/{lang}/{INTERVIEW}/")
    page.wait_for_selector('#player[data-ready="true"]', state="attached")
    page.click("#content-note a")
    timings = json.loads(page.evaluate("fetch('timings.json').then(r => r.text())"))
    words = {q["id"]: [w for s in q["sentences"] for w in s["words"]] for q in timings["passages"]}
    page.click("#p1\\.s1")
    page.evaluate(f"document.querySelector('#player audio').playbackRate = {rate}")
    right = total = 0
    for _ in range(150):
        st = page.evaluate("""() => { const a = document.querySelector('#player audio');
          return {ms: a.currentTime * 1000, paused: a.paused, p: document.getElementById('player').dataset.passage,
                  w: document.querySelector('.is-current-word')?.id ?? null}; }""")
        if not st["paused"]:
            expected = next((w["id"] for w in words[st["p"]] if w["start_ms"] <= st["ms"] < w["end_ms"]), None)
            total += 1
            right += expected == st["w"]
        time.sleep(0.04)
    page.close()
    return right, total


def browser_figures(settings: Settings) -> list[tuple[str, str, str]]:
    """Sample the highlight while each language plays at 1x and 2x in headless Chromium."""
    import threading

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from reader.web import create_app

    server = make_server("127.0.0.1", 0, create_app({"READER_ROOT": str(settings.root)}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    base = f"http://127.0.0.1:{server.server_port}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--autoplay-policy=no-user-gesture-required"])
        for lang in LANGUAGES:
            for rate in (1, 2):
                right, total = sample_highlight(browser, base, lang, rate)
                rows.append((f"browser highlight sync, {lang} ({rate}x)",
                             f"{100 * right / max(total, 1):.1f} % of {total} samples", ">= 95 %"))
        browser.close()
    server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also measure highlight sync in Chromium")
    parser.add_argument("--library-only", action="store_true", help="only the library rows (a generated library)")
    parser.add_argument("--load-seconds", type=int, default=30, help="length of each load run (0: skip the load)")
    args = parser.parse_args()
    if args.library_only:
        return print_rows(library_figures())
    rows, settings = build_figures(args.repeat)
    rows += library_figures()
    rows += real_time_factors()
    rows += audio_figures(settings)
    rows += aligner_figures()
    if args.browser:
        rows += browser_figures(settings)
    from kill_harness import reliability_figures
    from serving import page_weight, serving_figures
    rows += page_weight(settings)
    if args.load_seconds:
        rows += serving_figures(settings, args.load_seconds)
    rows += reliability_figures(fresh_copy)
    from attack_harness import attack_figures
    rows += attack_figures(settings.root)
    from slow_clients import slow_client_figures
    rows += slow_client_figures(settings.root)
    from mix_harness import figures as mixing_figures
    rows += mixing_figures([10, 60])
    print_rows(rows)


def print_rows(rows: list[tuple[str, str, str]]) -> None:
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'measured':<60}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<60}  {target}")


if __name__ == "__main__":
    main()
